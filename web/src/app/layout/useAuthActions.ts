import { useLocation, useNavigate } from 'react-router';
import { rememberLocation } from '../returnTo';
import { useSession } from '../session';

/** "Log in" / "Sign up" / "Log out" actions shared by the sidebar and the mobile navigation. */
export function useAuthActions() {
  const navigate = useNavigate();
  const location = useLocation();
  const { signOut } = useSession();
  return {
    // Both remember the current page as the place to come back to.
    logIn: () => {
      rememberLocation(location);
      navigate('/login');
    },
    signUp: () => {
      rememberLocation(location);
      navigate('/register');
    },
    logOut: async () => {
      navigate('/');
      await signOut();
    },
  };
}
