import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatAxisTime, formatDayTime } from '../format';
import { themeColor, withAlpha } from './colors';
import { formatValue, type ChartSeries, type ChartSpec, type StarvationBand } from './series';

const PLOT_HEIGHT = 180;
/** Used until the container reports a width (or where it never does). */
const FALLBACK_WIDTH = 600;

/** jsdom, and browsers with canvas disabled, get the charts' DOM without the plots. */
export function canDrawCharts(): boolean {
  try {
    return document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
}

export interface MetricPlotProps {
  spec: ChartSpec;
  series: ChartSeries;
  /** The shown time range. */
  fromMs: number;
  toMs: number;
  yMax: number;
  /** Error event times. */
  markers: number[];
  bands: StarvationBand[];
  /** Charts with the same key share the hover position. */
  syncKey: string;
}

/** What uPlot's callbacks read: always the latest props, without recreating the plot. */
interface Latest {
  series: ChartSeries;
  fromMs: number;
  toMs: number;
  yMax: number;
  markers: number[];
  bands: StarvationBand[];
}

interface Hover {
  idx: number;
  left: number;
  /** The tooltip goes left of the cursor in the right half of the plot. */
  flip: boolean;
}

/**
 * One uPlot area chart sized to its container. Refreshed data goes through
 * setData and a new window through setScale; the plot is built once.
 */
export function MetricPlot({ spec, series, fromMs, toMs, yMax, markers, bands, syncKey }: MetricPlotProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const latest = useRef<Latest>({ series, fromMs, toMs, yMax, markers, bands });
  const [plot, setPlot] = useState<uPlot | null>(null);
  const [hover, setHover] = useState<Hover | null>(null);

  useLayoutEffect(() => {
    latest.current = { series, fromMs, toMs, yMax, markers, bands };
  });

  useEffect(() => {
    const el = containerRef.current;
    if (!el || !canDrawCharts()) return;
    let cancelled = false;
    let u: uPlot | null = null;
    let resize: ResizeObserver | null = null;
    // Loaded here, not at the top: uPlot reads window.matchMedia as it loads,
    // which jsdom lacks, and only this page needs it.
    void import('uplot').then(({ default: UPlot }) => {
      if (cancelled) return;
      const { series: data } = latest.current;
      const plotted = new UPlot(plotOptions(spec, syncKey, widthOf(el), UPlot.pxRatio, latest, setHover), [data.times, data.values], el);
      u = plotted;
      setPlot(plotted);
      if (typeof ResizeObserver !== 'undefined') {
        resize = new ResizeObserver(() => plotted.setSize({ width: widthOf(el), height: PLOT_HEIGHT }));
        resize.observe(el);
      }
    });
    return () => {
      cancelled = true;
      resize?.disconnect();
      u?.destroy();
      setPlot(null);
      setHover(null);
    };
  }, [spec, syncKey]);

  useEffect(() => {
    plot?.setData([series.times, series.values]);
  }, [plot, series]);

  useEffect(() => {
    plot?.setScale('x', { min: fromMs, max: toMs });
  }, [plot, fromMs, toMs, yMax]);

  useEffect(() => {
    plot?.redraw(false);
  }, [plot, markers, bands]);

  const time = hover ? series.times[hover.idx] : undefined;
  const value = hover ? series.values[hover.idx] : undefined;
  const tooltip =
    plot && hover && time !== undefined && value !== undefined
      ? createPortal(
          <div
            role="tooltip"
            className={`metric-plot__tooltip${hover.flip ? ' metric-plot__tooltip--flip' : ''}`}
            style={{ left: hover.left }}
          >
            <span className="metric-plot__tooltip-time">{formatDayTime(time)}</span>
            <span className="metric-plot__tooltip-value">
              {formatValue(value, spec)} {spec.unit}
            </span>
          </div>,
          plot.over,
        )
      : null;

  return (
    <div ref={containerRef} className="metric-plot" style={{ minHeight: PLOT_HEIGHT }}>
      {tooltip}
    </div>
  );
}

function widthOf(el: HTMLElement): number {
  return Math.floor(el.clientWidth) || FALLBACK_WIDTH;
}

function plotOptions(
  spec: ChartSpec,
  syncKey: string,
  width: number,
  pxRatio: number,
  latest: { current: Latest },
  onHover: (h: Hover | null) => void,
): uPlot.Options {
  const axisText = () => themeColor('--text-muted', '#a8acb8');
  const gridLine = () => withAlpha(themeColor('--border', '#454853'), 0.7);
  const font = `12px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
  return {
    width,
    height: PLOT_HEIGHT,
    ms: 1,
    legend: { show: false },
    cursor: {
      sync: { key: syncKey },
      // The zoom buttons and slider set the window; dragging on the plot does not.
      drag: { x: false, y: false, setScale: false },
      points: { size: 8 },
      // Only the time line: the other chart's cursor height would mean nothing here.
      y: false,
    },
    scales: {
      x: { time: true, range: () => [latest.current.fromMs, latest.current.toMs] },
      y: { range: () => [0, latest.current.yMax] },
    },
    series: [
      {},
      {
        label: spec.title,
        stroke: () => themeColor('--primary', '#3f8cff'),
        width: 2,
        fill: (u) => {
          const primary = themeColor('--primary', '#3f8cff');
          const gradient = u.ctx.createLinearGradient(0, u.bbox.top, 0, u.bbox.top + u.bbox.height);
          gradient.addColorStop(0, withAlpha(primary, 0.4));
          gradient.addColorStop(1, withAlpha(primary, 0.04));
          return gradient;
        },
        points: { show: false },
      },
    ],
    axes: [
      {
        stroke: axisText,
        font,
        grid: { stroke: gridLine, width: 1 },
        ticks: { show: false },
        space: 90,
        // The page's own clock format rather than uPlot's two-line default.
        values: (_u, splits, _axis, _space, step) => splits.map((t) => formatAxisTime(t, step)),
      },
      {
        stroke: axisText,
        font,
        size: 48,
        grid: { stroke: gridLine, width: 1 },
        ticks: { show: false },
        // Whole steps for integer units, so the labels never repeat.
        ...(spec.decimals === 0 ? { incrs: [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000] } : {}),
        values: (_u, splits) => splits.map((v) => v.toFixed(spec.decimals)),
      },
    ],
    hooks: {
      setCursor: [
        (u) => {
          const { idx, left } = u.cursor;
          if (idx == null || left == null || left < 0) onHover(null);
          else onHover({ idx, left, flip: left > u.over.clientWidth / 2 });
        },
      ],
      drawClear: [(u) => drawBands(u, latest.current.bands, pxRatio)],
      draw: [(u) => drawMarkers(u, latest.current.markers, pxRatio)],
    },
  };
}

/** Shades each starvation band across the plotting area, beneath the series. */
function drawBands(u: uPlot, bands: StarvationBand[], pxRatio: number) {
  if (bands.length === 0) return;
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  ctx.fillStyle = withAlpha(themeColor('--danger', '#ef4d57'), 0.16);
  for (const band of bands) {
    const x0 = u.valToPos(band.startMs, 'x', true);
    const x1 = u.valToPos(band.endMs, 'x', true);
    ctx.fillRect(x0, top, Math.max(x1 - x0, pxRatio), height);
  }
  ctx.restore();
}

/** A dashed vertical line at each error event inside the window. */
function drawMarkers(u: uPlot, markers: number[], pxRatio: number) {
  const { min, max } = u.scales.x ?? {};
  if (min == null || max == null) return;
  const { ctx } = u;
  const { top, height } = u.bbox;
  ctx.save();
  ctx.strokeStyle = themeColor('--danger', '#ef4d57');
  ctx.lineWidth = 1.5 * pxRatio;
  ctx.setLineDash([4 * pxRatio, 3 * pxRatio]);
  for (const t of markers) {
    if (t < min || t > max) continue;
    const x = Math.round(u.valToPos(t, 'x', true));
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
  }
  ctx.restore();
}
