import { useId } from 'react';
import { MetricPlot } from './MetricPlot';
import { formatValue, type ChartSeries, type ChartSpec, type StarvationBand } from './series';

export interface MetricChartProps {
  spec: ChartSpec;
  series: ChartSeries;
  /** The header value in the chart's unit (latest point live, average offline); null when missing. */
  value: number | null;
  fromMs: number;
  toMs: number;
  yMax: number;
  markers: number[];
  bands: StarvationBand[];
  syncKey: string;
}

/** One titled chart: its header value, then the plot or "No data available". */
export function MetricChart({ spec, series, value, ...plot }: MetricChartProps) {
  const titleId = useId();
  const hasData = series.times.length >= 2;
  return (
    <section className="metric-chart" aria-labelledby={titleId} data-testid="metric-chart">
      <header className="metric-chart__header">
        <h3 id={titleId} className="metric-chart__title">
          {spec.title}
        </h3>
        <p className="metric-chart__value">
          <span className="metric-chart__number">{formatValue(value, spec)}</span>
          {value !== null && <span className="metric-chart__unit"> {spec.unit}</span>}
        </p>
      </header>
      {hasData ? <MetricPlot spec={spec} series={series} {...plot} /> : <p className="metric-chart__empty">No data available</p>}
    </section>
  );
}
