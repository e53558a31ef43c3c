import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ToastProvider } from '../../../components/Toast';
import type { StreamSession } from '../../../lib/types';
import { EncoderConfiguration } from './EncoderConfiguration';

function session(extra: Partial<StreamSession> = {}): StreamSession {
  return {
    streamId: 'st-1',
    startTime: '2024-03-05T18:00:00Z',
    endTime: '2024-03-05T19:00:00Z',
    hasErrorEvent: false,
    isHealthy: true,
    isLive: false,
    truncatedEvents: [],
    ingestConfiguration: {
      audio: { codec: 'mp4a.40.2', channels: 2, sampleRate: 44_100, targetBitrate: 160_000 },
      video: {
        avcProfile: 'High',
        avcLevel: '4.1',
        codec: 'avc1.640029',
        encoder: 'obs-output module (libobs version 30.1.2)',
        targetBitrate: 3_500_000,
        targetFramerate: 30,
        videoWidth: 1280,
        videoHeight: 720,
      },
    },
    metrics: [
      { label: 'KeyframeInterval', data: [2, 2], period: 5, alignedStartTime: '2024-03-05T18:00:00Z', alignedEndTime: '2024-03-05T19:00:00Z', average: 2.04 },
    ],
    ...extra,
  };
}

function renderConfig(s: StreamSession | undefined, channelType = 'BASIC') {
  return render(
    <ToastProvider>
      <EncoderConfiguration session={s} channelType={channelType} />
    </ToastProvider>,
  );
}

/** label -> shown value, in order. */
function rows() {
  return screen.getAllByRole('term').map((dt) => [dt.textContent, dt.nextElementSibling!.textContent]);
}

describe('encoder configuration', () => {
  it('shows each reported value in its unit', () => {
    renderConfig(session());
    expect(screen.getByRole('heading', { name: 'Encoder configuration' })).toBeInTheDocument();
    expect(rows()).toEqual([
      ['Video encoder', 'obs-output module (libobs version 30.1.2)'],
      ['Video codec', 'avc1.640029'],
      ['Audio codec', 'mp4a.40.2'],
      ['Audio sample rate', '44 kHz'],
      ['Audio channels', 'stereo'],
      ['Resolution', '1280 x 720'],
      ['Keyframe interval', '2.0 s'],
      ['Target bitrate', '3.50 Mbps'],
      ['Target audio bitrate', '160 Kbps'],
    ]);
    expect(screen.queryByRole('note')).not.toBeInTheDocument();
  });

  it('shows ---- for what the encoder did not report', () => {
    const partial = session({
      ingestConfiguration: { audio: { channels: 1 } } as unknown as StreamSession['ingestConfiguration'],
      metrics: [],
    });
    renderConfig(partial);
    expect(rows()).toEqual([
      ['Video encoder', '----'],
      ['Video codec', '----'],
      ['Audio codec', '----'],
      ['Audio sample rate', '----'],
      ['Audio channels', 'mono'],
      ['Resolution', '----'],
      ['Keyframe interval', '----'],
      ['Target bitrate', '----'],
      ['Target audio bitrate', '----'],
    ]);
  });

  it('shows ---- everywhere without a session or configuration', () => {
    renderConfig(undefined);
    expect(rows().every(([, value]) => value === '----')).toBe(true);
  });

  it('copies a value and confirms with a toast', async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    renderConfig(session());
    await user.click(screen.getByRole('button', { name: 'Copy the Target bitrate value' }));
    expect(writeText).toHaveBeenCalledWith('3.50 Mbps');
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Target bitrate copied');
  });

  it('says when the browser refuses to copy', async () => {
    const user = userEvent.setup();
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    renderConfig(session());
    await user.click(screen.getByRole('button', { name: 'Copy the Video codec value' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Could not copy the Video codec value');
  });

  it('shows warnings under the rows they concern', () => {
    const s = session();
    s.ingestConfiguration.video.targetBitrate = 4_000_000;
    s.metrics = [{ ...s.metrics[0]!, average: 4 }];
    renderConfig(s);
    const notes = screen.getAllByRole('note');
    expect(notes).toHaveLength(2);
    expect(notes[0]).toHaveTextContent('To achieve low latency, Onair recommends a keyframe interval of 2.');
    expect(notes[0]!.closest('div')).toHaveTextContent(/^Keyframe interval4\.0 s/);
    expect(within(notes[1]!.closest('div')!).getByRole('term')).toHaveTextContent('Target bitrate');
    expect(notes[1]).toHaveTextContent("over this channel's limit of 3.5 Mbps");
  });
});
