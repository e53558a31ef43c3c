// The modal of a stream action with a form (spec 7.2): title, close X, the
// form, and "Cancel" / "Save" / the confirm button. It opens with the last
// saved values; closing it any way drops unsaved edits.
import { useEffect, useId, useState, type ChangeEvent } from 'react';
import { Button } from '../../../components/Button';
import { Input } from '../../../components/Input';
import { Modal } from '../../../components/Modal';
import { CloseIcon } from '../../../components/icons';
import { useToast } from '../../../components/Toast';
import type { NoticeData, PollData, ProductData, QuizData } from '../../../lib/types';
import {
  LIMITS,
  MESSAGES,
  MODALS,
  checkForm,
  lengthErrors,
  removeAnswer,
  toSend,
  type FieldErrors,
  type FormActionName,
  type FormDataMap,
} from './definitions';
import { AnswersField, DurationField, TextAreaField } from './fields';

export interface ActionModalProps<K extends FormActionName> {
  name: K | null;
  /** The last saved values of each form. */
  saved: FormDataMap;
  sending: boolean;
  onClose: () => void;
  /** Saves the form (it passed the save checks); resolves true when it was saved. */
  onSave: (name: K, data: FormDataMap[K]) => Promise<boolean>;
  /** Sends the action (it passed the send checks); resolves with the server's field errors when refused, else null. */
  onConfirm: (name: K, data: FormDataMap[K]) => Promise<FieldErrors | null>;
}

export function ActionModal<K extends FormActionName>(props: ActionModalProps<K>) {
  const titleId = useId();
  return (
    <Modal open={props.name !== null} onClose={props.onClose} labelledBy={titleId}>
      {props.name !== null && <ActionForm {...props} name={props.name} titleId={titleId} />}
    </Modal>
  );
}

function ActionForm<K extends FormActionName>({
  name,
  saved,
  sending,
  onClose,
  onSave,
  onConfirm,
  titleId,
}: ActionModalProps<K> & { name: K; titleId: string }) {
  const toast = useToast();
  const last = saved[name];
  const [draft, setDraft] = useState<FormDataMap[K]>(last);
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);

  // Saved forms that arrive (or change) while the form is untouched fill it.
  useEffect(() => {
    if (!dirty) setDraft(last);
  }, [last, dirty]);

  const update = (next: FormDataMap[K], touched: string[]) => {
    setDraft(next);
    setDirty(true);
    // What is being edited drops its message; over-long text says so at once.
    const long = lengthErrors(name, next);
    const hit = (k: string) => touched.some((t) => k === t || k.startsWith(`${t}.`));
    setErrors((cur) => {
      const out: FieldErrors = {};
      for (const [k, m] of Object.entries(cur)) if (!hit(k)) out[k] = m;
      for (const [k, m] of Object.entries(long)) if (hit(k)) out[k] = m;
      return out;
    });
  };

  const save = async () => {
    const problems = checkForm(name, draft, 'save');
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      toast.error(MESSAGES.unableToSave);
      return;
    }
    setSaving(true);
    try {
      if (await onSave(name, draft)) setDirty(false);
    } finally {
      setSaving(false);
    }
  };

  const confirm = async () => {
    if (sending) return;
    const problems = checkForm(name, draft, 'send');
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      toast.error(MESSAGES.unableToSend);
      return;
    }
    const refused = await onConfirm(name, toSend(name, draft));
    if (refused) setErrors(refused);
  };

  const onUrlBlur = () => {
    const message = checkForm('product', draft as ProductData, 'save').imageUrl;
    setErrors(({ imageUrl: _drop, ...rest }) => (message ? { ...rest, imageUrl: message } : rest));
  };

  const fields = { draft, errors, update } as unknown;
  const modal = MODALS[name];
  return (
    <form
      className="action-modal"
      noValidate
      aria-labelledby={titleId}
      onSubmit={(e) => {
        e.preventDefault();
        void confirm();
      }}
    >
      <header className="action-modal__header">
        <h2 id={titleId}>{modal.title}</h2>
        <button type="button" className="action-modal__close" aria-label="Close" onClick={onClose}>
          <CloseIcon size={20} />
        </button>
      </header>
      <div className="action-modal__body">
        {name === 'quiz' && <QuizFields {...(fields as FieldsProps<QuizData>)} />}
        {name === 'poll' && <PollFields {...(fields as FieldsProps<PollData>)} />}
        {name === 'product' && <ProductFields {...(fields as FieldsProps<ProductData>)} onUrlBlur={onUrlBlur} />}
        {name === 'notice' && <NoticeFields {...(fields as FieldsProps<NoticeData>)} />}
      </div>
      <footer className="action-modal__footer">
        <Button variant="tertiary" className="action-modal__cancel" onClick={onClose}>
          Cancel
        </Button>
        <div className="action-modal__commit">
          <Button variant="secondary" loading={saving} onClick={() => void save()}>
            Save
          </Button>
          <Button type="submit" loading={sending}>
            {modal.confirm}
          </Button>
        </div>
      </footer>
    </form>
  );
}

