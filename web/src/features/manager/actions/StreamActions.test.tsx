// The stream actions panel of /manager with the API stubbed (fetch) and the
// realtime client faked (test/fakeCentrifuge.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { Providers } from '../../../app/App';
import { createQueryClient } from '../../../app/queryClient';
import { alice, apiError, fakeApi } from '../../../test/fakeApi';
import { hasSubscription, publish } from '../../../test/fakeCentrifuge';
import type { AmazonProductData, Poll, StreamAction, StreamActionRequest } from '../../../lib/types';
import { StreamActions } from './StreamActions';

interface ServerState {
  forms: Record<string, unknown>;
  active: StreamAction | null;
  live: boolean;
  amazon: boolean;
}

let n = 0;
/** What the server answers a send with: the action, started now. */
function started(req: StreamActionRequest, at = Date.now()): StreamAction {
  n += 1;
  const duration = 'duration' in req.data ? (req.data.duration as number) : null;
  const base = { ...req, id: `act-${n}`, startTime: new Date(at).toISOString() } as StreamAction;
  if (req.name === 'poll') {
    const end = new Date(at + req.data.duration * 1000).toISOString();
    return { ...base, expiry: end, poll: tally(req.data.question, req.data.answers.map(() => 0), { id: base.id, endTime: end, duration: req.data.duration }) };
  }
  const grace = req.name === 'quiz' ? 2 : 0;
  return { ...base, expiry: duration === null ? null : new Date(at + (duration + grace) * 1000).toISOString() };
}

function tally(question: string, counts: number[], over: Partial<Poll> = {}): Poll {
  const names = ['Yes', 'No', 'Maybe'];
  return {
    id: 'poll-1',
    question,
    options: counts.map((count, i) => ({ option: names[i] ?? `Option ${i}`, count })),
    duration: 30,
    startTime: new Date().toISOString(),
    endTime: new Date(Date.now() + 30_000).toISOString(),
    totalVotes: counts.reduce((a, b) => a + b, 0),
    ended: false,
    myVote: null,
    ...over,
  };
}

function server(init: Partial<ServerState> = {}) {
  const state: ServerState = { forms: {}, active: null, live: true, amazon: false, ...init };
  const routes: Parameters<typeof fakeApi>[0] = {
    'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
    'GET /config': () => ({ status: 200, body: { dev: true, channelType: 'BASIC', enableAmazonProductStreamAction: state.amazon, version: 't' } }),
    'GET /channel/actions/active': () => ({ status: 200, body: { action: state.active } }),
    'GET /channel/actions/forms': () => ({ status: 200, body: { forms: state.forms } }),
    'POST /channel/actions/send': (body) => {
      if (!state.live) return apiError(409, 'ChannelNotBroadcastingException', 'Unable to start stream action');
      state.active = started(body as StreamActionRequest);
      return { status: 200, body: state.active };
    },
    'DELETE /channel/actions/active': () => {
      if (state.active?.poll && !state.active.poll.ended) {
        const endTime = new Date().toISOString();
        state.active = { ...state.active, expiry: endTime, poll: { ...state.active.poll, ended: true, endTime } };
      } else state.active = null;
      return { status: 204 };
    },
  };
  for (const name of ['quiz', 'poll', 'product', 'notice', 'celebration']) {
    routes[`PUT /channel/actions/forms/${name}`] = (body) => {
      state.forms[name] = body;
      return { status: 204 };
    };
  }
  const calls = fakeApi(routes);
  const sent = () => calls.filter((c) => c.method === 'POST' && c.path === '/channel/actions/send').map((c) => c.body);
  const saves = () => calls.filter((c) => c.method === 'PUT').map((c) => ({ path: c.path, body: c.body }));
  return { state, calls, sent, saves };
}

function renderPanel() {
  const client = createQueryClient();
  const router = createMemoryRouter([
    {
      path: '*',
      element: (
        <Providers client={client}>
          <StreamActions />
        </Providers>
      ),
    },
  ]);
  return render(<RouterProvider router={router} />);
}

const button = (name: string) => screen.getByTestId(`stream-manager-${name}-action-button`);
const dialog = (name: string) => screen.getByRole('dialog', { name });

async function ready() {
  await screen.findByTestId('stream-manager-quiz-action-button');
  await waitFor(() => expect(hasSubscription('channel:ch1')).toBe(true));
}

