/**
 * `evenhand run`: a campaign from its dataset manifest to its report, in one resumable run folder.
 *
 *   1. load       protocol + manifest, checked against each other; footage long enough for its passes
 *   2. per algorithm of the protocol:
 *        enrol    watchlist (enrolled volunteers) and filler gallery; failures to enrol counted by group
 *        replay   every footage file once, each track searched in the watchlist and the filler gallery (resumable)
 *        adjudicate tracks -> searches.arrow + candidates.arrow
 *   3. analyse    every algorithm -> results.json
 *   4. report     report/
 *   5. provenance provenance.json: sha256 of every input, model hashes, package versions, git commit
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createAlgorithm } from '../algorithms/index.ts';
import { adjudicate, readTracks, type AdjudicationSummary, type SegmentPlace } from '../adjudicate/index.ts';
import { analyseCampaign } from '../analyse/analyse-campaign.ts';
import type { Results } from '../analyse/results-schema.ts';
import type { Exclusion, ExclusionReason } from '../analyse/run-inputs.ts';
import type { Campaign } from '../campaign/campaign.ts';
import { loadManifest, type Manifest } from '../campaign/load-manifest.ts';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { InputError, type InputProblem } from '../core/input-error.ts';
import { probeVideo } from '../footage/index.ts';
import { ModelFile, modelIds } from '../models/index.ts';
import { enrolGallery, readGallery, runReplay, writeGallery, type RunProgress, type Segment } from '../replay/index.ts';
import { renderReportSet } from '../report/index.ts';
import { writeArrowFile } from '../store/write-table.ts';
import { writeDirAtomic, writeFileAtomic } from '../store/write-file-atomic.ts';
import { hashInputs, provenance } from './provenance.ts';

export interface RunOptions {
  protocol: string;
  dataset: string;
  out: string;
  workers?: number;
  /** Process at most one frame every this many ms (0 = every frame). */
  everyMs?: number;
  /** Tracks to passes: minimum time overlap (intersection over union). */
  minOverlap?: number;
  topK?: number;
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
}

/**
 * Runs the campaign. Rerunning with the same `out` resumes: finished enrolments and replayed segments are kept.
 * @throws InputError for a bad protocol, manifest, missing footage or footage shorter than its passes.
 */
