/**
 * The public report (index.html): one self-contained page, plain words first, then charts (SVG rendered here from
 * Vega-Lite) with text alternatives and data tables, methods and limitations. No names, ids or images of people;
 * groups smaller than the protocol's minimum cell size are suppressed.
 */
import type { AlgorithmResult, Rate, Results } from '../analyse/results-schema.ts';
import { acrossThresholdsSpec, rateByGroupSpec, type GroupPoint, type ThresholdPoint } from './charts.ts';
import { count, oneIn, percent, threshold as fmtT } from './format.ts';
import { esc, table } from './html.ts';
import { renderSvg } from './render-chart.ts';
import { REPORT_CSS } from './report-css.ts';

/** Finds a rate row. */
function find(a: AlgorithmResult, metric: Rate['metric'], population: string, group: string, t: number): Rate | undefined {
  return a.rates.find((r) => r.metric === metric && r.population === population && r.group === group && r.threshold === t);
}

/** The headline interval of a rate. */
function iv(r: Rate, results: Results): { lower: number; upper: number } {
  return r.intervals[results.settings.headlineInterval];
}

/** Renders the public report for `results` as one HTML string. */
export async function renderPublicReport(results: Results): Promise<string> {
  const parts: string[] = [];
  const simulated = results.campaign.simulated;
  if (simulated) {
    parts.push('<p class="banner" role="note"><strong>Simulated data.</strong> Every number on this page was computed from a simulated campaign drawn from a score model, not from real people. It shows what a report looks like; it says nothing about any real system.</p>');
  }
  parts.push(`<h1>${esc(results.campaign.title)}</h1>`);
  if (results.campaign.description !== '') parts.push(`<p class="lede">${esc(results.campaign.description)}</p>`);
  for (const a of results.algorithms) parts.push(await algorithmSection(results, a));
  parts.push(methodsSection(results));
  return page(results.campaign.title, parts.join('\n'));
}

async function algorithmSection(results: Results, a: AlgorithmResult): Promise<string> {
  const out: string[] = [];
  const multi = results.algorithms.length > 1;
  out.push(`<section aria-labelledby="alg-${esc(a.id)}"><h2 id="alg-${esc(a.id)}">${multi ? `Algorithm: ${esc(a.label)}` : 'What we found'}</h2>`);
  const crowd = a.counts.nonMated.crowd ?? 0;
  out.push(`<p>We looked at <strong>${count(a.counts.mated)}</strong> passes of people on the watchlist past the cameras${a.counts.subjects !== null ? ` (by ${count(a.counts.subjects)} volunteers)` : ''}` +
    `${crowd > 0 ? `, and <strong>${count(crowd)}</strong> passes by members of the public` : ''}${(a.counts.nonMated.filler_probe ?? 0) > 0 ? `. Volunteers' faces were also searched against a gallery of ${count(populationGallery(a, 'filler_probe'))} other people's images (${count(a.counts.nonMated.filler_probe ?? 0)} searches) to measure false matches by group` : ''}.</p>`);
  for (const t of results.settings.operationalThresholds) out.push(headline(results, a, t));
  const t0 = results.settings.operationalThresholds[0] as number;
  out.push(await groupChart(results, a, 'TPIR', 'mated', t0, `Share of people on the watchlist recognised, by group, at threshold ${fmtT(t0)}`));
  if (a.populations.some((p) => p.id === 'filler_probe')) {
    out.push(await groupChart(results, a, 'FPIR', 'filler_probe', t0, `Share of searches with a false match against the ${count(populationGallery(a, 'filler_probe'))}-image filler gallery, by group, at threshold ${fmtT(t0)}`));
  }
  if (crowd > 0) out.push(await crowdChart(results, a));
  out.push('</section>');
  return out.join('\n');
}

function populationGallery(a: AlgorithmResult, id: string): number {
  return a.populations.find((p) => p.id === id)?.gallerySize ?? 0;
}

function headline(results: Results, a: AlgorithmResult, t: number): string {
  const tp = find(a, 'TPIR', 'mated', 'overall', t);
  const fp = find(a, 'FPIR', 'crowd', 'overall', t);
  const level = Math.round(results.settings.confidenceLevel * 100);
  const lines: string[] = [];
  if (tp !== undefined && tp.estimate !== null) {
    const i = iv(tp, results);
    lines.push(`<li><strong>${Math.round(tp.estimate * 100)} of every 100</strong> passes by people on the watchlist were recognised (${percent(tp.estimate)}; ${level}% interval ${percent(i.lower)} to ${percent(i.upper)}; ${count(tp.k)} of ${count(tp.n)}).</li>`);
  }
  if (fp !== undefined && fp.estimate !== null) {
    const i = iv(fp, results);
    const phrase = fp.k === 0
      ? `<strong>No false alerts</strong> among ${count(fp.n)} passers-by (the rate is below ${percent(i.upper)} with ${level}% confidence)`
      : `About <strong>${oneIn(fp.estimate)}</strong> passers-by caused a false alert (${count(fp.k)} false alerts among ${count(fp.n)}; ${level}% interval ${oneIn(i.upper)} to ${oneIn(i.lower)})`;
    lines.push(`<li>${phrase}${fp.k > 0 && fp.k < 30 ? '. Fewer than 30 false alerts make this estimate uncertain' : ''}.</li>`);
  }
  return `<div class="headline"><h3>At face-match threshold ${fmtT(t)}</h3><ul>${lines.join('')}</ul></div>`;
}

