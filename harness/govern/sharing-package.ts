/**
 * `evenhand export --for sharing`: a package other researchers can reanalyse, built in memory and checked before a
 * byte is written.
 *
 *   run folder ─ contract tables ── ids -> pseudonyms under a fresh key, rows in pseudonym order ─> tables/<alg>/
 *              ├ protocol copy, results.json ───────────────────────────────────────────────────> as they are
 *              ├ provenance.json ─ per-image hashes folded into one per role ──────────────────────> provenance.json
 *              └ README.md (what is inside and what is not, how to reanalyse)
 *   check: only tables, JSON and text; contract columns (and capture conditions) only; pseudonyms in id columns; no known id or name anywhere
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ManifestSchema } from '../campaign/manifest-schema.ts';
import { parseWithSchema, readStructuredFile } from '../campaign/read-structured-file.ts';
import { retentionEnd } from '../campaign/effective-retention.ts';
import { InputError } from '../core/input-error.ts';
import { CANDIDATE_COLUMNS, CONDITION_COLUMNS } from '../store/contract.ts';
import { plainTableBytes, readPlainTable, reorderRows, SEARCH_AND_CONDITION_COLUMNS, searchColumnsOf, type PlainTable } from '../store/plain-table.ts';
import { readRunRecord, RUN_RECORD_FILE, type RunRecord } from '../store/run-record.ts';
import { readAuditLog } from './audit-log.ts';
import { scanForIdentifiers } from './identifier-scan.ts';
import { pseudonymiser, type Pseudonymiser } from './pseudonymise.ts';
import { sharingReadme, type ReadmeFacts } from './sharing-readme.ts';

/** A package ready to write: file name -> contents. */
export interface SharingPackage {
  files: Map<string, string | Uint8Array>;
  /** The key the pseudonyms were made with (kept only if the caller writes it somewhere safe). */
  key: Uint8Array;
  pseudonyms: number;
  record: RunRecord;
}

/** The parts of a rehearsal's private key (private/source-key.json) that name people or images. */
const SourceKeySchema = z.looseObject({
  volunteers: z.array(z.looseObject({ identity: z.string().optional() })).default([]),
  fillers: z.array(z.looseObject({ identity: z.string().optional() })).default([]),
  passes: z.array(z.looseObject({ image: z.string().optional() })).default([]),
});

/** The inputs of a run's provenance.json (the rest is kept as it is). */
const ProvenanceInputsSchema = z.looseObject({ inputs: z.array(z.strictObject({ role: z.string(), file: z.string(), sha256: z.string() })).default([]) });

/** Columns of each table that hold ids, and the kind of pseudonym each gets. */
const SEARCH_IDS = { search_id: 'search', subject_id: 'person', top_nonmate_id: 'person' } as const;
const CANDIDATE_IDS = { search_id: 'search', gallery_id: 'person' } as const;

/**
 * Builds the sharing package of run folder `run` under `key` (default: 32 fresh random bytes).
 * @throws InputError for a folder that is not a run, a combined study (share its runs), a damaged audit log, or a
 * package the check refuses (naming each file, column or path and what it found); nothing is written by this function.
 */
export function buildSharingPackage(run: string, key: Uint8Array = randomBytes(32)): SharingPackage {
  const record = readRunRecord(run);
  if (record.kind === 'combined') throw new InputError(run, [{ path: RUN_RECORD_FILE, expected: 'a run or a simulation with its tables', got: 'a combined study, which keeps no table: export each of its runs' }]);
  readAuditLog(run);
  const p = pseudonymiser(key);
  const files = new Map<string, string | Uint8Array>();
  const ids = new Set<string>();
  const tables: ReadmeFacts['tables'] = [];
  for (const a of record.algorithms) {
    if (a.searches === null) continue;
    // the searches with their capture conditions (numbers about the best shot), so a reanalysis can break rates down by them
    const s = readPlainTable(path.join(run, a.searches), SEARCH_AND_CONDITION_COLUMNS);
    const c = a.candidates === null ? null : readPlainTable(path.join(run, a.candidates), CANDIDATE_COLUMNS);
    for (const t of [s, c]) for (const name of ['search_id', 'subject_id', 'gallery_id', 'top_nonmate_id']) for (const v of t?.columns[name] ?? []) if (typeof v === 'string') ids.add(v);
    const ps = sortBy(pseudonymise(s, SEARCH_IDS, p), ['search_id']);
    const searchColumns = searchColumnsOf(s);
    files.set(`tables/${a.id}/searches.arrow`, plainTableBytes(searchColumns, ps));
    if (c !== null) files.set(`tables/${a.id}/candidates.arrow`, plainTableBytes(CANDIDATE_COLUMNS, sortBy(pseudonymise(c, CANDIDATE_IDS, p), ['search_id', 'rank'])));
    tables.push({ algorithm: a.id, searches: s.rows, candidates: c?.rows ?? null, conditions: searchColumns.filter((col) => CONDITION_COLUMNS.includes(col)).map((col) => col.name) });
  }
  const known = datasetIdentifiers(run, record);
  for (const id of known.ids) ids.add(id);
  files.set(record.protocol, readFileSync(path.join(run, record.protocol)));
  for (const name of ['results.json', 'truth.json']) if (existsSync(path.join(run, name))) files.set(name, readFileSync(path.join(run, name), 'utf8'));
  const provenance = path.join(run, 'provenance.json');
  if (existsSync(provenance)) files.set('provenance.json', sharedProvenance(provenance));
  files.set('README.md', sharingReadme({ record, tables, files: [...files.keys()], keepUntil: record.retention === null ? null : retentionEnd(record.retention) }));
  const findings = scanForIdentifiers(files, { ids, names: known.names });
  if (findings.length > 0) {
    const first = findings[0]?.file ?? '';
    throw new InputError(`sharing package of ${run}: ${first}`, findings.filter((f) => f.file === first).map((f) => f.problem));
  }
  return { files, key, pseudonyms: p.count, record };
}

