// Notice (spec 7.5): a pill with the title on the left and the message
// scrolling by (about 5 s per pass) at the bottom of the player; with
// reduced motion the message stands still.
import { OverlayRoot, type ActionOf } from './OverlayRoot';
import type { Shown } from './timing';

export function NoticeMarquee({ shown, action, color }: { shown: Shown; action: ActionOf<'notice'>; color: string }) {
  const { title, message } = action.data;
  return (
    <OverlayRoot shown={shown} className="notice" color={color}>
      <span className="notice__title">{title}</span>
      <div className="notice__viewport">
        <p className="notice__message">{message}</p>
      </div>
    </OverlayRoot>
  );
}
