/** Vega-Lite specs of the report's charts: pure functions of the results, so they can be golden-tested. */
import type { TopLevelSpec } from 'vega-lite';

/** One estimate with its interval, for a chart by group. */
export interface GroupPoint {
  group: string;
  level: string;
  estimate: number;
  lower: number;
  upper: number;
}

const FONT = { font: 'system-ui, sans-serif' } as const;

/** A point-and-interval chart of a rate by group (percent scale), one row per group. */
export function rateByGroupSpec(title: string, metric: string, points: readonly GroupPoint[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 420,
    config: { ...FONT, axis: { labelLimit: 220 } },
    data: { values: points.map((p) => ({ ...p })) },
    encoding: {
      y: { field: 'group', type: 'nominal', sort: null, title: null },
      color: { field: 'level', type: 'nominal', title: 'Grouped by', scale: { scheme: 'tableau10' } },
    },
    layer: [
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'lower', type: 'quantitative', title: `${metric} (with 95% interval)`, axis: { format: '.1%' } }, x2: { field: 'upper' } } },
      { mark: { type: 'point', filled: true, size: 60 }, encoding: { x: { field: 'estimate', type: 'quantitative' } } },
    ],
  };
}

/** One threshold's value with its interval, for a chart across thresholds. */
export interface ThresholdPoint {
  threshold: number;
  value: number;
  lower: number;
  upper: number;
  series: string;
}

/** A line with an interval band across thresholds, operational thresholds marked. */
export function acrossThresholdsSpec(title: string, yTitle: string, points: readonly ThresholdPoint[], operational: readonly number[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 480,
    height: 240,
    config: FONT,
    layer: [
      {
        data: { values: points.map((p) => ({ ...p })) },
        encoding: {
          x: { field: 'threshold', type: 'quantitative', title: 'Face-match threshold', scale: { zero: false } },
          color: { field: 'series', type: 'nominal', title: null, scale: { scheme: 'tableau10' } },
        },
        layer: [
          { mark: { type: 'area', opacity: 0.25 }, encoding: { y: { field: 'lower', type: 'quantitative', title: yTitle }, y2: { field: 'upper' } } },
          { mark: { type: 'line', point: true }, encoding: { y: { field: 'value', type: 'quantitative' } } },
        ],
      },
      {
        data: { values: operational.map((t) => ({ threshold: t })) },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#555' },
        encoding: { x: { field: 'threshold', type: 'quantitative' } },
      },
    ],
  };
}
