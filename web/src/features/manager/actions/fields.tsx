// Form fields of the stream action modals: a text area in the style of
// components/Input, the duration (slider + number box), and the quiz/poll
// answers list.
import { forwardRef, useId, useState, type TextareaHTMLAttributes } from 'react';
import { Button } from '../../../components/Button';
import { Input } from '../../../components/Input';
import { TrashIcon } from '../../../components/icons';
import { clampDuration, type FieldErrors, type Range } from './definitions';
import { PlusIcon } from '../../../components/icons';

export interface TextAreaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  error?: string | undefined;
}

export const TextAreaField = forwardRef<HTMLTextAreaElement, TextAreaFieldProps>(function TextAreaField(
  { label, error, id, className = '', rows = 3, ...rest },
  ref,
) {
  const autoId = useId();
  const fieldId = id ?? `field${autoId}`;
  const errorId = `${fieldId}-error`;
  return (
    <div className={`field${error ? ' field--invalid' : ''} ${className}`}>
      <label htmlFor={fieldId} className="field__label">
        {label}
      </label>
      <textarea
        ref={ref}
        id={fieldId}
        rows={rows}
        className="field__input action-form__textarea"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        {...rest}
      />
      {error && (
        <div className="field__meta">
          <p id={errorId} className="field__error">
            {error}
          </p>
        </div>
      )}
    </div>
  );
});

/**
 * Duration in seconds: a slider and a number box bound to the same value.
 * The box takes any typing and is clamped to the range when it loses focus.
 */
export function DurationField({ value, range, onChange }: { value: number; range: Range; onChange: (n: number) => void }) {
  const id = useId();
  const [typed, setTyped] = useState<string | null>(null);
  const commit = (raw: string) => {
    const n = clampDuration(raw, range);
    onChange(n);
    setTyped(null);
  };
  return (
    <div className="field action-duration">
      <label className="field__label" htmlFor={`${id}-box`} id={`${id}-label`}>
        Duration
      </label>
      <div className="action-duration__row">
        <input
          type="range"
          className="action-duration__slider"
          min={range.min}
          max={range.max}
          step={1}
          value={value}
          aria-labelledby={`${id}-label`}
          aria-valuetext={`${value} seconds`}
          onChange={(e) => onChange(Number(e.currentTarget.value))}
        />
        <div className="action-duration__box">
          <input
            id={`${id}-box`}
            type="number"
            inputMode="numeric"
            className="field__input action-duration__input"
            min={range.min}
            max={range.max}
            step={1}
            value={typed ?? String(value)}
            aria-describedby={`${id}-unit`}
            onFocus={() => setTyped(String(value))}
            onChange={(e) => {
              const raw = e.currentTarget.value;
              setTyped(raw);
              const n = Number(raw);
              if (raw !== '' && Number.isInteger(n) && n >= range.min && n <= range.max) onChange(n);
            }}
            onBlur={(e) => commit(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit(e.currentTarget.value);
            }}
          />
          <span id={`${id}-unit`} className="action-duration__unit">
            <span aria-hidden="true">s</span>
            <span className="sr-only">seconds</span>
          </span>
        </div>
      </div>
    </div>
  );
}

export interface AnswersFieldProps {
  /** "Answers" (quiz) or "Options" (poll). */
  legend: string;
  answers: string[];
  min: number;
  max: number;
  errors: FieldErrors;
  /** Quiz: the correct answer, chosen with radio buttons (-1: none). */
  correct?: { index: number; onChange: (i: number) => void } | undefined;
  onChange: (i: number, value: string) => void;
  onAdd: () => void;
  onRemove: (i: number) => void;
}

/** The answers of a quiz or options of a poll: one row each, "Add answer" below. */
export function AnswersField({ legend, answers, min, max, errors, correct, onChange, onAdd, onRemove }: AnswersFieldProps) {
  const id = useId();
  const correctError = correct ? errors.correctAnswerIndex : undefined;
  return (
    <fieldset
      className={`action-answers${correctError ? ' action-answers--invalid' : ''}`}
      aria-describedby={correctError ? `${id}-correct-error` : undefined}
    >
      <legend className="field__label">{legend}</legend>
      <ol className="action-answers__list">
        {answers.map((answer, i) => (
          <li key={i} className="action-answers__row">
            {correct && (
              <input
                type="radio"
                className="action-answers__radio"
                name={`${id}-correct`}
                checked={correct.index === i}
                aria-label={`Correct answer ${i + 1}`}
                onChange={() => correct.onChange(i)}
              />
            )}
            <Input
              label="Answer"
              hideLabel
              placeholder="Answer"
              className="action-answers__input"
              value={answer}
              error={errors[`answers.${i}`]}
              required
              onChange={(e) => onChange(i, e.currentTarget.value)}
            />
            {answers.length > min && (
              <button
                type="button"
                className="action-answers__remove"
                aria-label={`Delete answer ${i + 1}`}
                onClick={() => onRemove(i)}
              >
                <TrashIcon size={18} />
              </button>
            )}
          </li>
        ))}
      </ol>
      {correctError && (
        <p id={`${id}-correct-error`} className="field__error action-answers__error">
          {correctError}
        </p>
      )}
      <Button variant="secondary" size="s" className="action-answers__add" disabled={answers.length >= max} onClick={onAdd}>
        <PlusIcon size={16} />
        Add answer
      </Button>
    </fieldset>
  );
}
