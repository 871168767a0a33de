/**
 * The inventory of a governed folder (a run folder, or a dataset folder with its manifest): every file in it, found
 * without following symbolic links, with its class of data, and the retention that applies to it.
 */
import { existsSync, lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DataClass } from '../campaign/data-class.ts';
import { effectiveRetention } from '../campaign/effective-retention.ts';
import { ManifestSchema, type ManifestParsed } from '../campaign/manifest-schema.ts';
import { parseWithSchema, readStructuredFile } from '../campaign/read-structured-file.ts';
import { RetentionPolicySchema } from '../campaign/retention-schema.ts';
import { InputError } from '../core/input-error.ts';
import { OUTPUT_MARKER } from '../store/output-location.ts';
import { readRunRecord, RUN_RECORD_FILE, type RunRecord } from '../store/run-record.ts';
import { AUDIT_LOG_FILE } from './audit-log.ts';

/** One file (or symbolic link) of a folder, by its path relative to the folder (with / separators). */
export interface InventoryFile {
  path: string;
  /** `records`: the run record, the audit log and the output marker, never purged; `unclassified`: not made by evenhand, left alone. */
  class: DataClass | 'records' | 'unclassified';
  bytes: number;
  /** A symbolic link: purge removes the link, never what it points to. */
  link: boolean;
}

/** A governed folder: its kind, files and retention. */
export interface Inventory {
  dir: string;
  kind: 'campaign' | 'simulation' | 'combined' | 'dataset';
  files: InventoryFile[];
  /** The retention of the folder's data; null for simulated data or a dataset whose manifest is gone. */
  retention: RunRecord['retention'];
  /** Files the manifest names outside the folder: not managed here (delete them where they are). */
  outside: string[];
  /** The run record (run folders only). */
  record: RunRecord | null;
  /** The manifest's file name (dataset folders whose manifest is still there). */
  manifest: string | null;
}

/** Dataset folder files that hold ground truth beside the manifest (rehearsals write these). */
const GROUND_TRUTH = ['rehearsal-summary.json', 'rehearsal-truth.json'];

/**
 * Lists `dir` (a run folder, a dataset folder holding manifest.json, or a manifest file itself) and classifies its files.
 * @throws InputError when `dir` is neither a run folder nor a dataset folder, or its record or manifest is malformed.
 */
export function folderInventory(dir: string): Inventory {
  if (existsSync(dir) && statSync(dir).isFile()) return datasetInventory(path.dirname(dir), path.basename(dir));
  if (existsSync(path.join(dir, RUN_RECORD_FILE))) return runInventory(dir, readRunRecord(dir));
  if (existsSync(path.join(dir, 'manifest.json'))) return datasetInventory(dir, 'manifest.json');
  if (existsSync(path.join(dir, AUDIT_LOG_FILE))) return { dir, kind: 'dataset', files: listFiles(dir).map((f) => ({ ...f, class: f.path === AUDIT_LOG_FILE || f.path === OUTPUT_MARKER ? 'records' : 'unclassified' })), retention: null, outside: [], record: null, manifest: null };
  throw new InputError(dir, [{ path: '', expected: `a run folder (with ${RUN_RECORD_FILE}) or a dataset folder (with manifest.json)`, got: existsSync(dir) ? 'neither' : 'nothing there' }]);
}

