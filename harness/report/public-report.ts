/**
 * The public report (index.html): one self-contained page, plain words first (what was tested, how many people,
 * the headline at the operational thresholds), then charts (SVG rendered here from Vega-Lite) with text
 * alternatives and data tables, what the numbers mean and do not mean, methods in short and limitations.
 * No names, ids or images of people; groups smaller than the protocol's minimum cell size are suppressed.
 */
import type { AlgorithmResult, Results } from '../analyse/results-schema.ts';
import { acrossThresholdsSpec, alertRateByGroupSpec, rateByGroupSpec, type GroupPoint, type ThresholdPoint } from './charts.ts';
import { equityVerdict } from './equity-verdict.ts';
import { ExclusionWords } from './statistics-words.ts';
import { alertInterval, alertRate, count, fewerThanOneIn, percent, oneInRounded, PERCENT_FROM, threshold as fmtT } from './format.ts';
import { esc, table } from './html.ts';
import { figure, page } from './page.ts';
import { logImportItems } from './log-import-section.ts';
import { gallerySize, headlineInterval, LevelLabel, levelPercent, rateIndex } from './rate-lookup.ts';
import { renderBoth, type ChartRenderer } from './chart-cache.ts';
import { verdictLines } from './verdict-line.ts';
import { publicUseCaseSection, useCaseIntro } from './use-case-section.ts';
import { groupAlertPopulation, watchlistRate, type WatchlistRate } from './watchlist-rate.ts';

/** Renders the public report for `results` as one HTML string; charts go through `render` (SVG); `notes` follow "What was tested". */
export async function renderPublicReport(results: Results, render: ChartRenderer, notes: readonly string[] = []): Promise<string> {
  const parts: string[] = [];
  parts.push(`<h1>${esc(results.campaign.title)}</h1>`);
  if (results.campaign.description !== '') parts.push(`<p class="lede">${esc(results.campaign.description)}</p>`);
  parts.push(whatWasTested(results), ...notes);
  if (results.algorithms.length > 1) parts.push(await sideBySide(results, render));
  for (const a of results.algorithms) {
    const useCase = publicUseCaseSection(results, a);
    if (useCase !== '') parts.push(useCase);
    parts.push(await algorithmSection(results, a, render));
  }
  parts.push(meaningSection(results), methodsSection(results), limitationsSection(results));
  return page(results, results.campaign.title, 'index.html', parts.join('\n'));
}

function whatWasTested(results: Results): string {
  const a = results.algorithms[0] as AlgorithmResult;
  const crowd = a.counts.nonMated.crowd ?? 0;
  const filler = a.counts.nonMated.filler_probe ?? 0;
  const ops = results.settings.operationalThresholds.map(fmtT).join(' and ');
  const algs = results.algorithms.length === 1 ? `one face recognition algorithm (${esc(a.label)})` : `${results.algorithms.length} face recognition algorithms side by side (${results.algorithms.map((x) => esc(x.label)).join(', ')})`;
  return `<section aria-labelledby="tested"><h2 id="tested">What was tested</h2>
<p>${useCaseIntro(results) ?? 'This test checks whether live facial recognition treats people of different sex, ethnicity and age equally.'} It covers ${algs}.
<strong>${count(a.counts.mated)}</strong> times ${results.settings.useCase === undefined ? 'a person on a test watchlist walked past the cameras' : 'an image of a person in the reference set was searched'}${a.counts.subjects !== null ? ` (${count(a.counts.subjects)} volunteers, each several times)` : ''}${crowd > 0 ? `, among <strong>${count(crowd)}</strong> passes by members of the public who were not on the watchlist` : ''}.
${filler > 0 ? `To count false matches by group, volunteers' faces were also searched against ${count(gallerySize(a, 'filler_probe'))} images of other people (${count(filler)} searches). ` : ''}${results.settings.useCase === undefined ? `False alert rates are given for a watchlist of ${count(results.settings.watchlistSize)} people.
The system alerts when a face scores at or above a <em>face-match threshold</em>; results are headlined at ${ops}, the threshold${results.settings.operationalThresholds.length > 1 ? 's' : ''} an operator would use.` : `False match rates are given for a ${results.settings.useCase.useCase === 'rfr' ? 'reference set' : 'watchlist'} of ${count(results.settings.watchlistSize)} people.
A candidate counts as a match when it scores at or above a <em>face-match threshold</em>; results by threshold are headlined at ${ops}.`}</p></section>`;
}

