import { describe, expect, it } from 'vitest';
import { verificationMetrics } from './verification-metrics.ts';

describe('verificationMetrics', () => {
  it('gives accuracy 1 and AUC 1 on separable scores', () => {
    const scores = [0.9, 0.8, 0.85, 0.95, 0.1, 0.2, 0.15, 0.05];
    const mated = [true, true, true, true, false, false, false, false];
    const m = verificationMetrics(scores, mated, { folds: 2 });
    expect(m.accuracy.mean).toBe(1);
    expect(m.auc).toBe(1);
    expect(m.tarAtFar.tar).toBe(1);
  });
  it('counts ties as half in AUC and finds TAR at FAR from the highest non-mate', () => {
    const m = verificationMetrics([0.5, 0.7, 0.5, 0.3], [true, true, false, false], { folds: 2, far: 0 });
    expect(m.auc).toBeCloseTo((1 + 1 + 0.5 + 1) / 4, 10);
    expect(m.tarAtFar.tar).toBe(0.5); // only 0.7 is above the top non-mate 0.5
  });
});
