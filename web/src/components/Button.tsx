import { forwardRef, type ButtonHTMLAttributes, type MouseEvent } from 'react';
import { Spinner } from './Spinner';
import './Button.css';

export type ButtonVariant = 'primary' | 'secondary' | 'tertiary' | 'destructive';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'm' | 's';
  /** Shows a spinner and ignores clicks. */
  loading?: boolean;
  fullWidth?: boolean;
}

/**
 * A button. `disabled` renders aria-disabled (the button stays focusable and
 * announced) and swallows clicks and form submission.
 */
export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = 'primary', size = 'm', loading = false, fullWidth = false, disabled = false, className = '', onClick, children, type = 'button', ...rest },
  ref,
) {
  const inert = disabled || loading;
  const handleClick = (e: MouseEvent<HTMLButtonElement>) => {
    if (inert) {
      e.preventDefault();
      return;
    }
    onClick?.(e);
  };
  return (
    <button
      ref={ref}
      type={type}
      className={`btn btn--${variant} btn--${size}${fullWidth ? ' btn--full' : ''}${loading ? ' btn--loading' : ''} ${className}`}
      aria-disabled={inert || undefined}
      aria-busy={loading || undefined}
      onClick={handleClick}
      {...rest}
    >
      <span className="btn__label">{children}</span>
      {loading && <Spinner size={18} className="btn__spinner" />}
    </button>
  );
});
