import './Spinner.css';

export function Spinner({ size = 28, className = '', label }: { size?: number; className?: string; label?: string }) {
  return (
    <span
      className={`spinner ${className}`}
      style={{ width: size, height: size }}
      role={label ? 'status' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    />
  );
}

/** Covers the page while the session is being checked. */
export function FullScreenLoader() {
  return (
    <div className="fullscreen-loader">
      <Spinner size={40} label="Loading" />
    </div>
  );
}