async function sideBySide(results: Results, render: ChartRenderer): Promise<string> {
  const rows: string[][] = [];
  for (const t of results.settings.operationalThresholds) {
    for (const a of results.algorithms) {
      const ix = rateIndex(a);
      const tp = ix.get('TPIR', 'mated', 'overall', t);
      const fp = watchlistRate(results, a, ix, { group: 'overall', threshold: t });
      const verdict = equityVerdict(a, t);
      rows.push([esc(a.label), fmtT(t), tp === undefined ? 'n/a' : `${percent(tp.estimate)}`, fp === undefined ? 'n/a' : alertRate(fp.estimate, fp.upper, levelPercent(results)), `<span class="verdict ${verdict}">${esc(verdict === 'untested' ? 'not tested' : verdict.replace(/-/g, ' '))}</span>`]);
    }
  }
  const points: ThresholdPoint[] = [];
  const data: string[][] = [];
  for (const a of results.algorithms) {
    const ix = rateIndex(a);
    for (const t of results.settings.thresholds) {
      const r = ix.get('TPIR', 'mated', 'overall', t);
      if (r === undefined || r.estimate === null) continue;
      const i = headlineInterval(r, results);
      points.push({ threshold: t, value: r.estimate, lower: i.lower, upper: i.upper, series: a.label });
      data.push([esc(a.label), fmtT(t), percent(r.estimate), `${percent(i.lower)} to ${percent(i.upper)}`]);
    }
  }
  const title = 'Share of passes by people on the watchlist that were recognised, by algorithm, across thresholds';
  const svgs = await renderBoth(render, acrossThresholdsSpec(title, 'Recognised', points, results.settings.operationalThresholds, false));
  const alt = `${title}. ${results.algorithms.map((a) => {
    const mine = points.filter((p) => p.series === a.label);
    const first = mine[0];
    const last = mine[mine.length - 1];
    return first === undefined || last === undefined ? `${a.label}: no data` : `${a.label}: from ${percent(first.value)} at ${fmtT(first.threshold)} to ${percent(last.value)} at ${fmtT(last.threshold)}`;
  }).join('; ')}.`;
  return `<section aria-labelledby="compare"><h2 id="compare">The algorithms side by side</h2><div class="table-wrap" tabindex="0">${table('Headline figures at the operational thresholds', ['Algorithm', 'Threshold', 'Recognised', 'False alerts (at the watchlist size)', 'Difference between groups'], rows)}</div>
${figure(title, svgs, alt, `<div class="table-wrap" tabindex="0">${table(`${title} (data)`, ['Algorithm', 'Threshold', 'Recognised', `${levelPercent(results)}% interval`], data)}</div>`)}</section>`;
}

async function algorithmSection(results: Results, a: AlgorithmResult, render: ChartRenderer): Promise<string> {
  const out: string[] = [];
  const multi = results.algorithms.length > 1;
  const sid = `alg-${esc(a.id)}`;
  const who = multi ? ` (${a.label})` : '';
  out.push(`<section aria-labelledby="${sid}"><h2 id="${sid}">${multi ? `What we found: ${esc(a.label)}` : 'What we found'}</h2>`);
  for (const t of results.settings.operationalThresholds) out.push(headline(results, a, t));
  const ops = results.settings.operationalThresholds;
  out.push(`<h3>By group</h3><p>Each chart shows one rate per group with its ${levelPercent(results)}% interval, at ${ops.length > 1 ? `each operational threshold (${ops.map(fmtT).join(' and ')})` : `threshold ${ops.map(fmtT).join('')}`}. Groups with fewer than ${results.settings.minCellSize} searches are not shown.</p>`);
  for (const t of ops) {
    out.push(await groupChart(results, a, t, `Share of passes by people on the watchlist that were recognised, by group, at threshold ${fmtT(t)}${who}`, render));
    out.push(await alertChart(results, a, t, `False alerts by group at threshold ${fmtT(t)}, for a watchlist of ${count(results.settings.watchlistSize)} people${who}`, render));
  }
  if ((a.counts.nonMated.crowd ?? 0) > 0) out.push(await crowdChart(results, a, render));
  out.push('</section>');
  return out.join('\n');
}

