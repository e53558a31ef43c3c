// The overlay cards on their own: what they show and how they behave.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { ToastProvider } from '../../components/Toast';
import { apiError, fakeApi } from '../../test/fakeApi';
import type { Poll } from '../../lib/types';
import { Celebration, CELEBRATION_TEXT } from './Celebration';
import type { PlaybackClock } from './clock';
import { T0, amazonProduct, celebration, notice, pollAction, product, quiz, shownOf } from './fixtures';
import { NoticeMarquee } from './NoticeMarquee';
import { PollCard, VOTE_FAILED, VOTING_CLOSED } from './PollCard';
import { NO_VOTES_MESSAGE, TIE_MESSAGE } from '../../lib/poll';
import { AmazonProductCard, NO_SHOP_MESSAGE, ProductCard } from './ProductCard';
import { QUIZ_CLOSE_MS, QuizCard } from './QuizCard';
import type { ActionOf } from './OverlayRoot';

const wrap = (ui: ReactNode) => render(<ToastProvider>{ui}</ToastProvider>);

describe('QuizCard', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows the question and answers in the profile colour, counts down, and marks a wrong answer', () => {
    let t = T0;
    const clock: PlaybackClock = { mediaTime: () => t };
    const q = quiz(T0);
    const onClose = vi.fn();
    wrap(<QuizCard shown={shownOf(q)} action={q} clock={clock} color="blue" onClose={onClose} />);
    const region = screen.getByRole('region', { name: 'Quiz' });
    expect(region).toHaveAttribute('data-action-id', q.id);
    expect(region).toHaveAttribute('data-shown-at', String(T0));
    expect(region).toHaveAttribute('data-media-time-at-show', String(T0));
    expect(region.style.getPropertyValue('--overlay-bg')).toBe('#3b7cf6');
    expect(region.style.getPropertyValue('--overlay-text')).toBe('#ffffff');
    expect(within(region).getByRole('heading', { name: 'What house is Harry in?' })).toBeInTheDocument();

    const timer = screen.getByRole('progressbar', { name: 'Time left' });
    expect(timer).toHaveAttribute('aria-valuenow', '10');
    t = T0 + 4000;
    act(() => vi.advanceTimersByTime(200));
    expect(timer).toHaveAttribute('aria-valuenow', '6');

    fireEvent.click(screen.getByRole('button', { name: 'Hufflepuff' }));
    const chosen = screen.getByRole('button', { name: 'Hufflepuff' });
    expect(chosen).toHaveClass('quiz__answer--wrong');
    expect(chosen).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'Slytherin' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Gryffindor' })).toBeDisabled();
    expect(screen.getByText('Wrong answer')).toBeInTheDocument();
    // A second click changes nothing.
    fireEvent.click(chosen);
    expect(chosen).toHaveClass('quiz__answer--wrong');

    act(() => vi.advanceTimersByTime(QUIZ_CLOSE_MS - 1));
    expect(onClose).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(1));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('blinks green for the correct answer', () => {
    const q = quiz(T0);
    wrap(<QuizCard shown={shownOf(q)} action={q} clock={{ mediaTime: () => T0 }} color="yellow" onClose={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Gryffindor' }));
    expect(screen.getByRole('button', { name: 'Gryffindor' })).toHaveClass('quiz__answer--correct');
    expect(screen.getByText('Correct!')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Quiz' }).style.getPropertyValue('--overlay-text')).toBe('#2a2208');
  });
});

describe('ProductCard', () => {
  it('shows image, price and title; "Learn more" opens the description; buying says there is no shop', async () => {
    const p = product(T0);
    wrap(<ProductCard shown={shownOf(p)} action={p} color="salmon" />);
    const region = screen.getByRole('region', { name: 'Product' });
    expect(within(region).getByRole('img', { name: 'Onair mug' })).toHaveAttribute('src', 'https://img.example/mug.png');
    expect(within(region).getByText('$12')).toBeInTheDocument();
    expect(within(region).getByRole('heading', { name: 'Onair mug' })).toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(within(region).getByRole('button', { name: 'Buy now' }));
    expect(await screen.findByText(NO_SHOP_MESSAGE)).toBeInTheDocument();

    const learn = within(region).getByRole('button', { name: 'Learn more' });
    await user.click(learn);
    const dialog = screen.getByRole('dialog', { name: 'Onair mug' });
    expect(dialog).toHaveAccessibleDescription('A mug for your coffee.');
    expect(within(dialog).getByText('$12')).toBeInTheDocument();
    expect(within(dialog).getByRole('img', { name: 'Onair mug' })).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Buy now' })).toBeEnabled();
    expect(within(dialog).getByRole('button', { name: 'Add to cart' })).toBeEnabled();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(learn).toHaveFocus();
  });

  it('Amazon product: one "Buy now" link to the product page in a new tab', () => {
    const a = amazonProduct(T0);
    wrap(<AmazonProductCard shown={shownOf(a)} action={a} color="green" />);
    const region = screen.getByRole('region', { name: 'Amazon product' });
    expect(within(region).getByText('$59.99')).toBeInTheDocument();
    expect(within(region).getByRole('heading', { name: 'Headphones' })).toBeInTheDocument();
    const buy = within(region).getByRole('link', { name: /Buy now/ });
    expect(buy).toHaveAttribute('href', 'https://www.amazon.com/dp/B000TEST');
    expect(buy).toHaveAttribute('target', '_blank');
    expect(buy).toHaveAttribute('rel', 'noopener noreferrer');
    expect(within(region).queryByRole('button', { name: 'Learn more' })).toBeNull();
  });

  it('Amazon product without price or a web address', () => {
    const a = amazonProduct(T0);
    const bad: ActionOf<'amazon_product'> = { ...a, data: { ...a.data, price: null, productURL: 'javascript:alert(1)' } };
    wrap(<AmazonProductCard shown={shownOf(bad)} action={bad} color="green" />);
    expect(screen.getByText('Price not available')).toBeInTheDocument();
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.getByRole('button', { name: /Buy now/ })).toBeDisabled();
  });
});

