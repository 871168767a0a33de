/**
 * `evenhand run`: a campaign from its dataset manifest to its report, in one resumable run folder.
 *
 *   1. load       protocol + manifest, checked against each other; footage long enough for its passes
 *   2. per algorithm of the protocol:
 *        enrol    watchlist (enrolled volunteers) and filler gallery, once (under a lock shared by shards);
 *                 failures to enrol counted by group
 *        replay   every footage segment once, each track searched in the watchlist and the filler gallery
 *                 (resumable; local threads, a queue's workers, or only shard i of n)
 *        adjudicate tracks -> searches.arrow + candidates.arrow
        (useCase rfr/oifr instead: still probes detected, embedded and searched against the reference set ->
         searches.arrow + candidates.arrow, one search per probe; still-probe-search.ts)
 *   3. analyse    every algorithm -> results.json
 *   4. report     report/
 *   5. provenance provenance.json: sha256 of every input, model hashes, package versions, git commit, providers;
 *                 the run record evenhand-run.json (protocol copy, algorithm versions, sites, retention, withdrawals)
 *
 * A shard (runCampaignShard) does 1 and 2 up to its share of the replay; mergeCampaign checks the shards and does the rest.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { adapterIdentity, algorithms, createAlgorithm, isExecutionProvider, type AdapterIdentity, type AlgorithmOptions, type ExecutionProvider } from '../algorithms/index.ts';
import { adjudicateRun, assignmentsTable, candidatesTable, readTracks, searchesTable, type AdjudicationSummary, type CameraFrames, type SegmentPlace } from '../adjudicate/index.ts';
import { AdjudicationSummarySchema } from '../adjudicate/index.ts';
import type { AlgorithmInputs } from '../analyse/analyse-algorithm.ts';
import { analyseCampaign } from '../analyse/analyse-campaign.ts';
import type { Results } from '../analyse/results-schema.ts';
import type { Exclusion, ExclusionReason } from '../analyse/run-inputs.ts';
import type { Campaign } from '../campaign/campaign.ts';
import { loadManifest, type Manifest } from '../campaign/load-manifest.ts';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { parseWithSchema, readStructuredFile } from '../campaign/read-structured-file.ts';
import { InputError, show, type InputProblem } from '../core/input-error.ts';
import { Expected } from '../core/messages.ts';
import { sha256File } from '../core/sha256-file.ts';
import { probeVideo } from '../footage/index.ts';
import { ModelFile, type ModelId } from '../models/index.ts';
import { enrolGallery, readGallery, readGalleryHeader, recordedOutcomes, runReplay, writeGallery, type RunProgress, type RunSummary, type Segment, type SegmentExecutor } from '../replay/index.ts';
import { importAlerts, loadLogFormat, writeImportFiles, IMPORT_FILES } from '../import/index.ts';
import { renderReportSet } from '../report/index.ts';
import { firstDifference, footageHashes, mergeShards, planIds, shardKey, shardName, shardSegments, writeShardRecord, type ShardRecord, type ShardSpec } from '../shard/index.ts';
import { onceUnderLock } from '../store/once-under-lock.ts';
import { writeArrowFile } from '../store/write-table.ts';
import { withOutputFolder, type OutputKind, type OutputTarget } from '../store/output-location.ts';
import { writeDirAtomic, writeFileAtomic } from '../store/write-file-atomic.ts';
import { readRunRecordIfAny } from '../store/run-record.ts';
import { hashInputs, provenance } from './provenance.ts';
import { checkStillInputs, searchStillProbes } from './still-probe-search.ts';
import { recordRun, withdrawalExclusions, type ImportedAlgorithm } from './record-run.ts';

/** What `run` writes: a resumable run folder (one folder per algorithm, results.json, report/, provenance.json). */
export const RUN_OUTPUT: OutputKind = { name: 'run', legacyNames: ['results.json', 'exclusions.json', 'report', 'provenance.json', /^[a-z0-9][a-z0-9_.+-]*$/] };

export interface RunOptions {
  protocol: string;
  dataset: string;
  out: string;
  workers?: number | undefined;
  /** Process at most one frame every this many ms (0 = every frame). */
  everyMs?: number;
  /** Tracks to passes: minimum time overlap (intersection over union). */
  minOverlap?: number;
  topK?: number;
  /** Folders besides the manifest's own that its files may lie in (`--allow-root`). */
  allowRoots?: readonly string[];
  /** Cut each footage file into segments of this many ms (0, the default: one segment per file). */
  segmentMs?: number;
  /** Every detector tile on one processed frame in this many (default 1: every frame); see DetectionSchedule. */
  fullDetectEvery?: number;
  /** Execution provider per algorithm id (default cpu for each). */
  providers?: Record<string, ExecutionProvider>;
  /** Where the segments are replayed (default: worker threads of this process). */
  executor?: SegmentExecutor;
  log?: (line: string) => void;
  onProgress?: (algorithm: string, gallery: string, p: RunProgress) => void;
}


export interface RunOutcome {
  results: Results;
  exclusions: Exclusion[];
  adjudication: Record<string, AdjudicationSummary>;
  failedSegments: { algorithm: string; segmentId: string; file: string; error: string }[];
  /** Wall seconds of each stage, in order (`<algorithm> replay watchlist`, `analyse`, ...). */
  stageSeconds: Record<string, number>;
  /** Each algorithm's replay summary (time by phase, provider used). */
  replays: Record<string, RunSummary>;
}

