/** Vega-Lite specs of the report's charts: pure functions of the results, so they can be golden-tested. */
import type { TopLevelSpec } from 'vega-lite';
import type { PositionFieldDef } from 'vega-lite/types_unstable/channeldef.js';

/** One estimate with its interval, for a chart by group. */
export interface GroupPoint {
  group: string;
  level: string;
  estimate: number;
  lower: number;
  upper: number;
}

const FONT = { font: 'system-ui, sans-serif' } as const;

/** Group levels in a fixed order, so each keeps its colour from chart to chart. */
const LEVEL_ORDER = ['Everyone', 'Sex', 'Ethnicity', 'Age band', 'Sex and ethnicity'] as const;

/** A point-and-interval chart of a rate by group (percent scale), one row per group. */
export function rateByGroupSpec(title: string, metric: string, points: readonly GroupPoint[]): TopLevelSpec {
  return groupIntervalSpec(title, points, { title: `${metric} (with 95% interval)`, axis: { format: '.1%' }, scale: { zero: false, nice: true } });
}

/** The point-and-interval chart by group that the rate charts share: one row per group, coloured by level. */
function groupIntervalSpec(title: string, points: readonly GroupPoint[], x: { title: string; axis: object; scale: object }): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: title,
    width: 520,
    config: { ...FONT, axis: { labelLimit: 220 } },
    data: { values: points.map((p) => ({ ...p })) },
    encoding: {
      y: { field: 'group', type: 'nominal', sort: null, title: null },
      color: { field: 'level', type: 'nominal', title: 'Grouped by', scale: { domain: LEVEL_ORDER.filter((l) => points.some((p) => p.level === l)), scheme: 'tableau10' }, legend: { orient: 'bottom', direction: 'horizontal' } },
    },
    layer: [
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'lower', type: 'quantitative', title: x.title, axis: x.axis, scale: x.scale }, x2: { field: 'upper' } } },
      { mark: { type: 'point', filled: true, size: 60 }, encoding: { x: { field: 'estimate', type: 'quantitative' } } },
    ],
  };
}

/**
 * False alert rates by group at the watchlist size, as "1 in N": a linear axis from 0 to the first "1 in N" (N = 1,
 * 2 or 5 times a power of ten) above every interval, ticks at that rate and half of it, labelled "1 in N".
 * Rates from `percentFrom` up are shown as percentages instead.
 */
export function alertRateByGroupSpec(title: string, points: readonly GroupPoint[], percentFrom: number): TopLevelSpec {
  const max = Math.max(0, ...points.map((p) => p.upper));
  const percentAxis = max >= percentFrom || max === 0;
  let n = 1;
  if (!percentAxis) {
    for (let k = Math.floor(Math.log10(1 / max)) + 1; k >= 0; k--) {
      const found = [5, 2, 1].map((m) => m * 10 ** k).find((x) => 1 / x >= max);
      if (found !== undefined) { n = found; break; }
    }
  }
  const top = 1 / n;
  const axis = percentAxis
    ? { format: '.1%' }
    : { values: [0, top / 2, top], labelExpr: "datum.value === 0 ? '0' : '1 in ' + format(1 / datum.value, ',.2r')" };
  const scale = percentAxis ? { zero: true, nice: true } : { domain: [0, top] };
  return groupIntervalSpec(title, points, { title: 'False alerts (95% interval)', axis, scale });
}

/** One threshold's value with its interval, for a chart across thresholds. */
export interface ThresholdPoint {
  threshold: number;
  value: number;
  lower: number;
  upper: number;
  series: string;
}

/**
 * A line with an interval band across thresholds, one colour per series, operational thresholds marked. `log`
 * (default) puts y on a symmetric log scale, for rates that span orders of magnitude; otherwise y is a percentage.
 */
