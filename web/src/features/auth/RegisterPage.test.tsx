import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../../test/render';
import { alice, apiError, fakeApi, signedOut } from '../../test/fakeApi';

async function fill(user: ReturnType<typeof userEvent.setup>, values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) {
    await user.type(screen.getByLabelText(label, { selector: 'input' }), value);
  }
}

describe('register', () => {
  it('validates a changed field when it loses focus', async () => {
    fakeApi({ 'GET /auth/session': signedOut });
    const user = userEvent.setup();
    renderApp('/register');
    const username = await screen.findByLabelText('Username');

    // Untouched fields are not checked.
    await user.click(username);
    await user.tab();
    expect(screen.queryByText('Use 4 to 20 characters with a mix of letters, numbers & symbols.')).not.toBeInTheDocument();

    await user.type(username, 'ab');
    await user.tab();
    expect(screen.getByText('Use 4 to 20 characters with a mix of letters, numbers & symbols.')).toBeInTheDocument();
    expect(username).toHaveAttribute('aria-invalid', 'true');

    await user.type(screen.getByLabelText('Email'), 'nope');
    await user.tab();
    expect(screen.getByText('Enter a valid email.')).toBeInTheDocument();

    await user.type(screen.getByLabelText('Password', { selector: 'input' }), 'short');
    await user.tab(); // to the show/hide toggle
    expect(screen.getByText('Use 8 or more characters with a mix of uppercase & lowercase letters, numbers & symbols.', { selector: '.field__error' })).toBeInTheDocument();

    await user.type(screen.getByLabelText('Confirm password'), 'other');
    await user.tab();
    expect(screen.getByText("Passwords didn't match. Try again.")).toBeInTheDocument();
  });

  it('shows server field errors under the fields', async () => {
    fakeApi({
      'GET /auth/session': signedOut,
      'POST /channel/register': () =>
        apiError(409, 'UsernameExistsException', 'This username has been taken.', { username: 'This username has been taken.' }),
    });
    const user = userEvent.setup();
    renderApp('/register');
    await screen.findByLabelText('Username');
    await fill(user, { Username: 'alice', Email: 'alice@example.com', Password: 'Passw0rd!', 'Confirm password': 'Passw0rd!' });
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('This username has been taken.')).toBeInTheDocument();
  });

  it('asks to verify the account and resends the email', async () => {
    const calls = fakeApi({
      'GET /auth/session': signedOut,
      'POST /channel/register': () => ({ status: 201, body: { userConfirmed: false } }),
      'POST /auth/verify/resend': () => ({ status: 200, body: {} }),
    });
    const user = userEvent.setup();
    renderApp('/register');
    await screen.findByLabelText('Username');
    await fill(user, { Username: 'alice', Email: 'alice@example.com', Password: 'Passw0rd!', 'Confirm password': 'Passw0rd!' });
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByRole('heading', { name: 'Verify your account' })).toBeInTheDocument();
    const reg = calls.find((c) => c.path === '/channel/register')!.body as Record<string, string>;
    expect(reg).toMatchObject({ username: 'alice', email: 'alice@example.com', password: 'Passw0rd!' });
    expect(['bear', 'bird', 'bird2', 'dog', 'dog2', 'dog3', 'giraffe', 'hedgehog', 'hippo', 'horse', 'ibex', 'jellyfish', 'sheep', 'tiger']).toContain(reg.avatar);
    expect(['blue', 'green', 'lavender', 'purple', 'salmon', 'turquoise', 'yellow']).toContain(reg.color);

    await user.click(screen.getByRole('button', { name: 'Resend' }));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Verification email has been resent');
    expect(calls.find((c) => c.path === '/auth/verify/resend')!.body).toEqual({ username: 'alice' });
  });

  it('signs an auto-confirmed account in and leaves for the directory', async () => {
    let signedIn = false;
    fakeApi({
      'GET /auth/session': () => (signedIn ? { status: 200, body: { user: alice } } : signedOut({})),
      'POST /channel/register': () => ({ status: 201, body: { userConfirmed: true } }),
      'POST /auth/signin': () => {
        signedIn = true;
        return { status: 200, body: { user: alice } };
      },
    });
    const user = userEvent.setup();
    const app = renderApp('/register');
    await screen.findByLabelText('Username');
    await fill(user, { Username: 'alice', Email: 'alice@example.com', Password: 'Passw0rd!', 'Confirm password': 'Passw0rd!' });
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    await waitFor(() => expect(app.location()).toBe('/'));
  });
});