/** What one shard of a campaign did. */
export interface ShardOutcome {
  shard: ShardSpec;
  dir: string;
  replays: Record<string, RunSummary>;
  failedSegments: RunOutcome['failedSegments'];
}

/** A footage file as checked: where it is, whose clock it is on, and how long it runs. */
interface CheckedFootage { file: string; deployment: string; camera: string; startMs: number; durationMs: number; fps: number }

/** The campaign loaded and checked, with its replay plan. */
interface Loaded {
  campaign: Campaign;
  manifest: Manifest;
  /** The manifest file, as given (for messages). */
  datasetFile: string;
  /** Every file the run reads (protocol, manifest, footage, images): none may lie inside the run folder. */
  inputs: string[];
  /** What a rehearsal's summary says was left out before the run. */
  rehearsal: Exclusion[];
  footage: CheckedFootage[];
  onnx: Campaign['algorithms'];
  segments: Segment[];
  places: SegmentPlace[];
  /** Each footage file's processed frames (for the tracking measures). */
  frames: CameraFrames[];
  /** Each segment's stretch on its deployment's clock (passes inside a failed one are left out). */
  spans: { deployment: string; camera: string; startMs: number; endMs: number }[];
}

/** Protocol and manifest loaded and checked against each other, the footage probed, the segments planned. @throws InputError */
async function load(opts: RunOptions): Promise<Loaded> {
  const campaign = loadProtocol(opts.protocol);
  const onnx = campaign.algorithms.filter((a) => a.kind === 'onnx' || a.kind === 'external');
  const logs = campaign.algorithms.filter((a) => a.kind === 'vendor-log');
  // Images are read only to replay; a run of logs alone needs the manifest's truth, not its photos.
  const manifest = loadManifest(opts.dataset, campaign.dimensions, { allowRoots: opts.allowRoots ?? [], filesMustExist: onnx.length > 0 });
  const still = campaign.useCase !== 'lfr';
  if (still) checkStillInputs({ campaign, manifest, protocolFile: opts.protocol, datasetFile: opts.dataset });
  const unlogged = campaign.algorithms.findIndex((a) => a.kind === 'vendor-log' && a.log === null);
  if (unlogged >= 0) throw new InputError(opts.protocol, [{ path: `algorithms[${unlogged}].log`, expected: 'the alert log to import (file, format) for an algorithm of kind "vendor-log" in a run' }]);
  if (onnx.length + logs.length === 0) {
    throw new InputError(opts.protocol, [{ path: 'algorithms', expected: 'at least one algorithm of kind "onnx" or "external" to replay the footage with, or "vendor-log" with its log', got: campaign.algorithms.map((a) => `${a.id} (${a.kind})`).join(', ') }]);
  }
  const unknown = campaign.algorithms.flatMap((a, i) => (a.kind === 'onnx' && !algorithms.names().includes(a.id) ? [{ path: `algorithms[${i}].id`, expected: Expected.registeredAlgorithm(algorithms.names()), got: show(a.id) }] : []));
  if (unknown.length > 0) throw new InputError(opts.protocol, unknown);
  for (const a of logs) if (a.log !== null) loadLogFormat(a.log.format); // a bad format file fails before any replay
  const footage = onnx.length === 0 || still ? [] : await checkFootage(manifest, opts.dataset);
  for (const id of Object.keys(opts.providers ?? {})) {
    if (!onnx.some((a) => a.id === id)) throw new InputError('--provider', [{ path: id, expected: `an algorithm of the protocol: ${onnx.map((a) => a.id).join(', ')}` }]);
  }
  // Processed frames: every frame, or one every --every-ms on the frame grid (frameSampler keeps the next frame due).
  const frameMsOf = (fps: number): number => {
    const frame = 1000 / fps;
    const every = opts.everyMs ?? 0;
    return every > 0 ? Math.ceil(every / frame - 1e-9) * frame : frame;
  };
  const frames: CameraFrames[] = footage.map((f) => ({ deployment: f.deployment, camera: f.camera, startMs: f.startMs, frameMs: frameMsOf(f.fps), frames: Math.ceil(f.durationMs / frameMsOf(f.fps) - 1e-9) }));
  const segmentMs = opts.segmentMs ?? 0;
  const segments: Segment[] = [];
  const places: SegmentPlace[] = [];
  const spans: Loaded['spans'] = [];
  footage.forEach((f, i) => {
    const base = `footage-${String(i + 1).padStart(4, '0')}`;
    // the camera's zone of interest: the detector looks only there
    const zone = manifest.deployments.find((d) => d.id === f.deployment)?.cameras.find((c) => c.id === f.camera)?.zoneOfInterest;
    const pieces = segmentMs > 0 ? Math.max(1, Math.ceil(f.durationMs / segmentMs)) : 1;
    for (let k = 0; k < pieces; k++) {
      const id = segmentMs > 0 ? `${base}.${String(k).padStart(4, '0')}` : base;
      const range = segmentMs > 0 ? { startMs: k * segmentMs, endMs: (k + 1) * segmentMs } : {};
      segments.push({ id, deployment: f.deployment, camera: f.camera, source: { kind: 'video', file: f.file, ...range }, ...(zone === undefined ? {} : { zone }) });
      places.push({ segmentId: id, deployment: f.deployment, camera: f.camera, offsetMs: f.startMs, frameMs: frameMsOf(f.fps) });
      spans.push({ deployment: f.deployment, camera: f.camera, startMs: f.startMs + (range.startMs ?? 0), endMs: f.startMs + Math.min(range.endMs ?? Infinity, f.durationMs) });
    }
  });
  const inputs = [opts.protocol, opts.dataset, ...footage.map((f) => f.file),
    ...manifest.volunteers.flatMap((v) => v.enrolmentImages.map((img) => path.resolve(manifest.root, img))),
    ...manifest.fillerGallery.entries.map((e) => path.resolve(manifest.root, e.image))];
  return { campaign, manifest, datasetFile: opts.dataset, inputs, rehearsal: rehearsalExclusions(manifest), footage, onnx, segments, places, frames, spans };
}

