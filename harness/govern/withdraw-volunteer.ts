/**
 * `evenhand withdraw`: a volunteer's data taken out of a run and its dataset, on their request.
 *
 *   1. plan     the run's tables without the person's rows, the dataset without their entry, passes and images
 *               (every check first: an unknown id, a folder that is not a run, a damaged audit log change nothing)
 *   2. stage    the new tables in a folder beside them; the analysis and the report recomputed from them
 *   3. log      an entry in the run's and the dataset's audit logs: counts and hashes, never the person's id
 *   4. apply    tables, results, report, provenance and run record replaced; the watchlist gallery and the track
 *               tables (searched against a gallery that held the person) deleted, and exported probe images (their
 *               faces among them; export-probes makes them again); the manifest rewritten and the
 *               enrolment images deleted. The next `evenhand run` replays the footage again and gives the tables of
 *               a campaign that never had this volunteer.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { analyseCampaign } from '../analyse/analyse-campaign.ts';
import { loadResults } from '../analyse/load-results.ts';
import type { Results } from '../analyse/results-schema.ts';
import { z } from 'zod';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { parseWithSchema, readStructuredFile } from '../campaign/read-structured-file.ts';
import { sha256Bytes } from '../core/sha256-file.ts';
import { InputError } from '../core/input-error.ts';
import { renderReportSet } from '../report/index.ts';
import { withdrawalExclusions } from '../run/record-run.ts';
import { CANDIDATE_COLUMNS } from '../store/contract.ts';
import { readPlainTable, SEARCH_AND_CONDITION_COLUMNS, searchColumnsOf, writePlainTable, type PlainTable } from '../store/plain-table.ts';
import { loadImportSummary } from '../import/index.ts';
import { readRunRecord, RUN_RECORD_FILE, writeRunRecord, type RunRecord } from '../store/run-record.ts';
import { writeDirAtomic, writeFileAtomic } from '../store/write-file-atomic.ts';
import { appendAudit, readAuditLog } from './audit-log.ts';
import { folderInventory } from './folder-inventory.ts';
import { deleteInside, hashEntry, removeEmptyFolders } from './safe-delete.ts';
import { planDatasetWithdrawal, type DatasetWithdrawal } from './withdraw-dataset.ts';
import { withdrawFromTables, type WithdrawnTables } from './withdraw-tables.ts';

/** Everything a withdrawal will change, computed and checked before anything is written. */
export interface WithdrawalPlan {
  run: string;
  record: RunRecord;
  tables: { algorithm: string; searches: string; candidates: string | null; withdrawn: WithdrawnTables }[];
  /** Run files to delete: the watchlist galleries, track tables, exported probe images and adjudication counts. */
  deletions: { path: string; class: string }[];
  dataset: DatasetWithdrawal | null;
  /** The dataset manifest the run record names, when it is not there (moved, or purged): the dataset is not changed. */
  datasetMissing: string | null;
  searchesRemoved: number;
  candidatesRemoved: number;
}

/** What a withdrawal did. */
export interface WithdrawalOutcome {
  plan: WithdrawalPlan;
  results: Results;
  withdrawals: number;
}

/** The ids of a gallery's .json (written by the replay stage). */
const GalleryIdsSchema = z.looseObject({ ids: z.array(z.string()) });

/** The part of provenance.json a withdrawal rewrites (the rest is kept as it is). */
const ProvenanceSchema = z.looseObject({ inputs: z.array(z.looseObject({ role: z.string(), file: z.string() })).default([]) });

/** Whether an imported log's watchlist held `volunteer`: one of their searches is mated, or an alert named them. */
function onImportedWatchlist(searches: PlainTable, candidates: PlainTable | null, volunteer: string): boolean {
  const subject = searches.columns.subject_id ?? [];
  const mated = searches.columns.mated ?? [];
  return subject.some((s, i) => s === volunteer && mated[i] === true) || (candidates?.columns.gallery_id ?? []).includes(volunteer);
}

/**
 * Plans the withdrawal of volunteer `volunteer` from run folder `run`.
 * @throws InputError for a folder that is not a campaign run (a simulation holds nobody's data; a combined study is
 * redone from its runs), a damaged audit log (the run's or the dataset's), or an id that is neither in the dataset's
 * manifest nor in the run's searches.
 */
