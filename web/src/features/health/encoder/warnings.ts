// Encoder configuration warnings (spec 9.3): settings that play back badly,
// add latency, or risk the session ending on a channel limit.

/** The rows of the encoder configuration table. */
export type EncoderField =
  | 'videoEncoder'
  | 'videoCodec'
  | 'audioCodec'
  | 'audioSampleRate'
  | 'audioChannels'
  | 'resolution'
  | 'keyframeInterval'
  | 'targetBitrate'
  | 'targetAudioBitrate';

/** What the encoder reported; 0 or undefined means not reported. */
export interface EncoderReadings {
  audioSampleRate?: number | undefined;
  audioChannels?: number | undefined;
  videoWidth?: number | undefined;
  videoHeight?: number | undefined;
  /** Session average in seconds. */
  keyframeInterval?: number | null | undefined;
  /** bps */
  videoTargetBitrate?: number | undefined;
  /** bps */
  audioTargetBitrate?: number | undefined;
}

export type EncoderWarnings = Partial<Record<EncoderField, string>>;

const supportedSampleRates = [44_100, 48_000];
const maxAudioChannels = 2;
const maxAudioBitrate = 320_000;

/** Above 1080p: more pixels than 1920 x 1080 (with some slack) or an edge longer than 1920. */
export function isAbove1080p(width: number, height: number): boolean {
  return width * height > 2_100_000 || Math.max(width, height) > 1920;
}

/** At most 480p: no more pixels than 854 x 480 (with some slack) and both edges within 855. */
export function isAtMost480p(width: number, height: number): boolean {
  return width * height <= 415_000 && width <= 855 && height <= 855;
}

/** The target video bitrate limit of a channel type, in bps, for a resolution (0 x 0 when unknown). */
export function bitrateLimit(channelType: string, width: number, height: number): number {
  if (channelType === 'STANDARD') return 8_500_000;
  // BASIC and every other type: the lower limit applies only when the resolution is known to be small.
  return width > 0 && height > 0 && isAtMost480p(width, height) ? 1_500_000 : 3_500_000;
}

const positive = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

export function encoderWarnings(r: EncoderReadings, channelType: string): EncoderWarnings {
  const w: EncoderWarnings = {};
  const width = positive(r.videoWidth) ? r.videoWidth : 0;
  const height = positive(r.videoHeight) ? r.videoHeight : 0;

  if (positive(r.audioSampleRate) && !supportedSampleRates.includes(r.audioSampleRate)) {
    w.audioSampleRate = 'Use an audio sample rate of 44.1 kHz or 48 kHz; other rates may not play back correctly.';
  }
  if (positive(r.audioChannels) && r.audioChannels > maxAudioChannels) {
    w.audioChannels = 'Onair supports at most 2 audio channels. Set your encoder to mono or stereo.';
  }
  if (width > 0 && height > 0 && isAbove1080p(width, height)) {
    w.resolution = 'The resolution is above 1080p, the highest Onair accepts; the session may end. Scale your output to 1920 x 1080 or lower.';
  }
  // Compared as shown (1 decimal), so a warning never sits next to "2.9 s".
  if (positive(r.keyframeInterval) && Math.round(r.keyframeInterval * 10) / 10 >= 3) {
    w.keyframeInterval = 'To achieve low latency, Onair recommends a keyframe interval of 2.';
  }
  if (positive(r.videoTargetBitrate)) {
    const limit = bitrateLimit(channelType, width, height);
    if (r.videoTargetBitrate > limit) {
      const mbps = limit / 1_000_000;
      w.targetBitrate =
        limit === 1_500_000
          ? `The target bitrate is over this channel's limit of ${mbps} Mbps for 480p or lower; the session may end. Lower it to ${mbps} Mbps or less.`
          : `The target bitrate is over this channel's limit of ${mbps} Mbps; the session may end. Lower it to ${mbps} Mbps or less.`;
    }
  }
  if (positive(r.audioTargetBitrate) && r.audioTargetBitrate > maxAudioBitrate) {
    w.targetAudioBitrate = 'The target audio bitrate is over 320 Kbps. Lower it to 320 Kbps or less.';
  }
  return w;
}
