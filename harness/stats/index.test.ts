import { describe, expect, it } from 'vitest';

describe('the evenhand/stats package export', () => {
  it('resolves to this folder and exposes the documented API', async () => {
    const stats = await import('evenhand/stats');
    for (const name of ['clopperPearson', 'wilson', 'wilsonCorrected', 'jeffreys', 'binomialUpperBound', 'clusterBootstrap', 'bcaInterval', 'chiSquareTest', 'fisherExact',
      'adjustPValues', 'twoProportionTost', 'logisticRegression', 'waldTest', 'garbe', 'fairnessDiscrepancyRate', 'twoProportionSampleSize', 'crowdSizeForFpir']) {
      expect(typeof (stats as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(stats.clopperPearson(0, 3000).upper).toBeCloseTo(0.001229, 6);
  });
});