export function planWithdrawal(run: string, volunteer: string): WithdrawalPlan {
  const record = readRunRecord(run);
  if (record.kind !== 'campaign') {
    throw new InputError(run, [{ path: RUN_RECORD_FILE, expected: 'a campaign run (evenhand run)', got: record.kind === 'simulation' ? 'a simulation, which holds nobody\'s data' : 'a combined study: withdraw from each of its runs, then combine them again' }]);
  }
  readAuditLog(run);
  const manifestFile = record.dataset === null ? null : path.resolve(run, record.dataset);
  const dataset = manifestFile !== null && existsSync(manifestFile) ? planDatasetWithdrawal(manifestFile, volunteer) : null;
  if (dataset !== null) readAuditLog(dataset.dir);
  const tables = record.algorithms.flatMap((a) => {
    if (a.searches === null || !existsSync(path.join(run, a.searches))) return [];
    const searches = path.join(run, a.searches);
    const candidates = a.candidates === null || !existsSync(path.join(run, a.candidates)) ? null : path.join(run, a.candidates);
    const searchTable = readPlainTable(searches, SEARCH_AND_CONDITION_COLUMNS);
    const candidateTable = candidates === null ? null : readPlainTable(candidates, CANDIDATE_COLUMNS);
    // a replayed algorithm's watchlist is its gallery; an imported log's, the live system's (seen in its tables)
    const watchlist = path.join(run, a.id, 'watchlist-gallery.json');
    const inWatchlist = a.kind === 'vendor-log'
      ? onImportedWatchlist(searchTable, candidateTable, volunteer)
      : existsSync(watchlist) && parseWithSchema(GalleryIdsSchema, readStructuredFile(watchlist), watchlist).ids.includes(volunteer);
    const withdrawn = withdrawFromTables(searchTable, candidateTable, volunteer, inWatchlist);
    return [{ algorithm: a.id, searches, candidates, withdrawn }];
  });
  const searchesRemoved = tables.reduce((s, t) => s + t.withdrawn.searchesRemoved, 0);
  const candidatesRemoved = tables.reduce((s, t) => s + t.withdrawn.candidatesRemoved, 0);
  if (!(dataset?.inManifest ?? false) && searchesRemoved === 0 && candidatesRemoved === 0) {
    throw new InputError('--volunteer', [{ path: '', expected: `the id of a volunteer of ${run} (in its dataset manifest${manifestFile === null ? '' : ` ${manifestFile}`} or its searches)`, got: JSON.stringify(volunteer) }]);
  }
  const deletions = folderInventory(run).files
    .filter((f) => (f.class === 'galleries' && /(^|\/)watchlist-gallery[^/]*$/.test(f.path)) || f.class === 'track-tables' || f.class === 'probe-images' || /^[^/]+\/adjudication\.json$/.test(f.path))
    .map((f) => ({ path: f.path, class: f.class }));
  const datasetMissing = manifestFile !== null && dataset === null ? manifestFile : null;
  return { run, record, tables, deletions, dataset, datasetMissing, searchesRemoved, candidatesRemoved };
}

/**
 * Carries out `plan`: stages and analyses the new tables, logs, then applies every change (see the file's head).
 * @throws InputError when the analysis of the staged tables fails or an audit log is damaged; nothing has changed then.
 */