function runInventory(dir: string, record: RunRecord): Inventory {
  const algorithms = record.algorithms.map((a) => a.id);
  const tables = new Set(record.algorithms.flatMap((a) => [a.searches, a.candidates]).filter((x): x is string => x !== null));
  const files = listFiles(dir);
  // folders written by evenhand export-probes (wherever in the run folder): their probes.csv and images
  const probeDirs = new Set(files.filter((f) => !f.link && path.posix.basename(f.path) === PROBES_FILE && isProbeList(path.join(dir, f.path))).map((f) => path.posix.dirname(f.path)));
  const classify = (p: string): InventoryFile['class'] => {
    if (p === RUN_RECORD_FILE || p === AUDIT_LOG_FILE || p === OUTPUT_MARKER) return 'records';
    if (probeDirs.has(path.posix.dirname(p)) && (path.posix.basename(p) === PROBES_FILE || p.endsWith('.jpg') || path.posix.basename(p) === OUTPUT_MARKER)) return 'probe-images';
    if (tables.has(p)) return 'search-tables';
    if (p.startsWith('report/')) return 'reports';
    if (['results.json', 'exclusions.json', 'provenance.json', 'truth.json', 'sites.json', record.protocol].includes(p) || /^sites\/[^/]+\/results\.json$/.test(p)) return 'aggregate-results';
    if (p.startsWith('shards/')) return 'track-tables'; // a shard's replay tables, until (and after) evenhand merge
    const [top, ...rest] = p.split('/');
    if (top === undefined || !algorithms.includes(top) || rest.length === 0) return 'unclassified';
    const inner = rest.join('/');
    if (/^[^/]*-gallery(\.entries)?\.(json|f32)$/.test(inner)) return 'galleries';
    if (/^replay-[^/]+(\/|$)/.test(inner) || inner === 'track-assignments.arrow') return 'track-tables';
    if (inner === 'searches.arrow' || inner === 'candidates.arrow' || inner === 'probes-without-face.json') return 'search-tables';
    if (inner === 'import.json' || inner === 'operator/import.json') return 'search-tables'; // an imported log's summary (counts by the vendor's subject ids)
    if (inner === 'adjudication.json') return 'aggregate-results';
    return 'unclassified';
  };
  return { dir, kind: record.kind, files: files.map((f) => ({ ...f, class: classify(f.path) })), retention: record.retention, outside: [], record, manifest: null };
}

/** The list evenhand export-probes writes beside its images (exportProbes: `probe_id,file`). */
const PROBES_FILE = 'probes.csv';
function isProbeList(file: string): boolean {
  try {
    return readFileSync(file, 'utf8').startsWith('probe_id,file\n');
  } catch {
    return false;
  }
}

function datasetInventory(dir: string, manifestName: string): Inventory {
  const file = path.join(dir, manifestName);
  const m: ManifestParsed = parseWithSchema(ManifestSchema, readStructuredFile(file), file);
  const root = path.resolve(dir);
  const named = new Map<string, DataClass>();
  const outside: string[] = [];
  const add = (p: string, cls: DataClass): void => {
    const rel = path.relative(root, path.resolve(root, p));
    if (rel.startsWith('..') || path.isAbsolute(rel)) outside.push(p);
    else named.set(rel.split(path.sep).join('/'), cls);
  };
  m.footage.forEach((f) => add(f.file, 'footage'));
  m.volunteers.forEach((v) => v.enrolmentImages.forEach((img) => add(img, 'enrolment-images')));
  m.fillerGallery.entries.forEach((e) => add(e.image, 'filler-images'));
  m.probes.forEach((p) => add(p.image, 'footage')); // still probes (RFR, OIFR): the captured images, as footage is
  const classify = (p: string): InventoryFile['class'] => {
    if (p === AUDIT_LOG_FILE || p === OUTPUT_MARKER) return 'records';
    if (p === manifestName || GROUND_TRUTH.includes(p) || p.startsWith('private/')) return 'ground-truth';
    for (const [n, cls] of named) if (p === n || p.startsWith(`${n}/`) || n.startsWith(`${p}/`)) return cls;
    return 'unclassified';
  };
  const retention = effectiveRetention(m, RetentionPolicySchema.parse({}));
  return { dir, kind: 'dataset', files: listFiles(dir).map((f) => ({ ...f, class: classify(f.path) })), retention, outside, record: null, manifest: manifestName };
}

/** Every file and link under `dir` (never descending into a linked folder), sorted by path. */
function listFiles(dir: string): Omit<InventoryFile, 'class'>[] {
  const out: Omit<InventoryFile, 'class'>[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const p = rel === '' ? name : `${rel}/${name}`;
      const st = lstatSync(path.join(dir, p));
      if (st.isSymbolicLink()) out.push({ path: p, bytes: st.size, link: true });
      else if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push({ path: p, bytes: st.size, link: false });
    }
  };
  walk('');
  return out;
}
