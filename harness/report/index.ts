/** The report stage: pages people can read, made from results.json. */
// public API
export { renderReportSet, DEFAULT_PASSERS_BY_PER_HOUR, type ReportSetOptions } from './report-set.ts';
export { renderPublicReport } from './public-report.ts';
export { renderAnnex } from './annex.ts';
export { renderExplorer, vegaScripts } from './explorer.ts';
export { ratesCsv, ratesArrow } from './downloads.ts';
export { printPdf, findChromium, CHROMIUM_MISSING } from './print-pdf.ts';
export { renderSvg } from './render-chart.ts';
export { chartCache, type ChartRenderer } from './chart-cache.ts';
export { rateByGroupSpec, acrossThresholdsSpec, detSpec, scoreDistributionSpec, tradeOffSpec } from './charts.ts';
export { ReportFile } from './page.ts';
export { esc } from './html.ts';
