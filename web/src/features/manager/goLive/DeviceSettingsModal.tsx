// "Audio & video settings" (spec 11): camera and microphone pickers, the
// "Show camera on screen share" switch, "Done".
import { useId, useState } from 'react';
import { Button } from '../../../components/Button';
import { Modal } from '../../../components/Modal';
import { useToast } from '../../../components/Toast';
import type { BroadcastMedia } from './useBroadcastMedia';

export function DeviceSettingsModal({ open, onClose, media }: { open: boolean; onClose: () => void; media: BroadcastMedia }) {
  const id = useId();
  const toast = useToast();
  const [busy, setBusy] = useState<'camera' | 'mic' | null>(null);

  const change = async (kind: 'camera' | 'mic', deviceId: string) => {
    setBusy(kind);
    try {
      if (kind === 'camera') toast.success(`Camera changed to ${await media.changeCamera(deviceId)}`);
      else toast.success(`Mic changed to ${await media.changeMic(deviceId)}`);
    } catch {
      toast.error(kind === 'camera' ? 'Failed to change camera' : 'Failed to change mic');
    } finally {
      setBusy(null);
    }
  };

  return (
    <Modal open={open} onClose={onClose} labelledBy={`${id}-title`}>
      <div className="av-settings">
        <h2 id={`${id}-title`}>Audio &amp; video settings</h2>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-camera`}>
            Camera
          </label>
          <select
            id={`${id}-camera`}
            className="field__input av-settings__select"
            value={media.cameraId}
            disabled={busy !== null || media.cameras.length === 0}
            onChange={(e) => void change('camera', e.currentTarget.value)}
          >
            {media.cameras.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-mic`}>
            Microphone
          </label>
          <select
            id={`${id}-mic`}
            className="field__input av-settings__select"
            value={media.micId}
            disabled={busy !== null || media.mics.length === 0}
            onChange={(e) => void change('mic', e.currentTarget.value)}
          >
            {media.mics.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
        <div className="av-settings__switch-row">
          <span id={`${id}-pip`}>Show camera on screen share</span>
          <button
            type="button"
            role="switch"
            className="switch"
            aria-checked={media.cameraOnScreen}
            aria-labelledby={`${id}-pip`}
            onClick={() => media.setCameraOnScreen(!media.cameraOnScreen)}
          >
            <span className="switch__thumb" />
          </button>
        </div>
        <div className="av-settings__actions">
          <Button onClick={onClose}>Done</Button>
        </div>
      </div>
    </Modal>
  );
}
