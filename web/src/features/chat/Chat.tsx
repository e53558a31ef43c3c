// The chat panel (spec 6): messages log, composer and, for the channel
// owner, moderation (delete a message, ban its author).
import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Button } from '../../components/Button';
import { ConfirmModal, Modal } from '../../components/Modal';
import { Spinner } from '../../components/Spinner';
import { ArrowDownIcon } from '../../components/icons';
import { rememberLocation } from '../../app/returnTo';
import { ChatComposer, type ComposerMode } from './ChatComposer';
import { ChatLine } from './ChatLine';
import { useChatRoom, type ChatLine as Line, type ChatRoomOptions } from './useChatRoom';
import './Chat.css';

/** Set when a signed-out user is sent to sign in: the composer takes the focus on return. */
const FOCUS_KEY = 'onair.focusChat';

function takeFocusFlag(): boolean {
  try {
    const set = sessionStorage.getItem(FOCUS_KEY) !== null;
    sessionStorage.removeItem(FOCUS_KEY);
    return set;
  } catch {
    return false;
  }
}

/** The connecting spinner stays at least one animation cycle, so it never flickers. */
const MIN_SPINNER_MS = 800;
/** Within this many pixels of the end, the log counts as scrolled to the bottom. */
const BOTTOM_SLACK = 24;

export interface ChatProps extends ChatRoomOptions {
  /** Beside the composer (the stage's "Request to join" button). */
  composerAside?: ReactNode;
}

export function Chat({ composerAside, ...props }: ChatProps) {
  const room = useChatRoom(props);
  const navigate = useNavigate();
  const location = useLocation();
  const [selected, setSelected] = useState<Line | null>(null);
  const [banTarget, setBanTarget] = useState<Line | null>(null);
  const popupId = useId();
  const signedIn = room.me !== '';
  const [focusComposer, setFocusComposer] = useState(false);
  useEffect(() => {
    if (signedIn && takeFocusFlag()) setFocusComposer(true);
  }, [signedIn]);

  let mode: ComposerMode;
  if (room.status === 'banned') mode = 'banned';
  else if (room.status === 'failed') mode = 'disabled';
  else if (!signedIn) mode = 'guest';
  else mode = room.status === 'connected' ? 'ready' : 'connecting';

  const toLogin = () => {
    rememberLocation(location);
    try {
      sessionStorage.setItem(FOCUS_KEY, '1');
    } catch {
      // no storage: no focus on return
    }
    navigate('/login');
  };

  return (
    <div className="chat">
      <ChatLog lines={room.lines} connecting={room.status === 'connecting'} onSelect={room.moderator ? setSelected : undefined} />
      {composerAside ? (
        <div className="chat__composer-row">
          <ChatComposer mode={mode} onSend={room.send} onGuest={toLogin} focus={focusComposer} />
          {composerAside}
        </div>
      ) : (
        <ChatComposer mode={mode} onSend={room.send} onGuest={toLogin} focus={focusComposer} />
      )}

      <Modal open={selected !== null} onClose={() => setSelected(null)} labelledBy={`${popupId}-title`}>
        {selected && (
          <div className="chat-moderation">
            <h3 id={`${popupId}-title`} className="sr-only">
              {`${selected.sender.username}'s message`}
            </h3>
            <div className="chat-moderation__message">
              <ChatLine line={selected} />
            </div>
            <div className="chat-moderation__actions">
              <Button
                variant="destructive"
                fullWidth
                onClick={() => {
                  const line = selected;
                  setSelected(null);
                  void room.deleteMessage(line);
                }}
              >
                Delete message
              </Button>
              {selected.sender.userId !== room.me && (
                <Button
                  variant="destructive"
                  fullWidth
                  onClick={() => {
                    setBanTarget(selected);
                    setSelected(null);
                  }}
                >
                  Ban user
                </Button>
              )}
              <Button variant="secondary" fullWidth onClick={() => setSelected(null)}>
                Cancel
              </Button>
            </div>
          </div>
        )}
      </Modal>
      <ConfirmModal
        open={banTarget !== null}
        message={`Are you sure you would like to ban ${banTarget?.sender.username ?? ''}?`}
        confirmLabel="Ban user"
        destructive
        onCancel={() => setBanTarget(null)}
        onConfirm={async () => {
          if (banTarget) await room.banUser(banTarget.sender.userId);
          setBanTarget(null);
        }}
      />
    </div>
  );
}

/** The messages: a log that follows new lines unless the reader scrolled up. */
function ChatLog({ lines, connecting, onSelect }: { lines: Line[]; connecting: boolean; onSelect?: ((l: Line) => void) | undefined }) {
  const log = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const [unseen, setUnseen] = useState(false);
  const spinner = useMinimumDuration(connecting, MIN_SPINNER_MS);
  const last = lines.at(-1)?.id;

  useLayoutEffect(() => {
    const el = log.current;
    if (!el) return;
    if (atBottom.current) el.scrollTop = el.scrollHeight;
    else if (last) setUnseen(true);
  }, [lines, last]);

  const onScroll = () => {
    const el = log.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK;
    if (atBottom.current) setUnseen(false);
  };
  const toBottom = () => {
    const el = log.current;
    if (!el) return;
    atBottom.current = true;
    el.scrollTop = el.scrollHeight;
    setUnseen(false);
  };

  return (
    <div className="chat__log-wrap">
      <div ref={log} className="chat__log" role="log" aria-label="Chat messages" onScroll={onScroll} tabIndex={0}>
        {lines.map((l) => (
          <ChatLine key={l.id} line={l} onSelect={onSelect && !l.removed ? () => onSelect(l) : undefined} />
        ))}
      </div>
      {spinner && (
        <div className="chat__connecting">
          <Spinner label="Connecting to chat" />
        </div>
      )}
      {unseen && (
        <button type="button" className="chat__new" onClick={toBottom}>
          <ArrowDownIcon size={16} />
          New messages
        </button>
      )}
    </div>
  );
}

/** `on`, held true for at least `ms` once it became true. */
function useMinimumDuration(on: boolean, ms: number): boolean {
  const [held, setHeld] = useState(on);
  useEffect(() => {
    if (on) {
      setHeld(true);
      return;
    }
    const t = window.setTimeout(() => setHeld(false), ms);
    return () => window.clearTimeout(t);
  }, [on, ms]);
  return on || held;
}