/**
 * How to create algorithm `id` in this run: its execution provider, and for an external algorithm its adapter, whose
 * standard error goes to <out>/<id>/adapter-stderr.log.
 */
function algorithmOptions(l: Loaded, opts: RunOptions, id: string): AlgorithmOptions {
  const provider = opts.providers?.[id] ?? 'cpu';
  const adapter = l.onnx.find((a) => a.id === id)?.adapter ?? null;
  return adapter === null ? { provider } : { provider, adapter: { ...adapter, stderrFile: path.resolve(opts.out, id, 'adapter-stderr.log') } };
}

/** An algorithm's galleries, enrolled (once) in its folder of the run. */
interface Enrolled {
  dir: string;
  watchFile: string;
  watch: { ids: string[] };
  fillerFile: string | null;
  filler: { ids: string[] } | null;
  fillerEntries: number;
}

async function enrolAlgorithm(l: Loaded, out: string, algorithm: string, options: AlgorithmOptions, log: (line: string) => void): Promise<Enrolled> {
  const dir = path.join(out, algorithm);
  mkdirSync(dir, { recursive: true });
  const { manifest } = l;
  const watchFile = path.join(dir, 'watchlist-gallery');
  const fillerFile = path.join(dir, 'filler-gallery');
  const watchEntries = manifest.volunteers.filter((v) => v.enrolled).flatMap((v) => v.enrolmentImages.map((img) => ({ imagePath: path.resolve(manifest.root, img), galleryId: v.id })));
  const fillerEntries = manifest.fillerGallery.entries.map((e) => ({ imagePath: path.resolve(manifest.root, e.image), galleryId: e.id }));
  const watch = await enrolOnce({ algorithm, options, file: watchFile, entries: watchEntries, log });
  if (watch.ids.length === 0 && watchEntries.length > 0) {
    throw new InputError(l.datasetFile, [{ path: 'volunteers[].enrolmentImages', expected: `at least one enrolment image in which ${algorithm} finds a face`, got: `none of ${watchEntries.length} images` }]);
  }
  if (watch.note !== null) log(watch.note);
  const filler = fillerEntries.length > 0 ? await enrolOnce({ algorithm, options, file: fillerFile, entries: fillerEntries, log }) : null;
  if (filler !== null && filler.note !== null) log(filler.note);
  return { dir, watchFile, watch, fillerFile: filler === null ? null : fillerFile, filler, fillerEntries: fillerEntries.length };
}

/** Replays `segments` for one algorithm into `dir` (the run's, or a shard's), searching the watchlist and the filler gallery. */
async function replayAlgorithm(a: { opts: RunOptions; algorithm: string; options: AlgorithmOptions; e: Enrolled; segments: readonly Segment[]; dir: string; executor?: SegmentExecutor | undefined }): Promise<RunSummary> {
  const { opts, algorithm, e } = a;
  const fillerRun = e.fillerFile === null ? null : path.join(a.dir, 'replay-filler');
  const galleries = fillerRun === null ? 'watchlist' : 'watchlist and filler';
  opts.log?.(`${algorithm}: replay ${a.segments.length} footage segment(s), searching the ${galleries} galleries`);
  return runReplay({
    // absolute paths: with a queue, workers elsewhere read the galleries and write the tables through the shared folder
    algorithm, algorithmOptions: a.options, galleryFile: path.resolve(e.watchFile), segments: a.segments, outDir: path.resolve(a.dir, 'replay-watchlist'),
    workers: opts.workers, ...(a.executor === undefined ? {} : { executor: a.executor }),
    options: { everyMs: opts.everyMs ?? 0, topK: opts.topK ?? 10, ...((opts.fullDetectEvery ?? 1) === 1 ? {} : { fullDetectEvery: opts.fullDetectEvery }) },
    ...(fillerRun === null || e.fillerFile === null ? {} : { alsoSearch: [{ galleryFile: path.resolve(e.fillerFile), outDir: path.resolve(fillerRun) }] }),
  }, (p) => opts.onProgress?.(algorithm, galleries, p));
}

/**
 * Runs the campaign. Rerunning with the same `out` resumes: finished enrolments and replayed segments are kept.
 * Every input is checked before the run folder is made; a first run refused on bad input leaves no folder.
 * @throws InputError for a bad protocol, manifest, missing footage or footage shorter than its passes, an algorithm
 * that is not registered, a watchlist where no enrolment image yields a face, or an unusable run folder.
 */
