import { describe, expect, it } from 'vitest';
import { betaQuantile } from './beta.ts';
import { readFixture, relDiff } from './fixtures/read-fixture.ts';

interface Row { p: number; a: number; b: number; x: number }
const rows = readFixture<Row[]>('beta-quantiles.json');

/** Largest relative difference from R over `cases`, and where. */
function worstOf(cases: readonly Row[]): { worst: number; where: string } {
  let worst = 0;
  let where = '';
  for (const r of cases) {
    const got = betaQuantile(r.p, r.a, r.b);
    const d = relDiff(got, r.x);
    if (d > worst) { worst = d; where = `p=${r.p} a=${r.a} b=${r.b}: got ${got}, R ${r.x}`; }
  }
  return { worst, where };
}

// shapes below 1 (a Jeffreys bound at k = 0 has a = 1/2, where the log density's derivative changes sign), 1 (closed
// forms), half-integers and up to 1e8
describe('betaQuantile against R (qbeta), shapes 0.1 .. 1e8', () => {
  const central = rows.filter((r) => r.p <= 0.995);
  it(`agrees to 1e-12 relative for p from 1e-6 to 0.995 (${central.length} cases)`, () => {
    const { worst, where } = worstOf(central);
    console.log(`betaQuantile, p <= 0.995: max relative difference from R ${worst.toExponential(2)} (${where})`);
    expect(worst, where).toBeLessThan(1e-12);
  });
  // at p = 0.9995 the incomplete beta near 1 carries its rounding (a few 1e-16) into a tail of 5e-4: the quantile's
  // last digits follow (at worst 7.5e-13 relative here with Newton steps, 1.6e-12 with Halley steps)
  const upper = rows.filter((r) => r.p > 0.995);
  it(`agrees to 5e-12 relative at p = 0.9995 (${upper.length} cases)`, () => {
    const { worst, where } = worstOf(upper);
    console.log(`betaQuantile, p = 0.9995: max relative difference from R ${worst.toExponential(2)} (${where})`);
    expect(worst, where).toBeLessThan(5e-12);
  });
});
