import { forwardRef, useId, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { EyeIcon, EyeOffIcon } from './icons';
import './Input.css';

export interface InputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'size'> {
  label: string;
  /** Shown under the field and announced with it. */
  description?: ReactNode;
  /** The inline error; marks the field invalid. */
  error?: string | undefined;
  /** Content under the field on the right, e.g. a "Forgot password?" link. */
  footer?: ReactNode;
  /** Controls next to the field (e.g. Copy / Reset buttons). */
  actions?: ReactNode;
  /** Hide the visible label (it stays the accessible name). */
  hideLabel?: boolean;
}

/**
 * A labelled input. Password inputs get a show/hide toggle whose name comes
 * from its own text, so it never competes with the field's <label>.
 */
export const Input = forwardRef<HTMLInputElement, InputProps>(function Input(
  { label, description, error, footer, actions, hideLabel = false, id, type = 'text', className = '', ...rest },
  ref,
) {
  const autoId = useId();
  const inputId = id ?? `field${autoId}`;
  const errorId = `${inputId}-error`;
  const descriptionId = `${inputId}-description`;
  const [revealed, setRevealed] = useState(false);
  const isPassword = type === 'password';
  const toggleable = isPassword && !rest.readOnly;
  const describedBy = [error ? errorId : null, description ? descriptionId : null].filter(Boolean).join(' ') || undefined;

  return (
    <div className={`field${error ? ' field--invalid' : ''} ${className}`}>
      <label htmlFor={inputId} className={`field__label${hideLabel ? ' sr-only' : ''}`}>
        {label}
      </label>
      <div className="field__body">
        <div className={`field__control${toggleable ? ' field__control--toggle' : ''}`}>
          <input
            ref={ref}
            id={inputId}
            type={isPassword && revealed ? 'text' : type}
            className="field__input"
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            {...rest}
          />
          {toggleable && (
            <button
              type="button"
              className="field__toggle"
              onClick={() => setRevealed((r) => !r)}
              aria-controls={inputId}
              title={revealed ? 'Hide password' : 'Show password'}
            >
              {revealed ? <EyeOffIcon size={18} /> : <EyeIcon size={18} />}
              <span className="sr-only">{revealed ? 'Hide password' : 'Show password'}</span>
            </button>
          )}
        </div>
        {actions && <div className="field__actions">{actions}</div>}
      </div>
      {(error || description || footer) && (
        <div className="field__meta">
          <div className="field__notes">
            {error && (
              <p id={errorId} className="field__error">
                {error}
              </p>
            )}
            {description && !error && (
              <p id={descriptionId} className="field__description">
                {description}
              </p>
            )}
            {description && error && (
              <p id={descriptionId} className="sr-only">
                {description}
              </p>
            )}
          </div>
          {footer && <div className="field__footer">{footer}</div>}
        </div>
      )}
    </div>
  );
});