export async function runCampaign(opts: RunOptions): Promise<RunOutcome> {
  const log = opts.log ?? (() => undefined);
  // 1. Load and check.
  const campaign = loadProtocol(opts.protocol);
  const manifest = loadManifest(opts.dataset, campaign.dimensions);
  const footage = await checkFootage(manifest, opts.dataset);
  const onnx = campaign.algorithms.filter((a) => a.kind === 'onnx');
  if (onnx.length === 0) {
    throw new InputError(opts.protocol, [{ path: 'algorithms', expected: 'at least one algorithm of kind "onnx" to replay the footage with', got: campaign.algorithms.map((a) => `${a.id} (${a.kind})`).join(', ') }]);
  }
  mkdirSync(opts.out, { recursive: true });
  const exclusions: Exclusion[] = rehearsalExclusions(manifest);
  const adjudication: Record<string, AdjudicationSummary> = {};
  const failedSegments: RunOutcome['failedSegments'] = [];
  const stageSeconds: Record<string, number> = {};
  let mark = performance.now();
  const lap = (stage: string): void => {
    const now = performance.now();
    stageSeconds[stage] = (stageSeconds[stage] ?? 0) + (now - mark) / 1000;
    mark = now;
  };
  lap('load and check');
  const places: SegmentPlace[] = footage.map((f, i) => ({ segmentId: `footage-${String(i + 1).padStart(4, '0')}`, deployment: f.deployment, camera: f.camera, offsetMs: f.startMs }));
  const segments: Segment[] = footage.map((f, i) => ({ id: places[i]?.segmentId ?? '', deployment: f.deployment, camera: f.camera, source: { kind: 'video', file: f.file } }));
  const volunteerGroup = new Map(manifest.volunteers.map((v) => [v.id, `${v.sex ?? 'unknown'}/${v.ethnicity ?? 'unknown'}`]));
  const groupOf = (volunteerId: string): string => volunteerGroup.get(volunteerId) ?? 'unknown/unknown';
  const galleryEthnicity = new Map<string, string | null>([
    ...manifest.volunteers.map((v) => [v.id, v.ethnicity] as const),
    ...manifest.fillerGallery.entries.map((e) => [e.id, e.ethnicity] as const),
  ]);

  const tables: { id: string; label: string; searches: string; candidates: string }[] = [];
  for (const alg of onnx) {
    const dir = path.join(opts.out, alg.id);
    mkdirSync(dir, { recursive: true });
    // 2a. Enrolment, reused when done before.
    const watchFile = path.join(dir, 'watchlist-gallery');
    const fillerFile = path.join(dir, 'filler-gallery');
    const watchEntries = manifest.volunteers.filter((v) => v.enrolled).flatMap((v) => v.enrolmentImages.map((img) => ({ imagePath: path.resolve(manifest.root, img), galleryId: v.id })));
    const fillerEntries = manifest.fillerGallery.entries.map((e) => ({ imagePath: path.resolve(manifest.root, e.image), galleryId: e.id }));
    const watch = await enrolOnce(alg.id, watchFile, watchEntries, log);
    const enrolledIds = new Set(watch.ids);
    const notEnrolled = manifest.volunteers.filter((v) => v.enrolled && !enrolledIds.has(v.id));
    exclusions.push(countBy(alg.id, 'failed-to-enrol', notEnrolled.map((v) => groupOf(v.id))));
    const filler = fillerEntries.length > 0 ? await enrolOnce(alg.id, fillerFile, fillerEntries, log) : null;
    lap(`${alg.id} enrol`);
    if (filler !== null) {
      const failedFiller = fillerEntries.length - filler.ids.length;
      exclusions.push({ algorithm: alg.id, reason: 'filler-image-without-face', count: failedFiller, byGroup: {} });
    }
    // 2b. Replay: one pass over the footage, each track searched in the watchlist and in the filler gallery.
    const watchRun = path.join(dir, 'replay-watchlist');
    const fillerRun = filler === null ? null : path.join(dir, 'replay-filler');
    const galleries = fillerRun === null ? 'watchlist' : 'watchlist and filler';
    log(`${alg.id}: replay ${segments.length} footage file(s), searching the ${galleries} galleries`);
    const summary = await runReplay({
      algorithm: alg.id, galleryFile: watchFile, segments, outDir: watchRun, workers: opts.workers,
      options: { everyMs: opts.everyMs ?? 0, topK: opts.topK ?? 10 },
      ...(fillerRun === null ? {} : { alsoSearch: [{ galleryFile: fillerFile, outDir: fillerRun }] }),
    }, (p) => opts.onProgress?.(alg.id, galleries, p));
    for (const f of summary.failed) failedSegments.push({ algorithm: alg.id, segmentId: f.segmentId, file: f.file, error: f.error });
    lap(`${alg.id} replay (${galleries})`);
    // 2c. Adjudicate; passes in footage that failed to replay are left out, and counted.
    const w = readTracks(watchRun, places);
    const f = fillerRun === null ? null : readTracks(fillerRun, places);
    // A pass inside footage that failed to replay has no tracks for a reason other than capture: leave it out, counted.
    const failed = new Set([...w.missing, ...(f?.missing ?? [])]);
    const failedSpans = footage.filter((_, i) => failed.has(places[i]?.segmentId ?? ''));
    const inFailed = (p: { deployment: string; camera: string; tStartMs: number; tEndMs: number }): boolean =>
      failedSpans.some((x) => x.deployment === p.deployment && x.camera === p.camera && p.tStartMs < x.startMs + x.durationMs && p.tEndMs > x.startMs);
    const kept: Manifest = { ...manifest, passes: manifest.passes.filter((p) => !inFailed(p)), crowdPasses: manifest.crowdPasses.filter((p) => !inFailed(p)) };
    exclusions.push(countBy(alg.id, 'footage-not-replayed', manifest.passes.filter(inFailed).map((p) => groupOf(p.volunteer))));
    const result = adjudicate({ manifest: kept, enrolled: enrolledIds, watchlistSize: watch.ids.length, fillerSize: filler?.ids.length ?? null, watchlist: w.tracks, filler: f?.tracks ?? null,
      galleryEthnicity, minOverlap: opts.minOverlap ?? 0.2, topK: opts.topK ?? 10 });
    adjudication[alg.id] = result.summary;
    const files = { searches: path.join(dir, 'searches.arrow'), candidates: path.join(dir, 'candidates.arrow') };
    writeArrowFile(files.searches, result.searches.toTable());
    writeArrowFile(files.candidates, result.candidates.toTable());
    writeFileAtomic(path.join(dir, 'adjudication.json'), `${JSON.stringify(result.summary, null, 2)}\n`);
    tables.push({ id: alg.id, label: alg.label, ...files });
    lap(`${alg.id} adjudicate`);
    log(`${alg.id}: ${result.summary.volunteerPasses} volunteer passes (${result.summary.volunteerPassesAcquired} acquired), ${result.summary.crowdPasses} known crowd passes, ${result.summary.unassignedTracks} tracks of no known pass`);
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
    ...manifest.volunteers.flatMap((v) => v.enrolmentImages.map((img) => ({ role: 'enrolment image', file: path.resolve(manifest.root, img) }))),
    ...manifest.fillerGallery.entries.map((e) => ({ role: 'filler image', file: path.resolve(manifest.root, e.image) })),
  ].filter((x) => existsSync(x.file)), manifest.root);
  const models = onnx.flatMap((a) => modelIds.map((id) => ({ algorithm: a.id, file: ModelFile[id].path, sha256: ModelFile[id].sha256 })));
  writeFileAtomic(path.join(opts.out, 'provenance.json'), `${JSON.stringify(provenance(inputs, models, settingsOf(campaign, opts)), null, 2)}\n`);
  lap('provenance');
  return { results, exclusions, adjudication, failedSegments, stageSeconds };
}

