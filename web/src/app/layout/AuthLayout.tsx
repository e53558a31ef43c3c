import { useEffect } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { Logo } from '../../components/Logo';
import './AuthLayout.css';

/** Sign-in pages: a centred card on a grey page, no navigation (spec 2.5). */
export function AuthLayout() {
  const { pathname } = useLocation();
  useThemeColor('#000000');
  return (
    <div className="auth-page">
      <main className="auth-page__main">
        <Link to="/" className="auth-page__brand">
          <Logo />
        </Link>
        <div className="auth-card">
          <ErrorBoundary resetKey={pathname}>
            <Outlet />
          </ErrorBoundary>
        </div>
      </main>
    </div>
  );
}

function useThemeColor(color: string) {
  useEffect(() => {
    const meta = document.querySelector<HTMLMetaElement>('meta[name="theme-color"]');
    if (!meta) return;
    const previous = meta.content;
    meta.content = color;
    return () => {
      meta.content = previous;
    };
  }, [color]);
}
