/**
 * The notes beside the statistics in words: how a homogeneity test was run, why a differential index is undefined,
 * what a regression left out, and what was excluded before the analysis, from the codes in results.json.
 */
import type { Comparison, Estimate, Regression } from '../analyse/results-schema.ts';
import type { ExclusionReason } from '../analyse/run-inputs.ts';
import { significant } from './format.ts';

/** Each exclusion reason as the methods section words it (after the count). */
export const ExclusionWords: Record<ExclusionReason, string> = {
  'failed-to-enrol': 'volunteers who failed to enrol (no face found in any enrolment image): their passes are analysed as non-mated',
  'filler-image-without-face': 'filler images with no face found (not in the filler gallery)',
  'footage-not-replayed': 'volunteer passes in footage that could not be replayed',
  'identity-missing-label': 'face-set identities not used as volunteers because a required label (sex or ethnicity) was missing (used as crowd or filler only)',
  'identity-single-image': 'labelled face-set identities not used as volunteers because they had a single image',
  withdrawn: 'volunteers who withdrew from the study (their enrolment, passes and every row derived from them were removed)',
  'log-row-unreadable': 'rows of the imported log that could not be read (each named by line and field in import.json)',
  'log-unknown-camera': 'alerts at a camera the manifest does not have',
  'log-unknown-subject': 'candidates naming a subject who is not on the watchlist (set aside; the rest of their alert kept)',
  'log-alert-only-unknown-subjects': 'alerts whose every candidate named a subject not on the watchlist',
  'log-outside-deployment': 'alerts outside the time span of every deployment (after the clock offset)',
  'log-unknown-probe': 'candidate lists naming a probe that was not exported',
};

const UndefinedWords: Record<NonNullable<Estimate['undefinedReason']>, string> = {
  'fewer-than-two-groups': 'fewer than two groups',
  'every-rate-zero': 'every group has a rate of 0',
  'a-rate-zero': 'a group has a rate of 0: the ratio is infinite',
  'group-rate-zero': 'the group has a rate of 0 (log of 0)',
  'reference-rate-zero': 'the reference group has a rate of 0 (division by 0)',
};

/** Why an index has no value, or no interval; null when it has both. */
export function estimateNote(e: Estimate): string | null {
  if (e.undefinedReason !== null) return UndefinedWords[e.undefinedReason];
  if (e.lower === null && e.undefinedShare !== null && e.undefinedShare > 0) return `undefined in ${Math.round(e.undefinedShare * 100)}% of bootstrap replicates: no interval`;
  return null;
}

/** How the homogeneity test of `c` was run, when it matters (small expected counts, Monte Carlo, clustered passes), as one sentence. */
export function homogeneityNote(c: Comparison): string | null {
  const h = c.homogeneity;
  const parts: string[] = [];
  if (h.method === 'fisher-exact' || h.method === 'fisher-monte-carlo') {
    const mc = h.monteCarlo === null ? '' : ` by Monte Carlo (${h.monteCarlo.tables} tables, seed ${h.monteCarlo.seed})`;
    parts.push(`expected counts too small for the chi-square approximation (smallest ${significant(h.minExpected ?? 0, 3)}): Fisher's exact test${mc}`);
  }
  if (h.method !== 'none' && c.designEffect >= 1.005) {
    parts.push(`counts divided by the design effect ${c.designEffect.toFixed(2)} pooled over the groups' volunteers (Rao & Scott 1992; ${c.designEffectDf ?? 0} degrees of freedom)`);
  }
  if (h.method === 'rao-scott-f') parts.push(`F(${h.df ?? 0}, ${h.dfDenominator ?? 0})`);
  if (parts.length === 0) return null;
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** The notes of a regression, in words: why there is no model, what was left out, the reference categories. */
export function regressionNotes(r: Regression): string[] {
  const what = r.outcome === 'miss' ? 'no misses (or only misses)' : 'no false alerts (or only false alerts)';
  switch (r.status) {
    case 'fewer-than-two-subjects': return ['Fewer than two volunteers with known sex and ethnicity: no regression.'];
    case 'no-outcome': return [`No search had the outcome (${r.outcome}): nothing to model.`];
    case 'every-outcome': return [`Every search had the outcome (${r.outcome}): nothing to model.`];
    case 'fit-failed': return ['The model could not be fitted.'];
    case 'fitted': break;
  }
  const notes: string[] = [];
  if (r.droppedTerms.length > 0) notes.push(`Not estimable, dropped (an empty cell: no searches with that combination): ${r.droppedTerms.join(', ')}.`);
  if (!r.converged) notes.push(`The fit stopped after ${r.iterations} iterations without converging (separation, or too few events).`);
  if (!r.interaction) notes.push(`Sex x ethnicity interaction not fitted: ${r.flatCells.length} cell(s) have ${what} (${r.flatCells.join(', ')}); main effects only.`);
  if (r.separatedTerms.length > 0) notes.push(`Not estimable (separation: a category with no, or only, outcomes), left out of the table: ${r.separatedTerms.join(', ')}.`);
  for (const w of r.waldTests) {
    const name = w.terms === 'all' ? 'all (any difference by sex or ethnicity)' : w.terms;
    if (w.notReported === 'separation') notes.push(`Wald test of ${name} not reported: it involves a term with separation, where Wald tests are invalid.`);
    else if (w.notReported === 'not-computable') notes.push(`Wald test of ${name} not computed: its covariance is singular.`);
  }
  if (r.reference !== null) notes.push(`Reference categories: sex=${r.reference.sex}, ethnicity=${r.reference.ethnicity} (the most common); standard errors robust to clustering by volunteer (${r.clusters} clusters).`);
  return notes;
}