export async function runCampaign(opts: RunOptions): Promise<RunOutcome> {
  const l = await load(opts);
  return withOutputFolder(runFolder(opts, l), (out) => finish({ ...opts, out }, l, opts.executor));
}

/** The run folder as an output location: checked before anything is written in it, made when absent. */
function runFolder(opts: RunOptions, l: Loaded): OutputTarget {
  return { kind: RUN_OUTPUT, dir: opts.out, option: '--out', inputs: l.inputs };
}

/**
 * Runs shard `shard` of the campaign: enrols the galleries once (the first shard to arrive enrols, under a lock; the
 * others wait and share them), replays the shard's segments into `<out>/shards/<i>-of-<n>/`, and writes its shard.json.
 * `mergeCampaign` finishes the run once every shard is done.
 * @throws InputError as runCampaign.
 */
export async function runCampaignShard(opts: RunOptions & { shard: ShardSpec }): Promise<ShardOutcome> {
  const log = opts.log ?? (() => undefined);
  const l = await load(opts);
  return withOutputFolder(runFolder(opts, l), async (out) => {
    const dir = path.join(out, 'shards', shardName(opts.shard));
    const mine = shardSegments(l.segments, opts.shard);
    const replays: Record<string, RunSummary> = {};
    const failedSegments: RunOutcome['failedSegments'] = [];
    const galleries: Record<string, unknown> = {};
    const failed: ShardRecord['failed'] = [];
    const done: string[] = [];
    for (const alg of l.onnx) {
      const options = algorithmOptions(l, opts, alg.id);
      const e = await enrolAlgorithm(l, out, alg.id, options, log);
      galleries[alg.id] = await galleryHashes(e);
      const summary = await replayAlgorithm({ opts, algorithm: alg.id, options, e, segments: mine, dir: path.join(dir, alg.id), executor: opts.executor });
      replays[alg.id] = summary;
      if (summary.retried.length > 0) log(`${alg.id}: replayed again after its adapter crashed or hung: ${summary.retried.join(', ')}`);
      for (const f of summary.failed) failedSegments.push({ algorithm: alg.id, segmentId: f.segmentId, file: f.file, error: f.error });
      failed.push(...summary.failed);
      done.push(...[...summary.resumed, ...summary.done].filter((id) => !done.includes(id)));
    }
    const failedIds = new Set(failed.map((f) => f.segmentId));
    writeShardRecord(dir, {
      format: 'evenhand-shard/1', kind: 'run', shard: opts.shard, plan: planIds(l.segments),
      done: done.filter((id) => !failedIds.has(id)), failed: failed.filter((f, i) => failed.findIndex((g) => g.segmentId === f.segmentId) === i),
      key: await campaignKey(opts, l, galleries), footage: await footageHashes(mine, l.manifest.root),
      command: { protocol: path.resolve(opts.protocol), dataset: path.resolve(opts.dataset), allowRoots: (opts.allowRoots ?? []).map((r) => path.resolve(r)), ...runSettings(opts) },
    });
    return { shard: opts.shard, dir, replays, failedSegments };
  });
}

/**
 * Finishes a campaign run by shards: checks them (every segment made by exactly one shard, with the same inputs,
 * settings, models and tool as this merge would use), places their tables, then adjudicates, analyses, reports and
 * writes provenance exactly as a single run would.
 * @throws InputError listing missing, duplicated or mismatched shards, before anything is written.
 */
export async function mergeCampaign(out: string, shardDirs?: readonly string[], callbacks: Pick<RunOptions, 'log' | 'onProgress'> = {}): Promise<RunOutcome> {
  const merged = mergeShards(out, shardDirs);
  if (merged.kind !== 'run') throw new InputError(path.join(out, 'shards'), [{ path: 'kind', expected: 'shards of `evenhand run --shard` (use the replay shards with a replay --out)', got: merged.kind }]);
  const opts: RunOptions = { ...commandOptions(merged.command, out), ...callbacks };
  const l = await load(opts);
  const galleries: Record<string, unknown> = {};
  for (const alg of l.onnx) galleries[alg.id] = await galleryHashes(await enrolAlgorithm(l, out, alg.id, algorithmOptions(l, opts, alg.id), opts.log ?? (() => undefined)));
  const d = firstDifference(merged.key, await campaignKey(opts, l, galleries));
  if (d !== null) {
    throw new InputError(path.join(out, 'shards'), [{ path: `shard.json: key.${d.path}`, expected: `${show(d.b)}, as the inputs are now (the shards were made with other inputs or settings: rerun them)`, got: show(d.a) }]);
  }
  return finish(opts, l, recordedOutcomes(merged.failed.map((f) => ({ kind: 'failed', ...f }))));
}

/** The settings of a run that shape its tables (recorded in a shard's command, used again by merge). */
function runSettings(opts: RunOptions): Record<string, unknown> {
  return { everyMs: opts.everyMs ?? 0, minOverlap: opts.minOverlap ?? 0.2, topK: opts.topK ?? 10, segmentMs: opts.segmentMs ?? 0, fullDetectEvery: opts.fullDetectEvery ?? 1, providers: opts.providers ?? {} };
}

