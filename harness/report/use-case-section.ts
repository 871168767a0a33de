/**
 * The still-image use cases in the reports' words: for RFR "the right person was in the first 20 candidates for 93 of
 * every 100 searches", where the mate sat in the list, lists that showed a reviewer only wrong people above the review
 * threshold, and probes with no face; for OIFR failures to enrol a probe. Empty for a live (LFR) campaign, so its
 * reports are unchanged.
 */
import type { AlgorithmResult, Results } from '../analyse/results-schema.ts';
import { count, percent, threshold as fmtT } from './format.ts';
import { esc, table } from './html.ts';
import { LevelLabel, levelPercent } from './rate-lookup.ts';
import { verdictLine } from './verdict-line.ts';

type UseCase = NonNullable<Results['settings']['useCase']>;
type Proportion = { k: number; n: number; estimate: number | null; intervals: { 'clopper-pearson': { lower: number; upper: number }; wilson: { lower: number; upper: number } } };

/** What each still-image use case is, in a sentence for "What was tested". */
export function useCaseIntro(results: Results): string | null {
  const u = results.settings.useCase;
  if (u === undefined || u.useCase === 'lfr') return null;
  return u.useCase === 'rfr'
    ? `This test checks whether <em>retrospective</em> facial recognition treats people of different sex, ethnicity and age equally: a still image (from CCTV or a phone) is searched after the event against a reference set of custody images, and the system returns a list of the ${u.listLength ?? ''} most similar people for a trained reviewer to look at.`
    : 'This test checks whether <em>operator-initiated</em> facial recognition treats people of different sex, ethnicity and age equally: an officer\'s photo of a person is searched on the spot against a watchlist, and a match is reported when a candidate scores at or above the face-match threshold.';
}

/** "the right person was in the first 20 candidates for 93 of every 100 searches (93.3%; 95% interval ...; 56 of 60)". */
function inFirst(results: Results, p: Proportion, rank: number): string {
  const i = p.intervals[results.settings.headlineInterval];
  const where = rank === 1 ? 'the first candidate' : `in the first ${rank} candidates`;
  return `the right person was ${where} for <strong>${Math.round((p.estimate ?? 0) * 100)} of every 100</strong> searches (${percent(p.estimate)}; ${levelPercent(results)}% interval ${percent(i.lower)} to ${percent(i.upper)}; ${count(p.k)} of ${count(p.n)})`;
}

/** Groups of `results` at one level with at least the minimum cell size, in layout order. */
function shownGroups(results: Results, rows: readonly { group: string; n: number }[]): { id: string; label: string; level: string }[] {
  return results.groups.filter((g) => g.level !== 'overall' && g.level !== 'sex+ethnicity' && (rows.find((r) => r.group === g.id)?.n ?? 0) >= results.settings.minCellSize);
}

/** The public page's section for a still-image campaign (empty for LFR). */
export function publicUseCaseSection(results: Results, a: AlgorithmResult): string {
  const u = results.settings.useCase;
  const s = a.stillSearch;
  if (u === undefined || s === undefined) return '';
  const lines: string[] = [];
  const fte = s.failureToEnrol.find((r) => r.group === 'overall');
  if (u.useCase === 'rfr') {
    const L = u.listLength ?? 0;
    const atL = s.cmc.find((r) => r.group === 'overall' && r.rank === L);
    const at1 = s.cmc.find((r) => r.group === 'overall' && r.rank === 1);
    if (atL !== undefined) lines.push(`<li>For people in the reference set, ${inFirst(results, atL, L)}.</li>`);
    if (at1 !== undefined) lines.push(`<li>The right person was the first candidate for <strong>${Math.round((at1.estimate ?? 0) * 100)} of every 100</strong> searches (${count(at1.k)} of ${count(at1.n)}).</li>`);
    const review = s.noMateAboveReview.find((r) => r.group === 'overall' && r.population === 'mated');
    if (review !== undefined && u.reviewThreshold !== null) lines.push(`<li>In ${count(review.k)} of ${count(review.n)} searches (${percent(review.estimate)}) the list did not hold the right person but did hold someone else scoring at or above the review threshold ${fmtT(u.reviewThreshold)}: a reviewer was shown only wrong people.</li>`);
    const none = s.noMateAboveReview.find((r) => r.group === 'overall' && r.population === 'non-mated');
    if (none !== undefined && u.reviewThreshold !== null) lines.push(`<li>For people not in the reference set, ${count(none.k)} of ${count(none.n)} lists (${percent(none.estimate)}) held a candidate at or above the review threshold.</li>`);
    const groups = shownGroups(results, s.cmc.filter((r) => r.rank === L));
    const byGroup = groups.flatMap((g) => {
      const r = s.cmc.find((x) => x.group === g.id && x.rank === L);
      return r === undefined ? [] : [`<li>${esc(g.label)} (${esc(LevelLabel[g.level as keyof typeof LevelLabel] ?? g.level)}): ${inFirst(results, r, L)}.</li>`];
    });
    const verdicts = (s.withoutThreshold?.comparisons ?? []).filter((c) => c.level !== 'sex+ethnicity').map((c) => verdictLine(results, a, c));
    return `<section aria-labelledby="use-case-${esc(a.id)}"><h2 id="use-case-${esc(a.id)}">The candidate lists${results.algorithms.length > 1 ? `: ${esc(a.label)}` : ''}</h2>
<p>Each search returned a list of ${L} candidates, with no threshold: a reviewer looks at them all. Groups with fewer than ${results.settings.minCellSize} searches are not shown.</p>
<ul>${lines.join('')}${fte !== undefined && fte.k > 0 ? `<li>No face was found in ${count(fte.k)} of ${count(fte.n)} images searched; they count as searches that did not find the right person.</li>` : ''}</ul>
${byGroup.length > 0 ? `<h3>By group</h3><ul>${byGroup.join('')}</ul>` : ''}
${verdicts.length > 0 ? `<h4>Between groups (the right person in the first ${u.rank} candidates)</h4><ul class="verdicts">${verdicts.map((v) => `<li class="verdict ${v.verdict}"><span class="subject">${esc(v.subject.replace('Recognition', `In the first ${u.rank}`))}:</span> ${esc(v.text)}</li>`).join('')}</ul>` : ''}</section>`;
  }
  if (fte === undefined) return '';
  return `<section aria-labelledby="use-case-${esc(a.id)}"><h2 id="use-case-${esc(a.id)}">Photos in which no face was found${results.algorithms.length > 1 ? `: ${esc(a.label)}` : ''}</h2>
<p>No face was found in ${count(fte.k)} of ${count(fte.n)} photos searched (${percent(fte.estimate)}): the officer would have had no result. They are counted as people on the watchlist not recognised.</p></section>`;
}