describe('NoticeMarquee and Celebration', () => {
  it('notice: title pill and message', () => {
    const n = notice(T0);
    wrap(<NoticeMarquee shown={shownOf(n)} action={n} color="purple" />);
    const region = screen.getByRole('region', { name: 'Notice' });
    expect(within(region).getByText('Heads up')).toHaveClass('notice__title');
    expect(within(region).getByText('Giveaway at 8 PM')).toHaveClass('notice__message');
  });

  it('celebration: banner and confetti', () => {
    const c = celebration(T0);
    const { container } = wrap(<Celebration shown={shownOf(c)} action={c} color="blue" />);
    expect(screen.getByRole('region', { name: 'Celebration' })).toHaveTextContent(CELEBRATION_TEXT);
    expect(container.querySelectorAll('.celebration__piece').length).toBeGreaterThan(20);
  });

  it('celebration with reduced motion: the banner only', () => {
    vi.stubGlobal('matchMedia', (q: string) => ({
      matches: q.includes('reduced-motion'),
      addEventListener: () => {},
      removeEventListener: () => {},
    }));
    const c = celebration(T0);
    const { container } = wrap(<Celebration shown={shownOf(c)} action={c} color="blue" />);
    expect(screen.getByText(CELEBRATION_TEXT)).toBeInTheDocument();
    expect(container.querySelector('.celebration__piece')).toBeNull();
    vi.unstubAllGlobals();
  });
});

