import { useEffect, useRef } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Spinner } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { api } from '../../lib/api';
import { GuestOnly } from '../../app/guards';
import { sessionKey, useSession } from '../../app/session';
import { LoginPage } from './LoginPage';

/**
 * /login. With ?code=&username= it first opens the emailed link: it confirms
 * a new account or a changed email address (the server says which).
 */
export function LoginRoute() {
  const [params] = useSearchParams();
  const code = params.get('code');
  const username = params.get('username');
  if (code && username) return <VerifyEmailLink code={code} username={username} />;
  return (
    <GuestOnly>
      <LoginPage />
    </GuestOnly>
  );
}

function VerifyEmailLink({ code, username }: { code: string; username: string }) {
  const { status } = useSession();
  const signedIn = status === 'signedIn';
  const toast = useToast();
  const navigate = useNavigate();
  const client = useQueryClient();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    api.auth
      .verify(username, code)
      .then(async ({ emailChanged }) => {
        if (signedIn) await client.invalidateQueries({ queryKey: sessionKey });
        toast.success(emailChanged ? 'Your email address has been confirmed' : 'Your registration has been confirmed');
      })
      .catch(() => {
        toast.error(signedIn ? 'Your email address has not been confirmed' : 'Your registration has not been confirmed');
      })
      .finally(() => navigate(signedIn ? '/settings' : '/login', { replace: true }));
  }, [code, username, signedIn, toast, navigate, client]);

  if (signedIn) {
    return (
      <div className="auth-form__busy">
        <Spinner label="Confirming your email address" />
      </div>
    );
  }
  return <LoginPage />;
}