/** The annex's tables for a still-image campaign (empty for LFR): CMC, mate ranks, review-threshold lists, failures to enrol. */
export function annexUseCaseSection(results: Results, a: AlgorithmResult): string {
  const u = results.settings.useCase;
  const s = a.stillSearch;
  if (u === undefined || s === undefined) return '';
  const level = levelPercent(results);
  const method = results.settings.headlineInterval;
  const cell = (p: Proportion): string => {
    const i = p.intervals[method];
    return `${percent(p.estimate)} (${percent(i.lower)} to ${percent(i.upper)}; ${count(p.k)}/${count(p.n)})`;
  };
  const label = (id: string): string => esc(results.groups.find((g) => g.id === id)?.label ?? id);
  const out = [`<h3>${u.useCase === 'rfr' ? 'Candidate lists (retrospective use)' : 'Probe photos (operator-initiated use)'}</h3>`];
  out.push(`<p>${u.useCase === 'rfr' ? `Lists of ${u.listLength ?? ''} candidates; rates at rank R = ${u.rank}; review threshold ${u.reviewThreshold === null ? 'none' : fmtT(u.reviewThreshold)}. The rates by threshold elsewhere in this annex count a hit when the mate is within rank ${u.rank} and scores at or above the threshold (FNIR(N, R, T)); those below have no threshold.` : 'Searches of still photos against the watchlist; a hit is the mate at rank 1 at or above the threshold, as for live use.'} Intervals: ${esc(method)} at ${level}%.</p>`);
  out.push(table('Failures to enrol a probe (no face found), by group', ['Group', 'Probes without a face'], s.failureToEnrol.map((r) => [label(r.group), cell(r)])));
  if (u.useCase === 'rfr') {
    const L = u.listLength ?? 0;
    const marks = [...new Set([1, 5, 10, u.rank, L].filter((r) => r >= 1 && r <= L))].sort((x, y) => x - y);
    const groups = [...new Set(s.cmc.map((r) => r.group))];
    out.push(table(`The right person in the first r candidates (CMC, no threshold), by group, at r = ${marks.join(', ')}`, ['Group', ...marks.map((r) => `r = ${r}`)],
      groups.map((g) => [label(g), ...marks.map((r) => {
        const x = s.cmc.find((c) => c.group === g && c.rank === r);
        return x === undefined ? 'n/a' : cell(x);
      })])));
    out.push('<p>Every group\'s whole curve, with both intervals, is in the download <a href="cmc.csv">cmc.csv</a>.</p>');
    const overall = s.cmc.filter((r) => r.group === 'overall');
    out.push(table('The CMC curve, everyone', ['Rank r', 'Right person in the first r'], overall.map((r) => [String(r.rank), cell(r)])));
    out.push(table('Where the right person was in the list, by group', ['Group', 'Searches', ...Array.from({ length: L }, (_, i) => `rank ${i + 1}`), 'not in the list', 'no face'],
      s.mateRanks.map((r) => [label(r.group), count(r.n), ...r.atRank.map(count), count(r.notInList), count(r.noFace)])));
    out.push(table(`Lists with no right person but a candidate at or above the review threshold${u.reviewThreshold === null ? '' : ` ${fmtT(u.reviewThreshold)}`}, by group`, ['Group', 'People in the reference set', 'People not in it'],
      [...new Set(s.noMateAboveReview.map((r) => r.group))].map((g) => {
        const m = s.noMateAboveReview.find((r) => r.group === g && r.population === 'mated');
        const n = s.noMateAboveReview.find((r) => r.group === g && r.population === 'non-mated');
        return [label(g), m === undefined ? 'n/a' : cell(m), n === undefined ? 'n/a' : cell(n)];
      })));
    const w = s.withoutThreshold;
    if (w !== null) {
      out.push(table(`FNIR at rank ${u.rank} with no threshold, by group (cluster bootstrap by identity where given)`, ['Group', 'Missed', 'Cluster bootstrap'],
        w.rates.filter((r) => r.metric === 'FNIR').map((r) => [label(r.group), cell(r), r.intervals['cluster-bootstrap'] === undefined ? 'n/a' : `${percent(r.intervals['cluster-bootstrap'].lower)} to ${percent(r.intervals['cluster-bootstrap'].upper)}`])));
      out.push(table(`Tests between groups of the right person in the first ${u.rank}, no threshold`, ['Grouping', 'Test', 'p-value', 'Verdict'],
        w.comparisons.map((c) => [esc(c.level), esc(c.homogeneity.method), c.homogeneity.pValue === null ? 'n/a' : c.homogeneity.pValue.toPrecision(3), esc(verdictLine(results, a, c).text)])));
    }
  }
  return out.join('\n');
}

