// Camera, microphone and screen access for the web broadcast (spec 11), with
// the spec's error messages.

export const MEDIA_ERRORS = {
  permission: 'You must allow access to both your camera and microphone',
  noDevices: 'No camera or mic detected',
  camera: 'Failed to access camera',
  mic: 'Failed to access mic',
  screenshare: 'Screenshare permission denied',
} as const;

/** A device access failure carrying the message the user sees. */
export class MediaAccessError extends Error {
  override name = 'MediaAccessError';
}

export interface DeviceChoice {
  cameraId?: string | undefined;
  micId?: string | undefined;
}

export interface Device {
  id: string;
  label: string;
}

/** Camera constraints: 1280x720 at 30 fps ideally (the broadcast is capped there anyway). */
export function cameraConstraints(id?: string): MediaTrackConstraints {
  return {
    ...(id ? { deviceId: { exact: id } } : {}),
    width: { ideal: 1280 },
    height: { ideal: 720 },
    frameRate: { ideal: 30 },
  };
}

export function micConstraints(id?: string): MediaTrackConstraints {
  return { ...(id ? { deviceId: { exact: id } } : {}), echoCancellation: true, noiseSuppression: true };
}

function errorName(err: unknown): string {
  return err instanceof DOMException || err instanceof Error ? err.name : '';
}

const denied = new Set(['NotAllowedError', 'PermissionDeniedError', 'SecurityError']);

/**
 * Opens the camera and the microphone together (one permission prompt). On
 * failure, works out which of the two is at fault and throws a
 * MediaAccessError with the spec's message.
 */
export async function openCameraAndMic(
  md: MediaDevices,
  choice: DeviceChoice = {},
): Promise<{ camera: MediaStreamTrack; mic: MediaStreamTrack }> {
  if (!md?.getUserMedia) throw new MediaAccessError(MEDIA_ERRORS.noDevices);
  try {
    const stream = await md.getUserMedia({ video: cameraConstraints(choice.cameraId), audio: micConstraints(choice.micId) });
    const camera = stream.getVideoTracks()[0];
    const mic = stream.getAudioTracks()[0];
    if (camera && mic) return { camera, mic };
    stream.getTracks().forEach((t) => t.stop());
    throw new MediaAccessError(camera ? MEDIA_ERRORS.mic : MEDIA_ERRORS.camera);
  } catch (err) {
    if (err instanceof MediaAccessError) throw err;
    if (denied.has(errorName(err))) throw new MediaAccessError(MEDIA_ERRORS.permission);
    throw new MediaAccessError(await diagnose(md, choice));
  }
}

/** Which device failed: none present, the camera, or the microphone. */
async function diagnose(md: MediaDevices, choice: DeviceChoice): Promise<string> {
  const devices = await md.enumerateDevices().catch(() => [] as MediaDeviceInfo[]);
  const hasCamera = devices.some((d) => d.kind === 'videoinput');
  const hasMic = devices.some((d) => d.kind === 'audioinput');
  if (!hasCamera && !hasMic) return MEDIA_ERRORS.noDevices;
  if (!hasCamera) return MEDIA_ERRORS.camera;
  if (!hasMic) return MEDIA_ERRORS.mic;
  for (const [kind, message] of [
    ['video', MEDIA_ERRORS.camera],
    ['audio', MEDIA_ERRORS.mic],
  ] as const) {
    try {
      const s = await md.getUserMedia(
        kind === 'video' ? { video: cameraConstraints(choice.cameraId) } : { audio: micConstraints(choice.micId) },
      );
      s.getTracks().forEach((t) => t.stop());
    } catch (err) {
      return denied.has(errorName(err)) ? MEDIA_ERRORS.permission : message;
    }
  }
  return MEDIA_ERRORS.camera;
}

/** Opens one device (after a change in the settings); throws the device's own message. */
export async function openDevice(md: MediaDevices, kind: 'camera' | 'mic', id: string): Promise<MediaStreamTrack> {
  try {
    const s = await md.getUserMedia(kind === 'camera' ? { video: cameraConstraints(id) } : { audio: micConstraints(id) });
    const track = kind === 'camera' ? s.getVideoTracks()[0] : s.getAudioTracks()[0];
    if (!track) throw new Error('no track');
    return track;
  } catch {
    throw new MediaAccessError(kind === 'camera' ? 'Failed to change camera' : 'Failed to change mic');
  }
}

/** Asks to share a screen or window. */
export async function openScreen(md: MediaDevices): Promise<MediaStreamTrack> {
  try {
    const s = await md.getDisplayMedia({ video: { width: { max: 1920 }, height: { max: 1080 }, frameRate: { ideal: 30 } }, audio: false });
    const track = s.getVideoTracks()[0];
    if (!track) throw new Error('no track');
    return track;
  } catch {
    throw new MediaAccessError(MEDIA_ERRORS.screenshare);
  }
}

/** The cameras and microphones, labelled (labels are known once permission was given). */
export async function listDevices(md: MediaDevices): Promise<{ cameras: Device[]; mics: Device[] }> {
  const all = await md.enumerateDevices().catch(() => [] as MediaDeviceInfo[]);
  const pick = (kind: MediaDeviceKind, fallback: string) =>
    all
      .filter((d) => d.kind === kind && d.deviceId)
      .map((d, i) => ({ id: d.deviceId, label: d.label || `${fallback} ${i + 1}` }));
  return { cameras: pick('videoinput', 'Camera'), mics: pick('audioinput', 'Microphone') };
}