export function acrossThresholdsSpec(title: string, yTitle: string, points: readonly ThresholdPoint[], operational: readonly number[], log = true): TopLevelSpec {
  const series = new Set(points.map((p) => p.series)).size;
  const y: PositionFieldDef<string> = log
    ? { field: 'lower', type: 'quantitative', title: `${yTitle} (log scale)`, scale: { type: 'symlog', constant: 0.001 }, axis: { values: [0, 0.01, 0.1, 1, 10, 100, 1000], format: ',~r' } }
    : { field: 'lower', type: 'quantitative', title: yTitle, scale: { zero: false }, axis: { format: '.0%' } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: title,
    width: 520,
    height: 260,
    config: FONT,
    layer: [
      {
        data: { values: points.map((p) => ({ ...p })) },
        encoding: {
          x: { field: 'threshold', type: 'quantitative', title: 'Face-match threshold', scale: { zero: false } },
          color: { field: 'series', type: 'nominal', title: null, scale: { scheme: 'tableau10' }, legend: series > 1 ? { orient: 'bottom', direction: 'horizontal' } : null },
        },
        layer: [
          { mark: { type: 'area', opacity: 0.25 }, encoding: { y, y2: { field: 'upper' } } },
          { mark: { type: 'line', point: true }, encoding: { y: { field: 'value', type: 'quantitative' } } },
        ],
      },
      {
        data: { values: operational.map((t) => ({ threshold: t, label: t.toFixed(2) })) },
        layer: [
          { mark: { type: 'rule', strokeDash: [4, 4], color: '#555' }, encoding: { x: { field: 'threshold', type: 'quantitative' } } },
          { mark: { type: 'text', align: 'left', dx: 3, dy: -4, baseline: 'bottom', color: '#333', fontSize: 11 }, encoding: { x: { field: 'threshold', type: 'quantitative' }, y: { value: 12 }, text: { field: 'label' } } },
        ],
      },
    ],
  };
}

/** One point of a DET curve: error rates of one group at one threshold. */
export interface DetPoint {
  group: string;
  threshold: number;
  fpir: number;
  fnir: number;
}

/**
 * A detection error trade-off chart: FNIR against FPIR across thresholds, one line per group, both axes on a log
 * scale (zero rates cannot be drawn on a log axis and are left out by the caller, who says so in the text); the
 * points at the `operational` thresholds are marked with black-edged diamonds.
 */
export function detSpec(title: string, points: readonly DetPoint[], operational: readonly number[] = []): TopLevelSpec {
  const x = { field: 'fpir', type: 'quantitative', title: 'FPIR against the filler gallery (log scale)', scale: { type: 'log' }, axis: { format: '~%' } } as const;
  const y = { field: 'fnir', type: 'quantitative', title: 'FNIR, missed (log scale)', scale: { type: 'log' }, axis: { format: '~%' } } as const;
  const color = { field: 'group', type: 'nominal', title: 'Group', scale: { scheme: 'tableau10' }, legend: { orient: 'bottom', direction: 'horizontal' } } as const;
  const ops = points.filter((p) => operational.some((t) => Math.abs(t - p.threshold) < 1e-9)).map((p) => ({ ...p }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: title,
    width: 520,
    height: 300,
    config: { ...FONT, legend: { columns: 4 } },
    layer: [
      { data: { values: points.map((p) => ({ ...p })) }, mark: { type: 'line', point: true }, encoding: { x, y, color, order: { field: 'threshold', type: 'quantitative' } } },
      { data: { values: ops }, mark: { type: 'point', shape: 'diamond', size: 120, filled: true, stroke: '#000', strokeWidth: 1 }, encoding: { x, y, color } },
    ],
  };
}

/** One bin of a score distribution: the share of a group's searches with a score in [from, to). */
export interface ScoreBin {
  group: string;
  kind: string;
  from: number;
  to: number;
  share: number;
}

/** Score distributions by group: a step line per group and kind (mate scores, top non-mate scores). */
export function scoreDistributionSpec(title: string, bins: readonly ScoreBin[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: title,
    width: 520,
    height: 220,
    config: FONT,
    data: { values: bins.map((b) => ({ ...b })) },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 'from', type: 'quantitative', title: 'Score (bin start)', scale: { zero: false } },
      y: { field: 'share', type: 'quantitative', title: 'Share of searches (log scale)', scale: { type: 'symlog', constant: 0.001 }, axis: { format: '.1~%' } },
      color: { field: 'group', type: 'nominal', title: 'Group', scale: { scheme: 'tableau10' } },
      strokeDash: { field: 'kind', type: 'nominal', title: 'Score' },
    },
  };
}

