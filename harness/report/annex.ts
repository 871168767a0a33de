/**
 * The technical annex (annex.html): every rate table (threshold x group x metric with n, k, estimate and every
 * interval), what the footage did not show (failures to acquire, tracks of no known pass, tracking measures, the
 * sensitivity of the headline rates to the adjudication rule), the tests between groups with their corrections and
 * equivalence tests, the regressions, differential indices, DET curves and score distributions per group, and the
 * provenance of the inputs.
 */
import type { AlgorithmResult, Comparison, Estimate, Regression, Results } from '../analyse/results-schema.ts';
import { sameThreshold } from '../metrics/index.ts';
import { adjudicationSection } from './adjudication-tables.ts';
import { conditionsSection } from './conditions-section.ts';
import { logImportSection } from './log-import-section.ts';
import { acquisitionSection } from './acquisition-table.ts';
import { detSpec, errorRatesSpec, matchPairsSpec, scoreDistributionSpec, verdictMapSpec, type DetPoint, type ErrorRatePoint, type MatchPairCell, type ScoreBin, type VerdictCell } from './charts.ts';
import { methodsSection } from './methods-table.ts';
import { operationalRatesTables } from './operational-rates-table.ts';
import { LevelSubject, MetricSubject } from './verdict-line.ts';
import { renderBoth, type ChartRenderer } from './chart-cache.ts';
import { count, pValueCell as p, significant as num, threshold as fmtT } from './format.ts';
import { esc, table } from './html.ts';
import { annexUseCaseSection } from './use-case-section.ts';
import { figure, page } from './page.ts';
import { LevelLabel, rateIndex, type LevelId } from './rate-lookup.ts';
import { scoreBins } from './score-bins.ts';
import { estimateNote, homogeneityNote, regressionNotes } from './statistics-words.ts';
import { verdictSentence } from './verdict-words.ts';

const LEVELS = ['sex', 'ethnicity', 'ageBand'] as const satisfies readonly LevelId[];


/** Renders the technical annex for `results` as one HTML string; `sections` (e.g. a combined study's sites) go before the provenance. */
export async function renderAnnex(results: Results, render: ChartRenderer, sections: readonly string[] = []): Promise<string> {
  const parts: string[] = [`<h1>Technical annex: ${esc(results.campaign.title)}</h1>`, settingsSection(results), methodsSection(results)];
  const toc: string[] = [];
  for (const a of results.algorithms) {
    toc.push(`<li><a href="#annex-${esc(a.id)}">${esc(a.label)}</a></li>`);
    parts.push(await algorithmAnnex(results, a, render));
  }
  parts.push(...sections, provenanceSection(results));
  parts.splice(1, 0, `<nav aria-label="Contents"><ul><li><a href="#settings">Settings</a></li><li><a href="#methods">Methods</a></li>${toc.join('')}<li><a href="#provenance">Provenance</a></li></ul></nav>`);
  return page(results, `Technical annex: ${results.campaign.title}`, 'annex.html', parts.join('\n'));
}

function settingsSection(results: Results): string {
  const s = results.settings;
  const t = s.thresholds;
  const rows = [
    ['Confidence level', `${s.confidenceLevel}`],
    ['Headline interval', esc(s.headlineInterval)],
    ...(s.useCase === undefined ? [] : [['Use case', esc(s.useCase.useCase === 'rfr' ? `retrospective (RFR): lists of ${s.useCase.listLength ?? ''}, review threshold ${s.useCase.reviewThreshold === null ? 'none' : fmtT(s.useCase.reviewThreshold)}` : 'operator-initiated (OIFR)')]]),
    ['Rank for a hit', `${s.rank}`],
    ['Thresholds swept', `${t.length} from ${fmtT(t[0] ?? 0)} to ${fmtT(t[t.length - 1] ?? 0)}`],
    ['Operational thresholds', s.operationalThresholds.map(fmtT).join(', ')],
    ['Minimum cell size (public report)', `${s.minCellSize}`],
    ['Operational watchlist size', count(s.watchlistSize)],
    ['Simulated data', results.campaign.simulated ? 'yes' : 'no'],
  ].map(([k, v]) => [esc(k ?? ''), v ?? '']);
  return `<section aria-labelledby="settings"><h2 id="settings">Settings</h2>${table('Analysis settings', ['Setting', 'Value'], rows)}</section>`;
}

