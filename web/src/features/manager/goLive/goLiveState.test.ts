import { describe, expect, it } from 'vitest';
import { ALREADY_LIVE, collaborateButton, startButton, type BroadcastStatus } from './goLiveState';

describe('Start/End stream button', () => {
  const cases: { name: string; status: BroadcastStatus; mediaReady: boolean; channelLive: boolean; want: Partial<ReturnType<typeof startButton>> }[] = [
    { name: 'ready to go live', status: 'idle', mediaReady: true, channelLive: false, want: { label: 'Start stream', variant: 'primary', disabled: false, loading: false, tooltip: null } },
    { name: 'no camera/mic yet', status: 'idle', mediaReady: false, channelLive: false, want: { label: 'Start stream', disabled: true, tooltip: null } },
    { name: 'live from another encoder', status: 'idle', mediaReady: true, channelLive: true, want: { label: 'Start stream', disabled: true, tooltip: ALREADY_LIVE } },
    { name: 'connecting', status: 'connecting', mediaReady: true, channelLive: false, want: { label: 'Start stream', loading: true, disabled: false } },
    // Our own broadcast makes the channel live: that is not "another encoder".
    { name: 'broadcasting from this page', status: 'live', mediaReady: true, channelLive: true, want: { label: 'End stream', variant: 'destructive', disabled: false, loading: false, tooltip: null } },
    { name: 'ending', status: 'ending', mediaReady: true, channelLive: true, want: { label: 'End stream', variant: 'destructive', loading: true } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(startButton(c)).toMatchObject(c.want);
    });
  }
  it('says why it is disabled in the spec words', () => {
    expect(ALREADY_LIVE).toBe('Your channel is already live');
  });
});

describe('collaborateButton', () => {
  it('is on with camera and mic while not broadcasting', () => {
    expect(collaborateButton({ broadcasting: false, mediaStatus: 'ready', mediaError: null })).toEqual({ label: 'Collaborate', disabled: false });
    expect(collaborateButton({ broadcasting: true, mediaStatus: 'ready', mediaError: null })).toEqual({ label: 'Collaborate', disabled: true });
    expect(collaborateButton({ broadcasting: false, mediaStatus: 'pending', mediaError: null }).disabled).toBe(true);
  });

  it('shows the permission error instead of its label', () => {
    const mediaError = 'You must allow access to both your camera and microphone';
    expect(collaborateButton({ broadcasting: false, mediaStatus: 'error', mediaError })).toEqual({ label: mediaError, disabled: true });
  });
});