/** The command a campaign shard records for merge (zod: type and validator in one). */
const RunCommandSchema = z.strictObject({
  protocol: z.string(), dataset: z.string(), allowRoots: z.array(z.string()).default([]), everyMs: z.number(), minOverlap: z.number(), topK: z.number(), segmentMs: z.number(), fullDetectEvery: z.number(),
  providers: z.record(z.string(), z.custom<ExecutionProvider>((v) => typeof v === 'string' && isExecutionProvider(v), 'cpu or cuda')),
});

function commandOptions(c: ShardRecord['command'], out: string): RunOptions {
  const parsed = RunCommandSchema.safeParse(c);
  if (!parsed.success) throw new InputError(path.join(out, 'shards'), parsed.error.issues.slice(0, 5).map((i) => ({ path: `shard.json: command.${i.path.join('.')}`, expected: i.message })));
  return { ...parsed.data, out };
}

async function galleryHashes(e: Enrolled): Promise<Record<string, string>> {
  const out: Record<string, string> = { watchlist: await sha256File(`${e.watchFile}.f32`), watchlistIds: await sha256File(`${e.watchFile}.json`) };
  if (e.fillerFile !== null) Object.assign(out, { filler: await sha256File(`${e.fillerFile}.f32`), fillerIds: await sha256File(`${e.fillerFile}.json`) });
  return out;
}

/** The key every shard of a campaign shares: protocol and manifest hashes, settings, galleries, plus the tool and models. */
async function campaignKey(opts: RunOptions, l: Loaded, galleries: Record<string, unknown>): Promise<Record<string, unknown>> {
  return shardKey(l.segments, { kind: 'run', protocol: await sha256File(opts.protocol), manifest: await sha256File(opts.dataset), settings: runSettings(opts), galleries });
}