async function algorithmAnnex(results: Results, a: AlgorithmResult, render: ChartRenderer): Promise<string> {
  const id = `annex-${esc(a.id)}`;
  const out = [`<section aria-labelledby="${id}"><h2 id="${id}">${esc(a.label)}</h2>`];
  out.push(countsTable(a));
  out.push(`<h3>Rates by group at the operational thresholds</h3><p>Every group, intersections included (groups below ${results.settings.minCellSize} searches are marked: the public report does not show them). False alert rates at the watchlist size come from the crowd where it has demographics, otherwise from filler searches scaled by watchlist size / gallery size.</p>`);
  out.push(operationalRatesTables(results, a));
  out.push(acquisitionSection(results, a));
  const useCase = annexUseCaseSection(results, a);
  if (useCase !== '') out.push(useCase);
  const adjudication = adjudicationSection(a);
  if (adjudication !== '') out.push(adjudication);
  const fromLog = logImportSection(results, a);
  if (fromLog !== '') out.push(fromLog);
  out.push(`<h3>Tests between groups</h3>`);
  if (a.comparisons.length === 0) out.push('<p>No tests between groups are in this results file.</p>');
  else {
    out.push(equityTable(results, a));
    out.push(await verdictMapFigure(results, a, render));
    const operational = a.comparisons.filter((c) => results.settings.operationalThresholds.some((t) => sameThreshold(t, c.threshold)));
    out.push(`<p>The tables below give every test at the operational thresholds; the verdicts at every threshold swept follow them.</p>`);
    out.push(comparisonsTables(results, a, operational));
    out.push(everyVerdictTable(results, a));
  }
  out.push('<h3>Regression</h3>');
  out.push(a.regressions.length === 0
    ? '<p>No regression is in this results file.</p>'
    : a.regressions.map((r) => regressionTables(a, r)).join('\n'));
  const conditions = conditionsSection(results, a);
  if (conditions !== '') out.push(conditions);
  out.push('<h3>Error rates against threshold by group</h3><p>As NISTIR 8280 draws them: the share of people on the watchlist missed (FNIR, solid) and of other people falsely matched (FPIR, dashed) at every threshold, on a log scale; zero rates cannot be drawn on a log scale and are in the data tables only. Groups below the minimum cell size are left out.</p>');
  for (const level of LEVELS) out.push(await errorRatesFigure(results, a, level, render));
  out.push('<h3>Detection error trade-off by group</h3>');
  for (const level of LEVELS) out.push(await detFigure(results, a, level, render));
  out.push(await matchPairsFigures(results, a, render));
  out.push('<h3>Score distributions by group</h3><p>Read back from the threshold sweep: the share of each group\'s searches whose score (the rank-1 mate score for people on the watchlist, the highest non-mate score for filler searches) falls between consecutive thresholds. Scores below the lowest threshold swept are not shown; the open top bin (from the highest threshold to 1) is in the data tables only.</p>');
  for (const level of LEVELS) out.push(await scoreFigure(results, a, level, render));
  out.push('<h3>Every rate</h3><p class="print-only">The full tables (every threshold, group and metric) are in rates.csv and rates.arrow, published with this annex.</p>');
  out.push(ratesTables(results, a));
  out.push('</section>');
  return out.join('\n');
}

