import { describe, expect, it } from 'vitest';
import { compareProportions } from './compare-proportions.ts';
import { groupClusterMoments } from './cluster-design-effect.ts';
import { chiSquareTest } from './chi-square.ts';
import { twoProportionTest } from './two-proportion.ts';
import { adjustPValues } from './p-adjust.ts';
import { relDiff } from './fixtures/read-fixture.ts';

const base = { correction: 'holm', level: 0.95, seed: 1 } as const;

/** 84 volunteers with 10 passes in three groups of 32, 28 and 24 (21 volunteers' hits, four times over). */
const once = [10, 9, 10, 4, 10, 8, 10, 10, 7, 10, 3, 9, 10, 10, 6, 10, 10, 2, 9, 10, 5];
const groupOf = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2];
const hits = [...once, ...once, ...once, ...once];
const members = [0, 1, 2].map((g) => hits.map((_, v) => v).filter((v) => groupOf[v % once.length] === g));
const counts = { trials: hits.map(() => 10), successes: hits, columns: 1, groups: members };
const sum = (g: number[]): number => g.reduce((s, v) => s + (hits[v] as number), 0);

describe('compareProportions', () => {
  it('independent searches: the chi-square test and the pooled z-tests, exactly', () => {
    const k = [356, 340, 372];
    const n = [400, 400, 400];
    const c = compareProportions({ ...base, hits: k, searches: n, clusters: null });
    const chi = chiSquareTest(k.map((x, i) => [x, (n[i] as number) - x]));
    expect(c.designEffect).toBe(1);
    expect(c.df).toBeNull();
    expect(c.homogeneity.method).toBe('chi-square');
    expect(relDiff(c.homogeneity.pValue ?? NaN, chi.pValue)).toBeLessThan(1e-12);
    const z = [twoProportionTest(356, 400, 340, 400), twoProportionTest(356, 400, 372, 400), twoProportionTest(340, 400, 372, 400)];
    c.pairwise.forEach((p, i) => {
      expect(relDiff(p.pValue, z[i]?.pValue ?? NaN)).toBeLessThan(1e-12);
      expect(p.lower).toBeCloseTo(z[i]?.lower ?? NaN, 14);
      expect(p.difference).toBe(z[i]?.difference);
    });
  });

  it('clustered: the F test is the one-way ANOVA of the volunteers\' hit rates (R anova(lm))', () => {
    // R: y <- rep(c(10,9,10,4,10,8,10,10, 7,10,3,9,10,10,6, 10,10,2,9,10,5), 4); g <- factor(rep(rep(1:3, c(8, 7, 6)), 4))
    //    anova(lm(I(y/10) ~ g)): F = 1.9073754484763168 on 2 and 81 df, Pr(>F) = 0.15507862210038359
    const c = compareProportions({ ...base, hits: members.map(sum), searches: members.map((g) => 10 * g.length), clusters: groupClusterMoments(counts, 0) });
    expect(c.homogeneity.method).toBe('rao-scott-f');
    expect(c.homogeneity.df).toBe(2);
    expect(c.homogeneity.dfDenominator).toBe(81);
    expect(c.df).toBe(81);
    expect(c.designEffect).toBeGreaterThan(3);
    expect(relDiff(c.homogeneity.statistic ?? NaN, 1.9073754484763168)).toBeLessThan(1e-12);
    expect(relDiff(c.homogeneity.pValue ?? NaN, 0.15507862210038359)).toBeLessThan(1e-12);
    expect(c.effective.map((e) => e.n)).toEqual(members.map((g) => Math.round((10 * g.length) / c.designEffect)));
  });

  it('pairs are protected by the homogeneity test; with two groups both tests agree', () => {
    const two = compareProportions({ ...base, hits: [sum(members[0] ?? []), sum(members[1] ?? [])], searches: [320, 280], clusters: groupClusterMoments({ ...counts, groups: members.slice(0, 2) }, 0) });
    expect(two.homogeneity.method).toBe('rao-scott-f');
    expect(relDiff(two.pairwise[0]?.pValue ?? NaN, two.homogeneity.pValue ?? NaN)).toBeLessThan(1e-12);
    // a single deviant group among many: raw pairwise p-values below alpha, but no pair is declared different
    // unless the groups as a whole are
    const k = [178, 180, 176, 179, 160];
    const c = compareProportions({ ...base, correction: 'none', hits: k, searches: [200, 200, 200, 200, 200], clusters: null });
    const raw = adjustPValues(c.pairwise.map((p) => p.pValue), 'none');
    c.pairwise.forEach((p, i) => expect(p.pAdjusted).toBe(Math.max(raw[i] as number, c.homogeneity.pValue ?? 0)));
  });

  it('sparse counts go to Fisher\'s exact test; no events and all events are untested', () => {
    const f = compareProportions({ ...base, hits: [0, 3, 1], searches: [4000, 4000, 4000], clusters: null });
    expect(f.homogeneity.method).toBe('fisher-exact');
    expect(f.homogeneity.minExpected).toBeCloseTo(4 / 3, 12);
    expect(compareProportions({ ...base, hits: [0, 0], searches: [10, 20], clusters: null }).homogeneity.untested).toBe('no-events');
    expect(compareProportions({ ...base, hits: [10, 20], searches: [10, 20], clusters: null }).homogeneity.untested).toBe('all-events');
    const single = groupClusterMoments({ trials: [10, 10], successes: [9, 3], columns: 1, groups: [[0], [1]] }, 0);
    const one = compareProportions({ ...base, hits: [9, 3], searches: [10, 10], clusters: single });
    expect(one.homogeneity.untested).toBe('one-cluster-per-group');
    expect(one.pairwise[0]?.pValue).toBe(1);
  });

  it('bad arguments are a named StatsArgumentError', () => {
    const named = (m: RegExp): unknown => expect.objectContaining({ name: 'StatsArgumentError', message: expect.stringMatching(m) as unknown });
    expect(() => compareProportions({ ...base, hits: [1], searches: [2], clusters: null })).toThrow(named(/hits must be counts of at least two groups, got 1 group/));
    expect(() => compareProportions({ ...base, hits: [1, 2], searches: [2], clusters: null })).toThrow(named(/searches must be one count per group \(2\)/));
    expect(() => compareProportions({ ...base, hits: [1, 2], searches: [2, 0], clusters: null })).toThrow(named(/k must be a whole number in 0..n/));
    expect(() => compareProportions({ ...base, hits: [1, 0], searches: [2, 0], clusters: null })).toThrow(named(/searches\[1\] must be > 0/));
  });
});
