// Quiz (spec 7.5): question, answer buttons and a progress bar counting the
// duration down. Answering disables the other answers; the chosen one
// blinks green (correct) or red (wrong) and the card closes 2 s later.
import { useEffect, useId, useRef, useState } from 'react';
import type { PlaybackClock } from './clock';
import { OverlayRoot, type ActionOf } from './OverlayRoot';
import { startOf, type Shown } from './timing';
import { useCountdown } from './useCountdown';

/** The card closes this long after the viewer answers. */
export const QUIZ_CLOSE_MS = 2000;

export interface QuizCardProps {
  shown: Shown;
  action: ActionOf<'quiz'>;
  clock: PlaybackClock;
  color: string;
  /** The viewer is done with it (answered 2 s ago). */
  onClose: () => void;
}

export function QuizCard({ shown, action, clock, color, onClose }: QuizCardProps) {
  const { question, answers, correctAnswerIndex, duration } = action.data;
  const id = useId();
  const [chosen, setChosen] = useState<number | null>(null);
  const left = useCountdown(startOf(action) + duration * 1000, clock);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    if (chosen === null) return;
    const timer = window.setTimeout(() => onCloseRef.current(), QUIZ_CLOSE_MS);
    return () => window.clearTimeout(timer);
  }, [chosen]);

  const seconds = Math.ceil(left / 1000);
  const correct = chosen !== null && chosen === correctAnswerIndex;
  return (
    <OverlayRoot shown={shown} className="quiz" color={color}>
      <h3 id={`${id}-q`} className="quiz__question">
        {question}
      </h3>
      <ul className="quiz__answers" aria-labelledby={`${id}-q`}>
        {answers.map((answer, i) => {
          const picked = chosen === i;
          const state = picked ? (correct ? ' quiz__answer--correct' : ' quiz__answer--wrong') : '';
          return (
            <li key={i}>
              <button
                type="button"
                className={`quiz__answer${state}`}
                disabled={chosen !== null && !picked}
                aria-disabled={picked || undefined}
                aria-pressed={picked}
                onClick={() => chosen === null && setChosen(i)}
              >
                {answer}
              </button>
            </li>
          );
        })}
      </ul>
      <p className="quiz__feedback" aria-live="polite">
        {chosen === null ? '' : correct ? 'Correct!' : 'Wrong answer'}
      </p>
      <div
        className="overlay-progress"
        role="progressbar"
        aria-label="Time left"
        aria-valuemin={0}
        aria-valuemax={duration}
        aria-valuenow={seconds}
        aria-valuetext={seconds === 1 ? '1 second left' : `${seconds} seconds left`}
      >
        <div className="overlay-progress__bar" style={{ transform: `scaleX(${duration > 0 ? left / (duration * 1000) : 0})` }} />
      </div>
    </OverlayRoot>
  );
}