function countsTable(a: AlgorithmResult): string {
  const rows: string[][] = [
    ['Searches', count(a.counts.searches)],
    ['Mated searches (passes by people on the watchlist)', count(a.counts.mated)],
    ['Volunteers', a.counts.subjects === null ? 'not given' : count(a.counts.subjects)],
    ...Object.entries(a.counts.nonMated).map(([k, v]) => [`Non-mated searches: ${esc(k)}`, count(v)]),
    ['Mated searches whose mate was not returned', count(a.counts.mateNotReturned)],
    ['Searches with no candidate', a.counts.noCandidates === null ? 'not given' : count(a.counts.noCandidates)],
    ['Unknown sex / ethnicity / age band', `${a.counts.unknown.sex} / ${a.counts.unknown.ethnicity} / ${a.counts.unknown.ageBand}`],
    ...a.populations.map((x) => [`Gallery size: ${esc(x.id)} (${x.kind})`, x.gallerySize === null ? 'n/a' : count(x.gallerySize)]),
  ];
  return `<div class="table-wrap" tabindex="0">${table('Counts', ['Quantity', 'Value'], rows)}</div>`;
}

function estimate(e: Estimate): string {
  const note = estimateNote(e);
  if (e.value === null) return `n/a${note !== null ? ` (${esc(note)})` : ''}`;
  return `${num(e.value)} (${num(e.lower)} to ${num(e.upper)})${note !== null ? ` ${esc(note)}` : ''}`;
}

/** Where equity starts for each grouping and error type, with the thresholds where a difference is significant. */
function equityTable(results: Results, a: AlgorithmResult): string {
  const rows = a.equityThresholds.map((e) => [
    `${e.metric} (${esc(e.population)}) by ${esc(LevelLabel[e.level])}`,
    e.threshold === null ? 'none (significant at the highest threshold)' : fmtT(e.threshold),
    e.significantAt.length === 0 ? 'none' : e.significantAt.map(fmtT).join(', '),
    `${e.tested}`, num(e.familywiseBound, 3),
  ]);
  const alpha = results.settings.statistics.alpha;
  return `<p>The <em>equity threshold</em> is the lowest threshold from which no test, there or at any higher threshold, finds a significant difference between groups. Each threshold is tested at alpha = ${alpha}; looking at many thresholds raises the chance that one of them shows a difference by chance. The thresholds are nested (a search that alerts at a higher threshold also alerts at every lower one), so their tests agree closely and that chance is well below the Bonferroni bound given here (tests x alpha). Read a lone significant threshold with care; a run of significant thresholds below the equity threshold, as NPL reported at 0.56 and 0.58, is stronger evidence.</p>
<div class="table-wrap" tabindex="0">${table(`Where equity starts (${a.label})`, ['Error type and grouping', 'Equity threshold', 'Significant difference at', 'Thresholds tested', 'Bonferroni bound'], rows)}</div>`;
}

/** The verdict of every grouping and error type at every threshold as a map, with the equity thresholds marked. */
async function verdictMapFigure(results: Results, a: AlgorithmResult, render: ChartRenderer): Promise<string> {
  const row = (c: { metric: Comparison['metric']; level: Comparison['level']; population: string }): string =>
    `${MetricSubject[c.metric]} by ${LevelSubject[c.level]}${a.comparisons.some((x) => x.metric === c.metric && x.population !== c.population) ? ` (${c.population})` : ''}`;
  const cells: VerdictCell[] = a.comparisons.map((c) => ({ row: row(c), threshold: c.threshold, verdict: c.verdict.replace(/-/g, ' ') }));
  const equity = a.equityThresholds.filter((e) => e.threshold !== null).map((e) => ({ row: row(e), threshold: e.threshold ?? 0 }));
  const t = results.settings.thresholds;
  const step = t.length > 1 ? Math.min(...t.slice(1).map((x, i) => x - (t[i] ?? 0))) : 0.01;
  const title = `Verdicts between groups at every threshold (${a.label})`;
  const svgs = await renderBoth(render, verdictMapSpec(title, cells, equity, step));
  const rows = a.equityThresholds.map((e) => [esc(row(e)), e.threshold === null ? 'none' : fmtT(e.threshold), e.significantAt.length === 0 ? 'none' : e.significantAt.map(fmtT).join(', ')]);
  const alt = `${title}: one row per error type and grouping, one cell per threshold coloured by the verdict; a triangle marks where equity starts. ${a.equityThresholds.map((e) => `${row(e)}: ${e.significantAt.length === 0 ? 'no significant difference at any threshold' : `significant at ${e.significantAt.map(fmtT).join(', ')}; equity from ${e.threshold === null ? 'no threshold' : fmtT(e.threshold)}`}`).join('. ')}.`;
  return figure(title, svgs, alt, `<div class="table-wrap" tabindex="0">${table(`${title} (data)`, ['Error type and grouping', 'Equity threshold', 'Significant difference at'], rows)}</div>`);
}

