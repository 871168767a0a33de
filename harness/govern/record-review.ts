/** A retention review that keeps a folder's data longer: recorded in its audit log, read by the retention status. */
import { InputError } from '../core/input-error.ts';
import { appendAudit, type AuditEntry } from './audit-log.ts';
import { folderInventory } from './folder-inventory.ts';

/** The outcome of a review. */
export interface Review {
  /** Keep the data until this day (YYYY-MM-DD). */
  until: string;
  /** Why, in words (the legal basis, the purpose that still needs them). */
  reason: string;
  by: string;
  at?: Date;
}

/**
 * Records in the audit log of `dir` that a review decided to keep its data until `review.until`.
 * @throws InputError when `dir` is not a governed folder, its log is damaged, the date is not a later day than
 * `review.at`, or the reason is empty.
 */
export function recordReview(dir: string, review: Review): AuditEntry {
  const folder = folderInventory(dir).dir;
  const today = (review.at ?? new Date()).toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(review.until) || Number.isNaN(Date.parse(review.until)) || review.until <= today) {
    throw new InputError('command line', [{ path: '--until', expected: `a date after today (${today}) as YYYY-MM-DD`, got: JSON.stringify(review.until) }]);
  }
  if (review.reason.trim() === '') throw new InputError('command line', [{ path: '--reason', expected: 'why the data are kept longer, in words', got: '""' }]);
  return appendAudit(folder, { by: review.by, at: review.at, action: 'review', details: { until: review.until, reason: review.reason } });
}
