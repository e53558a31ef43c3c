import { Avatar } from '../../components/Avatar';
import { colorSwatch } from '../../lib/profile';
import { parseContent } from './content';
import type { ChatLine as Line } from './useChatRoom';

/** A message's text: plain text nodes and links, never HTML. */
export function ChatContent({ content }: { content: string }) {
  return (
    <>
      {parseContent(content).map((p, i) =>
        p.kind === 'link' ? (
          <a key={i} href={p.href} target="_blank" rel="noopener noreferrer nofollow" className="chat-line__link">
            {p.text}
          </a>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

export interface ChatLineProps {
  line: Line;
  /** Moderators can select a line (opens the moderation popup). */
  onSelect?: (() => void) | undefined;
}

/** One chat line: small avatar with a colour ring, bold name, text. */
export function ChatLine({ line, onSelect }: ChatLineProps) {
  if (line.removed) {
    return (
      <div className="chat-line chat-line--removed" data-testid="chatline-message-removed">
        Message removed
      </div>
    );
  }
  const { username, color, avatar, avatarUrl } = line.sender;
  return (
    <div className={`chat-line${onSelect ? ' chat-line--selectable' : ''}`} data-testid="chatline">
      {onSelect && (
        <button type="button" className="chat-line__select" aria-label={`Select ${username}'s message`} onClick={onSelect} />
      )}
      <span className="chat-line__avatar" style={{ boxShadow: `0 0 0 2px var(--bg-raised), 0 0 0 4px ${colorSwatch(color).background}` }}>
        <Avatar username={username} color={color} avatar={avatar} imageUrl={avatarUrl} size={24} />
      </span>
      <p className="chat-line__body">
        <strong className="chat-line__name">{username}</strong>{' '}
        <span className="chat-line__text">
          <ChatContent content={line.content} />
        </span>
      </p>
    </div>
  );
}