function headline(results: Results, a: AlgorithmResult, t: number): string {
  const ix = rateIndex(a);
  const tp = ix.get('TPIR', 'mated', 'overall', t);
  const fp = ix.get('FPIR', 'crowd', 'overall', t);
  const level = levelPercent(results);
  const lines: string[] = [];
  if (tp !== undefined && tp.estimate !== null) {
    const i = headlineInterval(tp, results);
    const u = results.settings.useCase;
    const what = u === undefined ? 'passes by people on the watchlist were recognised'
      : u.useCase === 'rfr' ? `searches of people in the reference set had the right person in the first ${u.rank} candidates, scoring at or above ${fmtT(t)}`
        : 'photos of people on the watchlist were matched to the right person';
    lines.push(`<li><strong>${Math.round(tp.estimate * 100)} of every 100</strong> ${what} (${percent(tp.estimate)}; ${level}% interval ${percent(i.lower)} to ${percent(i.upper)}; ${count(tp.k)} of ${count(tp.n)}).</li>`);
  }
  const wl = fp !== undefined && fp.n > 0 ? undefined : watchlistRate(results, a, ix, { group: 'overall', threshold: t });
  if (fp !== undefined && fp.estimate !== null && fp.n > 0) {
    const i = headlineInterval(fp, results);
    const s = a.adjudication;
    const captured = s !== undefined && s.crowdPasses === fp.n ? `, ${count(s.crowdPassesAcquired)} of them captured by the cameras` : '';
    const phrase = fp.k === 0
      ? `<strong>No false alerts</strong> among ${count(fp.n)} passers-by${captured}: ${alertRate(0, i.upper, level)}`
      : fp.estimate >= PERCENT_FROM
        ? `<strong>${percent(fp.estimate)} of passers-by</strong> raised a false alert (${count(fp.k)} among ${count(fp.n)}${captured}; ${level}% interval ${alertInterval(fp.estimate, i.lower, i.upper)})`
        : `About <strong>${oneInRounded(fp.estimate)}</strong> passers-by raised a false alert (${count(fp.k)} false alert${fp.k === 1 ? '' : 's'} among ${count(fp.n)}${captured}; ${level}% interval ${alertInterval(fp.estimate, i.lower, i.upper)})`;
    lines.push(`<li>${phrase}${fp.k > 0 && fp.k < 30 ? '. With fewer than 30 false alerts this estimate is uncertain' : ''}.</li>`);
  } else if (wl !== undefined) {
    lines.push(`<li>False alerts at a watchlist of ${count(results.settings.watchlistSize)} people, scaled from ${count(wl.n)} searches against a larger gallery: <strong>${alertRate(wl.estimate, wl.upper, level)}</strong>${wl.estimate > 0 ? ` (${level}% interval ${alertInterval(wl.estimate, wl.lower, wl.upper)})` : ''}.</li>`);
  }
  const verdicts = verdictLines(results, a, t);
  const between = verdicts.length === 0
    ? `<p class="verdict untested">Differences between groups could not be tested at this threshold (the searches carry no sex, ethnicity or age).</p>`
    : `<ul class="verdicts">${verdicts.map((v) => `<li class="verdict ${v.verdict}"><span class="subject">${esc(v.subject)}:</span> ${esc(v.text)}</li>`).join('')}</ul>`;
  return `<div class="headline"><h3>At face-match threshold ${fmtT(t)}</h3><ul>${lines.join('')}</ul><h4>Between groups</h4>${between}</div>`;
}

/** Rows of a by-group chart: the groups to draw, and the table rows (suppressed groups marked). */
interface GroupRows { points: GroupPoint[]; rows: string[][]; suppressed: string[] }