/** Steps 2-5 of a whole run: enrol, replay with `executor`, adjudicate, analyse, report, provenance. */
async function finish(opts: RunOptions, l: Loaded, executor: SegmentExecutor | undefined): Promise<RunOutcome> {
  const log = opts.log ?? (() => undefined);
  const { campaign, manifest, footage, onnx, segments, places, frames } = l;
  const previous = readRunRecordIfAny(opts.out);
  mkdirSync(opts.out, { recursive: true });
  const exclusions: Exclusion[] = [...l.rehearsal, ...withdrawalExclusions(previous)];
  const adjudication: Record<string, AdjudicationSummary> = {};
  const failedSegments: RunOutcome['failedSegments'] = [];
  const replays: Record<string, RunSummary> = {};
  const stageSeconds: Record<string, number> = {};
  let mark = performance.now();
  const lap = (stage: string): void => {
    const now = performance.now();
    stageSeconds[stage] = (stageSeconds[stage] ?? 0) + (now - mark) / 1000;
    mark = now;
  };
  lap('load and check');
  const volunteerGroup = new Map(manifest.volunteers.map((v) => [v.id, `${v.sex ?? 'unknown'}/${v.ethnicity ?? 'unknown'}`]));
  const groupOf = (volunteerId: string): string => volunteerGroup.get(volunteerId) ?? 'unknown/unknown';
  const galleryEthnicity = new Map<string, string | null>([
    ...manifest.volunteers.map((v) => [v.id, v.ethnicity] as const),
    ...manifest.fillerGallery.entries.map((e) => [e.id, e.ethnicity] as const),
  ]);

  const tables: AlgorithmInputs[] = [];
  for (const alg of onnx) {
    // 2a. Enrolment, reused when done before.
    const options = algorithmOptions(l, opts, alg.id);
    const e = await enrolAlgorithm(l, opts.out, alg.id, options, log);
    const { dir, watch, filler } = e;
    const enrolledIds = new Set(watch.ids);
    const notEnrolled = manifest.volunteers.filter((v) => v.enrolled && !enrolledIds.has(v.id));
    exclusions.push(countBy(alg.id, 'failed-to-enrol', notEnrolled.map((v) => groupOf(v.id))));
    lap(`${alg.id} enrol`);
    if (campaign.useCase !== 'lfr') {
      // Still probes (RFR, OIFR): each probe searched once against the reference set; no footage, no adjudication.
      tables.push(await stillAlgorithm({ l, alg, options, e, listLength: campaign.candidateList?.length ?? opts.topK ?? 10, log }));
      lap(`${alg.id} search probes`);
      continue;
    }
    if (filler !== null) {
      const failedFiller = e.fillerEntries - filler.ids.length;
      exclusions.push({ algorithm: alg.id, reason: 'filler-image-without-face', count: failedFiller, byGroup: {} });
    }
    // 2b. Replay: one pass over the footage, each track searched in the watchlist and in the filler gallery.
    const summary = await replayAlgorithm({ opts, algorithm: alg.id, options, e, segments, dir, executor });
    replays[alg.id] = summary;
    for (const f of summary.failed) failedSegments.push({ algorithm: alg.id, segmentId: f.segmentId, file: f.file, error: f.error });
    lap(`${alg.id} replay (${e.fillerFile === null ? 'watchlist' : 'watchlist and filler'})`);
    // 2c. Adjudicate; passes in footage that failed to replay are left out, and counted.
    const watchRun = path.join(dir, 'replay-watchlist');
    const fillerRun = e.fillerFile === null ? null : path.join(dir, 'replay-filler');
    const w = readTracks(watchRun, places);
    const f = fillerRun === null ? null : readTracks(fillerRun, places);
    // A pass inside footage that failed to replay has no tracks for a reason other than capture: leave it out, counted.
    const failed = new Set([...w.missing, ...(f?.missing ?? [])]);
    const failedSpans = l.spans.filter((_, i) => failed.has(places[i]?.segmentId ?? ''));
    const inFailed = (p: { deployment: string; camera: string; tStartMs: number; tEndMs: number }): boolean =>
      failedSpans.some((x) => x.deployment === p.deployment && x.camera === p.camera && p.tStartMs < x.endMs && p.tEndMs > x.startMs);
    const kept: Manifest = { ...manifest, passes: manifest.passes.filter((p) => !inFailed(p)), crowdPasses: manifest.crowdPasses.filter((p) => !inFailed(p)) };
    exclusions.push(countBy(alg.id, 'footage-not-replayed', manifest.passes.filter(inFailed).map((p) => groupOf(p.volunteer))));
    const { main, summary: judged } = adjudicateRun({ manifest: kept, enrolled: enrolledIds, watchlistSize: watch.ids.length, fillerSize: filler?.ids.length ?? null,
      watchlist: w.tracks, filler: f?.tracks ?? null, galleryEthnicity, minOverlap: opts.minOverlap ?? 0.2, topK: opts.topK ?? 10,
      thresholds: campaign.operationalThresholds, rank: campaign.analysis.rank, footage: frames.filter((x, i) => !footageFailed(i, failed) && x.frames > 0) });
    adjudication[alg.id] = judged;
    const files = { searches: path.join(dir, 'searches.arrow'), candidates: path.join(dir, 'candidates.arrow') };
    writeArrowFile(files.searches, searchesTable(main.searches));
    writeArrowFile(files.candidates, candidatesTable(main.candidates));
    writeArrowFile(path.join(dir, 'track-assignments.arrow'), assignmentsTable(main.assignments));
    writeFileAtomic(path.join(dir, 'adjudication.json'), `${JSON.stringify(AdjudicationSummarySchema.parse(judged), null, 2)}\n`);
    tables.push({ id: alg.id, label: alg.label, ...files, adjudication: judged });
    lap(`${alg.id} adjudicate`);
    log(`${alg.id}: ${judged.volunteerPasses} volunteer passes (${judged.volunteerPassesAcquired} acquired), ${judged.crowdPasses} known crowd passes, ${judged.unassignedTracks.count} tracks of no known pass (${judged.rule.usePlace ? 'time and place' : 'time only'})`);
  }

  // 2d. Alert logs of deployed systems (kind "vendor-log"), imported against the same ground truth.
  const importedAlgorithms: ImportedAlgorithm[] = [];
  for (const alg of campaign.algorithms) {
    if (alg.log === null) continue;
    const dir = path.join(opts.out, alg.id);
    mkdirSync(dir, { recursive: true });
    const imported = await importAlerts({
      manifest, manifestFile: opts.dataset, log: alg.log.file, format: loadLogFormat(alg.log.format), formatSource: alg.log.format,
      faceCounts: alg.log.faceCounts ?? undefined, watchlist: alg.log.watchlist ?? undefined, offsetMs: alg.log.clockOffsetMs, toleranceMs: alg.log.clockToleranceMs,
      maxShiftMs: 600_000, topK: opts.topK ?? 10, strict: false,
    });
    writeImportFiles(dir, imported);
    tables.push({ id: alg.id, label: alg.label, searches: path.join(dir, IMPORT_FILES.searches), candidates: path.join(dir, IMPORT_FILES.candidates), logImport: imported.summary });
    // what makes the imported scores what they are (the vendor's mapping, not the site's log): part of its version
    const version = {
      format: existsSync(alg.log.format) ? `sha256 ${await sha256File(alg.log.format)}` : alg.log.format,
      scale: JSON.stringify(imported.summary.scores.scale), clockToleranceMs: String(alg.log.clockToleranceMs), topK: String(opts.topK ?? 10),
    };
    importedAlgorithms.push({ id: alg.id, label: alg.label, dir: alg.id, version });
    if (imported.operator !== null) {
      const sub = path.join(dir, IMPORT_FILES.operator);
      tables.push({ id: `${alg.id}+operator`, label: `${alg.label} with operator review`, searches: path.join(sub, IMPORT_FILES.searches), candidates: path.join(sub, IMPORT_FILES.candidates), logImport: imported.operator.summary });
      importedAlgorithms.push({ id: `${alg.id}+operator`, label: `${alg.label} with operator review`, dir: `${alg.id}/${IMPORT_FILES.operator}`, version: { ...version, system: 'algorithm+operator' } });
    }
    for (const line of imported.problemLines.slice(0, 5)) log(`${alg.id}: left out: ${line}`);
    if (imported.summary.clock?.warning === true) log(`${alg.id}: warning: the volunteers' own alerts suggest a clock offset of ${imported.summary.clock.estimatedOffsetMs ?? '?'} ms, not the ${alg.log.clockOffsetMs} ms used`);
    lap(`${alg.id} import`);
  }

  // 3-4. Analyse and report.
  log('analyse');
  writeFileAtomic(path.join(opts.out, 'exclusions.json'), `${JSON.stringify(exclusions, null, 2)}\n`);
  const results: Results = analyseCampaign(campaign, tables, { exclusions });
  writeFileAtomic(path.join(opts.out, 'results.json'), `${JSON.stringify(results)}\n`);
  lap('analyse');
  log('report');
  const files = await renderReportSet(results);
  await writeDirAtomic(path.join(opts.out, 'report'), (d) => {
    for (const [name, content] of files) writeFileAtomic(path.join(d, name), content);
  });

  lap('report');
  // 5. Provenance.
  const inputs = await hashInputs([
    { role: 'protocol', file: path.resolve(opts.protocol) },
    { role: 'manifest', file: path.resolve(opts.dataset) },
    ...footage.map((x) => ({ role: 'footage', file: x.file })),
    ...campaign.algorithms.flatMap((a) => (a.log === null ? [] : [{ role: 'alert log', file: a.log.file }, ...(a.log.faceCounts === null ? [] : [{ role: 'face-count log', file: a.log.faceCounts }])])),
    ...manifest.volunteers.flatMap((v) => v.enrolmentImages.map((img) => ({ role: 'enrolment image', file: path.resolve(manifest.root, img) }))),
    ...manifest.fillerGallery.entries.map((e) => ({ role: 'filler image', file: path.resolve(manifest.root, e.image) })),
    ...manifest.probes.map((p) => ({ role: 'probe image', file: path.resolve(manifest.root, p.image) })),
  ].filter((x) => existsSync(x.file)), manifest.root);
  // An external algorithm runs Evenhand's detector (faceplugin-v1's) unless its adapter detects.
  const adapters: Record<string, AdapterIdentity> = {};
  for (const a of onnx) if (a.adapter !== null) adapters[a.id] = await adapterIdentity(a.adapter);
  const modelsOf = (a: (typeof onnx)[number]): readonly ModelId[] => (a.adapter === null ? algorithms.get(a.id).models : adapters[a.id]?.ops.includes('detect') === true ? [] : ['fr_detect', 'fr_landmark']);
  const models = onnx.flatMap((a) => modelsOf(a).map((id) => ({ algorithm: a.id, file: ModelFile[id].path, sha256: ModelFile[id].sha256 })));
  const providers = Object.fromEntries(onnx.map((a) => [a.id, replays[a.id]?.provider ?? opts.providers?.[a.id] ?? 'cpu']));
  const withdrawals = previous?.withdrawals ?? [];
  writeFileAtomic(path.join(opts.out, 'provenance.json'), `${JSON.stringify({ ...provenance(inputs, models, { ...settingsOf(campaign, opts), providers }, adapters), withdrawals }, null, 2)}\n`);
  recordRun({
    out: opts.out, protocolFile: opts.protocol, datasetFile: opts.dataset, campaign, manifest, algorithms: onnx, imported: importedAlgorithms, previous, models, providers, adapters,
    settings: { everyMs: opts.everyMs ?? 0, minOverlap: opts.minOverlap ?? 0.2, topK: opts.topK ?? 10, segmentMs: opts.segmentMs ?? 0, fullDetectEvery: opts.fullDetectEvery ?? 1 },
  });
  lap('provenance');
  return { results, exclusions, adjudication, failedSegments, stageSeconds, replays };
}

