// A round icon button of the broadcast and session controls, with its
// label as tooltip; pressed draws the "off" state (muted, camera hidden).
import type { ReactNode } from 'react';

export function ControlButton({
  label,
  pressed,
  expanded,
  disabled = false,
  onClick,
  children,
}: {
  label: string;
  pressed?: boolean;
  expanded?: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <span className="tooltip-host">
      <button
        type="button"
        className={`golive__icon-button${pressed ? ' golive__icon-button--off' : ''}`}
        aria-label={label}
        aria-expanded={expanded}
        disabled={disabled}
        onClick={onClick}
      >
        {children}
      </button>
      <span className="tooltip" aria-hidden="true">
        {label}
      </span>
    </span>
  );
}
