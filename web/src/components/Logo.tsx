import './Logo.css';

/** The Onair mark and wordmark. */
export function Logo({ compact = false, className = '' }: { compact?: boolean; className?: string }) {
  return (
    <span className={`logo ${className}`}>
      <svg className="logo__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="9" fill="currentColor" className="logo__tile" />
        <circle cx="16" cy="16" r="4.2" fill="#fff" />
        <path
          d="M9.8 9.8a8.8 8.8 0 0 0 0 12.4M22.2 9.8a8.8 8.8 0 0 1 0 12.4"
          fill="none"
          stroke="#fff"
          strokeWidth="2.4"
          strokeLinecap="round"
        />
      </svg>
      {compact ? <span className="sr-only">Onair</span> : <span className="logo__word">Onair</span>}
    </span>
  );
}
