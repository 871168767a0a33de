/**
 * checkResults: the rules of results.json that its schema cannot state, checked when a results.json is read (it may
 * come from another tool, or have been edited): every rate has k <= n and an estimate of k / n, intervals with
 * lower <= upper, thresholds and groups that the settings and the group list know; failure-to-acquire counts and
 * false-match pairs with counts inside their totals; operational thresholds among the swept ones.
 */
import { show, type InputProblem } from '../core/input-error.ts';
import type { Results } from './results-schema.ts';

/** At most this many problems are listed. */
const MAX_PROBLEMS = 20;

/**
 * The problems of `results` (empty when it is sound).
 * @example checkResults(loadedJson) // [{ path: 'algorithms[0].rates[3].k', expected: 'a count <= n (120)', got: '130' }]
 */
export function checkResults(results: Results): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (p: InputProblem): void => {
    if (problems.length <= MAX_PROBLEMS) problems.push(p);
  };
  const thresholds = new Set(results.settings.thresholds);
  results.settings.thresholds.forEach((t, i) => {
    if (!(t >= 0 && t <= 1)) add({ path: `settings.thresholds[${i}]`, expected: 'a threshold from 0 to 1', got: String(t) });
    if (i > 0 && !(t > (results.settings.thresholds[i - 1] ?? -Infinity))) add({ path: `settings.thresholds[${i}]`, expected: 'thresholds in ascending order, each once', got: String(t) });
  });
  results.settings.operationalThresholds.forEach((t, i) => {
    if (!thresholds.has(t)) add({ path: `settings.operationalThresholds[${i}]`, expected: 'one of settings.thresholds', got: String(t) });
  });
  if (!(results.settings.minCellSize >= 1)) add({ path: 'settings.minCellSize', expected: 'a whole number >= 1', got: String(results.settings.minCellSize) });
  const groups = new Set(results.groups.map((g) => g.id));
  results.algorithms.forEach((a, ai) => {
    a.rates.forEach((r, ri) => {
      const at = `algorithms[${ai}].rates[${ri}]`;
      if (r.k > r.n) add({ path: `${at}.k`, expected: `a count <= n (${r.n})`, got: String(r.k) });
      else if (r.n === 0 ? r.estimate !== null : r.estimate === null || Math.abs(r.estimate - r.k / r.n) > 1e-9) {
        add({ path: `${at}.estimate`, expected: r.n === 0 ? 'null when n = 0' : `k / n (${r.k} / ${r.n})`, got: show(r.estimate) });
      }
      for (const [method, i] of Object.entries(r.intervals)) {
        if (i !== undefined && i.lower > i.upper) add({ path: `${at}.intervals.${method}`, expected: 'lower <= upper', got: `${i.lower} > ${i.upper}` });
      }
      if (!thresholds.has(r.threshold)) add({ path: `${at}.threshold`, expected: 'one of settings.thresholds', got: String(r.threshold) });
      if (!groups.has(r.group)) add({ path: `${at}.group`, expected: 'the id of a group in groups[]', got: show(r.group) });
    });
    (a.failureToAcquire ?? []).forEach((f, i) => {
      if (f.k > f.n) add({ path: `algorithms[${ai}].failureToAcquire[${i}].k`, expected: `a count <= n (${f.n})`, got: String(f.k) });
    });
    (a.falseMatchPairs ?? []).forEach((f, i) => {
      if (f.alerts > f.searches) add({ path: `algorithms[${ai}].falseMatchPairs[${i}].alerts`, expected: `a count <= searches (${f.searches})`, got: String(f.alerts) });
    });
  });
  if (problems.length > MAX_PROBLEMS) problems.splice(MAX_PROBLEMS, problems.length, { path: '', expected: `at most ${MAX_PROBLEMS} problems shown; fix these and run again`, got: 'more' });
  return problems;
}
