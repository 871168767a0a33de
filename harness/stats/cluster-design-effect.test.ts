import { describe, expect, it } from 'vitest';
import { clusterDesignEffect, effectiveCounts, groupClusterMoments, groupClusterMomentsByColumn, pooledDesignEffect } from './cluster-design-effect.ts';

describe('design effects of clustered trials', () => {
  it('one group: the ratio estimator\'s variance over the binomial one (checked against R by hand)', () => {
    // R: y <- c(10, 0); m <- c(10, 10); p <- sum(y)/sum(m); 2 * sum((y - p*m)^2)/sum(m)^2 / (p*(1-p)/sum(m)) == 20
    expect(clusterDesignEffect([10, 10], [10, 0])).toBeCloseTo(20, 12);
    expect(clusterDesignEffect([10, 10, 10], [5, 5, 5])).toBe(1);
  });

  it('pooled over groups: the one-way ANOVA of the volunteers\' hit rates, within groups only', () => {
    // two groups of three volunteers with 10 passes; rates 0.9 0.8 1.0 | 0.5 0.6 0.4
    // R: y <- c(9, 8, 10, 5, 6, 4) / 10; g <- rep(1:2, each = 3); ms <- anova(lm(y ~ factor(g)))["Residuals", "Mean Sq"]
    //    ms = 0.01; sigma2 = 10 * ms = 0.1; p = 42/60 = 0.7; d = 0.1 / 0.21
    const counts = { trials: [10, 10, 10, 10, 10, 10], successes: [9, 8, 10, 5, 6, 4], columns: 1, groups: [[0, 1, 2], [3, 4, 5]] };
    const moments = groupClusterMoments(counts, 0);
    expect(moments[0]).toEqual({ clusters: 3, trials: 30, successes: 27, trialsSquared: 300, successesSquared: 245, crossProduct: 270 });
    const pooled = pooledDesignEffect(moments);
    expect(pooled.df).toBe(4);
    // the difference between groups (0.9 vs 0.5) does not inflate it: below 1, so floored
    expect(pooled.designEffect).toBe(1);
    const alike = groupClusterMoments({ ...counts, successes: [10, 0, 10, 10, 0, 10] }, 0);
    // hits 10 0 10 | 10 0 10: residuals per group 2 (10/3)^2 + (20/3)^2 = 600/9, both groups 1200/9; denominator
    // 2 x (30 - 300/30) = 40, so sigma2 = 10/3 per pass; p = 2/3; d = (10/3) / (2/9) = 15
    expect(pooledDesignEffect(alike).designEffect).toBeCloseTo(15, 12);
  });

  it('at every column at once: each column\'s moments are those of groupClusterMoments, overlapping groups and empty ones included', () => {
    let state = 3;
    const next = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const C = 300;
    const T = 7;
    const trials = Array.from({ length: C }, () => 1 + Math.floor(next() * 12));
    const successes = new Int32Array(C * T);
    for (let c = 0; c < C; c++) for (let t = 0; t < T; t++) successes[c * T + t] = Math.floor(next() * ((trials[c] as number) + 1));
    const all = Array.from({ length: C }, (_, c) => c);
    const groups = [all, all.filter((c) => c % 2 === 0), all.filter((c) => c % 3 === 1), [], [5]];
    const counts = { trials, successes, columns: T, groups };
    const byColumn = groupClusterMomentsByColumn(counts);
    expect(byColumn).toHaveLength(T);
    for (let t = 0; t < T; t++) expect(byColumn[t], `column ${t}`).toEqual(groupClusterMoments(counts, t));
    expect(byColumn[2]?.[3]).toEqual({ clusters: 0, trials: 0, successes: 0, trialsSquared: 0, successesSquared: 0, crossProduct: 0 });
    expect(byColumn[6]?.[4]?.successes).toBe(successes[5 * T + 6]);
  });

  it('nothing to estimate: d = 1', () => {
    expect(pooledDesignEffect([]).designEffect).toBe(1);
    const none = groupClusterMoments({ trials: [10, 10], successes: [0, 0], columns: 1, groups: [[0], [1]] }, 0);
    expect(pooledDesignEffect(none)).toEqual({ designEffect: 1, df: 0 });
  });

  it('bad arguments are a named StatsArgumentError', () => {
    const named = (message: RegExp): unknown => expect.objectContaining({ name: 'StatsArgumentError', message: expect.stringMatching(message) as unknown });
    expect(() => clusterDesignEffect([3], [4])).toThrow(named(/cluster 0 must be whole numbers of successes <= trials, got 4 successes in 3 trials/));
    expect(() => clusterDesignEffect([10, 10], [2.5, 3])).toThrow(named(/got 2.5 successes in 10 trials/));
    expect(() => clusterDesignEffect([10.5], [3])).toThrow(named(/got 3 successes in 10.5 trials/));
    expect(() => effectiveCounts(11, 10, 2)).toThrow(named(/effectiveCounts: k must be a whole number in 0..n \(n = 10\), got 11/));
    expect(() => effectiveCounts(-1, 10, 2)).toThrow(named(/got -1/));
    expect(() => effectiveCounts(1, 10, 0.5)).toThrow(named(/the design effect must be >= 1, got 0.5/));
    expect(() => groupClusterMoments({ trials: [1], successes: [1], columns: 1, groups: [[0]] }, 1)).toThrow(named(/column must be a whole number in 0..0, got 1/));
  });
});