/** One algorithm's value of a metric at a threshold, for the explorer's trade-off chart. */
export interface TradeOffPoint {
  threshold: number;
  value: number;
  metric: string;
}

/**
 * The explorer's chart: recognition (TPIR) and false matches (`falseMetric`: false alerts per hour for live use, a
 * percentage of searched photos otherwise) across thresholds, with a rule at the selected threshold driven by the
 * `selected` parameter (changed from the page's slider through the Vega view).
 */
export function tradeOffSpec(points: readonly TradeOffPoint[], selected: number, falseMetric = 'False alerts per deployment-hour'): TopLevelSpec {
  const panel = (metric: string, log: boolean): object => ({
    width: 'container',
    height: 140,
    title: { text: metric, anchor: 'start', fontSize: 13 },
    layer: [
      {
        transform: [{ filter: { field: 'metric', equal: metric } }],
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'threshold', type: 'quantitative', title: 'Face-match threshold', scale: { zero: false } },
          y: log
            ? { field: 'value', type: 'quantitative', title: 'log scale', scale: { type: 'symlog', constant: 0.01 }, axis: { values: [0, 0.1, 1, 10, 100, 1000, 10000], format: ',~r' } }
            : { field: 'value', type: 'quantitative', title: null },
        },
      },
      {
        data: { values: [{}] },
        transform: [{ calculate: 'selected', as: 'selected' }],
        mark: { type: 'rule', color: '#b00020', strokeWidth: 2 },
        encoding: { x: { field: 'selected', type: 'quantitative' } },
      },
    ],
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: FONT,
    params: [{ name: 'selected', value: selected }],
    data: { values: points.map((p) => ({ ...p })) },
    vconcat: [panel('Recognised (%)', false), panel(falseMetric, true)],
  } as TopLevelSpec;
}

/** The width, in CSS pixels, a chart's phone layout fits into (a 375 px screen less the page's margins). */
export const PHONE_WIDTH = 330;

/** Font size of every chart text in the phone layout, shown at its own size (not scaled down). */
export const PHONE_FONT_SIZE = 11;

/**
 * The phone layout of a chart: the same spec fitted into PHONE_WIDTH pixels with its axes and legends included
 * (Vega-Lite autosize `fit-x`, `contains: padding`), legends in two columns and every text at PHONE_FONT_SIZE, so
 * that on a narrow screen the chart is drawn at the width it is shown and no label shrinks below 10 px.
 */
export function phoneLayout(spec: TopLevelSpec): TopLevelSpec {
  const config = spec.config ?? {};
  const f = PHONE_FONT_SIZE;
  return {
    ...spec,
    width: PHONE_WIDTH,
    autosize: { type: 'fit-x', contains: 'padding' },
    config: {
      ...config,
      axis: { ...config.axis, labelFontSize: f, titleFontSize: f, labelLimit: 120 },
      axisY: { ...config.axisY, labelLimit: 120 },
      legend: { ...config.legend, labelFontSize: f, titleFontSize: f, labelLimit: 140, columns: 2, orient: 'bottom' },
      text: { ...config.text, fontSize: f },
    },
  };
}

/** One verdict of one grouping and error type at one threshold, for the map of verdicts across thresholds. */
export interface VerdictCell {
  row: string;
  threshold: number;
  verdict: string;
}

/** Verdict words in the map's legend order, with their colours (red: a difference; blues: none found; grey: cannot tell). */
const VERDICT_COLOURS: readonly (readonly [string, string])[] = [
  ['significant difference', '#b2182b'],
  ['too small to tell', '#bababa'],
  ['no significant difference', '#92c5de'],
  ['equivalent', '#2166ac'],
];

/**
 * Where differences between groups are significant across every swept threshold: one row per grouping and error
 * type, one cell per threshold coloured by its verdict, and a black triangle at each row's equity threshold (the
 * lowest threshold from which no verdict is a significant difference). `step` is the spacing of the thresholds.
 */