export async function executeWithdrawal(plan: WithdrawalPlan, by: string, at: Date = new Date()): Promise<WithdrawalOutcome> {
  const { run, record } = plan;
  const on = at.toISOString().slice(0, 10);
  const stage = path.join(run, `.withdraw-${process.pid}`);
  rmSync(stage, { recursive: true, force: true });
  let results: Results;
  let report: Map<string, string | Uint8Array>;
  const withdrawals = [...record.withdrawals, { on, searchesRemoved: plan.searchesRemoved, candidatesRemoved: plan.candidatesRemoved, filesDeleted: plan.deletions.length + (plan.dataset?.images.length ?? 0) }];
  const newRecord: RunRecord = { ...record, withdrawals };
  try {
    // 2. Stage and analyse.
    const campaign = loadProtocol(path.join(run, record.protocol));
    const inputs = plan.tables.map((t) => {
      const dir = path.join(stage, t.algorithm);
      mkdirSync(dir, { recursive: true });
      const searches = path.join(dir, path.basename(t.searches));
      writePlainTable(searches, searchColumnsOf(t.withdrawn.searches), t.withdrawn.searches);
      const candidates = t.candidates === null || t.withdrawn.candidates === null ? null : path.join(dir, path.basename(t.candidates));
      if (candidates !== null && t.withdrawn.candidates !== null) writePlainTable(candidates, CANDIDATE_COLUMNS, t.withdrawn.candidates);
      const alg = record.algorithms.find((a) => a.id === t.algorithm);
      // an imported log keeps its import summary (counts of the log's rows: no ids of volunteers)
      const logImport = loadImportSummary(t.searches);
      return { id: t.algorithm, label: alg?.label ?? t.algorithm, searches, candidates, ...(logImport === null ? {} : { logImport }) };
    });
    const before = existsSync(path.join(run, 'results.json')) ? loadResults(path.join(run, 'results.json')).runInputs.exclusions : [];
    // the run's exclusions, with the count of withdrawals brought up to date
    const exclusions = [...before.filter((e) => e.reason !== 'withdrawn'), ...withdrawalExclusions(newRecord)];
    results = analyseCampaign(campaign, inputs, { exclusions });
    report = await renderReportSet(results);
  } catch (err) {
    rmSync(stage, { recursive: true, force: true });
    throw err;
  }
  // 3. Log (write-ahead): what will change, with hashes; never the person's id.
  const tableHashes = plan.tables.flatMap((t) => {
    const files = [[t.searches, path.join(stage, t.algorithm, path.basename(t.searches))]];
    if (t.candidates !== null) files.push([t.candidates, path.join(stage, t.algorithm, path.basename(t.candidates))]);
    return files.map(([from = '', to = '']) => ({ path: path.relative(run, from).split(path.sep).join('/'), sha256Before: hashEntry(from), sha256After: hashEntry(to) }));
  });
  appendAudit(run, {
    by, at, action: 'withdraw',
    details: {
      withdrawal: withdrawals.length, searchesRemoved: plan.searchesRemoved, candidatesRemoved: plan.candidatesRemoved, tables: tableHashes,
      deleted: plan.deletions.map((d) => ({ ...d, sha256: hashEntry(path.join(run, d.path)) })),
      recomputed: ['results.json', 'exclusions.json', 'report/', 'provenance.json', RUN_RECORD_FILE],
    },
  });
  const ds = plan.dataset;
  if (ds !== null) {
    appendAudit(ds.dir, {
      by, at, action: 'withdraw',
      details: {
        manifest: { path: path.basename(ds.manifest.file), sha256Before: hashEntry(ds.manifest.file), sha256After: sha256Bytes(ds.manifest.text) },
        passesRemoved: ds.passesRemoved,
        enrolmentImagesDeleted: ds.images.map((img) => ({ sha256: hashEntry(path.join(ds.dir, img)) })),
        enrolmentImagesOutsideFolder: ds.imagesOutside,
        rewritten: ds.rewrites.map((r) => ({ path: r.file, sha256Before: hashEntry(path.join(ds.dir, r.file)), sha256After: sha256Bytes(r.text) })),
      },
    });
  }
  // 4. Apply.
  for (const t of plan.tables) {
    renameSync(path.join(stage, t.algorithm, path.basename(t.searches)), t.searches);
    if (t.candidates !== null) renameSync(path.join(stage, t.algorithm, path.basename(t.candidates)), t.candidates);
  }
  rmSync(stage, { recursive: true, force: true });
  for (const d of plan.deletions) deleteInside(run, d.path);
  writeFileAtomic(path.join(run, 'results.json'), `${JSON.stringify(results)}\n`);
  writeFileAtomic(path.join(run, 'exclusions.json'), `${JSON.stringify(results.runInputs.exclusions, null, 2)}\n`);
  await writeDirAtomic(path.join(run, 'report'), (d) => {
    for (const [name, content] of report) writeFileAtomic(path.join(d, name), content);
  });
  const provenanceFile = path.join(run, 'provenance.json');
  if (existsSync(provenanceFile)) {
    // The person's enrolment images leave the list of inputs too (their file names may name them).
    const prov = parseWithSchema(ProvenanceSchema, readStructuredFile(provenanceFile), provenanceFile);
    const theirs = new Set(ds?.provenanceNames ?? []);
    writeFileAtomic(provenanceFile, `${JSON.stringify({ ...prov, inputs: prov.inputs.filter((i) => !(i.role === 'enrolment image' && theirs.has(i.file))), withdrawals }, null, 2)}\n`);
  }
  writeRunRecord(run, newRecord);
  removeEmptyFolders(run);
  if (ds !== null) {
    writeFileAtomic(ds.manifest.file, ds.manifest.text);
    for (const r of ds.rewrites) writeFileAtomic(path.join(ds.dir, r.file), r.text);
    for (const img of ds.images) deleteInside(ds.dir, img);
  }
  return { plan, results, withdrawals: withdrawals.length };
}
