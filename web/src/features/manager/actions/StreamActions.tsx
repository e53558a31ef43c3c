// The stream actions of /manager (spec 7.1-7.4, 7.6): the buttons grid, the
// form modals and, while a poll runs, its results. The active action is the
// server's (loaded, then kept current from the channel's events); the page
// only counts its time down.
import { useCallback, useEffect, useId, useMemo, useRef, useState, type CSSProperties } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useUser } from '../../../app/session';
import { useToast } from '../../../components/Toast';
import { api, isApiError } from '../../../lib/api';
import { colorSwatch } from '../../../lib/profile';
import type { AmazonProductData, StreamActionName, StreamActionRequest } from '../../../lib/types';
import { ActionButton } from './ActionButton';
import { ActionModal } from './ActionModal';
import { AmazonProductModal } from './AmazonProductModal';
import { activeView } from './activeView';
import {
  BUTTONS,
  CELEBRATION_DURATION,
  MESSAGES,
  SEND_THROTTLE_MS,
  STARTED,
  formFieldErrors,
  normalizeForm,
  type FieldErrors,
  type FormActionName,
  type FormDataMap,
} from './definitions';
import { PollResults } from './PollResults';
import {
  activeActionKey,
  rememberForm,
  setActive,
  useActionEvents,
  useActiveAction,
  useAmazonProductEnabled,
  useSavedForms,
} from './queries';
import { useNow } from './useNow';
import './StreamActions.css';

const formNames: readonly FormActionName[] = ['quiz', 'product', 'notice', 'poll'];
const isFormAction = (name: string): name is FormActionName => (formNames as readonly string[]).includes(name);

/** stageActive: in a co-host session, every action but the poll is off (spec 7.2). */
export function StreamActions({ stageActive = false }: { stageActive?: boolean } = {}) {
  const user = useUser();
  const client = useQueryClient();
  const toast = useToast();
  const titleId = useId();
  useActionEvents(user.channelId);
  const action = useActiveAction().data ?? null;
  const forms = useSavedForms().data;
  const amazon = useAmazonProductEnabled();
  const [modal, setModal] = useState<FormActionName | 'amazon_product' | null>(null);
  const [sending, setSending] = useState(false);

  // The countdown: recomputed on each second boundary while one runs.
  const anchor = activeView(action, Date.now())?.anchor ?? null;
  const now = useNow(anchor);
  const view = activeView(action, now);

  // Over on its own (timed out, or a poll's results that were never cleared): drop it.
  useEffect(() => {
    if (view?.expired) setActive(client, null, view.id);
  }, [client, view?.expired, view?.id]);

  // Each form keeps its identity until its own saved value changes (an open, untouched form follows it).
  const quiz = useMemo(() => normalizeForm('quiz', forms?.quiz), [forms?.quiz]);
  const poll = useMemo(() => normalizeForm('poll', forms?.poll), [forms?.poll]);
  const product = useMemo(() => normalizeForm('product', forms?.product), [forms?.product]);
  const notice = useMemo(() => normalizeForm('notice', forms?.notice), [forms?.notice]);
  const saved = useMemo<FormDataMap>(() => ({ quiz, poll, product, notice }), [quiz, poll, product, notice]);

  // Sends and stops closer together than 100 ms, or while one is under way, are dropped.
  const lastCommand = useRef(0);
  const busy = useRef(false);
  const command = useCallback(async <T,>(run: () => Promise<T>): Promise<T | undefined> => {
    const t = Date.now();
    if (busy.current || t - lastCommand.current < SEND_THROTTLE_MS) return undefined;
    lastCommand.current = t;
    busy.current = true;
    setSending(true);
    try {
      return await run();
    } finally {
      busy.current = false;
      setSending(false);
    }
  }, []);

  /** Starts an action; resolves with the server's field errors when refused, null when started, undefined when dropped. */
  const send = useCallback(
    (req: StreamActionRequest) =>
      command(async (): Promise<FieldErrors | null> => {
        try {
          setActive(client, await api.actions.send(req));
          toast.success(STARTED[req.name]);
          return null;
        } catch (err) {
          toast.error(MESSAGES.unableToStart);
          return isApiError(err) ? err.fields : {};
        }
      }),
    [client, command, toast],
  );

  const stop = () => {
    if (!view) return;
    const { id, name, phase } = view;
    void command(async () => {
      try {
        await api.actions.stop();
        // A running poll ends now and shows its results (the server's tally); the rest are gone.
        if (name === 'poll' && phase === 'countdown') await client.invalidateQueries({ queryKey: activeActionKey });
        else setActive(client, null, id);
      } catch {
        toast.error(MESSAGES.unableToStop);
      }
    });
  };

  const persist = async <K extends FormActionName>(name: K, data: FormDataMap[K]) => {
    await api.actions.saveForm(name, data);
    rememberForm(client, name, data);
  };

  const onSave = async <K extends FormActionName>(name: K, data: FormDataMap[K]) => {
    try {
      await persist(name, data);
      toast.success(MESSAGES.saved);
      return true;
    } catch {
      toast.error(MESSAGES.unableToSave);
      return false;
    }
  };

  const onConfirm = async <K extends FormActionName>(name: K, data: FormDataMap[K]): Promise<FieldErrors | null> => {
    const refused = await send({ name, data } as StreamActionRequest);
    if (refused === undefined) return null; // dropped: a send is under way
    // What was sent is the form's new saved state, started or not.
    void persist(name, data).catch(() => {});
    if (refused === null) {
      setModal(null);
      return null;
    }
    return formFieldErrors(name, refused);
  };

  /** The Amazon product is not saved (spec 7.2): its picker starts empty each time. */
  const onAmazonConfirm = async (product: AmazonProductData) =>
    (await send({ name: 'amazon_product', data: product })) === null;

  const onButton = (name: StreamActionName) => {
    if (view?.name === name) stop();
    else if (name === 'celebration') void send({ name, data: { duration: CELEBRATION_DURATION } });
    else if (name === 'amazon_product' || isFormAction(name)) setModal(name);
  };

  const swatch = colorSwatch(user.color);
  const style = { '--action-bg': swatch.background, '--action-text': swatch.text } as CSSProperties;
  const runningPoll = action?.name === 'poll' && action.poll && view ? action.poll : null;

  return (
    <section className="stream-actions" aria-labelledby={titleId} style={style}>
      <h2 id={titleId} className="sr-only">
        Stream actions
      </h2>
      <div className="stream-actions__grid">
        {BUTTONS.filter((b) => b.name !== 'amazon_product' || amazon).map((spec) => (
          <ActionButton
            key={spec.name}
            spec={spec}
            view={view?.name === spec.name ? view : null}
            disabled={stageActive && spec.name !== 'poll'}
            onClick={() => onButton(spec.name)}
          />
        ))}
      </div>
      {runningPoll && <PollResults poll={runningPoll} ended={view?.phase === 'results'} />}
      <ActionModal
        name={modal === 'amazon_product' ? null : modal}
        saved={saved}
        sending={sending}
        onClose={() => setModal(null)}
        onSave={onSave}
        onConfirm={onConfirm}
      />
      <AmazonProductModal
        open={modal === 'amazon_product'}
        sending={sending}
        onClose={() => setModal(null)}
        onConfirm={onAmazonConfirm}
      />
    </section>
  );
}
