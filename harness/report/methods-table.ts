/**
 * The annex's methods: every setting the verdicts between groups depend on (alpha, the correction and its name, the
 * equivalence margins, the minimum power, the bootstrap, the tests and the design-effect adjustment), the rule that
 * turns tests into a verdict, and the exclusions by group.
 */
import type { Comparison, Results } from '../analyse/results-schema.ts';
import { count, percentFixed } from './format.ts';
import { esc, table } from './html.ts';
import { ExclusionWords } from './statistics-words.ts';

/** Each multiple-comparison correction by name, with its reference. */
export const CorrectionWords: Record<Results['settings']['statistics']['correction'], string> = {
  holm: 'Holm step-down (family-wise error rate; Holm 1979)',
  'benjamini-hochberg': 'Benjamini-Hochberg (false discovery rate; Benjamini & Hochberg 1995)',
  none: 'none (each pairwise test at alpha)',
};

/** Each homogeneity test by name, with its reference. */
export const HomogeneityWords: Record<Comparison['homogeneity']['method'], string> = {
  'rao-scott-f': 'Rao-Scott F test: Pearson\'s X² divided by the design effect pooled over the compared groups\' volunteers, referred to F(groups - 1, volunteers - groups) (Rao & Scott 1981, 1992)',
  'chi-square': 'Pearson chi-square test of homogeneity (independent searches)',
  'fisher-exact': 'Fisher-Freeman-Halton exact test on the effective counts, where Cochran\'s rule fails for the chi-square approximation (Fisher 1922; Freeman & Halton 1951)',
  'fisher-monte-carlo': 'Fisher\'s exact test by Monte Carlo, for tables too large to enumerate (seeded)',
  none: 'none (fewer than two groups, or no events)',
};

/** The annex's methods section: settings table, verdict rule, and exclusions by group. */
export function methodsSection(results: Results): string {
  const s = results.settings.statistics;
  const used = [...new Set(results.algorithms.flatMap((a) => a.comparisons.map((c) => c.homogeneity.method)))].filter((m) => m !== 'none');
  const deff = Math.max(1, ...results.algorithms.flatMap((a) => a.comparisons.map((c) => c.designEffect)));
  const rows: [string, string][] = [
    ['Significance level (alpha)', `${s.alpha}, at each threshold`],
    ['Correction for many pairs', CorrectionWords[s.correction]],
    ['Equivalence margin, recognition (TPIR)', `±${(100 * s.equivalenceMargin).toPrecision(3).replace(/\.?0+$/, '')} percentage points (two one-sided tests, TOST)`],
    ['Equivalence margin, false alerts (FPIR)', `a ratio between 1/${s.fpirEquivalenceRatio} and ${s.fpirEquivalenceRatio} (TOST on the log ratio)`],
    ['Minimum power', `${percentFixed(s.minPower, 0)}: an inconclusive test with less power to find the margin is "too small to tell"`],
    ['Tests between groups used', used.length === 0 ? 'none' : used.map((m) => HomogeneityWords[m]).join('; ')],
    ['Pairwise differences', 'Newcombe hybrid score interval and pooled z-test (Newcombe 1998)'],
    ['Clustered passes (design effect)', `one design effect per comparison, pooled over the compared groups' volunteers (the within-group variation of their hit rates against binomial variation, at least 1); every test of the comparison divides the counts by it (Rao & Scott 1992); largest here ${deff.toFixed(2)}`],
    ['Bootstrap', `${count(s.bootstrap.replicates)} replicates resampling whole ${s.bootstrap.unit === 'subject' ? 'volunteers' : 'deployments'}, seed ${s.bootstrap.seed}; BCa intervals of the rates (expanded for the number of clusters), percentile intervals of the differential indices`],
    ['Headline interval', `${results.settings.headlineInterval === 'clopper-pearson' ? 'Clopper-Pearson exact' : 'Wilson score'}, ${Math.round(100 * results.settings.confidenceLevel)}% confidence`],
  ];
  const rule = `<p>The verdict for one grouping and error type at one threshold: <em>too small to tell</em> when fewer than two groups have at least ${count(results.settings.minCellSize)} searches, when no group has an event (or every search is one), or when each group has a single volunteer; <em>a significant difference</em> when the homogeneity test, or any corrected pairwise test (never below the homogeneity test's p-value), rejects at alpha; <em>equivalent</em> when every pair is shown equivalent within the margin; otherwise <em>too small to tell</em> when the power to find the margin is below the minimum power, and <em>no significant difference</em> (not proof of equal treatment) when it is not.</p>`;
  return `<section aria-labelledby="methods"><h2 id="methods">Methods</h2>${table('Settings of the tests between groups', ['Setting', 'Value'], rows.map(([k, v]) => [esc(k), esc(v)]))}${rule}${exclusionsTable(results)}</section>`;
}

/** What was left out before the analysis, by group (sex/ethnicity codes), or a sentence saying nothing was. */
function exclusionsTable(results: Results): string {
  const rows = results.runInputs.exclusions.filter((e) => e.count > 0).map((e) => {
    const algorithm = e.algorithm === null ? 'all' : esc(results.algorithms.find((a) => a.id === e.algorithm)?.label ?? e.algorithm);
    const label = e.run === undefined ? algorithm : `${algorithm} (run ${esc(e.run)})`;
    const groups = Object.entries(e.byGroup).sort(([x], [y]) => x.localeCompare(y)).map(([g, n]) => `${esc(g)}: ${count(n)}`).join(', ');
    return [esc(ExclusionWords[e.reason]), label, count(e.count), groups === '' ? 'not recorded' : groups];
  });
  if (rows.length === 0) return '<p>Exclusions: nothing was left out before the analysis.</p>';
  return `<div class="table-wrap" tabindex="0">${table('Exclusions before the analysis, by group (sex/ethnicity)', ['What', 'Algorithm', 'Count', 'By group'], rows)}</div>`;
}
