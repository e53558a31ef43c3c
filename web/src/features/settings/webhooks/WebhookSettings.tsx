import { useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from '../../../components/Button';
import { EmptyState } from '../../../components/EmptyState';
import { Input } from '../../../components/Input';
import { ConfirmModal } from '../../../components/Modal';
import { Spinner } from '../../../components/Spinner';
import { useToast } from '../../../components/Toast';
import { AlertIcon, ChevronDownIcon, TrashIcon } from '../../../components/icons';
import { api, isApiError } from '../../../lib/api';
import { useForm, type Validators } from '../../../lib/form';
import type { CreatedWebhook, Webhook } from '../../../lib/types';
import { SettingsSection } from '../SettingsPage';
import { CopyButton } from '../StreamSettings';
import { DeliveryLog } from './DeliveryLog';
import { useWebhooks, webhooksKey } from './queries';
import { formatDate, MAX_WEBHOOKS, validateWebhookUrl } from './rules';
import './webhooks.css';

/**
 * The owner's webhook endpoints: each receives the channel's stream events
 * as signed JSON. The signing secret is shown once, right after creation.
 */
export function WebhookSettings() {
  const hooks = useWebhooks();
  const client = useQueryClient();
  const toast = useToast();
  const urlInput = useRef<HTMLInputElement>(null);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);

  const remove = useMutation({
    mutationFn: (id: string) => api.webhooks.remove(id),
    onSuccess: async (_, id) => {
      if (created?.id === id) setCreated(null);
      await client.invalidateQueries({ queryKey: webhooksKey });
      toast.success('Webhook deleted');
    },
    onError: (err) => {
      // Already gone (deleted in another tab): show the list as it is.
      if (isApiError(err) && err.status === 404) void client.invalidateQueries({ queryKey: webhooksKey });
      toast.error('Webhook failed to delete');
    },
  });

  let list;
  if (hooks.isPending) {
    list = (
      <div className="settings-section__loading">
        <Spinner label="Loading webhooks" />
      </div>
    );
  } else if (hooks.isError) {
    list = (
      <EmptyState
        icon={<AlertIcon size={24} />}
        title="Webhooks failed to load"
        action={
          <Button variant="secondary" onClick={() => void hooks.refetch()}>
            Try again
          </Button>
        }
      />
    );
  } else if (hooks.data.length === 0) {
    list = <p className="webhooks__empty">No webhooks yet.</p>;
  } else {
    list = (
      <ul className="webhook-list" aria-label="Webhook endpoints">
        {hooks.data.map((h) => (
          <WebhookItem key={h.id} hook={h} onDelete={() => setDeleting(h)} />
        ))}
      </ul>
    );
  }

  return (
    <SettingsSection title="Webhooks" testId="webhook-settings">
      <p className="webhooks__intro">
        Onair POSTs each stream event of your channel (stream start and end, starvation, session created and ended)
        as JSON to your endpoints. Every request is signed with the endpoint&apos;s secret in its
        Onair-Webhook-Signature header, so you can check that it came from Onair.
      </p>
      {list}
      <AddWebhookForm count={hooks.data?.length ?? 0} inputRef={urlInput} onCreated={setCreated} />
      {created && <SigningSecret created={created} onDone={() => setCreated(null)} />}
      <ConfirmModal
        open={deleting !== null}
        message="Delete this webhook?"
        subMessage={deleting ? `Onair stops sending events to ${deleting.url}.` : undefined}
        confirmLabel="Delete webhook"
        destructive
        onCancel={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          let deleted = false;
          try {
            await remove.mutateAsync(deleting.id);
            deleted = true;
          } catch {
            // reported by the mutation's onError
          } finally {
            setDeleting(null);
          }
          // The button that opened the dialog is gone with its row.
          if (deleted) urlInput.current?.focus();
        }}
      />
    </SettingsSection>
  );
}

function WebhookItem({ hook, onDelete }: { hook: Webhook; onDelete: () => void }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const urlId = `${id}-url`;
  const logId = `${id}-log`;
  return (
    <li className="webhook">
      <div className="webhook__row">
        <div className="webhook__info">
          <span id={urlId} className="webhook__url">
            {hook.url}
          </span>
          <span className="webhook__created">Added {formatDate(hook.createdAt)}</span>
        </div>
        <div className="webhook__actions">
          <Button
            variant="secondary"
            size="s"
            aria-expanded={open}
            aria-controls={logId}
            aria-describedby={urlId}
            onClick={() => setOpen((o) => !o)}
          >
            Delivery log
            <ChevronDownIcon size={16} className={open ? 'webhook__chevron--open' : undefined} />
          </Button>
          <Button variant="tertiary" size="s" aria-describedby={urlId} onClick={onDelete}>
            <TrashIcon size={16} />
            <span className="sr-only">Delete webhook</span>
          </Button>
        </div>
      </div>
      <div id={logId} className="webhook__log" hidden={!open}>
        {open && <DeliveryLog hook={hook} />}
      </div>
    </li>
  );
}

const urlValidators: Validators<'url'> = { url: (v) => validateWebhookUrl(v.url) };

function AddWebhookForm({
  count,
  inputRef,
  onCreated,
}: {
  count: number;
  inputRef: RefObject<HTMLInputElement | null>;
  onCreated: (w: CreatedWebhook) => void;
}) {
  const client = useQueryClient();
  const toast = useToast();
  const form = useForm<'url'>({ url: '' }, urlValidators);
  const full = count >= MAX_WEBHOOKS;

  const create = useMutation({
    mutationFn: (url: string) => api.webhooks.create(url),
    onSuccess: async (w) => {
      form.reset({ url: '' });
      onCreated(w);
      toast.success('Webhook added');
      await client.invalidateQueries({ queryKey: webhooksKey });
    },
    onError: (err) => {
      toast.error('Webhook failed to add');
      // What the server refused (a private address, the limit) is explained
      // under the field in its own words.
      if (isApiError(err) && err.status > 0 && err.status < 500) {
        form.setErrors({ url: err.fields.url ?? err.message });
        if (err.code === 'WebhookLimitExceededException') void client.invalidateQueries({ queryKey: webhooksKey });
      }
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (full || create.isPending || !form.validate()) return;
    create.mutate(form.values.url.trim());
  };

  const description = full
    ? `You have ${MAX_WEBHOOKS} webhooks, the most a channel can have. Delete one to add another.`
    : 'An http:// or https:// address that accepts POST requests.';

  return (
    <form className="settings-form settings-form--stack" onSubmit={submit} noValidate data-testid="webhook-form">
      <Input
        ref={inputRef}
        label="Endpoint URL"
        type="url"
        inputMode="url"
        placeholder="https://example.com/onair"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        className="field--inline"
        disabled={full}
        description={description}
        {...form.field('url')}
        actions={
          <Button type="submit" disabled={full} loading={create.isPending}>
            Add webhook
          </Button>
        }
      />
    </form>
  );
}

/** The new endpoint's signing secret, shown this once; focus moves to it. */
function SigningSecret({ created, onDone }: { created: CreatedWebhook; onDone: () => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), [created.id]);
  return (
    <div className="webhook-secret" data-testid="webhook-secret">
      <Input
        ref={ref}
        label="Signing secret"
        value={created.secret}
        readOnly
        spellCheck={false}
        className="field--inline field--wrap-actions"
        onFocus={(e) => e.currentTarget.select()}
        description={
          <>
            The secret of {created.url}. Copy it now and keep it safe: it will not be shown again.
          </>
        }
        actions={<CopyButton field="Signing secret" value={created.secret} />}
      />
      <div className="settings-section__footer">
        <Button variant="secondary" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}

