import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { Input } from '../../components/Input';
import { ConfirmModal } from '../../components/Modal';
import { Spinner } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { AlertIcon, CopyIcon, VideoIcon } from '../../components/icons';
import { api } from '../../lib/api';
import { copyText } from '../../lib/clipboard';
import { SettingsSection } from './SettingsPage';
import { ownChannelKey, useOwnChannel } from './queries';

/** Stream key, ingest and playback addresses (spec 2.7 "Stream settings"). */
export function StreamSettings() {
  const channel = useOwnChannel();
  const navigate = useNavigate();
  const client = useQueryClient();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);

  const resetKey = useMutation({
    mutationFn: api.channel.resetStreamKey,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ownChannelKey });
      toast.success('Stream key has been reset');
    },
    onError: () => toast.error('Stream key failed to reset'),
  });

  let body;
  if (channel.isPending) {
    body = (
      <div className="settings-section__loading">
        <Spinner label="Loading stream settings" />
      </div>
    );
  } else if (channel.isError) {
    body = (
      <EmptyState
        icon={<AlertIcon size={24} />}
        title="Stream settings failed to load"
        action={
          <Button variant="secondary" onClick={() => void channel.refetch()}>
            Try again
          </Button>
        }
      />
    );
  } else {
    const c = channel.data;
    body = (
      <>
        <Input
          label="Stream key"
          type="password"
          value={c.streamKeyValue}
          readOnly
          className="field--inline field--wrap-actions"
          onFocus={(e) => e.currentTarget.select()}
          actions={
            <>
              <Button variant="destructive" size="s" onClick={() => setConfirming(true)}>
                Reset
              </Button>
              <CopyButton field="Stream key" value={c.streamKeyValue} />
            </>
          }
        />
        <CopyField label="Ingest server URL" value={c.ingestServerUrl} />
        <CopyField label="Ingest endpoint" value={c.ingestEndpoint} />
        <CopyField label="WHIP URL" value={c.whipUrl} />
        <CopyField label="Playback URL" value={c.playbackUrl} />
        <div className="settings-section__footer">
          <Button variant="primary" onClick={() => navigate('/manager')}>
            <VideoIcon size={18} />
            Go live from web
          </Button>
        </div>
      </>
    );
  }

  return (
    <SettingsSection title="Stream settings" testId="stream-settings">
      {body}
      <ConfirmModal
        open={confirming}
        message="Are you sure you would like to reset your stream key?"
        subMessage="Your current live stream will be terminated when you reset your stream key."
        confirmLabel="Reset stream key"
        destructive
        onCancel={() => setConfirming(false)}
        onConfirm={async () => {
          try {
            await resetKey.mutateAsync();
          } catch {
            // reported by the mutation's onError
          } finally {
            setConfirming(false);
          }
        }}
      />
    </SettingsSection>
  );
}

function CopyField({ label, value }: { label: string; value: string }) {
  return (
    <Input
      label={label}
      value={value}
      readOnly
      className="field--inline"
      onFocus={(e) => e.currentTarget.select()}
      actions={<CopyButton field={label} value={value} />}
    />
  );
}

/** "Copy" (accessible name "Copy <field>"); toast "<field> copied". */
/** Copies `value` and says so in a toast named after `field`. */
export function CopyButton({ field, value }: { field: string; value: string }) {
  const toast = useToast();
  const copy = async () => {
    if (await copyText(value)) toast.success(`${field} copied`);
    else toast.error(`${field} failed to copy`);
  };
  return (
    <Button variant="secondary" size="s" onClick={() => void copy()}>
      <CopyIcon size={16} />
      <span aria-hidden="true">Copy</span>
      <span className="sr-only">{`Copy ${field}`}</span>
    </Button>
  );
}