interface FieldsProps<T> {
  draft: T;
  errors: FieldErrors;
  update: (next: T, touched: string[]) => void;
}

/** Props binding a text input to one field of the draft. */
function bind<T>({ draft, errors, update }: FieldsProps<T>, field: keyof T & string) {
  return {
    value: draft[field] as string,
    error: errors[field],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      update({ ...draft, [field]: e.currentTarget.value }, [field]),
  };
}

function answersProps<T extends { answers: string[] }>({ draft, errors, update }: FieldsProps<T>) {
  return {
    answers: draft.answers,
    errors,
    onChange: (i: number, v: string) =>
      update({ ...draft, answers: draft.answers.map((a, j) => (j === i ? v : a)) }, [`answers.${i}`]),
    onAdd: () => update({ ...draft, answers: [...draft.answers, ''] }, ['answers']),
    onRemove: (i: number) => update(removeAnswer(draft, i), ['answers', 'correctAnswerIndex']),
  };
}

function QuizFields(p: FieldsProps<QuizData>) {
  const { draft, update } = p;
  return (
    <>
      <Input label="Question" placeholder="Question" required data-autofocus {...bind(p, 'question')} />
      <AnswersField
        legend="Answers"
        min={LIMITS.quiz.answers.min}
        max={LIMITS.quiz.answers.max}
        {...answersProps(p)}
        correct={{
          index: draft.correctAnswerIndex,
          onChange: (i) => update({ ...draft, correctAnswerIndex: i }, ['correctAnswerIndex']),
        }}
      />
      <DurationField value={draft.duration} range={LIMITS.quiz.duration} onChange={(n) => update({ ...draft, duration: n }, ['duration'])} />
    </>
  );
}

function PollFields(p: FieldsProps<PollData>) {
  const { draft, update } = p;
  return (
    <>
      <Input label="Question" placeholder="Question" required data-autofocus {...bind(p, 'question')} />
      <AnswersField legend="Options" min={LIMITS.poll.answers.min} max={LIMITS.poll.answers.max} {...answersProps(p)} />
      <DurationField value={draft.duration} range={LIMITS.poll.duration} onChange={(n) => update({ ...draft, duration: n }, ['duration'])} />
    </>
  );
}

function ProductFields(p: FieldsProps<ProductData> & { onUrlBlur: () => void }) {
  return (
    <>
      <Input label="Title" placeholder="Title" required data-autofocus {...bind(p, 'title')} />
      <Input label="Price" placeholder="$10" required {...bind(p, 'price')} />
      <Input
        label="Image URL"
        type="url"
        inputMode="url"
        placeholder="https://my-image.png"
        required
        {...bind(p, 'imageUrl')}
        onBlur={p.onUrlBlur}
      />
      <TextAreaField label="Description" placeholder="Description" required {...bind(p, 'description')} />
    </>
  );
}

function NoticeFields(p: FieldsProps<NoticeData>) {
  const { draft, update } = p;
  return (
    <>
      <Input label="Title" placeholder="Title" required data-autofocus {...bind(p, 'title')} />
      <TextAreaField label="Message" placeholder="Message" required {...bind(p, 'message')} />
      <DurationField value={draft.duration} range={LIMITS.notice.duration} onChange={(n) => update({ ...draft, duration: n }, ['duration'])} />
    </>
  );
}