/** One row per comparison at every swept threshold: the test's p-value, the power and the verdict. */
function everyVerdictTable(results: Results, a: AlgorithmResult): string {
  const rows = a.comparisons.map((c) => [fmtT(c.threshold), `${c.metric} (${esc(c.population)})`, esc(LevelLabel[c.level]), esc(c.homogeneity.method), p(c.homogeneity.pValue),
    c.power === null ? 'n/a' : num(c.power, 3), `<span class="verdict ${c.verdict}">${esc(c.verdict)}</span>`]);
  const caption = `Verdicts at every threshold (${a.label}): ${rows.length} comparisons`;
  return `<details class="full-table"><summary>${esc(caption)}</summary><div class="table-wrap" tabindex="0">${table(caption, ['Threshold', 'Error type', 'Grouped by', 'Homogeneity test', 'p', 'Power', 'Verdict'], rows)}</div></details>`;
}

function comparisonsTables(results: Results, a: AlgorithmResult, comparisons: readonly Comparison[]): string {
  const label = (g: string): string => esc(results.groups.find((x) => x.id === g)?.label ?? g);
  const what = (c: Comparison): string => `${c.metric} (${esc(c.population)}) by ${esc(LevelLabel[c.level])} at ${fmtT(c.threshold)}`;
  const homo = comparisons.map((c) => [what(c), esc(c.homogeneity.method), num(c.homogeneity.statistic), num(c.homogeneity.df), p(c.homogeneity.pValue),
    `<span class="verdict ${c.verdict}">${esc(c.verdict)}</span>`, esc([verdictSentence(results, c), homogeneityNote(c) ?? ''].filter((s) => s !== '').join(' '))]);
  const pairs = comparisons.flatMap((c) => c.pairwise.map((x) => [what(c), `${label(x.a)} - ${label(x.b)}`, num(x.difference), `${num(x.lower)} to ${num(x.upper)}`,
    x.bootstrap === null ? 'n/a' : `${num(x.bootstrap.lower)} to ${num(x.bootstrap.upper)} (${x.bootstrap.method === 'bca' ? 'BCa' : 'percentile'})`, p(x.pValue), p(x.pAdjusted), p(x.equivalencePValue), x.equivalent ? 'yes' : 'no']));
  const diffs = comparisons.map((c) => [what(c), estimate(c.differentials.maxMinRatio), estimate(c.differentials.garbe), estimate(c.differentials.fdr),
    c.differentials.log10RatioToReference.map((r) => `${label(r.group)} / ${label(r.reference)}: ${estimate(r.estimate)}`).join('<br>')]);
  return [
    `<div class="table-wrap" tabindex="0">${table(`Homogeneity tests (${esc(a.label)})`, ['Comparison', 'Method', 'Statistic', 'df', 'p', 'Verdict', 'In words'], homo)}</div>`,
    `<div class="table-wrap" tabindex="0">${table(`Pairwise differences, adjusted p-values and equivalence (TOST) tests (${esc(a.label)})`, ['Comparison', 'Pair', 'Difference', 'Interval (Newcombe)', 'Bootstrap interval', 'p', 'Adjusted p', 'Equivalence p', 'Equivalent'], pairs)}</div>`,
    `<div class="table-wrap" tabindex="0">${table(`Differential indices (${esc(a.label)})`, ['Comparison', 'Max/min ratio', 'GARBE', 'FDR', 'log10 ratio to reference'], diffs)}</div>`,
  ].join('\n');
}

