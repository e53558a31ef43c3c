// "Poll results" on the stream manager (spec 7.6 #9): the server's live
// tally of the running poll, then its results until the server clears it.
import { useId, useState } from 'react';
import { abbreviateCount } from '../../../lib/abbreviate';
import type { Poll } from '../../../lib/types';
import { percent } from '../../../lib/poll';
import { ChevronDownIcon } from '../../../components/icons';

export function PollResults({ poll, ended }: { poll: Poll; ended: boolean }) {
  const id = useId();
  const [open, setOpen] = useState(true);
  const total = poll.totalVotes;
  const top = Math.max(0, ...poll.options.map((o) => o.count));
  const winners = poll.options.filter((o) => o.count === top).length;
  return (
    <section className="poll-results" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="poll-results__title">
        <button
          type="button"
          className="poll-results__toggle"
          aria-expanded={open}
          aria-controls={`${id}-body`}
          onClick={() => setOpen((o) => !o)}
        >
          Poll results
          <ChevronDownIcon size={18} className={`poll-results__chevron${open ? ' poll-results__chevron--open' : ''}`} />
        </button>
      </h3>
      <div id={`${id}-body`} className="poll-results__body" hidden={!open}>
        <p className="poll-results__question">{poll.question}</p>
        <ul className="poll-results__options">
          {poll.options.map((o, i) => {
            const pct = percent(o.count, total);
            const winner = ended && top > 0 && winners === 1 && o.count === top;
            return (
              <li key={i} className={`poll-results__option${winner ? ' poll-results__option--winner' : ''}`}>
                <div className="poll-results__row">
                  <span className="poll-results__name">
                    {o.option}
                    {winner && <span className="poll-results__winner">Winner</span>}
                  </span>
                  <span className="poll-results__count">
                    {pct}% ({abbreviateCount(o.count)} {o.count === 1 ? 'vote' : 'votes'})
                  </span>
                </div>
                <div className="poll-results__bar" aria-hidden="true">
                  <span style={{ width: `${pct}%` }} />
                </div>
              </li>
            );
          })}
        </ul>
        <p className="poll-results__total">Total votes: {abbreviateCount(total)}</p>
      </div>
    </section>
  );
}
