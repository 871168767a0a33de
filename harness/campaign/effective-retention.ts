/** The retention that applies to a dataset's data: the manifest's record where it has one, else the protocol's policy. */
import type { DataClass } from './data-class.ts';
import type { ManifestParsed } from './manifest-schema.ts';
import type { RetentionPolicy } from './retention-schema.ts';

/** A dataset's retention: collection date, period, what falls due, what may be kept. */
export interface EffectiveRetention {
  /** YYYY-MM-DD. */
  collectedOn: string;
  periodMonths: number;
  afterPeriod: 'review' | 'delete';
  /** Classes kept past the period: the protocol's (run folders) plus the manifest's (dataset folder). */
  keep: DataClass[];
}

/**
 * The retention of manifest `m`'s data under `policy` (the protocol's; the schema defaults when there is none):
 * collected on `m.retention.collectedOn`, else the day the last deployment ended (startedAt + durationMs, UTC);
 * period and what falls due from the manifest when it records them, else from the policy; kept classes from both.
 * @example effectiveRetention(manifest, campaign.retention).collectedOn // '2026-03-14'
 */
export function effectiveRetention(m: Pick<ManifestParsed, 'deployments' | 'retention'>, policy: RetentionPolicy): EffectiveRetention {
  const ends = m.deployments.map((d) => Date.parse(d.startedAt) + d.durationMs);
  const last = new Date(Math.max(...ends)).toISOString().slice(0, 10);
  return {
    collectedOn: m.retention?.collectedOn ?? last,
    periodMonths: m.retention?.periodMonths ?? policy.periodMonths,
    afterPeriod: m.retention?.afterPeriod ?? policy.afterPeriod,
    keep: [...new Set([...policy.keep, ...(m.retention?.keep ?? [])])],
  };
}

/**
 * The date (YYYY-MM-DD) a retention period of `periodMonths` starting on `collectedOn` ends: the same day of the
 * month `periodMonths` later, or the month's last day when it is shorter (31 January + 1 month = 28 or 29 February).
 * @example retentionEnd({ collectedOn: '2026-01-31', periodMonths: 1 }) // '2026-02-28'
 */
export function retentionEnd(r: { collectedOn: string; periodMonths: number }): string {
  const [y, m, d] = r.collectedOn.split('-').map(Number) as [number, number, number];
  const month = m - 1 + r.periodMonths;
  const last = new Date(Date.UTC(y, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, month, Math.min(d, last))).toISOString().slice(0, 10);
}