async function groupChart(results: Results, a: AlgorithmResult, metric: 'TPIR' | 'FPIR', population: string, t: number, title: string): Promise<string> {
  const min = results.settings.minCellSize;
  const rows: string[][] = [];
  const points: GroupPoint[] = [];
  const levelLabel = { overall: 'Everyone', sex: 'Sex', ethnicity: 'Ethnicity', ageBand: 'Age band', 'sex+ethnicity': 'Sex and ethnicity' } as const;
  for (const g of results.groups) {
    const r = find(a, metric, population, g.id, t);
    if (r === undefined || r.n === 0) continue;
    if (r.n < min) {
      rows.push([esc(g.label), esc(levelLabel[g.level]), `fewer than ${min}`, 'suppressed', '']);
      continue;
    }
    const i = iv(r, results);
    points.push({ group: g.label, level: levelLabel[g.level], estimate: r.estimate ?? 0, lower: i.lower, upper: i.upper });
    rows.push([esc(g.label), esc(levelLabel[g.level]), count(r.n), percent(r.estimate), `${percent(i.lower)} to ${percent(i.upper)}`]);
  }
  const svg = await renderSvg(rateByGroupSpec(title, metric, points));
  const alt = points.map((p) => `${p.group}: ${percent(p.estimate)}`).join('; ');
  return figure(title, svg, `${title}. ${alt}.`, table(`${title} (data)`, ['Group', 'Grouped by', 'Searches', metric, `${Math.round(results.settings.confidenceLevel * 100)}% interval`], rows));
}

async function crowdChart(results: Results, a: AlgorithmResult): Promise<string> {
  const points: ThresholdPoint[] = [];
  const rows: string[][] = [];
  for (const t of results.settings.thresholds) {
    const r = find(a, 'FPIR', 'crowd', 'overall', t);
    if (r === undefined || r.estimate === null) continue;
    const i = iv(r, results);
    points.push({ threshold: t, value: r.estimate * 1000, lower: i.lower * 1000, upper: i.upper * 1000, series: 'False alerts per 1,000 passers-by' });
    rows.push([fmtT(t), count(r.k), count(r.n), (r.estimate * 1000).toFixed(3), `${(i.lower * 1000).toFixed(3)} to ${(i.upper * 1000).toFixed(3)}`]);
  }
  const title = 'False alerts per 1,000 passers-by, across thresholds';
  const svg = await renderSvg(acrossThresholdsSpec(title, 'False alerts per 1,000', points, results.settings.operationalThresholds));
  const first = points[0];
  const last = points[points.length - 1];
  const alt = first !== undefined && last !== undefined ? `From ${first.value.toFixed(2)} per 1,000 at threshold ${fmtT(first.threshold)} to ${last.value.toFixed(3)} at ${fmtT(last.threshold)}: higher thresholds give fewer false alerts.` : '';
  return figure(title, svg, `${title}. ${alt}`, table(`${title} (data)`, ['Threshold', 'False alerts', 'Passers-by', 'Per 1,000', 'Interval per 1,000'], rows));
}

function figure(title: string, svg: string, alt: string, dataTable: string): string {
  const labelled = svg.replace('<svg ', `<svg role="img" aria-label="${esc(alt)}" `);
  return `<figure>${labelled}<figcaption>${esc(title)}</figcaption><details><summary>Chart data as a table</summary>${dataTable}</details></figure>`;
}

function methodsSection(results: Results): string {
  const level = Math.round(results.settings.confidenceLevel * 100);
  return `<section aria-labelledby="methods"><h2 id="methods">How to read these numbers</h2>
<ul>
<li>A <em>face-match threshold</em> is the score above which the system alerts an officer. One threshold is used for everyone, as in operations.</li>
<li>The <em>recognition rate</em> (true positive identification rate, TPIR) is the share of passes by people on the watchlist in which the system put the right person first with a score at or above the threshold. One pass is one chance, not one video frame.</li>
<li>The <em>false alert rate</em> (false positive identification rate, FPIR) is the share of passes by people not on the watchlist that raised any alert. Each pass counts once.</li>
<li>Each figure has a ${level}% interval: the range the true rate plausibly lies in, given how many people were observed (${results.settings.headlineInterval === 'clopper-pearson' ? 'Clopper-Pearson exact' : 'Wilson score'} method). Overlapping intervals are not a test of difference, and "no significant difference" is not proof of equal treatment.</li>
<li>Groups with fewer than ${results.settings.minCellSize} searches are not shown, to protect privacy and because such small numbers say little.</li>
<li>Repeated passes by the same volunteer are not independent; intervals here treat passes as independent and are therefore somewhat too narrow for recognition rates.</li>
</ul></section>`;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${REPORT_CSS}</style></head>
<body><main>
${body}
<footer><p>Made with Evenhand, an open tool for testing whether face recognition treats people equitably.</p></footer>
</main></body></html>
`;
}
