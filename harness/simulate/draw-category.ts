/** Draws a demographic category from a mix of shares (weights need not sum to 1). */
import type { Category } from '../campaign/protocol-schema.ts';
import type { Rng } from '../stats/rng.ts';

/**
 * Cumulative weights of `categories` under `mix` (absent codes weigh 0; no mix = equal shares).
 * @throws Error when every weight is 0.
 */
export function cumulativeShares(categories: readonly Category[], mix: Record<string, number> | undefined): number[] {
  const weights = categories.map((c) => (mix === undefined ? 1 : (mix[c.code] ?? 0)));
  const total = weights.reduce((s, w) => s + w, 0);
  if (!(total > 0)) throw new Error('a simulation mix gives every category weight 0');
  let acc = 0;
  return weights.map((w) => (acc += w / total));
}

/** The index of the category drawn by one uniform from `rng`. */
export function drawCategory(rng: Rng, cumulative: readonly number[]): number {
  const u = rng.next();
  for (let i = 0; i < cumulative.length; i++) if (u < (cumulative[i] as number)) return i;
  return cumulative.length - 1;
}