async function openModal(user: ReturnType<typeof userEvent.setup>, action: string, title: string) {
  await user.click(button(action));
  return dialog(title);
}

async function fillQuiz(user: ReturnType<typeof userEvent.setup>, d: HTMLElement) {
  await user.type(within(d).getByLabelText('Question'), 'What is the capital of Canada?');
  const answers = within(d).getAllByLabelText('Answer');
  for (const [i, a] of ['Vancouver', 'Ottawa', 'Calgary'].entries()) await user.type(answers[i]!, a);
  await user.click(within(d).getByRole('radio', { name: 'Correct answer 2' }));
  const box = within(d).getByRole('spinbutton', { name: 'Duration' });
  await user.clear(box);
  await user.type(box, '25');
  await user.tab();
}

const savedQuiz = {
  question: 'What is the capital of Canada?',
  answers: ['Vancouver', 'Ottawa', 'Calgary'],
  correctAnswerIndex: 1,
  duration: 25,
};

afterEach(() => {
  vi.useRealTimers();
});

describe('stream action buttons', () => {
  it('shows the buttons in order with their labels, status and test ids', async () => {
    server();
    renderPanel();
    await ready();
    const ids = Array.from(document.querySelectorAll('[data-testid$="-action-button"]')).map((b) => b.getAttribute('data-testid'));
    expect(ids).toEqual([
      'stream-manager-quiz-action-button',
      'stream-manager-celebration-action-button',
      'stream-manager-notice-action-button',
      'stream-manager-poll-action-button',
      'stream-manager-product-action-button',
    ]);
    expect(button('quiz')).toHaveTextContent('Host a quiz');
    expect(button('celebration')).toHaveTextContent('Trigger a celebration');
    expect(button('notice')).toHaveTextContent('Show a notice');
    expect(button('poll')).toHaveTextContent(/^Host a live pollOff$/);
    expect(button('product')).toHaveTextContent('Feature a product');
    for (const b of ['quiz', 'celebration', 'notice', 'poll', 'product']) {
      expect(button(b)).toHaveTextContent(/Off$/);
      expect(button(b)).toHaveAttribute('aria-pressed', 'false');
    }
    // Profile colour: alice is blue, so white text.
    expect(screen.getByRole('region', { name: 'Stream actions' })).toHaveStyle({ '--action-bg': '#3b7cf6', '--action-text': '#ffffff' });
  });

  it('adds "Amazon product" last when the server enables it', async () => {
    server({ amazon: true });
    renderPanel();
    await ready();
    const amazon = await screen.findByTestId('stream-manager-amazon-product-action-button');
    expect(amazon).toHaveTextContent(/^Amazon productOff$/);
    const all = Array.from(document.querySelectorAll('[data-testid$="-action-button"]'));
    expect(all.at(-1)).toBe(amazon);
  });
});

