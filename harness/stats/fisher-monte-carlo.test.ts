import { describe, expect, it } from 'vitest';
import { fisherExact } from './fisher-exact.ts';
import { fisherMonteCarlo } from './fisher-monte-carlo.ts';

describe('fisherMonteCarlo', () => {
  it('gives fisherExact\'s Monte Carlo p-value bit for bit (2 x c, r x 2 and 3 x c tables)', () => {
    const tables = [
      [[270, 30], [290, 25], [110, 8], [300, 30], [95, 5], [280, 25], [300, 25], [105, 7], [310, 25], [90, 8]],
      [[3, 1], [1, 3]],
      [[0, 40], [2, 38], [5, 35]],
      [[12, 5, 9, 0], [3, 8, 2, 6], [1, 1, 7, 4]],
    ];
    for (const [i, table] of tables.entries()) {
      for (const seed of [1, 2023]) {
        const slow = fisherExact(table, { maxTables: 1, replicates: 3000, seed });
        const fast = fisherMonteCarlo(table, 3000, seed);
        expect(fast, `table ${i}, seed ${seed}`).toEqual(slow);
      }
    }
  });
  it('refuses a bad table or replicate count', () => {
    expect(() => fisherMonteCarlo([[1, 2]], 100, 1)).toThrow(RangeError);
    expect(() => fisherMonteCarlo([[1, 2], [3, 4]], 0, 1)).toThrow(/replicates/);
  });
});
