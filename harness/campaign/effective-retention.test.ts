import { describe, expect, it } from 'vitest';
import { effectiveRetention, retentionEnd } from './effective-retention.ts';
import { RetentionPolicySchema } from './retention-schema.ts';

describe('retention dates', () => {
  it('end the same day of the month, or the month\'s last day', () => {
    expect(retentionEnd({ collectedOn: '2026-01-31', periodMonths: 1 })).toBe('2026-02-28');
    expect(retentionEnd({ collectedOn: '2024-01-31', periodMonths: 1 })).toBe('2024-02-29');
    expect(retentionEnd({ collectedOn: '2020-02-29', periodMonths: 36 })).toBe('2023-02-28');
    expect(retentionEnd({ collectedOn: '2026-11-27', periodMonths: 36 })).toBe('2029-11-27');
    expect(retentionEnd({ collectedOn: '2026-12-15', periodMonths: 1 })).toBe('2027-01-15');
  });
  it('default to three years after the last deployment ended, then review, keeping aggregates and reports', () => {
    const deployments = [
      { id: 'd1', site: 'a', startedAt: '2026-03-01T10:00:00Z', durationMs: 3_600_000, cameras: [{ id: 'c' }], overlappingViews: [] },
      { id: 'd2', site: 'b', startedAt: '2026-03-14T23:30:00Z', durationMs: 3_600_000, cameras: [{ id: 'c' }], overlappingViews: [] },
    ];
    expect(effectiveRetention({ deployments, retention: undefined }, RetentionPolicySchema.parse({}))).toEqual({ collectedOn: '2026-03-15', periodMonths: 36, afterPeriod: 'review', keep: ['aggregate-results', 'reports'] });
    expect(effectiveRetention({ deployments, retention: { collectedOn: '2026-04-01', periodMonths: 12, keep: ['ground-truth'] } }, RetentionPolicySchema.parse({ afterPeriod: 'delete' })))
      .toEqual({ collectedOn: '2026-04-01', periodMonths: 12, afterPeriod: 'delete', keep: ['aggregate-results', 'reports', 'ground-truth'] });
  });
});