export function verdictMapSpec(title: string, cells: readonly VerdictCell[], equity: readonly { row: string; threshold: number }[], step: number): TopLevelSpec {
  const rows = [...new Set(cells.map((c) => c.row))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: title,
    width: 520,
    config: { ...FONT, axisY: { labelLimit: 260 }, legend: { labelLimit: 200 } },
    encoding: { y: { field: 'row', type: 'nominal', sort: rows, title: null } },
    layer: [
      {
        data: { values: cells.map((c) => ({ ...c, from: c.threshold - step / 2, to: c.threshold + step / 2 })) },
        mark: { type: 'rect', stroke: '#fff', strokeWidth: 0.5 },
        encoding: {
          x: { field: 'from', type: 'quantitative', title: 'Face-match threshold', scale: { zero: false, nice: false } },
          x2: { field: 'to' },
          color: { field: 'verdict', type: 'nominal', title: 'Verdict', scale: { domain: VERDICT_COLOURS.map(([v]) => v), range: VERDICT_COLOURS.map(([, c]) => c) }, legend: { orient: 'bottom', direction: 'horizontal' } },
        },
      },
      {
        data: { values: equity.map((e) => ({ ...e })) },
        mark: { type: 'point', shape: 'triangle-down', filled: true, color: '#000', size: 70, yOffset: -6 },
        encoding: { x: { field: 'threshold', type: 'quantitative' } },
      },
    ],
  };
}

/** One group's error rate at one threshold, for error rates against threshold. */
export interface ErrorRatePoint {
  group: string;
  /** 'FNIR (missed)' or 'FPIR (false match)'. */
  metric: string;
  threshold: number;
  rate: number;
}

/**
 * Error rates against threshold by group (as NISTIR 8280 draws them): FNIR rising and FPIR falling with the
 * threshold, one colour per group, a solid line for FNIR and a dashed one for FPIR, on a log scale (zero rates cannot
 * be drawn and are left out by the caller), operational thresholds as dashed rules.
 */
export function errorRatesSpec(title: string, points: readonly ErrorRatePoint[], operational: readonly number[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: title,
    width: 520,
    height: 280,
    config: { ...FONT, legend: { columns: 4 } },
    layer: [
      {
        data: { values: points.map((p) => ({ ...p })) },
        mark: { type: 'line' },
        encoding: {
          x: { field: 'threshold', type: 'quantitative', title: 'Face-match threshold', scale: { zero: false } },
          y: { field: 'rate', type: 'quantitative', title: 'Error rate (log scale)', scale: { type: 'log' }, axis: { format: '~%' } },
          color: { field: 'group', type: 'nominal', title: 'Group', scale: { scheme: 'tableau10' }, legend: { orient: 'bottom', direction: 'horizontal' } },
          strokeDash: { field: 'metric', type: 'nominal', title: 'Error', legend: { orient: 'bottom', direction: 'horizontal' } },
        },
      },
      {
        data: { values: operational.map((t) => ({ threshold: t })) },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#555' },
        encoding: { x: { field: 'threshold', type: 'quantitative' } },
      },
    ],
  };
}

/** False alerts of one probe ethnicity against gallery entries of one ethnicity, for the who-matched-whom map. */
export interface MatchPairCell {
  probe: string;
  gallery: string;
  alerts: number;
  /** Alerts / searches of that probe ethnicity. */
  share: number;
}

/**
 * Who was falsely matched to whom: the passer's ethnicity (rows) against the ethnicity of the falsely matched gallery
 * entry (columns), each cell coloured by the share of that row's searches and labelled with its count of alerts.
 */
export function matchPairsSpec(title: string, cells: readonly MatchPairCell[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: title,
    width: 520,
    config: { ...FONT, axis: { labelLimit: 160 } },
    data: { values: cells.map((c) => ({ ...c })) },
    encoding: {
      y: { field: 'probe', type: 'nominal', title: 'Person searched', sort: null },
      x: { field: 'gallery', type: 'nominal', title: 'Gallery entry falsely matched', sort: null, axis: { labelAngle: 0 } },
    },
    layer: [
      { mark: { type: 'rect' }, encoding: { color: { field: 'share', type: 'quantitative', title: 'Share of searches', scale: { scheme: 'oranges', domainMin: 0 }, legend: { format: '.2~%', orient: 'bottom' } } } },
      { mark: { type: 'text', fontSize: 11 }, encoding: { text: { field: 'alerts', type: 'quantitative' }, color: { value: '#000' } } },
    ],
  };
}