function regressionTables(a: AlgorithmResult, r: Regression): string {
  const what = `${r.outcome} (${esc(r.population)}) at ${fmtT(r.threshold)}: ${count(r.n)} searches, ${count(r.clusters)} clusters`;
  const coef = r.coefficients.map((c) => [esc(c.term), num(c.estimate), num(c.se), num(c.z), p(c.pValue), num(c.oddsRatio), `${num(c.lower)} to ${num(c.upper)}`]);
  const wald = r.waldTests.filter((w) => w.notReported === null).map((w) => [esc(w.terms === 'all' ? 'all (any difference by sex or ethnicity)' : w.terms), num(w.statistic), num(w.df), p(w.pValue)]);
  const notes = regressionNotes(r);
  return [
    `<div class="table-wrap" tabindex="0">${table(`Logistic regression of ${what} (${esc(a.label)})`, ['Term', 'Estimate', 'Robust SE', 'z', 'p', 'Odds ratio', 'Odds ratio interval'], coef)}</div>`,
    wald.length > 0 ? table(`Wald tests (${esc(a.label)}, ${r.outcome} at ${fmtT(r.threshold)})`, ['Terms', 'Statistic', 'df', 'p'], wald) : '',
    notes.length > 0 ? `<ul>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '',
  ].join('\n');
}

/** Groups of a level large enough in the mated population to show. */
function levelGroups(results: Results, level: LevelId): Results['groups'] {
  return results.groups.filter((g) => g.level === level);
}

async function detFigure(results: Results, a: AlgorithmResult, level: LevelId, render: ChartRenderer): Promise<string> {
  const ix = rateIndex(a);
  const fpPop = a.populations.some((x) => x.id === 'filler_probe') ? 'filler_probe' : 'crowd';
  const points: DetPoint[] = [];
  const rows: string[][] = [];
  const left: string[] = [];
  for (const g of levelGroups(results, level)) {
    for (const t of results.settings.thresholds) {
      const fn = ix.get('FNIR', 'mated', g.id, t);
      const fp = ix.get('FPIR', fpPop, g.id, t);
      if (fn?.estimate == null || fp?.estimate == null) continue;
      if (fn.n < results.settings.minCellSize || fp.n < results.settings.minCellSize) {
        if (!left.includes(g.label)) left.push(g.label);
        continue;
      }
      rows.push([esc(g.label), fmtT(t), num(fp.estimate), num(fn.estimate)]);
      if (fn.estimate > 0 && fp.estimate > 0) points.push({ group: g.label, threshold: t, fpir: fp.estimate, fnir: fn.estimate });
    }
  }
  const title = `DET curves by ${LevelLabel[level].toLowerCase()} (${a.label})`;
  if (rows.length === 0) return `<p>No ${esc(LevelLabel[level].toLowerCase())} groups with rates to draw.</p>`;
  const svg = await renderBoth(render, detSpec(title, points, results.settings.operationalThresholds));
  const alt = `${title}: false negative rate against false positive rate on log scales, one line per group; diamonds mark the operational thresholds (${results.settings.operationalThresholds.map(fmtT).join(', ')}); points where either rate is zero are not drawn.${left.length > 0 ? ` Below the minimum cell size, not shown: ${left.join(', ')}.` : ''}`;
  return figure(title, svg, alt, `<div class="table-wrap" tabindex="0">${table(`${title} (data)`, ['Group', 'Threshold', `FPIR (${fpPop})`, 'FNIR'], rows)}</div>`);
}

/** FNIR and FPIR against threshold, one line per group of `level` (log scale; zero rates in the table only). */
async function errorRatesFigure(results: Results, a: AlgorithmResult, level: LevelId, render: ChartRenderer): Promise<string> {
  const ix = rateIndex(a);
  const fpPop = a.populations.some((x) => x.id === 'filler_probe') ? 'filler_probe' : 'crowd';
  const points: ErrorRatePoint[] = [];
  const rows: string[][] = [];
  for (const g of levelGroups(results, level)) {
    for (const t of results.settings.thresholds) {
      const fn = ix.get('FNIR', 'mated', g.id, t);
      const fp = ix.get('FPIR', fpPop, g.id, t);
      const big = (r: typeof fn): r is NonNullable<typeof fn> => r !== undefined && r.estimate !== null && r.n >= results.settings.minCellSize;
      if (!big(fn) && !big(fp)) continue;
      if (big(fn) && (fn.estimate ?? 0) > 0) points.push({ group: g.label, metric: 'FNIR (missed)', threshold: t, rate: fn.estimate ?? 0 });
      if (big(fp) && (fp.estimate ?? 0) > 0) points.push({ group: g.label, metric: `FPIR (${fpPop})`, threshold: t, rate: fp.estimate ?? 0 });
      rows.push([esc(g.label), fmtT(t), big(fn) ? num(fn.estimate) : 'n/a', big(fp) ? num(fp.estimate) : 'n/a']);
    }
  }
  const title = `Error rates against threshold by ${LevelLabel[level].toLowerCase()} (${a.label})`;
  if (rows.length === 0) return `<p>No ${esc(LevelLabel[level].toLowerCase())} groups with rates to draw.</p>`;
  const svgs = await renderBoth(render, errorRatesSpec(title, points, results.settings.operationalThresholds));
  return figure(title, svgs, `${title}: FNIR (solid) rises and FPIR (dashed) falls as the threshold rises, one colour per group, log scale; dashed rules at the operational thresholds.`,
    `<details class="full-table"><summary>Data (${rows.length} rows)</summary><div class="table-wrap" tabindex="0">${table(`${title} (data)`, ['Group', 'Threshold', 'FNIR', `FPIR (${fpPop})`], rows)}</div></details>`);
}

/** Who was falsely matched to whom at each operational threshold: a heatmap with counts per non-mated population. */
async function matchPairsFigures(results: Results, a: AlgorithmResult, render: ChartRenderer): Promise<string> {
  const pairs = a.falseMatchPairs ?? [];
  if (pairs.length === 0) return '';
  const label = (code: string): string => results.settings.demographics.ethnicity?.find((c) => c.code === code)?.label ?? code;
  const out: string[] = ['<h3>Who was falsely matched to whom</h3><p>False alerts by the ethnicity of the person searched (rows) and of the gallery entry they were falsely matched to at rank 1 (columns), with the count of alerts in each cell and the colour giving the share of that row\'s searches. NISTIR 8280 found false match rates highest when both faces are of the same sex, age and ethnicity.</p>'];
  for (const population of [...new Set(pairs.map((p) => p.population))]) {
    for (const t of results.settings.operationalThresholds) {
      const here = pairs.filter((p) => p.population === population && sameThreshold(p.threshold, t));
      if (here.length === 0) continue;
      const alerts = here.reduce((sum, p) => sum + p.alerts, 0);
      if (alerts === 0) {
        out.push(`<p>No false alerts among ${esc(population)} searches at threshold ${fmtT(t)}: nobody to show.</p>`);
        continue;
      }
      const cells: MatchPairCell[] = here.map((p) => ({ probe: label(p.probeEthnicity), gallery: label(p.galleryEthnicity), alerts: p.alerts, share: p.searches > 0 ? p.alerts / p.searches : 0 }));
      const title = `False matches by ethnicity of the person searched and of the gallery entry, ${population} searches at threshold ${fmtT(t)} (${a.label})`;
      const svgs = await renderBoth(render, matchPairsSpec(title, cells));
      const rows = here.filter((p) => p.alerts > 0).map((p) => [esc(label(p.probeEthnicity)), esc(label(p.galleryEthnicity)), count(p.alerts), count(p.searches)]);
      const alt = `${title}: ${alerts} false alert${alerts === 1 ? '' : 's'}${rows.length > 0 ? `; ${rows.map((r) => `${r[0] ?? ''} matched to ${r[1] ?? ''}: ${r[2] ?? ''}`).join('; ')}` : ''}.`;
      out.push(figure(title, svgs, alt, `<div class="table-wrap" tabindex="0">${table(`${title} (data, cells with alerts)`, ['Person searched', 'Gallery entry', 'Alerts', 'Searches of that ethnicity'], rows)}</div>`));
    }
  }
  return out.join('\n');
}

async function scoreFigure(results: Results, a: AlgorithmResult, level: LevelId, render: ChartRenderer): Promise<string> {
  const bins: ScoreBin[] = [];
  for (const g of levelGroups(results, level)) {
    for (const [metric, population, kind] of [['TPIR', 'mated', 'mate score'], ['FPIR', 'filler_probe', 'top non-mate score']] as const) {
      const rows = a.rates.filter((r) => r.metric === metric && r.population === population && r.group === g.id);
      if (rows.length === 0 || (rows[0]?.n ?? 0) < results.settings.minCellSize) continue;
      bins.push(...scoreBins(rows, g.label, kind));
    }
  }
  const title = `Score distributions by ${LevelLabel[level].toLowerCase()} (${a.label})`;
  if (bins.length === 0) return `<p>No ${esc(LevelLabel[level].toLowerCase())} groups with scores to draw.</p>`;
  const svg = await renderBoth(render, scoreDistributionSpec(title, bins.filter((b) => b.to < 1)));
  const rows = bins.filter((b) => b.share > 0).map((b) => [esc(b.group), esc(b.kind), `${fmtT(b.from)} to ${fmtT(b.to)}`, num(b.share)]);
  return figure(title, svg, `${title}: the share of each group's searches by score bin, mate scores solid and top non-mate scores dashed.`, `<div class="table-wrap" tabindex="0">${table(`${title} (data, empty bins left out)`, ['Group', 'Score', 'Bin', 'Share'], rows)}</div>`);
}

function ratesTables(results: Results, a: AlgorithmResult): string {
  const min = results.settings.minCellSize;
  const keys = [...new Set(a.rates.map((r) => `${r.metric}|${r.population}`))];
  const label = new Map(results.groups.map((g) => [g.id, g.label]));
  return keys.map((key) => {
    const [metric, population] = key.split('|') as [string, string];
    const rows = a.rates.filter((r) => r.metric === metric && r.population === population).map((r) => {
      const iv = (m: 'clopper-pearson' | 'wilson' | 'cluster-bootstrap'): string => {
        const x = r.intervals[m];
        return x === undefined ? 'n/a' : `${num(x.lower)} to ${num(x.upper)}`;
      };
      return [fmtT(r.threshold), esc(label.get(r.group) ?? r.group), count(r.n), count(r.k), num(r.estimate), iv('clopper-pearson'), iv('wilson'), iv('cluster-bootstrap'), r.n > 0 && r.n < min ? 'yes' : ''];
    });
    const caption = `${metric} (${population}), ${esc(a.label)}: ${rows.length} rows`;
    return `<details class="full-table"><summary>${caption}</summary><div class="table-wrap" tabindex="0">${table(caption, ['Threshold', 'Group', 'n', 'k', 'Estimate', 'Clopper-Pearson', 'Wilson', 'Cluster bootstrap', `Below ${min} (suppressed in the public report)`], rows)}</div></details>`;
  }).join('\n');
}

function provenanceSection(results: Results): string {
  const rows = results.algorithms.flatMap((a) => a.inputs.map((i) => [esc(a.label), esc(i.role), esc(i.file), `<code>${esc(i.sha256)}</code>`, count(i.rows)]));
  return `<section aria-labelledby="provenance"><h2 id="provenance">Provenance</h2>
<p>Made by ${esc(results.generator.name)} ${esc(results.generator.version)} (results schema version ${results.schemaVersion}) for campaign <code>${esc(results.campaign.id)}</code>. The inputs below, with their SHA-256 hashes, reproduce every number here.</p>
<div class="table-wrap" tabindex="0">${table('Inputs', ['Algorithm', 'Role', 'File', 'SHA-256', 'Rows'], rows)}</div>
<p>Downloads: <a href="rates.csv">every rate as CSV</a>, <a href="rates.arrow">as an Arrow IPC file</a>, and <a href="results.json">results.json</a>.</p></section>`;
}
