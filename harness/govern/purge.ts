/**
 * `evenhand retention purge`: deletes what is due in a folder, keeping what the protocol allows past the period and
 * the folder's records, after writing to the audit log what will be deleted, when, by whom and each file's hash.
 */
import { appendAudit, type AuditEntry } from './audit-log.ts';
import type { InventoryFile } from './folder-inventory.ts';
import { retentionStatus, type FolderStatus } from './retention-status.ts';
import { deleteInside, hashEntry, insideFolder, removeEmptyFolders } from './safe-delete.ts';

/** What a purge would delete. */
export interface PurgePlan {
  status: FolderStatus;
  files: InventoryFile[];
  bytes: number;
}

/** What a purge did. */
export interface PurgeOutcome {
  deleted: number;
  bytes: number;
  /** Links removed: their targets, outside the folder or not, were left alone. */
  links: number;
  /** Paths that could not be reached without leaving the folder: left alone. */
  refused: string[];
  entry: AuditEntry;
}

/**
 * What purging `dir` on `today` would delete: every file of a class that is due (for review or deletion).
 * @throws InputError when `dir` is not a governed folder or its audit log is damaged.
 */
export function planPurge(dir: string, today: string): PurgePlan {
  const status = retentionStatus(dir, today);
  return { status, files: status.due, bytes: status.due.reduce((s, f) => s + f.bytes, 0) };
}

/**
 * Deletes the files of `plan`: first appends the audit entry (each file's path, class and sha256 before deletion,
 * who and when), then deletes each file or link without following links out of the folder, then removes folders
 * left empty. Write-ahead: the log never misses a deletion.
 * @throws InputError when the audit log is damaged (nothing is deleted then).
 */
export function executePurge(plan: PurgePlan, by: string, at: Date = new Date()): PurgeOutcome {
  const dir = plan.status.inventory.dir;
  const refused: string[] = [];
  const files = plan.files.flatMap((f) => {
    const abs = insideFolder(dir, f.path);
    if (abs === null) {
      refused.push(f.path);
      return [];
    }
    return [{ path: f.path, class: f.class, bytes: f.bytes, ...(f.link ? { link: true } : {}), sha256: hashEntry(abs) }];
  });
  const r = plan.status.inventory.retention;
  const entry = appendAudit(dir, {
    by, at, action: 'purge',
    details: {
      reason: r === null ? 'purge' : `retention period of ${r.periodMonths} months from ${r.collectedOn} ended ${plan.status.dueOn ?? ''} (${r.afterPeriod})`,
      kept: r?.keep ?? [],
      files,
      ...(refused.length > 0 ? { refused } : {}),
    },
  });
  let deleted = 0;
  let bytes = 0;
  for (const f of files) {
    if (deleteInside(dir, f.path)) {
      deleted++;
      bytes += f.bytes;
    } else {
      refused.push(f.path);
    }
  }
  removeEmptyFolders(dir);
  return { deleted, bytes, links: files.filter((f) => f.link === true).length, refused, entry };
}
