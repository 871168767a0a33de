/** The report stage: pages people can read, made from results.json. */
// public API
export { renderPublicReport } from './public-report.ts';
export { renderSvg } from './render-chart.ts';
export { rateByGroupSpec, acrossThresholdsSpec } from './charts.ts';
export { esc } from './html.ts';
