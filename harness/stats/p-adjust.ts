/** Multiple-comparison corrections of p-values: Holm, Benjamini-Hochberg, Bonferroni. */
import { StatsArgumentError } from './argument-error.ts';

/** Corrections Evenhand offers (the protocol's analysis.correction). */
export const Correction = {
  holm: 'Holm step-down, controls the family-wise error rate (Holm 1979)',
  'benjamini-hochberg': 'Benjamini-Hochberg step-up, controls the false discovery rate (Benjamini & Hochberg 1995)',
  bonferroni: 'Bonferroni, controls the family-wise error rate (conservative)',
  none: 'No correction',
} as const;
export type Correction = keyof typeof Correction;

/**
 * Adjusted p-values for a family of tests, in the input order. Agrees exactly with R's `p.adjust(p, method)` for
 * "holm", "BH", "bonferroni" and "none".
 * Reference: Holm, Scand. J. Statist. 6 (1979) 65-70; Benjamini & Hochberg, J. R. Stat. Soc. B 57 (1995) 289-300.
 * @throws StatsArgumentError when the method is not one of `Correction`'s names, or a p-value is outside [0, 1] (or NaN).
 * @example adjustPValues([0.01, 0.04, 0.03], 'holm') // [0.03, 0.06, 0.06]
 */
export function adjustPValues(p: readonly number[], method: Correction): number[] {
  // a name from JSON or JavaScript is not checked by the type: an unknown one must not silently run BH
  if (!Object.hasOwn(Correction, method)) throw new StatsArgumentError('adjustPValues', 'method', `one of ${Object.keys(Correction).join(', ')}`, method);
  p.forEach((x, i) => {
    if (!(x >= 0 && x <= 1)) throw new StatsArgumentError('adjustPValues', `p[${i}]`, 'in [0, 1]', x);
  });
  const n = p.length;
  if (n === 0 || method === 'none') return p.slice();
  if (method === 'bonferroni') return p.map((x) => Math.min(1, n * x));
  const order = p.map((_, i) => i);
  const out = new Array<number>(n);
  if (method === 'holm') {
    order.sort((a, b) => (p[a] as number) - (p[b] as number) || a - b);
    let running = 0;
    order.forEach((idx, i) => {
      running = Math.max(running, (n - i) * (p[idx] as number));
      out[idx] = Math.min(1, running);
    });
    return out;
  }
  // Benjamini-Hochberg: from the largest p down, cumulative minimum of n / rank * p
  order.sort((a, b) => (p[b] as number) - (p[a] as number) || b - a);
  let running = Infinity;
  order.forEach((idx, i) => {
    running = Math.min(running, (n / (n - i)) * (p[idx] as number));
    out[idx] = Math.min(1, running);
  });
  return out;
}