describe('stream action modals', () => {
  it('open with their title and close with the X, Cancel and Escape', async () => {
    server();
    renderPanel();
    await ready();
    const user = userEvent.setup();
    for (const [action, title, confirm] of [
      ['quiz', 'Host a quiz', 'Start quiz'],
      ['product', 'Feature a product', 'Show product'],
      ['notice', 'Show a notice', 'Show notice'],
      ['poll', 'Host a poll', 'Start poll'],
    ] as const) {
      const d = await openModal(user, action, title);
      for (const name of ['Close', 'Cancel', 'Save', confirm]) expect(within(d).getByRole('button', { name })).toBeInTheDocument();
      await user.click(within(d).getByRole('button', { name: 'Close' }));
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
      expect(button(action)).toHaveFocus();
    }
    await user.click(button('quiz'));
    await user.click(within(dialog('Host a quiz')).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await user.click(button('quiz'));
    expect(within(dialog('Host a quiz')).getByLabelText('Question')).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('says "Maximum length exceeded." past each limit and will not save', async () => {
    const { saves } = server();
    renderPanel();
    await ready();
    const user = userEvent.setup();
    const d = await openModal(user, 'product', 'Feature a product');
    const title = within(d).getByLabelText('Title');
    await user.click(title);
    await user.paste('x'.repeat(32));
    expect(within(d).queryByText('Maximum length exceeded.')).not.toBeInTheDocument();
    await user.type(title, 'y');
    expect(title).toHaveAccessibleDescription('Maximum length exceeded.');
    await user.click(within(d).getByLabelText('Price'));
    await user.paste('$123456789');
    expect(within(d).getAllByText('Maximum length exceeded.')).toHaveLength(1);
    await user.type(within(d).getByLabelText('Price'), '0');
    expect(within(d).getAllByText('Maximum length exceeded.')).toHaveLength(2);
    await user.click(within(d).getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Unable to save');
    expect(saves()).toEqual([]);
    // Deleting back to the limit clears it.
    await user.type(title, '{Backspace}');
    expect(title).not.toHaveAccessibleDescription();
  });

  it('checks the image address when it loses focus', async () => {
    server();
    renderPanel();
    await ready();
    const user = userEvent.setup();
    const d = await openModal(user, 'product', 'Feature a product');
    const url = within(d).getByLabelText('Image URL');
    await user.type(url, 'my-image.png');
    expect(within(d).queryByText('Enter a valid URL.')).not.toBeInTheDocument();
    await user.tab();
    expect(url).toHaveAccessibleDescription('Enter a valid URL.');
    await user.clear(url);
    await user.type(url, 'https://api.lorem.space/image/shoes?w=1024&h=1024');
    await user.tab();
    expect(url).not.toHaveAccessibleDescription();
  });

  it('Save stores the form on the server; Cancel goes back to the saved values', async () => {
    const { saves } = server();
    renderPanel();
    await ready();
    const user = userEvent.setup();
    let d = await openModal(user, 'quiz', 'Host a quiz');
    await fillQuiz(user, d);
    await user.click(within(d).getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Stream action successfully saved');
    expect(saves()).toEqual([{ path: '/channel/actions/forms/quiz', body: savedQuiz }]);
    // The modal stays open; edits after the save are dropped by Cancel.
    await user.type(within(d).getByLabelText('Question'), ' Or not?');
    await user.click(within(d).getByRole('button', { name: 'Cancel' }));
    d = await openModal(user, 'quiz', 'Host a quiz');
    expect(within(d).getByLabelText('Question')).toHaveValue('What is the capital of Canada?');
    expect(within(d).getAllByLabelText('Answer').map((i) => (i as HTMLInputElement).value)).toEqual(['Vancouver', 'Ottawa', 'Calgary']);
    expect(within(d).getByRole('radio', { name: 'Correct answer 2' })).toBeChecked();
    expect(within(d).getByRole('spinbutton', { name: 'Duration' })).toHaveValue(25);
    expect(within(d).getByRole('slider', { name: 'Duration' })).toHaveValue('25');
  });

  it('a failed save says "Unable to save"', async () => {
    server();
    renderPanel();
    await ready();
    fakeApi({
      'PUT /channel/actions/forms/notice': () => apiError(400, 'InvalidParameterException', 'The saved form is larger than 4 KB.'),
    });
    const user = userEvent.setup();
    const d = await openModal(user, 'notice', 'Show a notice');
    await user.type(within(d).getByLabelText('Title'), 'Hi');
    await user.click(within(d).getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Unable to save');
  });

  it('opens prefilled with the forms saved on the server (another device, or after a reload)', async () => {
    const { state } = server({
      forms: {
        notice: { title: '200k subs', message: 'Yay just reached 200k subs, thanks all!', duration: 25 },
        product: {
          title: 'Sneakers',
          price: '$270',
          imageUrl: 'https://api.lorem.space/image/shoes?w=1024&h=1024',
          description: "Your streamer's favorite sneakers",
        },
      },
    });
    const first = renderPanel();
    await ready();
    const user = userEvent.setup();
    let d = await openModal(user, 'notice', 'Show a notice');
    expect(within(d).getByLabelText('Title')).toHaveValue('200k subs');
    expect(within(d).getByLabelText('Message')).toHaveValue('Yay just reached 200k subs, thanks all!');
    expect(within(d).getByRole('spinbutton', { name: 'Duration' })).toHaveValue(25);
    await user.click(within(d).getByRole('button', { name: 'Close' }));
    d = await openModal(user, 'product', 'Feature a product');
    expect(within(d).getByLabelText('Price')).toHaveValue('$270');

    // Save a quiz, then "reload": a new page reads it back from the server.
    await user.click(within(d).getByRole('button', { name: 'Close' }));
    d = await openModal(user, 'quiz', 'Host a quiz');
    await fillQuiz(user, d);
    await user.click(within(d).getByRole('button', { name: 'Save' }));
    await screen.findByTestId('success-notification');
    expect(state.forms.quiz).toEqual(savedQuiz);
    first.unmount();

    renderPanel();
    await ready();
    d = await openModal(user, 'quiz', 'Host a quiz');
    await waitFor(() => expect(within(d).getByLabelText('Question')).toHaveValue('What is the capital of Canada?'));
    expect(within(d).getByRole('radio', { name: 'Correct answer 2' })).toBeChecked();
  });

  it('quiz answers: 3 by default, "Add answer" up to 5, delete down to 3, the correct answer follows its row', async () => {
    server();
    renderPanel();
    await ready();
    const user = userEvent.setup();
    const d = await openModal(user, 'quiz', 'Host a quiz');
    const answers = () => within(d).getAllByLabelText('Answer');
    expect(answers()).toHaveLength(3);
    expect(within(d).queryByRole('button', { name: /Delete answer/ })).not.toBeInTheDocument();
    const add = within(d).getByRole('button', { name: 'Add answer' });
    await user.click(add);
    expect(answers()).toHaveLength(4);
    await user.type(answers()[3]!, 'Paris');
    await user.click(within(d).getByRole('radio', { name: 'Correct answer 4' }));
    await user.click(add);
    expect(answers()).toHaveLength(5);
    expect(add).toHaveAttribute('aria-disabled', 'true');
    await user.click(add);
    expect(answers()).toHaveLength(5);
    // Deleting a row above the correct answer moves the selection up with it.
    await user.click(within(d).getByRole('button', { name: 'Delete answer 1' }));
    expect(answers()).toHaveLength(4);
    expect(within(d).getByRole('radio', { name: 'Correct answer 3' })).toBeChecked();
    expect(answers()[2]).toHaveValue('Paris');
    expect(add).not.toHaveAttribute('aria-disabled');
    // Deleting the correct answer leaves none selected.
    await user.click(within(d).getByRole('button', { name: 'Delete answer 3' }));
    expect(answers()).toHaveLength(3);
    expect(within(d).getAllByRole('radio').some((r) => (r as HTMLInputElement).checked)).toBe(false);
    expect(within(d).queryByRole('button', { name: /Delete answer/ })).not.toBeInTheDocument();
  });

  it('poll options: 2 by default, up to 5', async () => {
    server();
    renderPanel();
    await ready();
    const user = userEvent.setup();
    const d = await openModal(user, 'poll', 'Host a poll');
    expect(within(d).getByRole('group', { name: 'Options' })).toBeInTheDocument();
    expect(within(d).getAllByLabelText('Answer')).toHaveLength(2);
    expect(within(d).queryByRole('radio')).not.toBeInTheDocument();
    for (let i = 0; i < 3; i++) await user.click(within(d).getByRole('button', { name: 'Add answer' }));
    expect(within(d).getAllByLabelText('Answer')).toHaveLength(5);
    expect(within(d).getByRole('button', { name: 'Add answer' })).toHaveAttribute('aria-disabled', 'true');
  });

  it('duration: the number box is clamped on blur and moves with the slider', async () => {
    server();
    renderPanel();
    await ready();
    const user = userEvent.setup();
    const d = await openModal(user, 'poll', 'Host a poll');
    const box = within(d).getByRole('spinbutton', { name: 'Duration' });
    const slider = within(d).getByRole('slider', { name: 'Duration' });
    expect(box).toHaveValue(15);
    expect(slider).toHaveAttribute('min', '10');
    expect(slider).toHaveAttribute('max', '120');
    await user.clear(box);
    await user.type(box, '500');
    await user.tab();
    expect(box).toHaveValue(120);
    expect(slider).toHaveValue('120');
    await user.clear(box);
    await user.type(box, '3');
    await user.tab();
    expect(box).toHaveValue(10);
  });
});

describe('starting an action', () => {
  it('sends the quiz, toasts, saves what was sent and counts down on the button', async () => {
    const { sent, saves } = server();
    renderPanel();
    await ready();
    const user = userEvent.setup();
    const d = await openModal(user, 'quiz', 'Host a quiz');
    await fillQuiz(user, d);
    await user.click(within(d).getByRole('button', { name: 'Start quiz' }));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Host a quiz started');
    expect(sent()).toEqual([{ name: 'quiz', data: savedQuiz }]);
    await waitFor(() => expect(saves()).toEqual([{ path: '/channel/actions/forms/quiz', body: savedQuiz }]));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(button('quiz')).toHaveTextContent(/^Hosting a quiz2[45]s$/);
    expect(button('quiz')).toHaveAttribute('aria-pressed', 'true');
  });

  it('will not send an incomplete form: "Unable to send" and the reasons', async () => {
    const { sent } = server();
    renderPanel();
    await ready();
    const user = userEvent.setup();
    const d = await openModal(user, 'quiz', 'Host a quiz');
    await user.click(within(d).getByRole('button', { name: 'Start quiz' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Unable to send');
    expect(within(d).getByLabelText('Question')).toHaveAccessibleDescription('This field is required.');
    expect(within(d).getByText('Select a correct answer.')).toBeInTheDocument();

    await user.type(within(d).getByLabelText('Question'), 'Capital?');
    const answers = within(d).getAllByLabelText('Answer');
    await user.type(answers[0]!, 'Paris');
    await user.type(answers[1]!, 'paris ');
    await user.type(answers[2]!, 'Rome');
    await user.click(within(d).getByRole('radio', { name: 'Correct answer 1' }));
    await user.click(within(d).getByRole('button', { name: 'Start quiz' }));
    expect(answers[1]).toHaveAccessibleDescription('Enter a unique answer.');
    expect(sent()).toEqual([]);
  });

  it('"Enter a unique option." for a poll', async () => {
    const { sent } = server();
    renderPanel();
    await ready();
    const user = userEvent.setup();
    const d = await openModal(user, 'poll', 'Host a poll');
    await user.type(within(d).getByLabelText('Question'), 'Pizza?');
    const options = within(d).getAllByLabelText('Answer');
    await user.type(options[0]!, 'Yes');
    await user.type(options[1]!, 'Yes');
    await user.click(within(d).getByRole('button', { name: 'Start poll' }));
    expect(options[1]).toHaveAccessibleDescription('Enter a unique option.');
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Unable to send');
    expect(sent()).toEqual([]);
  });

  it('offline: "Unable to start stream action", the modal stays open and the form is still saved', async () => {
    const { sent, saves } = server({ live: false });
    renderPanel();
    await ready();
    const user = userEvent.setup();
    const d = await openModal(user, 'notice', 'Show a notice');
    await user.type(within(d).getByLabelText('Title'), '200k subs');
    await user.type(within(d).getByLabelText('Message'), 'Thanks all!');
    await user.click(within(d).getByRole('button', { name: 'Show notice' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Unable to start stream action');
    expect(sent()).toEqual([{ name: 'notice', data: { title: '200k subs', message: 'Thanks all!', duration: 15 } }]);
    expect(dialog('Show a notice')).toBeInTheDocument();
    expect(button('notice')).toHaveTextContent(/Off$/);
    await waitFor(() => expect(saves()).toHaveLength(1));
  });

  it('shows the server\'s field errors when it refuses the action', async () => {
    server();
    renderPanel();
    await ready();
    const user = userEvent.setup();
    const d = await openModal(user, 'product', 'Feature a product');
    fakeApi({
      'POST /channel/actions/send': () =>
        apiError(400, 'TimedMetadataValidationException', 'The stream action is not valid.', { imageUrl: 'Enter a valid URL.' }),
      'PUT /channel/actions/forms/product': () => ({ status: 204 }),
    });
    await user.type(within(d).getByLabelText('Title'), 'Sneakers');
    await user.type(within(d).getByLabelText('Price'), '$270');
    await user.type(within(d).getByLabelText('Image URL'), 'http://localhost/x.png');
    await user.type(within(d).getByLabelText('Description'), 'Shoes');
    await user.click(within(d).getByRole('button', { name: 'Show product' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Unable to start stream action');
    expect(within(d).getByLabelText('Image URL')).toHaveAccessibleDescription('Enter a valid URL.');
  });

  it('a celebration starts at once (10 s); clicks closer than 100 ms send once', async () => {
    const { sent } = server();
    renderPanel();
    await ready();
    const user = userEvent.setup();
    await user.dblClick(button('celebration'));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Trigger a celebration started');
    expect(sent()).toEqual([{ name: 'celebration', data: { duration: 10 } }]);
    expect(button('celebration')).toHaveTextContent(/^Triggering a celebration10s$/);
  });
});

describe('the active action', () => {
  it('comes from the server on load, counts down and turns off at its end', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const now = Date.now();
    server({ active: started({ name: 'notice', data: { title: 't', message: 'm', duration: 15 } }, now - 3200) });
    renderPanel();
    await ready();
    await waitFor(() => expect(button('notice')).toHaveTextContent(/^Showing a notice12s$/));
    expect(button('notice').querySelector('.action-button__pie')).not.toBeNull();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1000);
    });
    await waitFor(() => expect(button('notice')).toHaveTextContent(/11s$/));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(11_000);
    });
    await waitFor(() => expect(button('notice')).toHaveTextContent(/^Show a noticeOff$/));
  });

  it('follows streamAction events; a product is "On"; clicking the active button stops it', async () => {
    const { calls } = server();
    renderPanel();
    await ready();
    act(() =>
      publish('channel:ch1', {
        type: 'streamAction',
        channelId: 'ch1',
        action: started({ name: 'product', data: { title: 'Sneakers', price: '$270', imageUrl: 'https://a.test/s.png', description: 'd' } }),
        time: '',
      }),
    );
    await waitFor(() => expect(button('product')).toHaveTextContent(/^Featuring a productOn$/));
    const user = userEvent.setup();
    await user.click(button('product'));
    await waitFor(() => expect(button('product')).toHaveTextContent(/^Feature a productOff$/));
    expect(calls.filter((c) => c.method === 'DELETE' && c.path === '/channel/actions/active')).toHaveLength(1);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    // Another action replaces it; a stop event clears it.
    act(() =>
      publish('channel:ch1', { type: 'streamAction', channelId: 'ch1', action: started({ name: 'celebration', data: { duration: 10 } }), time: '' }),
    );
    await waitFor(() => expect(button('celebration')).toHaveTextContent(/Triggering/));
    act(() => publish('channel:ch1', { type: 'streamAction', channelId: 'ch1', action: null, time: '' }));
    await waitFor(() => expect(button('celebration')).toHaveTextContent(/^Trigger a celebrationOff$/));
  });

  it('clears when the stream goes offline', async () => {
    server({ active: started({ name: 'product', data: { title: 'S', price: '$1', imageUrl: 'https://a.test/s.png', description: 'd' } }) });
    renderPanel();
    await ready();
    await waitFor(() => expect(button('product')).toHaveTextContent(/On$/));
    act(() => publish('channel:ch1', { type: 'liveStatus', channelId: 'ch1', isLive: false, time: '' }));
    await waitFor(() => expect(button('product')).toHaveTextContent(/Off$/));
  });
});

describe('poll', () => {
  it('starts, shows the server tally live, ends with "Showing results", and goes when the server clears it', async () => {
    const { sent, state } = server();
    renderPanel();
    await ready();
    const user = userEvent.setup();
    const d = await openModal(user, 'poll', 'Host a poll');
    await user.type(within(d).getByLabelText('Question'), 'Pizza tonight?');
    const options = within(d).getAllByLabelText('Answer');
    await user.type(options[0]!, 'Yes');
    await user.type(options[1]!, 'No');
    const box = within(d).getByRole('spinbutton', { name: 'Duration' });
    await user.clear(box);
    await user.type(box, '30');
    await user.click(within(d).getByRole('button', { name: 'Start poll' }));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Host a poll started');
    expect(sent()).toEqual([{ name: 'poll', data: { question: 'Pizza tonight?', answers: ['Yes', 'No'], duration: 30 } }]);
    expect(button('poll')).toHaveTextContent(/^Hosting a live poll(30|29)s$/);

    const results = screen.getByRole('region', { name: 'Poll results' });
    expect(results).toHaveTextContent('Pizza tonight?');
    expect(results).toHaveTextContent('Yes0% (0 votes)');
    expect(results).toHaveTextContent('Total votes: 0');

    const id = state.active!.id;
    act(() =>
      publish('channel:ch1', { type: 'pollVotes', channelId: 'ch1', poll: tally('Pizza tonight?', [2, 1], { id }), time: '' }),
    );
    await waitFor(() => expect(results).toHaveTextContent('Yes67% (2 votes)'));
    expect(results).toHaveTextContent('No34% (1 vote)');
    expect(results).toHaveTextContent('Total votes: 3');

    // Collapsible.
    await user.click(within(results).getByRole('button', { name: 'Poll results' }));
    expect(within(results).getByRole('button', { name: 'Poll results' })).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByText('Total votes: 3')).not.toBeVisible();
    await user.click(within(results).getByRole('button', { name: 'Poll results' }));

    act(() =>
      publish('channel:ch1', {
        type: 'pollVotes',
        channelId: 'ch1',
        poll: tally('Pizza tonight?', [3, 1], { id, ended: true, endTime: new Date().toISOString() }),
        time: '',
      }),
    );
    await waitFor(() => expect(button('poll')).toHaveTextContent(/^Showing resultsOn$/));
    expect(results).toHaveTextContent('YesWinner75% (3 votes)');
    expect(results).toHaveTextContent('Total votes: 4');

    act(() => publish('channel:ch1', { type: 'streamAction', channelId: 'ch1', action: null, time: '' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Poll results' })).not.toBeInTheDocument());
    expect(button('poll')).toHaveTextContent(/^Host a live pollOff$/);
  });

  it('clicking the running poll ends it now: its results show', async () => {
    const { calls } = server({ active: started({ name: 'poll', data: { question: 'Q?', answers: ['Yes', 'No'], duration: 60 } }) });
    renderPanel();
    await ready();
    await waitFor(() => expect(button('poll')).toHaveTextContent(/Hosting a live poll/));
    const user = userEvent.setup();
    await user.click(button('poll'));
    await waitFor(() => expect(button('poll')).toHaveTextContent(/^Showing resultsOn$/));
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(1);
    expect(screen.getByRole('region', { name: 'Poll results' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});

describe('Amazon product', () => {
  function item(i: number, over: Partial<AmazonProductData> = {}): AmazonProductData {
    return {
      title: `Sneaker ${i}`,
      price: { displayAmount: `$${100 + i}.00` },
      productURL: `https://www.amazon.com/dp/B0${i}?tag=ch1`,
      images: { medium: { url: `https://m.media-amazon.com/images/I/${i}.jpg` } },
      merchantInfo: 'Shoe House',
      ...over,
    };
  }

  /** The product search: `answer` gets the request's URL. */
  function products(answer: (url: URL) => { status: number; body?: unknown }) {
    const base = globalThis.fetch;
    const searches: URL[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(String(input), 'http://localhost');
        if (!url.pathname.startsWith('/api/v1/products/')) return base(input, init);
        searches.push(url);
        const res = answer(url);
        return new Response(res.body === undefined ? null : JSON.stringify(res.body), { status: res.status });
      }),
    );
    return searches;
  }

  const page = (url: URL, count: number, total: number) => {
    const p = Number(url.searchParams.get('page'));
    const start = (p - 1) * 10;
    const items = Array.from({ length: Math.max(0, Math.min(10, total - start)) }, (_, i) => item(start + i + 1));
    return { status: 200, body: { searchCount: count, items, keyword: decodeURIComponent(url.pathname.split('/').pop()!) } };
  };

  async function openPicker() {
    await ready();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('stream-manager-amazon-product-action-button'));
    return { user, d: dialog('Feature an Amazon product') };
  }

  it('searches, preselects the first result, and shows the chosen one', async () => {
    const { sent, saves } = server({ amazon: true });
    const searches = products(() => ({
      status: 200,
      body: { searchCount: 2, items: [item(1), item(2, { price: null, merchantInfo: null, images: null })], keyword: 'sneakers' },
    }));
    renderPanel();
    const { user, d } = await openPicker();
    expect(within(d).getByText('Search for a product')).toBeInTheDocument();
    expect(within(d).queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
    expect(within(d).getByRole('button', { name: 'Show product' })).toHaveAttribute('aria-disabled', 'true');
    await user.type(within(d).getByRole('searchbox', { name: 'Enter keywords or ASIN' }), 'sneakers');
    const results = await within(d).findByRole('radiogroup', { name: 'Results' }, { timeout: 2000 });
    expect(searches).toHaveLength(1);
    expect(searches[0]!.pathname).toBe('/api/v1/products/sneakers');
    expect(Object.fromEntries(searches[0]!.searchParams)).toEqual({ sort: 'Relevance', page: '1' });
    expect(within(results).getByRole('radio', { name: 'Sneaker 1' })).toBeChecked();
    expect(results).toHaveTextContent('$101.00');
    expect(results).toHaveTextContent('Price not available');
    expect(results).toHaveTextContent('Seller name not available');
    await user.click(within(results).getByRole('radio', { name: 'Sneaker 2' }));
    await user.click(within(d).getByRole('button', { name: 'Show product' }));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Feature an Amazon product started');
    expect(sent()).toEqual([{ name: 'amazon_product', data: item(2, { price: null, merchantInfo: null, images: null }) }]);
    expect(saves()).toEqual([]);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(button('amazon-product')).toHaveTextContent(/^Amazon productOn$/);
  });

  it('"No results for your search"; other failures "Unable to get products"', async () => {
    server({ amazon: true });
    products((url) =>
      url.pathname.endsWith('/nothing')
        ? { status: 200, body: { searchCount: 0, items: [], keyword: 'nothing' } }
        : apiError(500, 'UnexpectedException', 'An unexpected error occurred, please try again later'),
    );
    renderPanel();
    const { user, d } = await openPicker();
    const search = within(d).getByRole('searchbox', { name: 'Enter keywords or ASIN' });
    await user.type(search, 'nothing');
    expect(await within(d).findByText('No results for your search', {}, { timeout: 2000 })).toBeInTheDocument();
    await user.clear(search);
    await user.type(search, 'boom');
    expect(await screen.findByTestId('error-notification', {}, { timeout: 2000 })).toHaveTextContent('Unable to get products');
  });

  it('sorting searches again; a failed sort says "An error occurred" and goes back', async () => {
    server({ amazon: true });
    const searches = products((url) =>
      url.searchParams.get('sort') === 'Featured'
        ? apiError(500, 'SortProductsException', 'Unable to sort the products, please try again.')
        : page(url, 3, 3),
    );
    renderPanel();
    const { user, d } = await openPicker();
    await user.type(within(d).getByRole('searchbox', { name: 'Enter keywords or ASIN' }), 'sneakers');
    await within(d).findByRole('radiogroup', { name: 'Results' }, { timeout: 2000 });

    await user.click(within(d).getByRole('button', { name: 'Sort by' }));
    const menu = within(d).getByRole('menu', { name: 'Sort by' });
    expect(within(menu).getAllByRole('menuitemradio').map((m) => m.textContent)).toEqual([
      'Relevance',
      'New arrivals',
      'Price: Low to high',
      'Price: High to low',
      'Featured',
    ]);
    await user.click(within(menu).getByRole('menuitemradio', { name: 'Price: Low to high' }));
    await waitFor(() => expect(searches).toHaveLength(2));
    expect(Object.fromEntries(searches[1]!.searchParams)).toEqual({ sort: 'Price:LowToHigh', page: '1', origin: 'sort' });

    await user.click(within(d).getByRole('button', { name: 'Sort by' }));
    await user.click(within(d).getByRole('menuitemradio', { name: 'Featured' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('An error occurred');
    await user.click(within(d).getByRole('button', { name: 'Sort by' }));
    expect(within(d).getByRole('menuitemradio', { name: 'Price: Low to high' })).toHaveAttribute('aria-checked', 'true');
    // Escape closes the menu, not the modal.
    await user.keyboard('{Escape}');
    expect(within(d).queryByRole('menu')).not.toBeInTheDocument();
    expect(dialog('Feature an Amazon product')).toBeInTheDocument();
  });

  it('loads the next page near the end of the list, up to page 5', async () => {
    server({ amazon: true });
    const searches = products((url) => page(url, 80, 80));
    renderPanel();
    const { user, d } = await openPicker();
    await user.type(within(d).getByRole('searchbox', { name: 'Enter keywords or ASIN' }), 'sneakers');
    const list = await within(d).findByRole('radiogroup', { name: 'Results' }, { timeout: 2000 });
    expect(within(list).getAllByRole('radio')).toHaveLength(10);
    const scroller = list.parentElement!;
    Object.defineProperties(scroller, {
      scrollHeight: { configurable: true, value: 1000 },
      clientHeight: { configurable: true, value: 400 },
      scrollTop: { configurable: true, writable: true, value: 0 },
    });
    for (let p = 2; p <= 6; p++) {
      scroller.scrollTop = 590;
      act(() => {
        scroller.dispatchEvent(new Event('scroll'));
      });
      if (p <= 5) await waitFor(() => expect(within(list).getAllByRole('radio')).toHaveLength(p * 10));
    }
    expect(searches.map((u) => u.searchParams.get('page'))).toEqual(['1', '2', '3', '4', '5']);
  });
});
