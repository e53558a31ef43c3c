// The "Go live" card of the stream manager (spec 11, 2.9): camera/screen
// preview composed on a canvas, mic/camera/screen/settings controls, and
// "Start stream" / "End stream" over WHIP.
import { useEffect, useId, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/Button';
import { ConfirmModal } from '../../../components/Modal';
import { Spinner } from '../../../components/Spinner';
import { useToast } from '../../../components/Toast';
import {
  AlertIcon,
  CollapseIcon,
  ExpandIcon,
  MicIcon,
  MicOffIcon,
  ScreenShareIcon,
  ScreenShareOffIcon,
  SettingsIcon,
  VideoIcon,
  VideoOffIcon,
} from '../../../components/icons';
import { api } from '../../../lib/api';
import { useOwnChannel } from '../../settings/queries';
import { CANVAS_HEIGHT, CANVAS_WIDTH } from './compositor';
import { DeviceSettingsModal } from './DeviceSettingsModal';
import { collaborateButton, startButton } from './goLiveState';
import { useBroadcast } from './useBroadcast';
import { useBroadcastMedia } from './useBroadcastMedia';
import { useCompositor } from './useCompositor';
import { ControlButton } from './ControlButton';
import './GoLiveCard.css';

export const liveStatusKey = ['channel', 'liveStatus'] as const;
/** How often the channel's live status is checked (another encoder may go live). */
export const LIVE_STATUS_POLL_MS = 5000;

/** The WHIP endpoint when the channel does not name one: same origin as the app. */
export function whipUrl(): string {
  return new URL('/whip', window.location.origin).toString();
}

export interface GoLiveCardProps {
  expandable: boolean;
  /** Told whether a broadcast is starting or live (the page guards leaving while it is). */
  onBroadcastingChange?: (broadcasting: boolean) => void;
  /** The page's leave prompt is open (Escape is its, not the expanded card's). */
  leavePromptOpen?: boolean;
}

export function GoLiveCard({ expandable, onBroadcastingChange, leavePromptOpen = false }: GoLiveCardProps) {
  const toast = useToast();
  const client = useQueryClient();
  const channel = useOwnChannel();
  const liveStatus = useQuery({
    queryKey: liveStatusKey,
    queryFn: api.channel.liveStatus,
    refetchInterval: LIVE_STATUS_POLL_MS,
  });
  const media = useBroadcastMedia();
  const [canvas, setCanvas] = useState<HTMLCanvasElement | null>(null);
  const picture = useCompositor(canvas, media);
  const broadcast = useBroadcast({
    url: channel.data?.whipUrl ?? whipUrl(),
    streamKey: channel.data?.streamKeyValue,
    video: picture,
    mic: media.mic,
    onError: (m) => toast.error(m),
    onChange: () => void client.invalidateQueries({ queryKey: liveStatusKey }),
  });
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [expanded, setExpanded] = useState(false);
  const busy = broadcast.status !== 'idle';
  const titleId = useId();
  const tipId = useId();

  const navigate = useNavigate();
  const collaborate = collaborateButton({
    broadcasting: busy || !!liveStatus.data?.isBroadcasting,
    mediaStatus: media.status,
    mediaError: media.error,
  });
  const button = startButton({
    status: broadcast.status,
    mediaReady: media.status === 'ready' && !!picture && !!channel.data,
    channelLive: !!liveStatus.data?.isBroadcasting,
  });

  // Device problems are announced once, and stay written in the preview.
  useEffect(() => {
    if (media.error) toast.error(media.error);
  }, [media.error, toast]);

  useEffect(() => {
    if (!expandable) setExpanded(false);
  }, [expandable]);

  const reportBroadcasting = useRef(onBroadcastingChange);
  reportBroadcasting.current = onBroadcastingChange;
  useEffect(() => {
    reportBroadcasting.current?.(busy);
  }, [busy]);

  const anyModal = confirmEnd || settingsOpen || leavePromptOpen;
  useEffect(() => {
    if (!expanded || anyModal) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setExpanded(false);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [expanded, anyModal]);

  const ready = media.status === 'ready';
  const shareSupported = typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';

  return (
    <section className={`golive${expanded ? ' golive--expanded' : ''}`} aria-labelledby={titleId}>
      <header className="golive__header">
        <h2 id={titleId}>Go live</h2>
        {broadcast.status === 'live' && <span className="live-pill">Live</span>}
        {expandable && (
          <button
            type="button"
            className="golive__icon-button golive__expand"
            aria-label={expanded ? 'Collapse full screen' : 'Expand full screen'}
            onClick={() => setExpanded((x) => !x)}
          >
            {expanded ? <CollapseIcon size={18} /> : <ExpandIcon size={18} />}
          </button>
        )}
      </header>

      <div className="golive__preview">
        <canvas
          ref={setCanvas}
          className="golive__canvas"
          width={CANVAS_WIDTH}
          height={CANVAS_HEIGHT}
          role="img"
          aria-label="Stream preview"
        />
        {media.status === 'pending' && (
          <div className="golive__overlay">
            <Spinner size={36} label="Waiting for camera and microphone" />
          </div>
        )}
        {media.status === 'error' && (
          <div className="golive__overlay golive__overlay--error">
            <AlertIcon size={28} />
            <p>{media.error}</p>
            <Button variant="secondary" size="s" onClick={media.retry}>
              Try again
            </Button>
          </div>
        )}
      </div>

      <div className="golive__controls">
        <ControlButton
          label={media.micMuted ? 'Unmute' : 'Mute'}
          pressed={media.micMuted}
          disabled={!ready}
          onClick={media.toggleMic}
        >
          {media.micMuted ? <MicOffIcon size={20} /> : <MicIcon size={20} />}
        </ControlButton>
        <ControlButton
          label={media.cameraHidden ? 'Show camera' : 'Hide camera'}
          pressed={media.cameraHidden}
          disabled={!ready}
          onClick={media.toggleCamera}
        >
          {media.cameraHidden ? <VideoOffIcon size={20} /> : <VideoIcon size={20} />}
        </ControlButton>
        {shareSupported && (
          <ControlButton
            label={media.screen ? 'Stop sharing' : 'Share your screen'}
            pressed={!!media.screen}
            disabled={!ready}
            onClick={() => {
              if (media.screen) media.stopScreenShare();
              else void media.startScreenShare().then((err) => err && toast.error(err));
            }}
          >
            {media.screen ? <ScreenShareOffIcon size={20} /> : <ScreenShareIcon size={20} />}
          </ControlButton>
        )}
        <ControlButton label="Audio & video settings" disabled={!ready} onClick={() => setSettingsOpen(true)}>
          <SettingsIcon size={20} />
        </ControlButton>
        <span className="golive__start tooltip-host">
          <Button
            variant={button.variant}
            disabled={button.disabled}
            loading={button.loading}
            aria-describedby={button.tooltip ? tipId : undefined}
            onClick={() => (button.label === 'End stream' ? setConfirmEnd(true) : void broadcast.start())}
          >
            {button.label}
          </Button>
          {button.tooltip && (
            <span id={tipId} role="tooltip" className="tooltip">
              {button.tooltip}
            </span>
          )}
        </span>
      </div>

      <div className="golive__collab">
        <Button
          variant="secondary"
          fullWidth
          disabled={collaborate.disabled}
          onClick={() => navigate('/manager/collab')}
        >
          {collaborate.label}
        </Button>
      </div>

      <DeviceSettingsModal open={settingsOpen} onClose={() => setSettingsOpen(false)} media={media} />
      <ConfirmModal
        open={confirmEnd}
        message="Are you sure you want to end your live stream?"
        confirmLabel="End stream"
        destructive
        onCancel={() => setConfirmEnd(false)}
        onConfirm={async () => {
          await broadcast.stop();
          setConfirmEnd(false);
        }}
      />
    </section>
  );
}