/** A rehearsal (evenhand rehearse) leaves rehearsal-summary.json beside its manifest: its exclusions go in too. */
function rehearsalExclusions(m: Manifest): Exclusion[] {
  const file = path.join(m.root, 'rehearsal-summary.json');
  if (!existsSync(file)) return [];
  const summary = JSON.parse(readFileSync(file, 'utf8')) as { excluded?: { fromVolunteers?: { missingRequiredLabel?: number; labelledWithOneImage?: number } } };
  const from = summary.excluded?.fromVolunteers ?? {};
  return [
    { algorithm: null, reason: 'identity-missing-label', count: from.missingRequiredLabel ?? 0, byGroup: {} },
    { algorithm: null, reason: 'identity-single-image', count: from.labelledWithOneImage ?? 0, byGroup: {} },
  ];
}

function settingsOf(campaign: Campaign, opts: RunOptions): Record<string, unknown> {
  return { campaign: campaign.id, thresholds: campaign.thresholds, analysis: campaign.analysis, everyMs: opts.everyMs ?? 0, minOverlap: opts.minOverlap ?? 0.2, topK: opts.topK ?? 10 };
}

function countBy(algorithm: string, reason: ExclusionReason, groups: readonly string[]): Exclusion {
  const byGroup: Record<string, number> = {};
  for (const g of groups) byGroup[g] = (byGroup[g] ?? 0) + 1;
  return { algorithm, reason, count: groups.length, byGroup };
}

/** Enrols `entries` into `file` unless a gallery with the same entries is there already; returns the enrolled ids. */
async function enrolOnce(algorithm: string, file: string, entries: readonly { imagePath: string; galleryId: string }[], log: (l: string) => void): Promise<{ ids: string[] }> {
  const key = JSON.stringify(entries.map((e) => [e.galleryId, e.imagePath]));
  const keyFile = `${file}.entries.json`;
  if (existsSync(`${file}.json`) && existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key) {
    const g = await readGallery(file);
    return { ids: [...new Set(g.ids)] };
  }
  log(`${algorithm}: enrol ${entries.length} image(s) into ${path.basename(file)}`);
  const alg = await createAlgorithm(algorithm);
  try {
    const { gallery } = await enrolGallery(alg, entries);
    await writeGallery(gallery, file);
    writeFileAtomic(keyFile, key);
    return { ids: [...new Set(gallery.ids)] };
  } finally {
    await alg.close();
  }
}

/** Footage files exist, and each pass lies inside footage of its camera (durations probed with ffprobe). */
async function checkFootage(m: Manifest, file: string): Promise<{ file: string; deployment: string; camera: string; startMs: number; durationMs: number }[]> {
  const problems: InputProblem[] = [];
  const out: { file: string; deployment: string; camera: string; startMs: number; durationMs: number }[] = [];
  for (const [i, f] of m.footage.entries()) {
    const abs = path.resolve(m.root, f.file);
    if (!existsSync(abs)) { problems.push({ path: `footage[${i}].file`, expected: 'an existing video file', got: abs }); continue; }
    try {
      const info = await probeVideo(abs);
      out.push({ file: abs, deployment: f.deployment, camera: f.camera, startMs: f.startMs, durationMs: info.durationMs });
    } catch (err) {
      problems.push({ path: `footage[${i}].file`, expected: 'a readable video', got: err instanceof Error ? err.message.split('\n')[0] : String(err) });
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
