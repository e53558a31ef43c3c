import { Outlet, useLocation } from 'react-router';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { desktopQuery, useMediaQuery } from '../../lib/useMediaQuery';
import { useSession } from '../session';
import { MobileNav } from './MobileNav';
import { Sidebar } from './Sidebar';
import './AppLayout.css';

/** The shell of every page but the sign-in pages: navigation + content. */
export function AppLayout() {
  const desktop = useMediaQuery(desktopQuery);
  const { user } = useSession();
  const { pathname } = useLocation();
  return (
    <div className={`shell ${user ? 'shell--signed-in' : 'shell--signed-out'} ${desktop ? 'shell--desktop' : 'shell--mobile'}`}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      {desktop ? <Sidebar /> : <MobileNav />}
      <main id="main" className="shell__main" tabIndex={-1}>
        <ErrorBoundary resetKey={pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
    </div>
  );
}