/** Searches a still-image campaign's probes with one algorithm and writes its contract tables into the algorithm's folder. */
async function stillAlgorithm(a: { l: Loaded; alg: Campaign['algorithms'][number]; options: AlgorithmOptions; e: Enrolled; listLength: number; log: (line: string) => void }): Promise<AlgorithmInputs> {
  const { l, alg, e } = a;
  a.log(`${alg.id}: search ${l.manifest.probes.length} probe image(s) against ${e.watch.ids.length} reference identities, lists of ${a.listLength}`);
  const t = await searchStillProbes({ manifest: l.manifest, algorithm: alg.id, options: a.options, references: { file: e.watchFile, ...(await readGalleryHeader(e.watchFile)) }, listLength: a.listLength });
  const files = { searches: path.join(e.dir, 'searches.arrow'), candidates: path.join(e.dir, 'candidates.arrow') };
  writeArrowFile(files.searches, searchesTable(t.searches));
  writeArrowFile(files.candidates, candidatesTable(t.candidates));
  writeFileAtomic(path.join(e.dir, 'probes-without-face.json'), `${JSON.stringify(t.failedToEnrol, null, 2)}\n`);
  if (t.failedToEnrol.length > 0) a.log(`${alg.id}: ${t.failedToEnrol.length} probe(s) without a detectable face (failures to enrol, counted as misses): ${t.failedToEnrol.slice(0, 5).map((f) => f.probe).join(', ')}${t.failedToEnrol.length > 5 ? ', ...' : ''}`);
  return { id: alg.id, label: alg.label, ...files };
}

/** Whether any segment of footage file `i` (0-based; segments `footage-000N` or `footage-000N.kkkk`) is in `failed`. */
function footageFailed(i: number, failed: ReadonlySet<string>): boolean {
  const base = `footage-${String(i + 1).padStart(4, '0')}`;
  for (const id of failed) if (id === base || id.startsWith(`${base}.`)) return true;
  return false;
}

/** The part of rehearsal-summary.json a run reads (the rest is for people). */
const RehearsalSummarySchema = z.looseObject({
  excluded: z.looseObject({
    fromVolunteers: z.looseObject({ missingRequiredLabel: z.number().int().min(0).optional(), labelledWithOneImage: z.number().int().min(0).optional() }).optional(),
  }).optional(),
});

