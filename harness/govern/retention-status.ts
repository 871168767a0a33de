/**
 * Retention status of a governed folder on a given day: for each class of data, how many files, and whether it is
 * within its period, due for review or deletion, or kept past the period as the protocol allows. Reviews recorded in
 * the audit log extend the period.
 */
import { DATA_CLASSES, type DataClass } from '../campaign/data-class.ts';
import { retentionEnd } from '../campaign/effective-retention.ts';
import { readAuditLog, GENESIS, type AuditEntry } from './audit-log.ts';
import { folderInventory, type Inventory, type InventoryFile } from './folder-inventory.ts';

/** The state of one class of data. */
export const RetentionState = {
  'within-period': 'Within its retention period',
  'due-for-review': 'The period has ended: due for review (purge it, or record a review that extends the period)',
  'due-for-deletion': 'The period has ended: due for deletion',
  kept: 'The period has ended, and the protocol allows keeping it',
  'not-personal-data': 'Simulated: nobody\'s personal data, no retention period',
} as const;
export type RetentionState = keyof typeof RetentionState;

/** One class of data in a folder: its files, their size, and its retention state. */
export interface ClassStatus {
  class: DataClass;
  files: number;
  bytes: number;
  state: RetentionState;
}

/** The status of a folder. */
export interface FolderStatus {
  inventory: Inventory;
  /** End of the retention period, extended by the latest review; null without retention. */
  dueOn: string | null;
  /** The latest review, if any. */
  review: { on: string; until: string; reason: string } | null;
  classes: ClassStatus[];
  /** Files purge would delete today. */
  due: InventoryFile[];
  unclassified: string[];
  audit: { entries: number; head: string; lastPurge: string | null };
}

/**
 * The status of `dir` on `today` (YYYY-MM-DD). Classes with no file are left out.
 * @throws InputError when `dir` is not a governed folder or its audit log is damaged.
 */
export function retentionStatus(dir: string, today: string): FolderStatus {
  const inventory = folderInventory(dir);
  const log = readAuditLog(dir);
  const review = latestReview(log);
  const r = inventory.retention;
  const end = r === null ? null : retentionEnd(r);
  const dueOn = end === null ? null : review !== null && review.until > end ? review.until : end;
  const past = dueOn !== null && today >= dueOn;
  const stateOf = (cls: DataClass): RetentionState => {
    if (r === null) return 'not-personal-data';
    if (!past) return 'within-period';
    if (r.keep.includes(cls)) return 'kept';
    return r.afterPeriod === 'review' ? 'due-for-review' : 'due-for-deletion';
  };
  const classes: ClassStatus[] = [];
  for (const cls of DATA_CLASSES) {
    const files = inventory.files.filter((f) => f.class === cls);
    if (files.length > 0) classes.push({ class: cls, files: files.length, bytes: files.reduce((s, f) => s + f.bytes, 0), state: stateOf(cls) });
  }
  const dueClasses = new Set(classes.filter((c) => c.state === 'due-for-review' || c.state === 'due-for-deletion').map((c) => c.class));
  const lastPurge = [...log].reverse().find((e) => e.action === 'purge')?.at.slice(0, 10) ?? null;
  return {
    inventory, dueOn, review, classes,
    due: inventory.files.filter((f) => f.class !== 'records' && f.class !== 'unclassified' && dueClasses.has(f.class)),
    unclassified: inventory.files.filter((f) => f.class === 'unclassified').map((f) => f.path),
    audit: { entries: log.length, head: log[log.length - 1]?.hash ?? GENESIS, lastPurge },
  };
}

function latestReview(log: readonly AuditEntry[]): FolderStatus['review'] {
  const e = [...log].reverse().find((x) => x.action === 'review');
  if (e === undefined) return null;
  const until = typeof e.details.until === 'string' ? e.details.until : '';
  return { on: e.at.slice(0, 10), until, reason: typeof e.details.reason === 'string' ? e.details.reason : '' };
}
