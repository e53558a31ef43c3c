import { useId, useMemo, useState, type JSX } from 'react';
import { Spinner } from '../../../components/Spinner';
import type { StreamSession } from '../../../lib/types';
import { formatDayTime } from '../format';
import { MetricChart } from './MetricChart';
import { RangeSlider } from './RangeSlider';
import {
  buildSeries,
  CHART_SPECS,
  describeBand,
  errorMarkerTimes,
  findMetric,
  headerValue,
  starvationBands,
  yAxisMax,
} from './series';
import {
  customZoom,
  defaultZoom,
  lastIndex,
  moveThumb,
  resolveWindow,
  timeAt,
  timelineOf,
  windowLabels,
  ZOOM_PRESETS,
  type ZoomIntent,
} from './zoom';
import './MetricCharts.css';

export interface MetricChartsProps {
  /** undefined while loading */
  session: StreamSession | undefined;
  status: 'loading' | 'error' | 'ready';
}

/**
 * The health page's "Video bitrate" and "Frame rate" charts (spec 9.3) with
 * their shared zoom, hover position and event overlays.
 */
export function MetricCharts({ session, status }: MetricChartsProps): JSX.Element {
  if (status === 'error') {
    return (
      <div className="metric-charts metric-charts--state">
        <p className="metric-charts__message">Failed to load</p>
      </div>
    );
  }
  if (status === 'loading' || !session) {
    return (
      <div className="metric-charts metric-charts--state">
        <Spinner label="Loading charts" />
      </div>
    );
  }
  return <ChartsView session={session} />;
}

/** The zoom the user chose, remembered per session: the default applies once, on first sight. */
function useZoom(session: StreamSession): [ZoomIntent, (intent: ZoomIntent) => void] {
  const [zoom, setZoom] = useState(() => ({ streamId: session.streamId, intent: defaultZoom(session.isLive) }));
  let intent = zoom.intent;
  if (zoom.streamId !== session.streamId) {
    intent = defaultZoom(session.isLive);
    setZoom({ streamId: session.streamId, intent });
  }
  return [intent, (next) => setZoom({ streamId: session.streamId, intent: next })];
}

function ChartsView({ session }: { session: StreamSession }) {
  const syncKey = useId();
  const [intent, setIntent] = useZoom(session);

  const charts = useMemo(
    () =>
      CHART_SPECS.map((spec) => {
        const metric = findMetric(session, spec.label);
        return { spec, series: buildSeries(metric, spec), value: headerValue(metric, spec, session.isLive) };
      }),
    [session],
  );
  const timeline = useMemo(() => timelineOf(charts.map((c) => c.series)), [charts]);
  const dataEndMs = timeline ? timeAt(timeline, lastIndex(timeline)) : Date.parse(session.endTime ?? '') || 0;
  const events = session.truncatedEvents;
  const markers = useMemo(() => errorMarkerTimes(events), [events]);
  const bands = useMemo(() => starvationBands(events, dataEndMs), [events, dataEndMs]);

  const win = timeline ? resolveWindow(intent, timeline) : null;
  const fromMs = timeline && win ? timeAt(timeline, win.start) : 0;
  const toMs = timeline && win ? timeAt(timeline, win.end) : 0;
  const labels = timeline && win ? windowLabels(win, timeline, session.isLive) : null;

  return (
    <div className="metric-charts">
      <div className="metric-charts__zoom" role="group" aria-label="Zoom">
        {ZOOM_PRESETS.map((p) => (
          <button
            key={p.preset}
            type="button"
            className="metric-charts__zoom-button"
            aria-label={p.ariaLabel}
            aria-pressed={intent.preset === p.preset}
            disabled={!timeline}
            onClick={() => setIntent({ preset: p.preset })}
          >
            {p.label}
          </button>
        ))}
      </div>

      {charts.map((c) => (
        <MetricChart
          key={c.spec.label}
          spec={c.spec}
          series={c.series}
          value={c.value}
          fromMs={fromMs}
          toMs={toMs}
          yMax={yAxisMax(c.series, fromMs, toMs)}
          markers={markers}
          bands={bands}
          syncKey={syncKey}
        />
      ))}

      {timeline && win && labels && (
        <div className="metric-charts__range">
          <RangeSlider
            max={lastIndex(timeline)}
            value={win}
            valueText={(i) => formatDayTime(timeAt(timeline, i))}
            onChange={(thumb, index) => setIntent(customZoom(moveThumb(win, thumb, index, timeline), timeline))}
          />
          <div className="metric-charts__footer">
            <span>{labels.start}</span>
            <span>{labels.end}</span>
          </div>
        </div>
      )}

      {bands.length > 0 && (
        <ul className="sr-only" aria-label="Poor stability periods">
          {bands.map((b) => (
            <li key={b.startMs} data-testid="starvation-band">
              {describeBand(b)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
