/**
 * The audit log of a run or dataset folder (audit-log.jsonl): one JSON entry per line for each purge, withdrawal,
 * review or export, saying what was done, when and by whom, with hashes of what was deleted or rewritten. Each entry
 * carries the hash of the one before it and its own, so that a removed, reordered or edited entry is detected; a head
 * hash kept elsewhere also detects entries cut from the end.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError, type InputProblem } from '../core/input-error.ts';

/** File name of the audit log inside a run or dataset folder. */
export const AUDIT_LOG_FILE = 'audit-log.jsonl';

/** The hash before the first entry. */
export const GENESIS = '0'.repeat(64);

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits');

/** One line of the audit log. */
export const AuditEntrySchema = z.strictObject({
  seq: z.number().int().min(1).describe('1 for the first entry, then 2, 3, ...'),
  at: z.iso.datetime().describe('When (UTC)'),
  by: z.string().min(1).describe('Who ran the command'),
  action: z.enum(['purge', 'withdraw', 'review', 'export']),
  details: z.record(z.string(), z.unknown()).describe('What was done: files with their hashes before deletion, counts (never a withdrawn person\'s id)'),
  prev: hex64.describe('Hash of the entry before (zeros for the first)'),
  hash: hex64.describe('sha256 of this entry\'s JSON without its hash, keys in the order seq, at, by, action, details, prev'),
});
export type AuditEntry = z.output<typeof AuditEntrySchema>;

/** What an appended entry says; seq, prev and hash are filled in. */
export interface AuditEvent {
  by: string;
  action: AuditEntry['action'];
  details: Record<string, unknown>;
  /** Default now. */
  at?: Date;
}

/** The audit log of `dir` (a folder, or a manifest file: the log is then beside it). */
export function auditLogFile(dir: string): string {
  return path.join(existsSync(dir) && statSync(dir).isFile() ? path.dirname(dir) : dir, AUDIT_LOG_FILE);
}

/** The hash of an entry: sha256 of its JSON without the hash, keys in schema order. */
export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(JSON.stringify({ seq: e.seq, at: e.at, by: e.by, action: e.action, details: e.details, prev: e.prev })).digest('hex');
}

/**
 * Reads and checks the audit log of folder `dir` (an empty list when there is none yet).
 * @throws InputError naming the log, the line and what was expected: a line that is not an entry, a number out of
 * sequence (an entry removed or moved), a `prev` that is not the hash of the entry before (one removed or changed),
 * a `hash` that does not match the entry (an edit).
 */
export function readAuditLog(dir: string): AuditEntry[] {
  const file = auditLogFile(dir);
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const entries: AuditEntry[] = [];
  const problems: InputProblem[] = [];
  let prev = GENESIS;
  lines.forEach((line, i) => {
    if (problems.length > 0) return;
    const where = `line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push({ path: where, expected: 'one audit entry as JSON', got: line.length > 60 ? `${line.slice(0, 57)}...` : JSON.stringify(line) });
      return;
    }
    const parsed = AuditEntrySchema.safeParse(value);
    if (!parsed.success) {
      problems.push({ path: `${where}: ${parsed.error.issues[0]?.path.join('.') ?? ''}`, expected: `an audit entry (${parsed.error.issues[0]?.message ?? 'seq, at, by, action, details, prev, hash'})` });
      return;
    }
    const e = parsed.data;
    if (e.seq !== i + 1) problems.push({ path: `${where}: seq`, expected: `${i + 1} (entries are numbered 1, 2, 3, ...: one is missing or out of order)`, got: String(e.seq) });
    else if (e.prev !== prev) problems.push({ path: `${where}: prev`, expected: `${prev} (the hash of ${i === 0 ? 'nothing: the first entry' : `line ${i}`}): an entry before this one was removed or changed`, got: e.prev });
    else if (entryHash(e) !== e.hash) problems.push({ path: `${where}: hash`, expected: `${entryHash(e)} (this entry's own hash): the entry was edited after it was written`, got: e.hash });
    prev = e.hash;
    entries.push(e);
  });
  if (problems.length > 0) throw new InputError(file, problems);
  return entries;
}

/**
 * Checks the log of `dir` and, when `head` is given (a hash recorded earlier, for example printed by a past
 * command), that the log still holds that entry: entries cut from the end, or a log rewritten from an earlier
 * point, are detected only this way.
 * @throws InputError as readAuditLog, or naming `head` when no entry has that hash.
 */
export function verifyAuditLog(dir: string, head?: string): { entries: number; head: string } {
  const entries = readAuditLog(dir);
  const last = entries[entries.length - 1]?.hash ?? GENESIS;
  if (head !== undefined && head !== GENESIS && !entries.some((e) => e.hash === head)) {
    throw new InputError(auditLogFile(dir), [{ path: '', expected: `an entry with hash ${head} (the head recorded earlier): entries were cut from the end or the log was rewritten`, got: `${entries.length} entries ending with ${last}` }]);
  }
  return { entries: entries.length, head: last };
}

/**
 * Appends `event` to the log of `dir` after checking the log, and returns the entry written.
 * @throws InputError when the log is already damaged (nothing is appended then).
 */
export function appendAudit(dir: string, event: AuditEvent): AuditEntry {
  const entries = readAuditLog(dir);
  const base = {
    seq: entries.length + 1,
    at: (event.at ?? new Date()).toISOString(),
    by: event.by,
    action: event.action,
    details: JSON.parse(JSON.stringify(event.details)) as Record<string, unknown>,
    prev: entries[entries.length - 1]?.hash ?? GENESIS,
  };
  const entry: AuditEntry = { ...base, hash: entryHash(base) };
  appendFileSync(auditLogFile(dir), `${JSON.stringify(entry)}\n`);
  return entry;
}