/** The groups (no intersections) of `results` with a cell from `cell`, suppressing those below the minimum cell size. */
function groupRows(results: Results, cell: (group: string) => { n: number; point: Omit<GroupPoint, 'group' | 'level'>; cells: string[] } | undefined, blanks: number): GroupRows {
  const min = results.settings.minCellSize;
  const out: GroupRows = { points: [], rows: [], suppressed: [] };
  for (const g of results.groups) {
    if (g.level === 'sex+ethnicity') continue;
    const c = cell(g.id);
    if (c === undefined || c.n === 0) continue;
    if (c.n < min) {
      out.suppressed.push(g.label);
      out.rows.push([esc(g.label), esc(LevelLabel[g.level]), `<span class="suppressed">fewer than ${min}</span>`, '<span class="suppressed">suppressed</span>', ...Array<string>(blanks).fill('')]);
      continue;
    }
    out.points.push({ group: g.label, level: LevelLabel[g.level], ...c.point });
    out.rows.push([esc(g.label), esc(LevelLabel[g.level]), ...c.cells]);
  }
  return out;
}

function suppressedNote(results: Results, suppressed: readonly string[]): string {
  return suppressed.length > 0 ? `<p class="suppressed">Not shown because fewer than ${results.settings.minCellSize} searches: ${suppressed.map(esc).join(', ')}.</p>` : '';
}

async function groupChart(results: Results, a: AlgorithmResult, t: number, title: string, render: ChartRenderer): Promise<string> {
  const ix = rateIndex(a);
  const g = groupRows(results, (id) => {
    const r = ix.get('TPIR', 'mated', id, t);
    if (r === undefined) return undefined;
    const i = headlineInterval(r, results);
    return { n: r.n, point: { estimate: r.estimate ?? 0, lower: i.lower, upper: i.upper }, cells: [count(r.n), percent(r.estimate), `${percent(i.lower)} to ${percent(i.upper)}`] };
  }, 1);
  const svgs = await renderBoth(render, rateByGroupSpec(title, 'Recognised', g.points));
  const alt = `${title}. ${g.points.map((p) => `${p.group}: ${percent(p.estimate)} (${percent(p.lower)} to ${percent(p.upper)})`).join('; ')}.${g.suppressed.length > 0 ? ` Not shown (fewer than ${results.settings.minCellSize} searches): ${g.suppressed.join(', ')}.` : ''}`;
  return figure(title, svgs, alt, `<div class="table-wrap" tabindex="0">${table(`${title} (data)`, ['Group', 'Grouped by', 'Searches', 'Recognised', `${levelPercent(results)}% interval`], g.rows)}</div>`) + suppressedNote(results, g.suppressed);
}

/** False alert rates by group at the operational watchlist size, as "1 in N" (watchlist-rate.ts says how). */
async function alertChart(results: Results, a: AlgorithmResult, t: number, title: string, render: ChartRenderer): Promise<string> {
  const ix = rateIndex(a);
  const level = levelPercent(results);
  const population = groupAlertPopulation(a);
  if (population === null) return '';
  let source: WatchlistRate | undefined;
  const g = groupRows(results, (id) => {
    const r = watchlistRate(results, a, ix, { group: id, threshold: t, population });
    if (r === undefined) return undefined;
    source ??= r;
    return { n: r.n, point: { estimate: r.estimate, lower: r.lower, upper: r.upper }, cells: [count(r.n), count(r.k), alertRate(r.estimate, r.upper, level), r.estimate > 0 ? alertInterval(r.estimate, r.lower, r.upper) : `0 to ${fewerThanOneIn(r.upper)}`] };
  }, 2);
  if (g.points.length === 0 && g.rows.length === 0) return '';
  const svgs = await renderBoth(render, alertRateByGroupSpec(title, g.points, PERCENT_FROM));
  const crowdHeadline = population !== 'crowd' && (a.counts.nonMated.crowd ?? 0) > 0 ? ' The headline figure above counts passers-by, whose sex and ethnicity were not recorded; this chart and its "Everyone" row come from these searches, so the two can differ.' : '';
  const how = source === undefined || source.factor === 1
    ? `Measured on ${population === 'crowd' ? 'passers-by' : `${esc(population)} searches`}.`
    : `Measured as false matches of volunteers' faces against a gallery of ${count(results.settings.watchlistSize / source.factor)} images of other people, scaled to a watchlist of ${count(results.settings.watchlistSize)} (the rate grows about in proportion to the watchlist's size).${crowdHeadline}`;
  const alt = `${title}. ${g.points.map((p) => `${p.group}: ${alertRate(p.estimate, p.upper, level)}${p.estimate > 0 ? ` (${alertInterval(p.estimate, p.lower, p.upper)})` : ''}`).join('; ')}.`;
  return figure(title, svgs, alt, `<div class="table-wrap" tabindex="0">${table(`${title} (data)`, ['Group', 'Grouped by', 'Searches', 'False alerts', 'Rate at the watchlist size', `${level}% interval`], g.rows)}</div>`) + `<p class="note">${how}</p>` + suppressedNote(results, g.suppressed);
}

