import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { Button } from '../../components/Button';
import { Input } from '../../components/Input';
import { useToast } from '../../components/Toast';
import { api } from '../../lib/api';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useSession } from '../../app/session';
import { signInErrorMessage } from './messages';

/** "Sign in to your account" (spec 2.5). On success the GuestOnly guard sends the user on. */
export function LoginPage() {
  useDocumentTitle('Sign in');
  const toast = useToast();
  const { signedIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const filled = username.trim() !== '' && password !== '';

  const signIn = useMutation({
    mutationFn: () => api.auth.signIn(username.trim(), password),
    onSuccess: (user) => signedIn(user),
    onError: (err) => toast.error(signInErrorMessage(err)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!filled || signIn.isPending) return;
    signIn.mutate();
  };

  return (
    <form className="auth-form" onSubmit={submit} noValidate>
      <h1 className="auth-form__title">Sign in to your account</h1>
      <div className="auth-form__fields">
        <Input
          label="Username"
          name="username"
          placeholder="Enter your username or email address"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <Input
          label="Password"
          name="password"
          type="password"
          placeholder="Enter your password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          footer={<Link to="/reset">Forgot password?</Link>}
        />
      </div>
      <Button type="submit" fullWidth disabled={!filled} loading={signIn.isPending}>
        Sign in
      </Button>
      <p className="auth-form__footer">
        <span>New user?</span>
        <Link to="/register">Create an account</Link>
      </p>
    </form>
  );
}
