// The long "Learn how to fix it" texts of the stream events panel (spec 9.3),
// with the channel's limits and the session's measured bitrate filled in.
import type { ReactNode } from 'react';
import type { StreamSession } from '../../../lib/types';
import { channelLimits, type HelpTopic } from '../catalog';

export interface HelpContent {
  title: string;
  body: ReactNode;
}

/** The highest IngestVideoBitrate point of the session in Mbps, or null without data. */
export function peakVideoBitrateMbps(session: StreamSession | undefined): number | null {
  const series = session?.metrics?.find((m) => m.label === 'IngestVideoBitrate');
  const points = (series?.data ?? []).filter((v) => Number.isFinite(v));
  if (points.length === 0) return null;
  return Math.max(...points) / 1_000_000;
}

/** "1080p (1920 x 1080)" -> [1920, 1080]; 1080p when the text has no size. */
function limitSize(resolution: string): [number, number] {
  const m = /(\d+)\s*x\s*(\d+)/.exec(resolution);
  return m ? [Number(m[1]), Number(m[2])] : [1920, 1080];
}

export function helpContent(topic: HelpTopic, session: StreamSession | undefined, channelType: string): HelpContent {
  const limits = channelLimits(channelType);
  switch (topic) {
    case 'starvation':
      return { title: 'How to fix poor stability', body: <StarvationHelp /> };
    case 'bitrate':
      return {
        title: 'How to fix a bitrate limit breach',
        body: <BitrateHelp limitMbps={limits.bitrateMbps} peakMbps={peakVideoBitrateMbps(session)} />,
      };
    case 'resolution':
      return { title: 'How to fix a resolution limit breach', body: <ResolutionHelp limit={limits.resolution} /> };
  }
}

function StarvationHelp() {
  return (
    <>
      <p>
        Onair received less video than expected from your encoder. Viewers may see buffering, dropped frames or a frozen
        picture until the stream is stable again.
      </p>
      <h3>Common causes</h3>
      <ul>
        <li>Your upload bandwidth is too low for the stream.</li>
        <li>The bitrate is set higher than your connection can sustain.</li>
        <li>Your computer or encoder hardware is overloaded.</li>
      </ul>
      <h3>How to fix it</h3>
      <ol>
        <li>
          Measure your upload speed and set the video bitrate to at most 80% of it; on a 5 Mbps upload, stream at 4 Mbps
          or less.
        </li>
        <li>Use a wired Ethernet connection, or 5 GHz Wi-Fi close to the router.</li>
        <li>Stop other uploads and downloads on the same network, such as cloud backups, file syncing or other streams.</li>
        <li>Choose a faster encoder preset, or lower the output resolution or frame rate, to ease the load on your computer.</li>
      </ol>
    </>
  );
}

function BitrateHelp({ limitMbps, peakMbps }: { limitMbps: number; peakMbps: number | null }) {
  // Leave headroom: encoders overshoot their target briefly on busy scenes.
  const suggestedKbps = Math.round((limitMbps - 0.5) * 1000);
  return (
    <>
      <p>
        {peakMbps !== null
          ? `The session ended because the video bitrate reached ${peakMbps.toFixed(1)} Mbps, over this channel's limit of ${limitMbps} Mbps.`
          : `The session ended because the video bitrate went over this channel's limit of ${limitMbps} Mbps.`}
      </p>
      <p>Set your encoder's bitrate below the limit and use constant bitrate (CBR) so that it does not spike.</p>
      <h3>In OBS Studio</h3>
      <ol>
        <li>Open Settings, then Output, and set Output Mode to Advanced.</li>
        <li>On the Streaming tab, set Rate Control to CBR.</li>
        <li>Set Bitrate to {suggestedKbps} Kbps or lower, and apply.</li>
      </ol>
      <h3>With FFmpeg</h3>
      <p>Cap the video bitrate with the bitrate, maximum rate and buffer size options:</p>
      <pre>
        <code>{`ffmpeg -i input -c:v libx264 -b:v ${suggestedKbps}k -maxrate ${suggestedKbps}k -bufsize ${suggestedKbps * 2}k ...`}</code>
      </pre>
    </>
  );
}

function ResolutionHelp({ limit }: { limit: string }) {
  const [width, height] = limitSize(limit);
  return (
    <>
      <p>The session ended because the video resolution was higher than this channel's limit of {limit}.</p>
      <p>Scale your encoder's output to the limit or below; your source (camera or canvas) can stay larger.</p>
      <h3>In OBS Studio</h3>
      <ol>
        <li>Open Settings, then Video.</li>
        <li>
          Set Output (Scaled) Resolution to {width}x{height} or lower, and apply.
        </li>
      </ol>
      <h3>With FFmpeg</h3>
      <p>
        Scale the video with a filter that fits it within {width} x {height}, keeping its aspect ratio and even edges:
      </p>
      <pre>
        <code>{`ffmpeg -i input -vf "scale=${width}:${height}:force_original_aspect_ratio=decrease:force_divisible_by=2" ...`}</code>
      </pre>
    </>
  );
}
