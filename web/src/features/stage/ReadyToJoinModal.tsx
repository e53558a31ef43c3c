// "Ready to join?" (spec 8.6): camera preview, mic/camera toggles, device
// settings, "Join now" and Cancel.
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../components/Button';
import { Modal } from '../../components/Modal';
import { Spinner } from '../../components/Spinner';
import { MicIcon, MicOffIcon, SettingsIcon, VideoIcon, VideoOffIcon } from '../../components/icons';
import { DeviceSettingsModal } from '../manager/goLive/DeviceSettingsModal';
import type { BroadcastMedia } from '../manager/goLive/useBroadcastMedia';
import { STAGE_MESSAGES as M } from './messages';

export function ReadyToJoinModal({
  open,
  media,
  onJoin,
  onCancel,
}: {
  open: boolean;
  media: BroadcastMedia;
  onJoin: () => void;
  onCancel: () => void;
}) {
  const id = useId();
  const video = useRef<HTMLVideoElement>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const camera = media.camera;

  useEffect(() => {
    const el = video.current;
    if (!el || !camera || typeof MediaStream === 'undefined') return;
    el.srcObject = new MediaStream([camera]);
    void el.play?.()?.catch(() => {});
    return () => {
      el.srcObject = null;
    };
  }, [camera, open]);

  return (
    <>
      <Modal open={open && !settingsOpen} onClose={onCancel} labelledBy={`${id}-title`}>
        <div className="stage-ready">
          <h2 id={`${id}-title`}>{M.readyToJoin}</h2>
          <div className="stage-ready__preview">
            {media.status === 'pending' && <Spinner size={32} label="Waiting for camera and microphone" />}
            {media.status === 'error' && <p role="alert">{media.error}</p>}
            <video ref={video} className="stage-ready__video" muted playsInline autoPlay hidden={!camera || media.cameraHidden} aria-label="Camera preview" />
          </div>
          <div className="stage-ready__toggles">
            <button
              type="button"
              className={`golive__icon-button${media.micMuted ? ' golive__icon-button--off' : ''}`}
              aria-label={media.micMuted ? 'Unmute' : 'Mute'}
              disabled={!media.mic}
              onClick={media.toggleMic}
            >
              {media.micMuted ? <MicOffIcon size={20} /> : <MicIcon size={20} />}
            </button>
            <button
              type="button"
              className={`golive__icon-button${media.cameraHidden ? ' golive__icon-button--off' : ''}`}
              aria-label={media.cameraHidden ? 'Show camera' : 'Hide camera'}
              disabled={!media.camera}
              onClick={media.toggleCamera}
            >
              {media.cameraHidden ? <VideoOffIcon size={20} /> : <VideoIcon size={20} />}
            </button>
            <button
              type="button"
              className="golive__icon-button"
              aria-label="Open settings"
              disabled={media.status !== 'ready'}
              onClick={() => setSettingsOpen(true)}
            >
              <SettingsIcon size={20} />
            </button>
          </div>
          <div className="stage-ready__actions">
            <Button variant="secondary" onClick={onCancel}>
              Cancel
            </Button>
            <Button onClick={onJoin} disabled={media.status === 'pending'} data-autofocus>
              {M.joinNow}
            </Button>
          </div>
        </div>
      </Modal>
      <DeviceSettingsModal open={open && settingsOpen} onClose={() => setSettingsOpen(false)} media={media} />
    </>
  );
}