async function crowdChart(results: Results, a: AlgorithmResult, render: ChartRenderer): Promise<string> {
  const ix = rateIndex(a);
  const points: ThresholdPoint[] = [];
  const rows: string[][] = [];
  for (const t of results.settings.thresholds) {
    const r = ix.get('FPIR', 'crowd', 'overall', t);
    if (r === undefined || r.estimate === null) continue;
    const i = headlineInterval(r, results);
    points.push({ threshold: t, value: r.estimate * 1000, lower: i.lower * 1000, upper: i.upper * 1000, series: 'False alerts per 1,000 passers-by' });
    rows.push([fmtT(t), count(r.k), count(r.n), (r.estimate * 1000).toFixed(3), `${(i.lower * 1000).toFixed(3)} to ${(i.upper * 1000).toFixed(3)}`]);
  }
  const title = `False alerts per 1,000 passers-by, across thresholds${results.algorithms.length > 1 ? ` (${a.label})` : ''}`;
  const svgs = await renderBoth(render, acrossThresholdsSpec(title, 'False alerts per 1,000', points, results.settings.operationalThresholds));
  const first = points[0];
  const last = points[points.length - 1];
  const alt = first !== undefined && last !== undefined ? `From ${first.value.toFixed(2)} per 1,000 at threshold ${fmtT(first.threshold)} to ${last.value.toFixed(3)} at ${fmtT(last.threshold)}: higher thresholds give fewer false alerts. Dashed lines mark the operational thresholds.` : 'No data.';
  return figure(title, svgs, `${title}. ${alt}`, `<div class="table-wrap" tabindex="0">${table(`${title} (data)`, ['Threshold', 'False alerts', 'Passers-by', 'Per 1,000', 'Interval per 1,000'], rows)}</div>`);
}

function meaningSection(results: Results): string {
  const level = levelPercent(results);
  return `<section aria-labelledby="meaning"><h2 id="meaning">What the numbers mean, and what they do not</h2>
<ul>
<li>A <em>face-match threshold</em> is the score above which the system alerts an officer. One threshold is used for everyone, as in operations. A higher threshold gives fewer false alerts but recognises fewer people on the watchlist.</li>
<li>The <em>recognition rate</em> (true positive identification rate, TPIR) is the share of passes by people on the watchlist in which the system put the right person first with a score at or above the threshold. One pass is one chance, not one video frame.</li>
<li>The <em>false alert rate</em> (false positive identification rate, FPIR) is the share of passes by people not on the watchlist that raised any alert. Each pass counts once. It grows with the size of the watchlist.</li>
<li>Each figure has a ${level}% interval: the range the true rate plausibly lies in, given how many people were observed. Overlapping intervals are not a test of difference.</li>
<li>"No statistically significant difference" means the test could not detect a difference with this many people; it is <strong>not proof</strong> that the groups are treated equally. "Equivalent" means the difference was shown to be smaller than a margin set in advance. "Too small to tell" means there were too few people or errors to say either way.</li>
<li>These numbers describe this algorithm, at these thresholds, in these places and conditions. They do not say how a different system, camera, site or watchlist would behave, nor whether its use is lawful or proportionate.</li>
</ul></section>`;
}

function methodsSection(results: Results): string {
  const method = results.settings.headlineInterval === 'clopper-pearson' ? 'Clopper-Pearson exact' : 'Wilson score';
  return `<section aria-labelledby="methods"><h2 id="methods">Methods in short</h2>
<ul>
<li>Each pass by a person past a camera was one search: the faces captured during the pass were searched against the watchlist, and a pass in which no face was captured counts as a search with no match. Each search's scores were recorded once, and thresholds were applied afterwards, so every threshold is judged on the same searches.</li>${captureItems(results)}${logImportItems(results)}
<li>Intervals are ${method} intervals at ${levelPercent(results)}% confidence${results.algorithms.some((a) => a.rates.some((r) => r.intervals['cluster-bootstrap'] !== undefined)) ? '; the annex also gives intervals that resample whole volunteers, because repeated passes by one person are alike' : ''}.</li>
<li>Differences between groups are tested at every threshold swept, with corrections for testing many pairs; the <a href="annex.html">technical annex</a> gives every test, the lowest threshold from which no test finds a difference, every table and the provenance of the data.</li>
<li>Policy teams can try other thresholds in the <a href="explorer.html">threshold explorer</a>.</li>
${exclusionItems(results)}</ul></section>`;
}