/** A rehearsal (evenhand rehearse) leaves rehearsal-summary.json beside its manifest: its exclusions go in too. @throws InputError when it is there but malformed. */
function rehearsalExclusions(m: Manifest): Exclusion[] {
  const file = path.join(m.root, 'rehearsal-summary.json');
  if (!existsSync(file)) return [];
  const summary = parseWithSchema(RehearsalSummarySchema, readStructuredFile(file), file);
  const from = summary.excluded?.fromVolunteers ?? {};
  return [
    { algorithm: null, reason: 'identity-missing-label', count: from.missingRequiredLabel ?? 0, byGroup: {} },
    { algorithm: null, reason: 'identity-single-image', count: from.labelledWithOneImage ?? 0, byGroup: {} },
  ];
}

function settingsOf(campaign: Campaign, opts: RunOptions): Record<string, unknown> {
  return { campaign: campaign.id, thresholds: campaign.thresholds, analysis: campaign.analysis, everyMs: opts.everyMs ?? 0, minOverlap: opts.minOverlap ?? 0.2, topK: opts.topK ?? 10, segmentMs: opts.segmentMs ?? 0, fullDetectEvery: opts.fullDetectEvery ?? 1 };
}

function countBy(algorithm: string, reason: ExclusionReason, groups: readonly string[]): Exclusion {
  const byGroup: Record<string, number> = {};
  for (const g of groups) byGroup[g] = (byGroup[g] ?? 0) + 1;
  return { algorithm, reason, count: groups.length, byGroup };
}

/**
 * Enrols `entries` into `file` unless a gallery with the same entries is there already; returns the enrolled ids and,
 * when it enrolled now, a line saying so (logged by the caller once the enrolment is known to be usable). Shards share
 * the gallery: the first to arrive enrols under a lock, the others wait for it.
 */
async function enrolOnce(a: { algorithm: string; options: AlgorithmOptions; file: string; entries: readonly { imagePath: string; galleryId: string }[]; log: (l: string) => void }): Promise<{ ids: string[]; note: string | null }> {
  const { algorithm, file, entries, log } = a;
  const key = JSON.stringify(entries.map((e) => [e.galleryId, e.imagePath]));
  const keyFile = `${file}.entries.json`;
  const made = (): boolean => existsSync(`${file}.json`) && existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key;
  let note: string | null = null;
  await onceUnderLock(file, made, async () => {
    const started = performance.now();
    const alg = await createAlgorithm(algorithm, a.options);
    try {
      const { gallery } = await enrolGallery(alg, entries);
      await writeGallery(gallery, file);
      writeFileAtomic(keyFile, key);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      note = `${algorithm}: enrol ${entries.length} image(s) into ${path.basename(file)}: ${gallery.ids.length} enrolled (${seconds} s)`;
    } finally {
      await alg.close();
    }
  }, () => log(`${algorithm}: waiting while another shard enrols ${path.basename(file)}`));
  const g = await readGallery(file);
  return { ids: [...new Set(g.ids)], note };
}

/** Footage files are readable videos of known duration, and each pass lies inside footage of its camera (durations probed with ffprobe). */
async function checkFootage(m: Manifest, file: string): Promise<CheckedFootage[]> {
  const problems: InputProblem[] = [];
  const out: CheckedFootage[] = [];
  const cameraOf = (deployment: string, camera: string) => m.deployments.find((d) => d.id === deployment)?.cameras.find((c) => c.id === camera);
  for (const [i, f] of m.footage.entries()) {
    const abs = path.resolve(m.root, f.file);
    try {
      const info = await probeVideo(abs);
      if (!(info.durationMs > 0)) throw new InputError(abs, [{ path: '', expected: 'a video of known, positive duration', got: String(info.durationMs) }]);
      out.push({ file: abs, deployment: f.deployment, camera: f.camera, startMs: f.startMs, durationMs: info.durationMs, fps: Number.isFinite(info.fps) && info.fps > 0 ? info.fps : f.fps });
      const cam = cameraOf(f.deployment, f.camera);
      if (cam?.width !== undefined && cam.height !== undefined && (cam.width !== info.width || cam.height !== info.height)) {
        problems.push({ path: `footage[${i}].file`, expected: `video of the ${cam.width}x${cam.height} frame declared for camera ${f.deployment}/${f.camera}`, got: `${info.width}x${info.height}` });
      }
    } catch (err) {
      const got = err instanceof InputError ? (err.problems[0]?.got ?? '') : err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
      problems.push({ path: `footage[${i}].file`, expected: 'a readable video of known duration', got: `${show(f.file)}: ${got}` });
    }
  }
  m.passes.forEach((p, i) => {
    const clips = out.filter((f) => f.deployment === p.deployment && f.camera === p.camera);
    if (clips.length > 0 && !clips.some((f) => f.startMs <= p.tStartMs && p.tEndMs <= f.startMs + f.durationMs + 1)) {
      problems.push({ path: `passes[${i}]`, expected: `a pass inside the footage of ${p.deployment}/${p.camera} (${clips.map((f) => `${f.startMs}-${Math.round(f.startMs + f.durationMs)} ms`).join(', ')})`, got: `${p.tStartMs}-${p.tEndMs} ms` });
    }
  });
  if (problems.length > 0) throw new InputError(file, problems);
  return out;
}
