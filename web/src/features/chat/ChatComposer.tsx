import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { LockIcon } from '../../components/icons';
import { isTooLong, MAX_LENGTH_REACHED, SEND_NOT_CONNECTED, sendError } from './content';

/**
 * ready: can send; connecting: can type, sending says "wait"; guest: any
 * typing goes to sign in; banned: locked; disabled: chat failed to load.
 */
export type ComposerMode = 'ready' | 'connecting' | 'guest' | 'banned' | 'disabled';

export interface ChatComposerProps {
  mode: ComposerMode;
  /** Sends the text; rejects with the API's error. */
  onSend: (content: string) => Promise<void>;
  /** A signed-out user typed or submitted. */
  onGuest: () => void;
  /** Take the focus (back from signing in). */
  focus?: boolean;
}

/** The message box under the chat (spec 6). Enter sends. */
export function ChatComposer({ mode, onSend, onGuest, focus = false }: ChatComposerProps) {
  const id = useId();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [shake, setShake] = useState(0);
  const [blocked, setBlocked] = useState(false);
  const [sending, setSending] = useState(false);
  const blockTimer = useRef<number | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => () => window.clearTimeout(blockTimer.current), []);
  const editable = mode !== 'banned' && mode !== 'disabled';
  useEffect(() => {
    if (focus && editable) input.current?.focus();
  }, [focus, editable]);

  const fail = (message: string) => {
    setError(message);
    setShake((n) => n + 1);
  };

  if (mode === 'banned' || mode === 'disabled') {
    const label = mode === 'banned' ? 'You are banned from this channel' : 'Chat disabled';
    return (
      <div className={`chat-composer chat-composer--locked`}>
        <div className="chat-composer__field">
          {mode === 'banned' && <LockIcon size={18} className="chat-composer__lock" />}
          <input className="chat-composer__input" aria-label={label} placeholder={label} readOnly disabled />
        </div>
      </div>
    );
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (mode === 'guest') return onGuest();
    if (blocked || sending) return;
    const content = value.trim();
    if (!content) return;
    if (isTooLong(content)) return fail(MAX_LENGTH_REACHED);
    if (mode !== 'ready') return fail(SEND_NOT_CONNECTED);
    setSending(true);
    try {
      await onSend(content);
      setValue('');
      setError(null);
    } catch (err) {
      const { message, blockMs } = sendError(err);
      fail(message);
      if (blockMs > 0) {
        setBlocked(true);
        window.clearTimeout(blockTimer.current);
        blockTimer.current = window.setTimeout(() => setBlocked(false), blockMs);
      }
    } finally {
      setSending(false);
    }
  };

  const errorId = `${id}-error`;
  return (
    <form className={`chat-composer${mode === 'guest' ? ' chat-composer--guest' : ''}`} onSubmit={(e) => void submit(e)}>
      <div key={shake} className={`chat-composer__field${error ? ' chat-composer__field--invalid' : ''}${shake ? ' shake' : ''}`}>
        <input
          ref={input}
          className="chat-composer__input"
          aria-label="Send a message"
          placeholder="Say something"
          value={value}
          readOnly={blocked}
          aria-disabled={blocked || undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          autoComplete="off"
          enterKeyHint="send"
          onChange={(e) => {
            if (mode === 'guest') return onGuest();
            const next = e.target.value;
            setValue(next);
            setError(isTooLong(next) ? MAX_LENGTH_REACHED : null);
          }}
        />
      </div>
      {error && (
        <p id={errorId} className="chat-composer__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
