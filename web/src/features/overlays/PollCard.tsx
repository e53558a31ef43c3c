// Live poll, viewer side (spec 7.6): signed-in viewers who may vote pick an
// option and press "Vote"; then (and for everyone else at once) percentages
// show, the viewer's choice checked. The server tallies: counts arrive as
// pollVotes events; once the poll ended the options are sorted by votes
// with the winner (or a tie / no votes) until the server clears it.
import { useId, useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { useToast } from '../../components/Toast';
import { CheckIcon } from '../../components/icons';
import { api, isApiError } from '../../lib/api';
import type { Poll } from '../../lib/types';
import { mergePoll } from './actionStore';
import { OverlayRoot, type ActionOf } from './OverlayRoot';
import { NO_VOTES_MESSAGE, TIE_MESSAGE, outcome, pollRows, votesLabel } from '../../lib/poll';
import type { Shown } from './timing';

export const VOTE_FAILED = 'Failed to submit vote';
export const VOTING_CLOSED = 'Voting has closed';
export const ALREADY_VOTED_CODE = 'PollAlreadyVotedException';
const CLOSED_CODE = 'PollClosedException';

/** The poll of a poll action; built from its data if the server sent no tally. */
export function pollOf(action: ActionOf<'poll'>): Poll {
  if (action.poll) return action.poll;
  const end = new Date(Date.parse(action.startTime) + action.data.duration * 1000).toISOString();
  return {
    id: action.id,
    question: action.data.question,
    options: action.data.answers.map((option) => ({ option, count: 0 })),
    duration: action.data.duration,
    startTime: action.startTime,
    endTime: end,
    totalVotes: 0,
    ended: false,
    myVote: null,
  };
}

export interface PollCardProps {
  shown: Shown;
  action: ActionOf<'poll'>;
  channelId: string;
  color: string;
  /** Signed in, not banned and not the channel's owner (spec 7.6). */
  canVote: boolean;
  /** A newer tally (the vote's answer). */
  onPoll: (poll: Poll) => void;
  /** The server says the viewer voted already: learn their choice again (the channel data has it). */
  onAlreadyVoted: () => void;
}

export function PollCard({ shown, action, channelId, color, canVote, onPoll, onAlreadyVoted }: PollCardProps) {
  /** The answer to the viewer's vote: shown at once, until newer tallies come in. */
  const [answered, setAnswered] = useState<Poll | null>(null);
  const poll = answered ? mergePoll(answered, pollOf(action)) : pollOf(action);
  const toast = useToast();
  const id = useId();
  const [selected, setSelected] = useState<number | null>(null);
  const [sending, setSending] = useState(false);
  /** Voted in this page: the choice, or -1 when only "already voted" is known. */
  const [localVote, setLocalVote] = useState<number | null>(null);

  const myVote = poll.myVote ?? (localVote !== null && localVote >= 0 ? localVote : null);
  const voted = poll.myVote !== null || localVote !== null;
  const voting = canVote && !voted && !poll.ended;

  const vote = async (e: FormEvent) => {
    e.preventDefault();
    if (selected === null || sending) return;
    setSending(true);
    try {
      const answer = await api.actions.vote(channelId, poll.id, selected);
      setLocalVote(answer.myVote ?? selected);
      setAnswered(answer);
      onPoll(answer);
    } catch (err) {
      if (isApiError(err) && err.status === 409 && err.code === ALREADY_VOTED_CODE) {
        setLocalVote(-1);
        onAlreadyVoted();
      } else {
        toast.error(isApiError(err) && err.code === CLOSED_CODE ? VOTING_CLOSED : VOTE_FAILED);
      }
    } finally {
      setSending(false);
    }
  };

  const result = poll.ended ? outcome(poll) : null;
  return (
    <OverlayRoot shown={shown} className="poll" color={color}>
      <p className="poll__kicker">{poll.ended ? 'Poll results' : 'Live poll'}</p>
      <h3 id={`${id}-q`} className="poll__question">
        {poll.question}
      </h3>
      {voting ? (
        <form className="poll__form" onSubmit={(e) => void vote(e)}>
          <fieldset className="poll__options" aria-labelledby={`${id}-q`}>
            {poll.options.map((o, i) => (
              <label key={i} className="poll__choice">
                <input type="radio" name={`${id}-option`} value={i} checked={selected === i} onChange={() => setSelected(i)} />
                <span>{o.option}</span>
              </label>
            ))}
          </fieldset>
          <Button type="submit" fullWidth disabled={selected === null} loading={sending}>
            Vote
          </Button>
        </form>
      ) : (
        <ol className="poll__results" aria-labelledby={`${id}-q`}>
          {pollRows(poll).map((row) => {
            const winner = result?.kind === 'winner' && result.index === row.index;
            const mine = myVote === row.index;
            return (
              <li
                key={row.index}
                className={`poll__row${winner ? ' poll__row--winner' : ''}${mine ? ' poll__row--mine' : ''}`}
                title={votesLabel(row.count)}
              >
                <span className="poll__fill" style={{ transform: `scaleX(${row.percent / 100})` }} aria-hidden="true" />
                <span className="poll__option">
                  {mine && <CheckIcon size={16} className="poll__check" aria-label="Your vote" role="img" aria-hidden={false} />}
                  {row.option}
                  {winner && <span className="poll__winner">Winner</span>}
                </span>
                <span className="poll__percent">{row.percent}%</span>
                <span className="sr-only">{`, ${votesLabel(row.count)}`}</span>
              </li>
            );
          })}
        </ol>
      )}
      {result?.kind === 'tie' && <p className="poll__outcome">{TIE_MESSAGE}</p>}
      {result?.kind === 'none' && <p className="poll__outcome">{NO_VOTES_MESSAGE}</p>}
    </OverlayRoot>
  );
}
