import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { Button } from '../../components/Button';
import { Input } from '../../components/Input';
import { useToast } from '../../components/Toast';
import { api, isApiError } from '../../lib/api';
import { fieldErrorsFrom, useForm, type Validators } from '../../lib/form';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { passwordDescription, validateConfirmation, validateEmail, validatePassword } from '../../lib/validation';
import { UNEXPECTED } from './messages';

/**
 * "Reset your password" (spec 2.5): ask for the email (step 1), say a link
 * was sent (step 2), or, opened from that link with ?code=&username=, set a
 * new password (step 3).
 */
export function ResetPage() {
  useDocumentTitle('Reset password');
  const [params] = useSearchParams();
  const code = params.get('code');
  const username = params.get('username');
  if (code && username) return <NewPasswordForm code={code} username={username} />;
  if (code !== null || username !== null) return <Navigate to="/reset" replace />;
  return <RequestReset />;
}

const emailValidators: Validators<'email'> = { email: (v) => validateEmail(v.email) };

function RequestReset() {
  const toast = useToast();
  const form = useForm<'email'>({ email: '' }, emailValidators);
  const [sentTo, setSentTo] = useState<string | null>(null);

  const request = useMutation({
    mutationFn: (email: string) => api.auth.requestPasswordReset(email),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.filled || request.isPending || !form.validate()) return;
    const email = form.values.email.trim();
    request.mutate(email, {
      // The answer never says whether the address has an account.
      onSuccess: () => setSentTo(email),
      onError: (err) => {
        if (isApiError(err) && err.fields.email) form.setErrors({ email: err.fields.email });
        else setSentTo(email);
      },
    });
  };

  const resend = () => {
    if (!sentTo || request.isPending) return;
    request.mutate(sentTo, {
      onSuccess: () => toast.success('Verification email has been resent'),
      onError: () => toast.error('Verification email failed to resend. Please try again.'),
    });
  };

  if (sentTo) {
    return (
      <div className="auth-form">
        <h1 className="auth-form__title">Reset your password</h1>
        <p className="auth-form__text">
          If an account with this email address exists, you will receive an email with a link to reset your password.
        </p>
        <p className="auth-form__footer">
          <span>Didn't receive the email?</span>
          <button
            type="button"
            className="auth-form__resend"
            aria-disabled={request.isPending || undefined}
            onClick={resend}
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

  return (
    <form className="auth-form" onSubmit={submit} noValidate>
      <h1 className="auth-form__title">Reset your password</h1>
      <div className="auth-form__fields">
        <Input label="Email" type="email" placeholder="Enter your email" autoComplete="email" {...form.field('email')} />
      </div>
      <Button type="submit" fullWidth disabled={!form.filled} loading={request.isPending}>
        Continue
      </Button>
      <p className="auth-form__footer">
        <Link to="/login">Return to login</Link>
      </p>
    </form>
  );
}

type PasswordField = 'newPassword' | 'confirmPassword';

const passwordValidators: Validators<PasswordField> = {
  newPassword: (v) => validatePassword(v.newPassword),
  confirmPassword: (v) => validateConfirmation(v.newPassword, v.confirmPassword),
};

function NewPasswordForm({ code, username }: { code: string; username: string }) {
  const toast = useToast();
  const navigate = useNavigate();
  const form = useForm<PasswordField>({ newPassword: '', confirmPassword: '' }, passwordValidators);

  const confirm = useMutation({
    mutationFn: () => api.auth.confirmPasswordReset(username, code, form.values.newPassword),
    onSuccess: () => {
      toast.success('Password has been reset');
      navigate('/login', { replace: true });
    },
    onError: (err) => {
      if (!isApiError(err) || err.status === 0 || err.status >= 500) {
        toast.error(UNEXPECTED);
        return;
      }
      form.setErrors(fieldErrorsFrom<PasswordField>(err.fields, { newPassword: 'newPassword' }));
      toast.error(err.message);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.filled || confirm.isPending || !form.validate()) return;
    confirm.mutate();
  };

  return (
    <form className="auth-form" onSubmit={submit} noValidate>
      <h1 className="auth-form__title">Reset your password</h1>
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" value={username} autoComplete="username" readOnly hidden />
      <div className="auth-form__fields">
        <Input
          label="New password"
          type="password"
          placeholder="Create your new password"
          autoComplete="new-password"
          description={passwordDescription}
          {...form.field('newPassword')}
        />
        <Input
          label="Confirm new password"
          type="password"
          placeholder="Confirm your new password"
          autoComplete="new-password"
          {...form.field('confirmPassword')}
        />
      </div>
      <Button type="submit" fullWidth disabled={!form.filled} loading={confirm.isPending}>
        Submit
      </Button>
      <p className="auth-form__footer">
        <Link to="/login">Return to login</Link>
      </p>
    </form>
  );
}