describe('PollCard', () => {
  function renderPoll(a: ActionOf<'poll'>, canVote = true) {
    const onPoll = vi.fn();
    const onAlreadyVoted = vi.fn();
    const props = { channelId: 'ch2', color: 'turquoise', canVote, onPoll, onAlreadyVoted };
    const view = wrap(<PollCard shown={shownOf(a)} action={a} {...props} />);
    const update = (next: ActionOf<'poll'>) =>
      view.rerender(
        <ToastProvider>
          <PollCard shown={shownOf(next)} action={next} {...props} />
        </ToastProvider>,
      );
    return { onPoll, onAlreadyVoted, update };
  }
  const tally = (a: ActionOf<'poll'>, counts: number[], extra: Partial<Poll> = {}): ActionOf<'poll'> => ({
    ...a,
    poll: {
      ...a.poll!,
      options: a.poll!.options.map((o, i) => ({ ...o, count: counts[i] ?? 0 })),
      totalVotes: counts.reduce((s, c) => s + c, 0),
      ...extra,
    },
  });
  const rows = () => screen.getAllByRole('listitem').map((li) => li.textContent);

  it('votes: Vote is disabled until an option is picked; then a check and percentages', async () => {
    const a = pollAction(T0);
    let body: unknown;
    fakeApi({
      [`POST /channels/ch2/polls/${a.poll!.id}/votes`]: (b) => {
        body = b;
        return { status: 200, body: { ...tally(a, [0, 1, 0]).poll, myVote: 1 } };
      },
    });
    const { onPoll } = renderPoll(a);
    expect(screen.getByRole('region', { name: 'Live poll' })).toHaveAttribute('data-action-id', a.id);
    const vote = screen.getByRole('button', { name: 'Vote' });
    expect(vote).toHaveAttribute('aria-disabled', 'true');
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: 'Pepperoni' }));
    expect(vote).not.toHaveAttribute('aria-disabled');
    await user.click(vote);
    await waitFor(() => expect(screen.queryByRole('radio')).toBeNull());
    expect(body).toEqual({ option: 1 });
    expect(onPoll).toHaveBeenCalledWith(expect.objectContaining({ myVote: 1, totalVotes: 1 }));
    expect(screen.getByRole('img', { name: 'Your vote' })).toBeInTheDocument();
    expect(rows()).toEqual(['Margherita0%, 0 votes', 'Pepperoni100%, 1 vote', 'Hawaiian0%, 0 votes']);
    expect(screen.getAllByRole('listitem')[1]).toHaveAttribute('title', '1 vote');
  });

  it('signed out (or the owner): percentages only, no Vote', () => {
    const a = tally(pollAction(T0), [1, 2, 0]);
    renderPoll(a, false);
    expect(screen.queryByRole('radio')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Vote' })).toBeNull();
    expect(rows()).toEqual(['Margherita34%, 1 vote', 'Pepperoni67%, 2 votes', 'Hawaiian0%, 0 votes']);
  });

  it('a reload restores "already voted" from myVote', () => {
    renderPoll(tally(pollAction(T0), [0, 0, 1], { myVote: 2 }));
    expect(screen.queryByRole('radio')).toBeNull();
    expect(within(screen.getAllByRole('listitem')[2]!).getByRole('img', { name: 'Your vote' })).toBeInTheDocument();
  });

  it('409 "already voted": the vote UI goes and the choice is asked for again', async () => {
    const a = pollAction(T0);
    fakeApi({
      [`POST /channels/ch2/polls/${a.poll!.id}/votes`]: () => apiError(409, 'PollAlreadyVotedException', 'You already voted in this poll.'),
    });
    const { onAlreadyVoted, update } = renderPoll(a);
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: 'Margherita' }));
    await user.click(screen.getByRole('button', { name: 'Vote' }));
    await waitFor(() => expect(screen.queryByRole('radio')).toBeNull());
    expect(onAlreadyVoted).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('img', { name: 'Your vote' })).toBeNull();
    // The refreshed channel data names the choice.
    update(tally(a, [1, 0, 0], { myVote: 0 }));
    expect(within(screen.getAllByRole('listitem')[0]!).getByRole('img', { name: 'Your vote' })).toBeInTheDocument();
  });

  it('other failures keep the vote UI and say so', async () => {
    const a = pollAction(T0);
    fakeApi({ [`POST /channels/ch2/polls/${a.poll!.id}/votes`]: () => apiError(500, 'InternalServerError', 'oops') });
    renderPoll(a);
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: 'Margherita' }));
    await user.click(screen.getByRole('button', { name: 'Vote' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent(VOTE_FAILED);
    expect(screen.getByRole('radio', { name: 'Margherita' })).toBeChecked();
  });

  it('voting closed (the last 2 s): says so', async () => {
    const a = pollAction(T0);
    fakeApi({ [`POST /channels/ch2/polls/${a.poll!.id}/votes`]: () => apiError(409, 'PollClosedException', 'Voting has closed.') });
    renderPoll(a);
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: 'Hawaiian' }));
    await user.click(screen.getByRole('button', { name: 'Vote' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent(VOTING_CLOSED);
  });

  it('live counts replace the shown ones; large counts are abbreviated in the tooltip', () => {
    const a = pollAction(T0);
    const { update } = renderPoll(a, false);
    update(tally(a, [1900, 100, 0]));
    expect(rows()).toEqual(['Margherita95%, 1.9K votes', 'Pepperoni5%, 100 votes', 'Hawaiian0%, 0 votes']);
    expect(screen.getAllByRole('listitem')[0]).toHaveAttribute('title', '1.9K votes');
  });

  it('ended: sorted by votes with the winner marked; a signed-in viewer who did not vote sees results', () => {
    const a = pollAction(T0);
    const { update } = renderPoll(a, true);
    expect(screen.getAllByRole('radio')).toHaveLength(3);
    update(tally(a, [1, 3, 2], { ended: true }));
    expect(screen.queryByRole('radio')).toBeNull();
    expect(screen.getByText('Poll results')).toBeInTheDocument();
    expect(rows()).toEqual(['PepperoniWinner50%, 3 votes', 'Hawaiian34%, 2 votes', 'Margherita17%, 1 vote']);
    expect(screen.queryByText(TIE_MESSAGE)).toBeNull();
  });

  it('ended in a tie, or with no votes', () => {
    const a = pollAction(T0);
    const { update } = renderPoll(a, false);
    update(tally(a, [2, 2, 1], { ended: true }));
    expect(screen.getByText(TIE_MESSAGE)).toBeInTheDocument();
    expect(screen.queryByText('Winner')).toBeNull();
    update(tally(a, [0, 0, 0], { ended: true }));
    expect(screen.getByText(NO_VOTES_MESSAGE)).toBeInTheDocument();
    expect(screen.queryByText('Winner')).toBeNull();
  });
});
