import { describe, expect, it } from 'vitest';
import { createRng } from '../stats/rng.ts';
import { optimalAssignment, type AllowedPair } from './optimal-assignment.ts';

/** Every matching by brute force: the lowest total cost. */
function bruteForce(rows: number, cols: number, pairs: readonly AllowedPair[], unmatched: (r: number) => number): number {
  const cost = new Map(pairs.map((p) => [`${p.row},${p.col}`, p.cost]));
  const used = new Set<number>();
  const go = (r: number): number => {
    if (r === rows) return 0;
    let best = unmatched(r) + go(r + 1);
    for (let c = 0; c < cols; c++) {
      const x = cost.get(`${r},${c}`);
      if (x === undefined || used.has(c)) continue;
      used.add(c);
      best = Math.min(best, x + go(r + 1));
      used.delete(c);
    }
    return best;
  };
  return go(0);
}

function total(colOfRow: Int32Array, pairs: readonly AllowedPair[], unmatched: (r: number) => number): number {
  const cost = new Map(pairs.map((p) => [`${p.row},${p.col}`, p.cost]));
  let sum = 0;
  colOfRow.forEach((c, r) => { sum += c < 0 ? unmatched(r) : (cost.get(`${r},${c}`) ?? NaN); });
  return sum;
}

describe('optimalAssignment', () => {
  it('finds the minimum total cost on 300 random sparse problems (checked by brute force)', () => {
    const rng = createRng(5, 1);
    for (let trial = 0; trial < 300; trial++) {
      const rows = 1 + Math.floor(rng.next() * 6);
      const cols = 1 + Math.floor(rng.next() * 6);
      const pairs: AllowedPair[] = [];
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (rng.next() < 0.45) pairs.push({ row: r, col: c, cost: Math.round(rng.next() * 10) });
      const unmatched = (r: number): number => 4 + (r % 3);
      const got = optimalAssignment(rows, cols, pairs, unmatched);
      const cols2 = [...got].filter((c) => c >= 0);
      expect(new Set(cols2).size).toBe(cols2.length); // one-to-one
      for (const [r, c] of got.entries()) if (c >= 0) expect(pairs.some((p) => p.row === r && p.col === c)).toBe(true);
      expect(total(got, pairs, unmatched)).toBe(bruteForce(rows, cols, pairs, unmatched));
    }
  });

  it('leaves a row unmatched when matching it costs more than its unmatched cost', () => {
    expect([...optimalAssignment(1, 1, [{ row: 0, col: 0, cost: 3 }], () => 2)]).toEqual([-1]);
    expect([...optimalAssignment(2, 1, [{ row: 0, col: 0, cost: 1 }, { row: 1, col: 0, cost: 0 }], () => 2)]).toEqual([-1, 0]);
  });

  it('solves the two halves of a problem apart and handles rows and columns with no pair', () => {
    const pairs = [{ row: 0, col: 1, cost: 0 }, { row: 2, col: 3, cost: 1 }, { row: 2, col: 2, cost: 2 }, { row: 3, col: 3, cost: 0 }];
    expect([...optimalAssignment(5, 5, pairs, () => 10)]).toEqual([1, -1, 2, 3, -1]);
  });

  it('refuses pairs outside the problem and costs that are not finite', () => {
    expect(() => optimalAssignment(1, 1, [{ row: 0, col: 1, cost: 0 }], () => 1)).toThrow(RangeError);
    expect(() => optimalAssignment(1, 1, [{ row: 0, col: 0, cost: Infinity }], () => 1)).toThrow(RangeError);
  });
});
