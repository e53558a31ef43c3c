import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from '../../components/Button';
import { Input } from '../../components/Input';
import { ConfirmModal } from '../../components/Modal';
import { useToast } from '../../components/Toast';
import { api, isApiError } from '../../lib/api';
import { fieldErrorsFrom, useForm, type Validators } from '../../lib/form';
import { validateConfirmation, validateEmail, validateNewPassword, validateUsername } from '../../lib/validation';
import { useSession, useUser } from '../../app/session';
import { UNEXPECTED } from '../auth/messages';
import { SettingsSection } from './SettingsPage';
import { ownChannelKey } from './queries';

/** Username, email, password and account deletion (spec 2.7 "Account settings"). */
export function AccountSettings() {
  return (
    <SettingsSection title="Account settings" testId="account-settings">
      <UsernameForm />
      <EmailForm />
      <PasswordForm />
      <AccountDeletion />
    </SettingsSection>
  );
}

const usernameValidators: Validators<'username'> = { username: (v) => validateUsername(v.username) };

function UsernameForm() {
  const user = useUser();
  const { updateUser } = useSession();
  const client = useQueryClient();
  const toast = useToast();
  const form = useForm<'username'>({ username: user.username }, usernameValidators);
  const { reset } = form;
  // Follow the saved value when it changes (here or after a refetch).
  useEffect(() => reset({ username: user.username }), [reset, user.username]);
  const next = form.values.username.trim();
  const unchanged = next === user.username || next === '';

  const save = useMutation({
    mutationFn: () => api.account.changeUsername(next),
    onSuccess: ({ username }) => {
      updateUser({ username });
      void client.invalidateQueries({ queryKey: ownChannelKey });
      toast.success('Username saved');
    },
    onError: (err) => {
      toast.error('Username failed to save');
      if (isApiError(err) && err.status > 0 && err.status < 500) {
        form.setErrors({ username: err.fields.newUsername ?? err.message });
      }
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (unchanged || save.isPending || !form.validate()) return;
    save.mutate();
  };

  return (
    <form className="settings-form" onSubmit={submit} noValidate data-testid="username-form">
      <Input
        label="Username"
        placeholder="Enter your username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        className="field--inline"
        {...form.field('username')}
        actions={
          <Button type="submit" disabled={unchanged} loading={save.isPending} data-testid="save-username">
            Save
          </Button>
        }
      />
    </form>
  );
}

const emailValidators: Validators<'email'> = { email: (v) => validateEmail(v.email) };

function EmailForm() {
  const user = useUser();
  const { updateUser } = useSession();
  const toast = useToast();
  const form = useForm<'email'>({ email: user.email }, emailValidators);
  const { reset } = form;
  // The address changes when the emailed link is opened, possibly in another tab.
  useEffect(() => reset({ email: user.email }), [reset, user.email]);
  const next = form.values.email.trim();
  const unchanged = next.toLowerCase() === user.email.toLowerCase() || next === '';

  const save = useMutation({
    mutationFn: () => api.account.changeEmail(next),
    onSuccess: ({ pendingEmail }) => {
      updateUser({ pendingEmail });
      form.reset({ email: user.email });
      toast.info(`A confirmation link has been sent to ${pendingEmail}`);
    },
    onError: (err) => {
      if (isApiError(err) && err.code === 'LimitExceededException') {
        toast.error(err.message);
        return;
      }
      toast.error('Email failed to save');
      if (isApiError(err) && err.status > 0 && err.status < 500) {
        form.setErrors({ email: err.fields.newEmail ?? err.message });
      }
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (unchanged || save.isPending || !form.validate()) return;
    save.mutate();
  };

  const pending = user.pendingEmail ? (
    <span data-testid="pending-email">
      We sent a confirmation link to <strong>{user.pendingEmail}</strong>. Your email address changes to it once you
      open the link.
    </span>
  ) : undefined;

  return (
    <form className="settings-form" onSubmit={submit} noValidate data-testid="email-form">
      <Input
        label="Email"
        type="email"
        placeholder="Enter your email"
        autoComplete="email"
        className="field--inline"
        description={pending}
        {...form.field('email')}
        actions={
          <Button type="submit" disabled={unchanged} loading={save.isPending} data-testid="save-email">
            Save
          </Button>
        }
      />
    </form>
  );
}

type PasswordField = 'currentPassword' | 'newPassword' | 'confirmPassword';

const passwordValidators: Validators<PasswordField> = {
  newPassword: (v) => validateNewPassword(v.currentPassword, v.newPassword),
  confirmPassword: (v) => validateConfirmation(v.newPassword, v.confirmPassword),
};

const emptyPasswords = { currentPassword: '', newPassword: '', confirmPassword: '' };

function PasswordForm() {
  const toast = useToast();
  const user = useUser();
  const form = useForm<PasswordField>(emptyPasswords, passwordValidators);
  const [updated, setUpdated] = useState(false);

  const save = useMutation({
    mutationFn: () => api.account.changePassword(form.values.currentPassword, form.values.newPassword),
    onSuccess: () => {
      form.reset(emptyPasswords);
      toast.success('Password saved');
      setUpdated(true);
    },
    onError: (err) => {
      if (!isApiError(err) || err.status === 0 || err.status >= 500) {
        toast.error(UNEXPECTED);
        return;
      }
      switch (err.code) {
        case 'NotAuthorizedException':
          form.setErrors({ currentPassword: 'Incorrect password.' });
          toast.error('Incorrect password.');
          return;
        case 'LimitExceededException':
          toast.error('Attempt limit exceeded, please try again later.');
          return;
        default:
          form.setErrors(
            fieldErrorsFrom<PasswordField>(err.fields, { currentPassword: 'currentPassword', newPassword: 'newPassword' }),
          );
          toast.error(err.message);
      }
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.filled || save.isPending || !form.validate()) return;
    save.mutate();
  };

  return (
    <form className="settings-form settings-form--stack" onSubmit={submit} noValidate data-testid="password-form">
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" value={user.username} autoComplete="username" readOnly hidden />
      <Input
        label="Current password"
        type="password"
        placeholder="Enter your current password"
        autoComplete="current-password"
        className="field--inline"
        {...form.field('currentPassword')}
      />
      <Input
        label="New password"
        type="password"
        placeholder="Create your new password"
        autoComplete="new-password"
        className="field--inline"
        {...form.field('newPassword')}
      />
      <Input
        label="Confirm new password"
        type="password"
        placeholder="Confirm your new password"
        autoComplete="new-password"
        className="field--inline"
        {...form.field('confirmPassword')}
      />
      <div className="settings-form__submit">
        <Button type="submit" disabled={!form.filled} loading={save.isPending} data-testid="save-password">
          Save
        </Button>
      </div>
      <ConfirmModal
        open={updated}
        informational
        message="Password updated"
        subMessage="Your password has been updated."
        confirmLabel="Okay"
        onConfirm={() => setUpdated(false)}
        onCancel={() => setUpdated(false)}
      />
    </form>
  );
}

function AccountDeletion() {
  const toast = useToast();
  const navigate = useNavigate();
  const { accountDeleted } = useSession();
  const [confirming, setConfirming] = useState(false);

  const remove = async () => {
    try {
      await api.account.delete();
    } catch {
      setConfirming(false);
      toast.error('Account failed to delete');
      return;
    }
    setConfirming(false);
    accountDeleted();
    navigate('/login', { replace: true });
    toast.success('Your account has been successfully deleted.');
  };

  return (
    <div className="settings-deletion" data-testid="account-deletion">
      <div className="settings-deletion__text">
        <h3>Account deletion</h3>
        <p>Deleting your account removes your channel, stream key and settings. This cannot be undone.</p>
      </div>
      <Button variant="destructive" onClick={() => setConfirming(true)}>
        Delete my account
      </Button>
      <ConfirmModal
        open={confirming}
        message="Are you sure you would like to delete your account?"
        confirmLabel="Delete account"
        destructive
        onCancel={() => setConfirming(false)}
        onConfirm={remove}
      />
    </div>
  );
}
