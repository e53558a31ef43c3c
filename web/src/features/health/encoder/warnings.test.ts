import { describe, expect, it } from 'vitest';
import { encoderWarnings, type EncoderField, type EncoderReadings } from './warnings';

const good: EncoderReadings = {
  audioSampleRate: 48_000,
  audioChannels: 2,
  videoWidth: 1280,
  videoHeight: 720,
  keyframeInterval: 2,
  videoTargetBitrate: 3_000_000,
  audioTargetBitrate: 160_000,
};

const cases: { name: string; channelType?: string; readings: EncoderReadings; warn: EncoderField[] }[] = [
  { name: 'a good configuration', readings: good, warn: [] },
  { name: 'nothing reported', readings: {}, warn: [] },
  { name: 'zeros are not reported', readings: { audioSampleRate: 0, videoTargetBitrate: 0, keyframeInterval: 0 }, warn: [] },
  { name: '44.1 kHz', readings: { ...good, audioSampleRate: 44_100 }, warn: [] },
  { name: '32 kHz', readings: { ...good, audioSampleRate: 32_000 }, warn: ['audioSampleRate'] },
  { name: '96 kHz', readings: { ...good, audioSampleRate: 96_000 }, warn: ['audioSampleRate'] },
  { name: 'mono', readings: { ...good, audioChannels: 1 }, warn: [] },
  { name: '6 channels', readings: { ...good, audioChannels: 6 }, warn: ['audioChannels'] },
  { name: '1080p', channelType: 'STANDARD', readings: { ...good, videoWidth: 1920, videoHeight: 1080 }, warn: [] },
  { name: 'portrait 1080p', channelType: 'STANDARD', readings: { ...good, videoWidth: 1080, videoHeight: 1920 }, warn: [] },
  { name: '1440p', channelType: 'STANDARD', readings: { ...good, videoWidth: 2560, videoHeight: 1440 }, warn: ['resolution'] },
  { name: 'an edge over 1920', channelType: 'STANDARD', readings: { ...good, videoWidth: 2000, videoHeight: 200 }, warn: ['resolution'] },
  { name: 'too many pixels', channelType: 'STANDARD', readings: { ...good, videoWidth: 1900, videoHeight: 1200 }, warn: ['resolution'] },
  { name: 'keyframe 2.9 s', readings: { ...good, keyframeInterval: 2.9 }, warn: [] },
  { name: 'keyframe 2.96 s shows as 3.0', readings: { ...good, keyframeInterval: 2.96 }, warn: ['keyframeInterval'] },
  { name: 'keyframe 4 s', readings: { ...good, keyframeInterval: 4 }, warn: ['keyframeInterval'] },
  { name: 'BASIC 720p at 3.5 Mbps', readings: { ...good, videoTargetBitrate: 3_500_000 }, warn: [] },
  { name: 'BASIC 720p over 3.5 Mbps', readings: { ...good, videoTargetBitrate: 3_600_000 }, warn: ['targetBitrate'] },
  { name: 'BASIC 480p at 1.5 Mbps', readings: { ...good, videoWidth: 854, videoHeight: 480, videoTargetBitrate: 1_500_000 }, warn: [] },
  { name: 'BASIC 480p over 1.5 Mbps', readings: { ...good, videoWidth: 854, videoHeight: 480, videoTargetBitrate: 2_000_000 }, warn: ['targetBitrate'] },
  { name: 'BASIC portrait 480p over 1.5 Mbps', readings: { ...good, videoWidth: 480, videoHeight: 854, videoTargetBitrate: 2_000_000 }, warn: ['targetBitrate'] },
  { name: 'BASIC without a resolution uses 3.5 Mbps', readings: { videoTargetBitrate: 2_000_000 }, warn: [] },
  { name: 'other types follow BASIC', channelType: 'ADVANCED_HD', readings: { ...good, videoTargetBitrate: 4_000_000 }, warn: ['targetBitrate'] },
  { name: 'STANDARD at 8 Mbps', channelType: 'STANDARD', readings: { ...good, videoTargetBitrate: 8_000_000 }, warn: [] },
  { name: 'STANDARD over 8.5 Mbps', channelType: 'STANDARD', readings: { ...good, videoTargetBitrate: 9_000_000 }, warn: ['targetBitrate'] },
  { name: 'audio at 320 kbps', readings: { ...good, audioTargetBitrate: 320_000 }, warn: [] },
  { name: 'audio over 320 kbps', readings: { ...good, audioTargetBitrate: 384_000 }, warn: ['targetAudioBitrate'] },
];

describe('encoderWarnings', () => {
  it.each(cases)('$name', ({ readings, channelType = 'BASIC', warn }) => {
    expect(Object.keys(encoderWarnings(readings, channelType)).sort()).toEqual([...warn].sort());
  });

  it('says which limit applies', () => {
    expect(encoderWarnings({ ...good, keyframeInterval: 3 }, 'BASIC').keyframeInterval).toBe(
      'To achieve low latency, Onair recommends a keyframe interval of 2.',
    );
    expect(encoderWarnings({ ...good, videoTargetBitrate: 9_000_000 }, 'STANDARD').targetBitrate).toMatch(/limit of 8\.5 Mbps/);
    expect(encoderWarnings({ ...good, videoWidth: 640, videoHeight: 360, videoTargetBitrate: 2_000_000 }, 'BASIC').targetBitrate).toMatch(
      /limit of 1\.5 Mbps for 480p or lower/,
    );
  });
});