/** The explorer's line on the use case: the list length and the thresholds that apply (empty for LFR). */
export function explorerUseCaseLine(u: UseCase | undefined): string {
  if (u === undefined || u.useCase === 'lfr') return '';
  return u.useCase === 'rfr'
    ? `<p class="use-case">Retrospective search: candidate lists of ${u.listLength ?? ''}; a search counts as recognised when the right person is in the first ${u.rank} candidates and scores at or above the threshold on the slider${u.reviewThreshold === null ? '' : `; review threshold ${fmtT(u.reviewThreshold)}`}.</p>`
    : '<p class="use-case">Operator-initiated search: an officer\'s photo searched against the watchlist; a match is the right person first, at or above the threshold on the slider.</p>';
}

/** The explorer's words for what its figures count, by use case (a live deployment's passers-by, or searched photos). */
export interface ExplorerWords {
  /** What the lede says the slider shows. */
  lede: string;
  /** After "N of every 100 ": who is recognised. */
  recognised: string;
  /** The heading of the false-match figure. */
  falseLabel: string;
  /** After the false-match rate: who it counts; null for live use, where it depends on the population (crowd or fillers). */
  falseNote: string | null;
  /** Whether false alerts per deployment-hour mean anything (live use only). */
  perHour: boolean;
  /** The chart's false-match series. */
  chartFalse: string;
  /** The group table's column of false matches. */
  falseColumn: string;
}

/** The explorer's words for use case `u` and a watchlist (or reference set) of `size`. */
export function explorerWords(u: UseCase | undefined, size: number): ExplorerWords {
  const n = count(size);
  if (u === undefined || u.useCase === 'lfr') {
    return {
      lede: 'how many people on the watchlist are recognised, how many false alerts the public would see',
      recognised: 'passes by people on the watchlist recognised',
      falseLabel: `False alerts (${n}-person watchlist)`, falseNote: null, perHour: true,
      chartFalse: 'False alerts per deployment-hour', falseColumn: 'False alerts at the watchlist size (FPIR)',
    };
  }
  if (u.useCase === 'rfr') {
    return {
      lede: 'how often the right person is in the candidate list at or above it, how often people not in the reference set get a candidate at or above it',
      recognised: `searches of people in the reference set with the right person in the first ${u.rank} candidates at or above the threshold`,
      falseLabel: `Someone wrong at or above the threshold (${n} in the reference set)`,
      falseNote: 'of searches of people not in the reference set listed someone at or above the threshold',
      perHour: false, chartFalse: 'People not in the reference set with a candidate at or above the threshold (%)',
      falseColumn: 'Not in the reference set, a candidate at or above the threshold (FPIR)',
    };
  }
  return {
    lede: 'how many photos of people on the watchlist are matched to them, how many photos of other people are matched to someone',
    recognised: 'photos of people on the watchlist matched to the right person',
    falseLabel: `False matches (${n}-person watchlist)`,
    falseNote: 'of photos of people not on the watchlist matched someone on it',
    perHour: false, chartFalse: 'Photos of people not on the watchlist matched (%)',
    falseColumn: 'False matches of people not on the watchlist (FPIR)',
  };
}
