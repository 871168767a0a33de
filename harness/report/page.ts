/** The page shell shared by the report pages: head, inlined stylesheet, the simulated-data banner, navigation. */
import type { Results } from '../analyse/results-schema.ts';
import type { ChartSvgs } from './chart-cache.ts';
import { esc } from './html.ts';
import { REPORT_CSS } from './report-css.ts';

/** The report's pages and downloads, by file name, with link text. */
export const ReportFile = {
  'index.html': 'Public report',
  'annex.html': 'Technical annex',
  'explorer.html': 'Threshold explorer',
  'rates.csv': 'Rates (CSV)',
  'rates.arrow': 'Rates (Arrow)',
  'cmc.csv': 'Candidate-list hit rates by rank (CSV; retrospective use only)',
  'results.json': 'results.json',
} as const;
export type ReportFile = keyof typeof ReportFile;

/** The banner every page of simulated results carries. */
export const SIMULATED_NOTE = '<p class="banner" role="note"><strong>Simulated data.</strong> Every number on this page was computed from a simulated campaign drawn from a score model, not from real people. It shows what a report looks like; it says nothing about any real system.</p>';

/**
 * A complete HTML page: `body` is already-escaped HTML; `current` marks the page in the navigation; `head` adds
 * already-safe head content (scripts). No external resources.
 */
export function page(results: Results, title: string, current: ReportFile, body: string, head = ''): string {
  const nav = (['index.html', 'annex.html', 'explorer.html'] as const)
    .map((f) => (f === current ? `<a href="${f}" aria-current="page">${ReportFile[f]}</a>` : `<a href="${f}">${ReportFile[f]}</a>`)).join(' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${REPORT_CSS}</style>${head}</head>
<body><header><nav aria-label="Report pages">${nav}</nav></header><main>
${results.campaign.simulated ? SIMULATED_NOTE : ''}
${body}
</main><footer><p>Made with Evenhand ${esc(results.generator.version)}, an open tool for testing whether face recognition treats people equitably. Data: <a href="rates.csv">rates (CSV)</a>, <a href="rates.arrow">rates (Arrow)</a>, <a href="results.json">results.json</a>.</p></footer></body></html>
`;
}

/**
 * A figure: the chart labelled with its text alternative, a caption and its data as a table behind a disclosure.
 * The wide and phone drawings are both in the page; the stylesheet shows one by screen width (print: the wide one),
 * and the hidden one is out of the accessibility tree (display: none).
 */
export function figure(title: string, svgs: ChartSvgs, alt: string, dataTable: string): string {
  const label = (svg: string, cls: string): string => svg.replace('<svg ', `<svg class="${cls}" role="img" aria-label="${esc(alt)}" `);
  return `<figure>${label(svgs.wide, 'chart-wide')}${label(svgs.phone, 'chart-phone')}<figcaption>${esc(title)}</figcaption><details><summary>Chart data as a table</summary>${dataTable}</details></figure>`;
}
