import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { Button } from '../../components/Button';
import { Input } from '../../components/Input';
import { useToast } from '../../components/Toast';
import { api, isApiError } from '../../lib/api';
import { fieldErrorsFrom, useForm, type Validators } from '../../lib/form';
import { presetAvatars, profileColors, randomItem } from '../../lib/profile';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import {
  passwordDescription,
  validateConfirmation,
  validateEmail,
  validatePassword,
  validateUsername,
} from '../../lib/validation';
import { useSession } from '../../app/session';
import { UNEXPECTED, resendErrorMessage, signInErrorMessage } from './messages';

type Field = 'username' | 'email' | 'password' | 'confirmPassword';

const validators: Validators<Field> = {
  username: (v) => validateUsername(v.username),
  email: (v) => validateEmail(v.email),
  password: (v) => validatePassword(v.password),
  confirmPassword: (v) => validateConfirmation(v.password, v.confirmPassword),
};

const empty = { username: '', email: '', password: '', confirmPassword: '' };

/** "Create a new account" (spec 2.5). */
export function RegisterPage() {
  useDocumentTitle('Create account');
  const [registered, setRegistered] = useState<string | null>(null);
  if (registered) return <VerifyAccount username={registered} />;
  return <RegisterForm onRegistered={setRegistered} />;
}

function RegisterForm({ onRegistered }: { onRegistered: (username: string) => void }) {
  const toast = useToast();
  const navigate = useNavigate();
  const { signedIn } = useSession();
  const form = useForm<Field>(empty, validators);

  const register = useMutation({
    mutationFn: async () => {
      const username = form.values.username.trim();
      const { password } = form.values;
      const { userConfirmed } = await api.account.register({
        username,
        email: form.values.email.trim(),
        password,
        avatar: randomItem(presetAvatars),
        color: randomItem(profileColors),
      });
      return { username, password, userConfirmed };
    },
    onSuccess: async ({ username, password, userConfirmed }) => {
      if (!userConfirmed) {
        onRegistered(username);
        return;
      }
      // Auto-verified accounts are signed in at once; GuestOnly then leaves this page.
      try {
        signedIn(await api.auth.signIn(username, password));
      } catch (err) {
        toast.error(signInErrorMessage(err));
        navigate('/login', { replace: true });
      }
    },
    onError: (err) => {
      if (!isApiError(err)) {
        toast.error(UNEXPECTED);
        return;
      }
      const inline = fieldErrorsFrom<Field>(err.fields, { username: 'username', email: 'email', password: 'password' });
      if (Object.keys(inline).length > 0) form.setErrors(inline);
      else toast.error(err.status >= 500 || err.status === 0 ? UNEXPECTED : err.message);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.filled || register.isPending) return;
    if (!form.validate()) return;
    register.mutate();
  };

  return (
    <form className="auth-form" onSubmit={submit} noValidate>
      <h1 className="auth-form__title">Create a new account</h1>
      <div className="auth-form__fields">
        <Input
          label="Username"
          placeholder="Enter your username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          {...form.field('username')}
        />
        <Input label="Email" type="email" placeholder="Enter your email" autoComplete="email" {...form.field('email')} />
        <Input
          label="Password"
          type="password"
          placeholder="Enter your password"
          autoComplete="new-password"
          description={passwordDescription}
          {...form.field('password')}
        />
        <Input
          label="Confirm password"
          type="password"
          placeholder="Confirm your password"
          autoComplete="new-password"
          {...form.field('confirmPassword')}
        />
      </div>
      <Button type="submit" fullWidth disabled={!form.filled} loading={register.isPending}>
        Create account
      </Button>
      <p className="auth-form__footer">
        <span>Have an account?</span>
        <Link to="/login">Sign in</Link>
      </p>
    </form>
  );
}

function VerifyAccount({ username }: { username: string }) {
  const toast = useToast();
  const resend = useMutation({
    mutationFn: () => api.auth.resendVerification(username),
    onSuccess: () => toast.success('Verification email has been resent'),
    onError: (err) => toast.error(resendErrorMessage(err)),
  });
  return (
    <div className="auth-form">
      <h1 className="auth-form__title">Verify your account</h1>
      <p className="auth-form__text">
        Your account has been created. Please verify it by clicking the activation link that has been sent to your email.
      </p>
      <p className="auth-form__footer">
        <span>Didn't receive the email?</span>
        <button
          type="button"
          className="auth-form__resend"
          aria-disabled={resend.isPending || undefined}
          onClick={() => !resend.isPending && resend.mutate()}
        >
          Resend
        </button>
      </p>
      <p className="auth-form__footer">
        <Link to="/login">Return to login</Link>
      </p>
    </div>
  );
}
