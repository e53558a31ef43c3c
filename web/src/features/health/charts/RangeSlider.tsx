import type { CSSProperties } from 'react';
import type { IndexWindow } from './zoom';

export interface RangeSliderProps {
  /** The highest index (the latest point). */
  max: number;
  value: IndexWindow;
  onChange: (thumb: 'start' | 'end', index: number) => void;
  /** What a screen reader announces for an index (its time). */
  valueText: (index: number) => string;
}

/**
 * Two native range inputs over one track: each thumb keeps the keyboard and
 * screen reader behaviour of an input, and the parent keeps them apart.
 */
export function RangeSlider({ max, value, onChange, valueText }: RangeSliderProps) {
  const pct = (i: number) => (max > 0 ? (i / max) * 100 : 0);
  const style = { '--range-from': `${pct(value.start)}%`, '--range-to': `${pct(value.end)}%` } as CSSProperties;
  return (
    <div className="range-slider" style={style}>
      <div className="range-slider__track" aria-hidden="true">
        <div className="range-slider__fill" />
      </div>
      <input
        type="range"
        className="range-slider__input"
        aria-label="Start of the shown range"
        min={0}
        max={max}
        step={1}
        value={value.start}
        aria-valuetext={valueText(value.start)}
        onChange={(e) => onChange('start', Number(e.target.value))}
      />
      <input
        type="range"
        className="range-slider__input"
        aria-label="End of the shown range"
        min={0}
        max={max}
        step={1}
        value={value.end}
        aria-valuetext={valueText(value.end)}
        onChange={(e) => onChange('end', Number(e.target.value))}
      />
    </div>
  );
}
