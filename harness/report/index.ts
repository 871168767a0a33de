/** The report stage: pages people can read, made from results.json. */
// public API
export { renderReportSet, type ReportSetOptions } from './report-set.ts';
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
export { rateIndex, type RateIndex } from './rate-lookup.ts';
export { verdictSentence, VerdictWords, LevelWords } from './verdict-words.ts';
export { policyRationale, CheckWords } from './policy-rationale.ts';
export { ExclusionWords, estimateNote, homogeneityNote, regressionNotes } from './statistics-words.ts';
export { percent, percentFixed, oneIn, count, threshold, pValue, significant } from './format.ts';
