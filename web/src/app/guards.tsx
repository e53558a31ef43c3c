// Route guards (spec 2.1 "Auth redirects").
import { useEffect, type ReactNode } from 'react';
import { Navigate, Outlet, useLocation, useNavigate, type Location } from 'react-router';
import { useSession } from './session';
import { rememberLocation, returnPath, signedOutRedirect } from './returnTo';

/** Protected pages: a signed-out visitor goes to /login, and comes back after signing in. */
export function RequireAuth({ children }: { children?: ReactNode }) {
  const { status, endedBy } = useSession();
  const location = useLocation();
  if (status === 'signedIn') return <>{children ?? <Outlet />}</>;
  const { to, remember } = signedOutRedirect(location, endedBy);
  return <RedirectOnce to={to} remember={remember ? location : null} />;
}

function RedirectOnce({ to, remember }: { to: { pathname: string; search: string }; remember: Location | null }) {
  const navigate = useNavigate();
  useEffect(() => {
    if (remember) rememberLocation(remember);
    navigate(to, { replace: true });
    // One redirect per mount: the guard re-renders while it happens.
  }, []);
  return null;
}

/** Sign-in pages: a signed-in user goes to the remembered location or the directory. */
export function GuestOnly({ children }: { children: ReactNode }) {
  const { status } = useSession();
  if (status === 'signedIn') return <Navigate to={returnPath()} replace />;
  return <>{children}</>;
}
