import { describe, expect, it } from 'vitest';
import { stratifiedLogistic } from './stratified-logistic.ts';
import { readCsvFixture, readFixture, relDiff } from './fixtures/read-fixture.ts';

type Ref = Record<string, number | string | number[]> & { name: string; terms: string; coef: number[]; se: number[] };
const refs = new Map(readFixture<Ref[]>('stratified-logit.json').map((r) => [r.name, r]));
const rows = readCsvFixture('stratified-logit.csv');
const sites = ['london', 'cardiff', 'leeds'];

function run(groupColumn: 'group' | 'ethnicity', levels: string[]) {
  return stratifiedLogistic({
    group: { name: groupColumn, levels, codes: rows.map((r) => levels.indexOf(r[groupColumn] as string)) },
    stratum: { name: 'site', levels: sites, codes: rows.map((r) => sites.indexOf(r.site as string)) },
    trials: rows.map((r) => Number(r.trials)),
    successes: rows.map((r) => Number(r.events)),
    cluster: rows.map((r) => Number(r.volunteer)),
    separator: '',
  });
}

const ref = (name: string): Ref => {
  const r = refs.get(name);
  if (r === undefined) throw new Error(`no fixture ${name}`);
  return r;
};
const num = (r: Ref, key: string): number => Number(r[key]);

// Reference: scripts/r/make-stratified-fixtures.R (glm with the cluster-robust sandwich written out in R).
describe('stratified logistic regression against R glm with cluster-robust errors', () => {
  for (const [column, levels, prefix] of [['group', ['female', 'male'], 'group'], ['ethnicity', ['white', 'asian', 'black'], 'ethnicity']] as const) {
    it(`${prefix}: pooled, with a site term, and with the interaction`, () => {
      const s = run(column, [...levels]);
      const pooled = ref(prefix);
      const adjusted = ref(`${prefix} + site`);
      const inter = ref(`${prefix} * site`);
      expect(s.notes).toEqual([]);
      expect(s.adjustedFit?.coefficients.map((c) => c.term).join('|')).toBe(adjusted.terms);
      let worst = 0;
      s.adjustedFit?.coefficients.forEach((c, i) => (worst = Math.max(worst, relDiff(c.estimate, adjusted.coef[i] as number), relDiff(c.se, adjusted.se[i] as number))));
      const tests: [number | undefined, number][] = [
        [s.pooled?.statistic, num(pooled, 'groupStatistic')], [s.pooled?.pValue, num(pooled, 'groupP')],
        [s.adjusted?.statistic, num(adjusted, 'groupStatistic')], [s.adjusted?.pValue, num(adjusted, 'groupP')],
        [s.stratumEffect?.statistic, num(adjusted, 'siteStatistic')], [s.stratumEffect?.pValue, num(adjusted, 'siteP')],
        [s.interaction?.statistic, num(inter, 'interactionStatistic')], [s.interaction?.pValue, num(inter, 'interactionP')],
      ];
      for (const [mine, theirs] of tests) worst = Math.max(worst, relDiff(mine ?? NaN, theirs));
      console.log(`${prefix} with site: max relative difference from R ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-6);
      expect(s.interaction?.df).toBe(num(inter, 'interactionDf'));
      expect(s.adjusted?.df).toBe(num(adjusted, 'groupDf'));
    });
  }
  it('reports no interaction test, with the reason, when a group x site cell has no outcomes', () => {
    const levels = ['female', 'male'];
    const s = stratifiedLogistic({
      group: { name: 'group', levels, codes: [0, 0, 1, 1, 0, 0, 1, 1, 0, 1] },
      stratum: { name: 'site', levels: ['a', 'b'], codes: [0, 0, 0, 0, 1, 1, 1, 1, 1, 0] },
      trials: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10],
      successes: [3, 4, 5, 2, 0, 0, 6, 7, 0, 4],
      cluster: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    });
    expect(s.interaction).toBeNull();
    expect(s.notes.join(' ')).toMatch(/separated/);
    expect(s.pooled).not.toBeNull();
  });
});
