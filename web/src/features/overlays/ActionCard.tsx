// Which card an action is drawn as, and where (spec 2.4 Tabs, 7.5):
// desktop puts quiz and products over the player, poll and celebration in
// the chat column; the stacked view moves quiz, products and poll into a
// first tab of the chat column. Notices always run along the bottom of the
// player.
import type { Poll, StreamAction, StreamActionName } from '../../lib/types';
import { Celebration } from './Celebration';
import type { PlaybackClock } from './clock';
import { NoticeMarquee } from './NoticeMarquee';
import { actionTitles } from './OverlayRoot';
import { PollCard } from './PollCard';
import { AmazonProductCard, ProductCard } from './ProductCard';
import { QuizCard } from './QuizCard';
import type { Shown } from './timing';
import './overlays.css';

/** over the player | the stacked view's first tab | top of the chat column | over the chat column */
export type Placement = 'player' | 'tab' | 'chat' | 'chatCover';

/** Actions the stacked view shows in a tab of their own (spec 2.4). */
const tabbed: ReadonlySet<StreamActionName> = new Set(['quiz', 'product', 'amazon_product', 'poll']);

export function placementOf(name: StreamActionName, stacked: boolean): Placement {
  if (stacked && tabbed.has(name)) return 'tab';
  switch (name) {
    case 'poll':
      return 'chat';
    case 'celebration':
      return 'chatCover';
    default:
      return 'player';
  }
}

/** The stacked view's tab label for an action that gets one. */
export function tabLabel(name: StreamActionName): string {
  return actionTitles[name];
}

/** What the page's live region says when an action appears. */
export function announcement(a: StreamAction): string {
  switch (a.name) {
    case 'quiz':
      return `Quiz: ${a.data.question}`;
    case 'poll':
      return `Live poll: ${a.poll?.question ?? a.data.question}`;
    case 'product':
    case 'amazon_product':
      return `${actionTitles[a.name]}: ${a.data.title}`;
    case 'notice':
      return `${a.data.title}: ${a.data.message}`;
    case 'celebration':
      return 'Celebration!';
  }
}

export interface OverlayContext {
  clock: PlaybackClock;
  /** The streamer's profile colour. */
  color: string;
  channelId: string;
  /** The viewer may vote in polls (signed in, not banned, not the owner). */
  canVote: boolean;
  /** The viewer is done with an action (answered quiz). */
  onDismiss: (id: string) => void;
  onPoll: (poll: Poll) => void;
  onAlreadyVoted: () => void;
}

/** The card for what is shown; key it by the action's id so a new action restarts it. */
export function ActionCard({ shown, ctx }: { shown: Shown; ctx: OverlayContext }) {
  const a = shown.action;
  switch (a.name) {
    case 'quiz':
      return <QuizCard shown={shown} action={a} clock={ctx.clock} color={ctx.color} onClose={() => ctx.onDismiss(a.id)} />;
    case 'product':
      return <ProductCard shown={shown} action={a} color={ctx.color} />;
    case 'amazon_product':
      return <AmazonProductCard shown={shown} action={a} color={ctx.color} />;
    case 'notice':
      return <NoticeMarquee shown={shown} action={a} color={ctx.color} />;
    case 'celebration':
      return <Celebration shown={shown} action={a} color={ctx.color} />;
    case 'poll':
      return (
        <PollCard
          shown={shown}
          action={a}
          channelId={ctx.channelId}
          color={ctx.color}
          canVote={ctx.canVote}
          onPoll={ctx.onPoll}
          onAlreadyVoted={ctx.onAlreadyVoted}
        />
      );
  }
}
