// One stream action button (spec 7.2): label, second line "a <name>", and a
// status line "Off", "On" or the seconds left with a pie counting down.
import type { CSSProperties } from 'react';
import { SHOWING_RESULTS, type ButtonSpec } from './definitions';
import { secondsLeft, type ActiveView } from './activeView';
import { actionIcons } from './icons';

export interface ActionButtonProps {
  spec: ButtonSpec;
  /** The active action's view when it is this button's, else null. */
  view: ActiveView | null;
  disabled?: boolean;
  onClick: () => void;
}

export function ActionButton({ spec, view, disabled = false, onClick }: ActionButtonProps) {
  const Icon = actionIcons[spec.name];
  const active = view !== null;
  const counting = view?.phase === 'countdown';
  const label = view?.phase === 'results' ? SHOWING_RESULTS : active ? spec.active : spec.inactive;
  const status = !view ? 'Off' : counting ? secondsLeft(view.remainingMs) : 'On';
  return (
    <button
      type="button"
      className={`action-button${active ? ' action-button--active' : ''}`}
      data-testid={`stream-manager-${spec.testName}-action-button`}
      aria-pressed={active}
      aria-disabled={disabled || undefined}
      onClick={() => !disabled && onClick()}
    >
      <span className="action-button__label">
        {label}
        {spec.noun && view?.phase !== 'results' && (
          <>
            {' '}
            <span className="action-button__noun">{spec.noun}</span>
          </>
        )}
      </span>
      {counting ? (
        <Pie fraction={view.totalMs > 0 ? view.remainingMs / view.totalMs : 0} />
      ) : (
        <span className="action-button__icon">
          <Icon size={20} />
        </span>
      )}
      <span className="action-button__status">{status}</span>
    </button>
  );
}

const R = 7;
const CIRCUMFERENCE = 2 * Math.PI * R;

/** What is left of the countdown as a pie, emptying clockwise. */
function Pie({ fraction }: { fraction: number }) {
  const f = Math.min(1, Math.max(0, fraction));
  return (
    <span className="action-button__pie" aria-hidden="true">
      <svg viewBox="0 0 28 28" width="28" height="28">
        <circle
          className="action-button__pie-slice"
          cx="14"
          cy="14"
          r={R}
          fill="none"
          strokeWidth={2 * R}
          transform="rotate(-90 14 14)"
          style={{ strokeDasharray: `${f * CIRCUMFERENCE} ${CIRCUMFERENCE}` } as CSSProperties}
        />
      </svg>
    </span>
  );
}