/**
 * What the cameras did not capture, in plain words, for algorithms whose searches came from footage: passes not
 * captured (each a miss), and what the false alert rate's denominator is (people who passed, captured or not).
 */
function captureItems(results: Results): string {
  const multi = results.algorithms.length > 1;
  return results.algorithms.flatMap((a) => {
    const s = a.adjudication;
    if (s === undefined) return [];
    const who = multi ? `With ${esc(a.label)}, ` : '';
    const missed = s.volunteerPasses - s.volunteerPassesAcquired;
    const items = [missed === 0
      ? `<li>${who}every one of the ${count(s.volunteerPasses)} passes by volunteers was captured by the cameras (a face was found and searched).</li>`
      : `<li>${who}${count(missed)} of the ${count(s.volunteerPasses)} passes by volunteers were not captured by the cameras: no face was found, so nothing was searched. Each counts as a miss, so a miss includes not being captured.</li>`];
    const crowd = a.counts.nonMated.crowd ?? 0;
    if (s.crowdPasses > 0) {
      items.push(`<li>${who}the false alert rate among passers-by counts every member of the public who passed (${count(s.crowdPasses)}), captured or not; ${count(s.crowdPassesAcquired)} of them were captured and searched.</li>`);
    } else if (crowd > 0) {
      items.push(`<li>${who}passers-by are counted as the faces the cameras captured outside the volunteers' passes (${count(crowd)}); people who passed without being captured are not in the false alert rate.</li>`);
    }
    return items;
  }).map((item) => `\n${item}`).join('');
}

/** What was left out of the analysis, and why, with counts (no ids); nothing when the run excluded nothing. */
function exclusionItems(results: Results): string {
  const multi = results.algorithms.length > 1;
  return results.runInputs.exclusions.filter((e) => e.count > 0).map((e) => {
    const algorithm = e.algorithm === null || !multi ? '' : results.algorithms.find((a) => a.id === e.algorithm)?.label ?? e.algorithm;
    const label = [algorithm, e.run === undefined ? '' : `run ${e.run}`].filter((x) => x !== '').join(', ');
    const groups = Object.entries(e.byGroup).sort(([x], [y]) => x.localeCompare(y)).map(([g, n]) => `${esc(g)}: ${count(n)}`).join(', ');
    return `<li>Excluded${label !== '' ? ` (${esc(label)})` : ''}: ${count(e.count)} ${esc(ExclusionWords[e.reason])}${groups === '' ? '' : ` (by sex/ethnicity: ${groups})`}.</li>`;
  }).join('\n');
}

function limitationsSection(results: Results): string {
  const a = results.algorithms[0] as AlgorithmResult;
  const unknown = a.counts.unknown.sex + a.counts.unknown.ethnicity + a.counts.unknown.ageBand;
  return `<section aria-labelledby="limits"><h2 id="limits">Limitations</h2>
<ul>
<li>Groups with fewer than ${results.settings.minCellSize} searches are not shown, to protect privacy and because such small numbers say little; they are marked "suppressed" in the tables.</li>
<li>Volunteers are not a random sample of the public, and the watchlist in the test is not an operational watchlist. False alert rates are scaled to a watchlist of ${count(results.settings.watchlistSize)} people.</li>
<li>Repeated passes by the same volunteer are not independent; intervals that treat passes as independent are somewhat too narrow for recognition rates.</li>
<li>Rare errors are hard to measure: with fewer than 30 errors a rate is uncertain, and with none the true rate may still be up to about 3 divided by the number of searches.</li>
${unknown > 0 ? `<li>Some searches had an unknown sex, ethnicity or age band; they count in the overall figures but in no group.</li>` : ''}
${results.campaign.simulated ? '<li>These data are simulated: they show how the report reads, not how any real system performs.</li>' : ''}
</ul></section>`;
}
