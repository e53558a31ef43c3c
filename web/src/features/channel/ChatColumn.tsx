// The channel page's right (or lower) column: chat, with room for a stream
// action. In the stacked view an active quiz, product or poll turns the
// column into two tabs, the action first and "Chat" second (spec 2.4 Tabs);
// the chat stays mounted behind its tab so no message is missed.
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface ColumnTab {
  /** Identifies what the tab shows (the action id): a new one selects the tab again. */
  id: string;
  label: string;
  content: ReactNode;
}

export interface ChatColumnProps {
  /** The stacked view's first tab, or null for the chat alone. */
  tab: ColumnTab | null;
  /** Above the chat messages (desktop poll). */
  top?: ReactNode;
  /** Over the whole column (celebration). */
  cover?: ReactNode;
  /** The chat. */
  children: ReactNode;
}

type Which = 'action' | 'chat';

export function ChatColumn({ tab, top, cover, children }: ChatColumnProps) {
  const id = useId();
  const [choice, setChoice] = useState<{ tab: string; which: Which } | null>(null);
  const which: Which = tab && choice?.tab === tab.id ? choice.which : 'action';
  const tabs = useRef<Record<Which, HTMLButtonElement | null>>({ action: null, chat: null });

  const select = (w: Which, focus = false) => {
    if (!tab) return;
    setChoice({ tab: tab.id, which: w });
    if (focus) tabs.current[w]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const keys: Record<string, Which> = {
      ArrowLeft: which === 'chat' ? 'action' : 'chat',
      ArrowRight: which === 'chat' ? 'action' : 'chat',
      Home: 'action',
      End: 'chat',
    };
    const next = keys[e.key];
    if (!next) return;
    e.preventDefault();
    select(next, true);
  };

  const tabButton = (w: Which, label: string) => (
    <button
      ref={(el) => {
        tabs.current[w] = el;
      }}
      type="button"
      role="tab"
      id={`${id}-${w}-tab`}
      className="chat-tabs__tab"
      aria-selected={which === w}
      aria-controls={`${id}-${w}-panel`}
      tabIndex={which === w ? 0 : -1}
      onClick={() => select(w)}
      onKeyDown={onKeyDown}
    >
      {label}
    </button>
  );

  return (
    <aside className="channel__chat" aria-labelledby="channel-chat-title">
      <header className="channel__chat-header">
        <h2 id="channel-chat-title" className={tab ? 'sr-only' : undefined}>
          Chat
        </h2>
        {tab && (
          <div className="chat-tabs" role="tablist" aria-label="Chat column">
            {tabButton('action', tab.label)}
            {tabButton('chat', 'Chat')}
          </div>
        )}
      </header>
      {tab && (
        <div
          className="channel__tab-panel"
          role="tabpanel"
          id={`${id}-action-panel`}
          aria-labelledby={`${id}-action-tab`}
          hidden={which !== 'action'}
        >
          {tab.content}
        </div>
      )}
      <div
        className="channel__chat-body"
        {...(tab ? { role: 'tabpanel', id: `${id}-chat-panel`, 'aria-labelledby': `${id}-chat-tab`, hidden: which !== 'chat' } : {})}
      >
        {top}
        {children}
      </div>
      {cover}
    </aside>
  );
}