function pseudonymise(t: PlainTable, columns: Readonly<Record<string, 'person' | 'search'>>, p: Pseudonymiser): PlainTable {
  const out: PlainTable = { ...t, columns: { ...t.columns } };
  for (const [name, kind] of Object.entries(columns)) out.columns[name] = (t.columns[name] ?? []).map((v) => (typeof v === 'string' ? p.of(kind, v) : v));
  return out;
}

/** Rows ordered by the given columns (pseudonyms, then whole numbers such as ranks), so row order says nothing about the original. */
function sortBy(t: PlainTable, keys: readonly string[]): PlainTable {
  const part = (v: string | number | boolean | null | undefined): string => (typeof v === 'number' ? String(v).padStart(12, '0') : String(v ?? ''));
  const key = Array.from({ length: t.rows }, (_, i) => keys.map((k) => part(t.columns[k]?.[i])).join('\u0000'));
  const order = Array.from({ length: t.rows }, (_, i) => i).sort((a, b) => {
    const x = key[a] as string;
    const y = key[b] as string;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  return reorderRows(t, order);
}

/** Ids and names the dataset knows: volunteer and filler ids; image file names and names in a rehearsal's private key. */
function datasetIdentifiers(run: string, record: RunRecord): { ids: Set<string>; names: Set<string> } {
  const ids = new Set<string>();
  const names = new Set<string>();
  const manifest = record.dataset === null ? null : path.resolve(run, record.dataset);
  if (manifest === null || !existsSync(manifest)) return { ids, names };
  const m = parseWithSchema(ManifestSchema, readStructuredFile(manifest), manifest);
  const file = (x: string | null | undefined): void => {
    if (typeof x === 'string') for (const n of [path.basename(x), path.basename(x, path.extname(x))]) if (n !== '') names.add(n);
  };
  for (const v of m.volunteers) {
    ids.add(v.id);
    v.enrolmentImages.forEach(file);
  }
  for (const e of m.fillerGallery.entries) {
    ids.add(e.id);
    file(e.image);
  }
  const keyFile = path.join(path.dirname(manifest), 'private', 'source-key.json');
  if (existsSync(keyFile)) {
    const k = parseWithSchema(SourceKeySchema, readStructuredFile(keyFile), keyFile);
    for (const x of [...k.volunteers, ...k.fillers]) if (x.identity !== undefined && x.identity !== '') names.add(x.identity);
    for (const x of k.passes) file(x.image);
  }
  return { ids, names };
}

/** provenance.json with each image's own hash folded into one hash per role (a hash per face image could single one out). */
function sharedProvenance(file: string): string {
  const prov = parseWithSchema(ProvenanceInputsSchema, readStructuredFile(file), file);
  const perImage = (role: string): boolean => role === 'enrolment image' || role === 'filler image';
  const inputs = prov.inputs;
  const folded = [...new Set(inputs.filter((i) => perImage(i.role)).map((i) => i.role))].map((role) => {
    const mine = inputs.filter((i) => i.role === role).map((i) => i.sha256).sort();
    return { role, files: mine.length, sha256: createHash('sha256').update(mine.join('\n')).digest('hex'), note: 'sha256 of the sorted per-file hashes' };
  });
  return `${JSON.stringify({ ...prov, inputs: [...inputs.filter((i) => !perImage(i.role)), ...folded] }, null, 2)}\n`;
}
