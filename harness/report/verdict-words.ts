/**
 * Verdicts in words: the plain sentence for a comparison between groups, made from its codes and numbers in
 * results.json (the analysis hands over no prose).
 */
import type { Comparison, Results, Verdict } from '../analyse/results-schema.ts';
import { percentFixed, pValue, threshold as fmtT } from './format.ts';

/** Each verdict in a few words, for legends and tables. */
export const VerdictWords: Record<Verdict, string> = {
  'equivalent': 'No significant difference, and equivalent within the margin',
  'no-significant-difference': 'No statistically significant difference (not proof of equal treatment)',
  'significant-difference': 'A statistically significant difference between groups',
  'too-small-to-tell': 'The sample is too small to tell',
};

/** The grouping of a comparison, as the sentences name it. */
export const LevelWords: Record<Comparison['level'], string> = {
  sex: 'sex',
  ethnicity: 'ethnicity',
  'sex+ethnicity': 'sex and ethnicity',
  ageBand: 'age band',
};

/**
 * One plain sentence for the public about comparison `c` of `results`: what was found, with the p-value, the
 * groups with the highest and lowest rates, the margin, or the power, as the verdict's reason calls for.
 * @example verdictSentence(results, c) // "At threshold 0.60, no statistically significant difference in TPIR ..."
 */
export function verdictSentence(results: Results, c: Comparison): string {
  const s = results.settings.statistics;
  const at = `At threshold ${fmtT(c.threshold)}`;
  const level = LevelWords[c.level];
  const label = (id: string): string => results.groups.find((g) => g.id === id)?.label ?? id;
  const what = c.metric === 'TPIR' ? 'TPIR (the share of watchlisted volunteers recognised)' : `FPIR (${c.population} false alerts)`;
  const within = c.metric === 'TPIR' ? `within ±${(100 * s.equivalenceMargin).toFixed(1)} percentage points` : `within a factor of ${s.fpirEquivalenceRatio}`;
  const rates = c.groups.map((g) => g.k / g.n);
  const pHom = c.homogeneity.pValue ?? 1;
  switch (c.reason) {
    case 'fewer-than-two-groups':
      return `${at}, too few ${level} groups have at least ${results.settings.minCellSize} searches to compare ${c.metric}.`;
    case 'no-events':
      return `${at}, no group has any ${c.metric === 'TPIR' ? 'detection' : 'false alert'}: nothing to compare between ${level} groups on ${c.metric}.`;
    case 'every-search-hit':
      return `${at}, every search in every group hit: nothing to compare between ${level} groups on ${c.metric}.`;
    case 'one-cluster-per-group':
      return `${at}, each ${level} group has a single volunteer: the variation between volunteers cannot be estimated, so ${c.metric} cannot be compared.`;
    case 'homogeneity-test':
    case 'pairwise-test': {
      const hi = rates.indexOf(Math.max(...rates));
      const lo = rates.indexOf(Math.min(...rates));
      const p = Math.min(pHom, ...c.pairwise.map((x) => x.pAdjusted));
      const show = (i: number): string => `${label(c.groups[i]?.group ?? '')} ${groupRate(c, i)}`;
      return `${at}, ${what} differed significantly between ${level} groups (${pValue(p)}): highest ${show(hi)}, lowest ${show(lo)}.`;
    }
    case 'every-pair-equivalent': {
      const max = Math.max(...rates);
      const min = Math.min(...rates);
      const spread = c.metric === 'TPIR' || min === 0 ? `largest difference ${(100 * (max - min)).toFixed(1)} percentage points` : `largest ratio ${(max / min).toFixed(2)}`;
      return `${at}, ${what} was equivalent across ${level} groups ${within} (${spread}).`;
    }
    case 'low-power': {
      const size = c.metric === 'FPIR' ? `a ${s.fpirEquivalenceRatio}-fold difference` : `a difference of ${(100 * s.equivalenceMargin).toFixed(1)} percentage points`;
      return `${at}, the sample is too small to tell whether ${c.metric} differs between ${level} groups: no significant difference (${pValue(pHom)}), but only ${percentFixed(c.power ?? 0)} power to detect ${size}.`;
    }
    case 'equivalence-not-shown':
      return `${at}, no statistically significant difference in ${c.metric} between ${level} groups (${pValue(pHom)}), but equivalence ${within} was not shown: this is not evidence of equal treatment.`;
  }
}

/** Group i's rate as the sentences give it: a percentage for TPIR, "1 in N" for FPIR. */
function groupRate(c: Comparison, i: number): string {
  const g = c.groups[i];
  if (g === undefined) return '';
  if (c.metric === 'TPIR') return percentFixed(g.k / g.n);
  return g.k === 0 ? `no false alert in ${g.n.toLocaleString('en-GB')}` : `1 in ${Math.round(g.n / g.k).toLocaleString('en-GB')}`;
}
