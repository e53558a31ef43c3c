// What the encoder configuration table shows for a session (spec 9.3).
import type { StreamSession } from '../../../lib/types';
import type { EncoderField, EncoderReadings } from './warnings';

/** Shown for a value the encoder did not report. */
export const MISSING = '----';

export interface EncoderRow {
  field: EncoderField;
  label: string;
  /** The text shown and copied, MISSING when not reported. */
  value: string;
}

/**
 * The server omits empty fields (and the whole configuration until the
 * encoder reported it), so every field is read as possibly absent.
 */
interface ReportedConfiguration {
  audio?: { codec?: string; channels?: number; sampleRate?: number; targetBitrate?: number };
  video?: { codec?: string; encoder?: string; targetBitrate?: number; videoWidth?: number; videoHeight?: number };
}

export interface EncoderSnapshot extends EncoderReadings {
  videoEncoder?: string | undefined;
  videoCodec?: string | undefined;
  audioCodec?: string | undefined;
}

export function readEncoder(session: StreamSession | undefined): EncoderSnapshot {
  const config = session?.ingestConfiguration as ReportedConfiguration | undefined;
  const keyframe = session?.metrics?.find((m) => m.label === 'KeyframeInterval');
  return {
    videoEncoder: config?.video?.encoder,
    videoCodec: config?.video?.codec,
    audioCodec: config?.audio?.codec,
    audioSampleRate: config?.audio?.sampleRate,
    audioChannels: config?.audio?.channels,
    videoWidth: config?.video?.videoWidth,
    videoHeight: config?.video?.videoHeight,
    keyframeInterval: keyframe?.average,
    videoTargetBitrate: config?.video?.targetBitrate,
    audioTargetBitrate: config?.audio?.targetBitrate,
  };
}

const text = (v: string | undefined) => (v && v.trim() ? v : MISSING);
const reported = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

function channelsText(n: number): string {
  if (n === 1) return 'mono';
  if (n === 2) return 'stereo';
  return String(n);
}

export function encoderRows(s: EncoderSnapshot): EncoderRow[] {
  const { audioSampleRate: rate, audioChannels: channels, videoWidth: width, videoHeight: height } = s;
  return [
    { field: 'videoEncoder', label: 'Video encoder', value: text(s.videoEncoder) },
    { field: 'videoCodec', label: 'Video codec', value: text(s.videoCodec) },
    { field: 'audioCodec', label: 'Audio codec', value: text(s.audioCodec) },
    { field: 'audioSampleRate', label: 'Audio sample rate', value: reported(rate) ? `${Math.floor(rate / 1000)} kHz` : MISSING },
    { field: 'audioChannels', label: 'Audio channels', value: reported(channels) ? channelsText(channels) : MISSING },
    {
      field: 'resolution',
      label: 'Resolution',
      value: reported(width) && reported(height) ? `${width} x ${height}` : MISSING,
    },
    {
      field: 'keyframeInterval',
      label: 'Keyframe interval',
      value: reported(s.keyframeInterval) ? `${s.keyframeInterval.toFixed(1)} s` : MISSING,
    },
    {
      field: 'targetBitrate',
      label: 'Target bitrate',
      value: reported(s.videoTargetBitrate) ? `${(s.videoTargetBitrate / 1_000_000).toFixed(2)} Mbps` : MISSING,
    },
    {
      field: 'targetAudioBitrate',
      label: 'Target audio bitrate',
      value: reported(s.audioTargetBitrate) ? `${Math.round(s.audioTargetBitrate / 1000)} Kbps` : MISSING,
    },
  ];
}
