/**
 * `npm run bench detect-schedule`: does `--full-detect-every 2` keep recognition? A paired check on a large rehearsal.
 *
 * 1. A 1080p25 rehearsal with several hundred mated passes (BENCH_SCHEDULE_VOLUNTEERS enrolled volunteers, default
 *    120, 3 passes each; 20 non-enrolled volunteers; 120 crowd passes; 2 deployments x 2 cameras; 4 lanes, so up to
 *    four people in view at once; faces 40-110 px; the CI protocol's blur, lighting and occlusion), made once by
 *    `rehearse` from the shared footage and faces (lfw-dev) and kept in the system's temporary folder.
 * 2. The whole campaign (`evenhand run`: enrolment, replay with --every-ms 80, automatic tiling, 8 s segments, 2
 *    workers, adjudication) with `--full-detect-every 1` (every tile on every processed frame) and with K (BENCH_FULL_EVERY,
 *    default 2), for faceplugin-v1 (BENCH_SCHEDULE_ALGORITHMS: a comma-separated list of algorithms).
 * 3. Prints, from each run's searches table: failures to acquire (mated passes no track was assigned to) and TPIR
 *    (mate at rank 1 with score >= T, over all mated passes) at 0.3 to 0.6, overall and by sex and ethnicity; then the
 *    paired comparison: the passes whose outcome changed between the two runs at each threshold, either way.
 * Takes minutes (the rehearsal once, about 15 minutes on 2 cores, then two campaigns of about 6 minutes each).
 * BENCH_SCHEDULE_KEEP=1 keeps the two run folders. Needs the shared lfw-dev folder.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Vector } from 'apache-arrow';
import path from 'node:path';
import { loadProtocol } from '../../harness/campaign/index.ts';
import { sharedDir } from '../../harness/footage/index.ts';
import { ffmpegTools, rehearse, RehearsalFiles, resolveRehearsalSettings } from '../../harness/rehearse/index.ts';
import { runCampaign } from '../../harness/run/index.ts';
import { column, readBooleans, readCategories, readNumbers } from '../../harness/store/arrow-columns.ts';
import { readArrowFile } from '../../harness/store/read-arrow-file.ts';

export const title = 'detection schedule: recognition with --full-detect-every 1 and 2 on a 1080p25 rehearsal of several hundred mated passes (minutes)';

const VOLUNTEERS = Number(process.env['BENCH_SCHEDULE_VOLUNTEERS'] ?? 120);
const FULL_EVERY = Number(process.env['BENCH_FULL_EVERY'] ?? 2);
const ALGORITHMS = (process.env['BENCH_SCHEDULE_ALGORITHMS'] ?? 'faceplugin-v1').split(',').map((s) => s.trim()).filter((s) => s !== '');
const THRESHOLDS = [0.3, 0.4, 0.5, 0.6];
const FILLERS = 200;

/** The campaign's protocol (the CI rehearsal protocol's settings at 1080p25 and a larger size), written to `file`. */
function writeProtocol(file: string): void {
  writeFileSync(file, JSON.stringify({
    id: 'detect-schedule-check', title: 'Detection schedule check: a 1080p25 rehearsal',
    algorithms: ALGORITHMS.map((id) => ({ id })), thresholds: { from: 0.2, to: 0.8, step: 0.02 }, operationalThresholds: [0.4, 0.5],
    watchlist: { size: VOLUNTEERS + FILLERS }, report: { minCellSize: 5 },
    rehearsal: {
      volunteers: VOLUNTEERS, nonEnrolledVolunteers: 20, passesPerVolunteer: 3, crowdPasses: 120, fillerGallerySize: FILLERS,
      deployments: 2, cameras: 2, width: 1920, height: 1080, fps: 25, lanes: 4, faceHeightPx: { min: 40, max: 110 },
      passDurationMs: { min: 1500, max: 2500 }, gapMs: { min: 0, max: 800 }, effects: { motionBlur: 0.2, lighting: 0.2, occlusion: 0.1 },
      requireLabels: ['sex', 'ethnicity'], codec: 'h264', crf: 20,
    },
  }, null, 2));
}

/**
 * The rehearsal, made once and kept (its folder name carries the settings), with the protocol for this run's
 * algorithms written beside it; returns both files.
 */
async function rehearsal(): Promise<{ manifest: string; protocol: string }> {
  const dir = path.join(os.tmpdir(), `evenhand-bench-schedule-1080p25-v${VOLUNTEERS}-v1`);
  const protocol = path.join(dir, 'protocol.json'), manifest = path.join(dir, 'rehearsal', RehearsalFiles.manifest);
  mkdirSync(path.join(dir, 'rehearsal'), { recursive: true });
  writeProtocol(protocol);
  if (existsSync(manifest)) return { manifest, protocol };
  rmSync(path.join(dir, 'rehearsal'), { recursive: true, force: true });
  mkdirSync(path.join(dir, 'rehearsal'));
  const campaign = loadProtocol(protocol);
  const t0 = performance.now();
  const r = await rehearse({ faces: path.join(sharedDir(), 'datasets', 'lfw-dev'), campaign, settings: resolveRehearsalSettings(campaign), seed: 15, out: path.join(dir, 'rehearsal'), tools: ffmpegTools() });
  console.log(`made the rehearsal: ${r.frames} frames, ${r.passes} volunteer passes and ${r.crowdPasses} crowd passes in ${((performance.now() - t0) / 1000).toFixed(0)} s (kept in ${dir})`);
  return { manifest: r.manifestFile, protocol };
}

/** A mated pass's outcome in one run. */
interface Outcome { acquired: boolean; frames: number; rank: number | null; score: number | null; sex: string; ethnicity: string }

/** The mated passes of a run's searches table, by search id. */
function matedOutcomes(file: string): Map<string, Outcome> {
  const t = readArrowFile(file);
  const vector = (name: string): Vector => {
    const v = column(t, name);
    if (v === null) throw new Error(`${file}: no ${name} column`);
    return v;
  };
  const numbers = (name: string): Float64Array => readNumbers(vector(name), file, name).values;
  const label = (name: string): ((row: number) => string) => {
    const c = readCategories(vector(name), file, name);
    return (row) => c.labels[c.codes[row] ?? -1] ?? 'unknown';
  };
  const [id, sex, ethnicity] = [label('search_id'), label('sex'), label('ethnicity')];
  const mated = readBooleans(vector('mated'), file, 'mated');
  const [rank, score, frames] = [numbers('mate_rank'), numbers('mate_score'), numbers('frames_seen')];
  const finite = (x: number | undefined): number | null => (x === undefined || Number.isNaN(x) ? null : x);
  const out = new Map<string, Outcome>();
  for (let i = 0; i < t.numRows; i++) {
    if (mated[i] !== 1) continue;
    const seen = finite(frames[i]) ?? 0;
    out.set(id(i), { acquired: seen > 0, frames: seen, rank: finite(rank[i]), score: finite(score[i]), sex: sex(i), ethnicity: ethnicity(i) });
  }
  return out;
}

const hit = (o: Outcome | undefined, t: number): boolean => o !== undefined && o.rank === 1 && (o.score ?? -1) >= t;
const pct = (k: number, n: number): string => `${k}/${n} (${n === 0 ? '-' : ((100 * k) / n).toFixed(1)}%)`;

/** One table row per group: FTA and TPIR at each threshold for both runs, and the difference in points. */
function groupRows(label: string, a: Outcome[], b: Outcome[]): void {
  const n = a.length;
  const fta = (xs: Outcome[]): number => xs.filter((o) => !o.acquired).length;
  const cells = [`FTA ${pct(fta(a), n)} -> ${pct(fta(b), n)}`];
  for (const t of THRESHOLDS) {
    const ka = a.filter((o) => hit(o, t)).length, kb = b.filter((o) => hit(o, t)).length;
    cells.push(`TPIR@${t} ${((100 * ka) / n).toFixed(1)} -> ${((100 * kb) / n).toFixed(1)} (${kb - ka >= 0 ? '+' : ''}${((100 * (kb - ka)) / n).toFixed(1)})`);
  }
  console.log(`  ${label.padEnd(22)} n=${String(n).padEnd(4)} ${cells.join('  ')}`);
}

function compare(alg: string, base: Map<string, Outcome>, sparse: Map<string, Outcome>): void {
  const ids = [...base.keys()].filter((id) => sparse.has(id));
  const a = ids.map((id) => base.get(id)).filter((o): o is Outcome => o !== undefined);
  const b = ids.map((id) => sparse.get(id)).filter((o): o is Outcome => o !== undefined);
  console.log(`${alg}: ${ids.length} mated passes; each cell: --full-detect-every 1 -> ${FULL_EVERY} (difference in points)`);
  groupRows('all', a, b);
  for (const dim of ['sex', 'ethnicity'] as const) {
    for (const code of [...new Set(a.map((o) => o[dim]))].sort()) {
      const at = a.flatMap((o, i) => (o[dim] === code ? [i] : []));
      groupRows(`${dim} ${code}`, at.flatMap((i) => a[i] ?? []), at.flatMap((i) => b[i] ?? []));
    }
  }
  const acq = ids.filter((id) => base.get(id)?.acquired !== sparse.get(id)?.acquired);
  const seen = (id: string): string => `${id} (frames seen ${base.get(id)?.frames ?? 0} -> ${sparse.get(id)?.frames ?? 0})`;
  console.log(`  paired: acquisition changed for ${acq.length} pass(es)${acq.length > 0 ? `: ${acq.map(seen).join(', ')}` : ''}`);
  for (const t of THRESHOLDS) {
    const lost = ids.filter((id) => hit(base.get(id), t) && !hit(sparse.get(id), t));
    const gained = ids.filter((id) => !hit(base.get(id), t) && hit(sparse.get(id), t));
    console.log(`  paired at ${t}: ${lost.length} hit(s) lost, ${gained.length} gained (net ${gained.length - lost.length >= 0 ? '+' : ''}${gained.length - lost.length}, ` +
      `${((100 * (gained.length - lost.length)) / ids.length).toFixed(2)} points)`);
  }
  const deltas = ids.map((id) => (sparse.get(id)?.score ?? 0) - (base.get(id)?.score ?? 0)).map(Math.abs).sort((x, y) => x - y);
  const q = (p: number): string => (deltas[Math.min(deltas.length - 1, Math.floor(p * deltas.length))] ?? 0).toFixed(3);
  console.log(`  mate score |change|: median ${q(0.5)}, 90th percentile ${q(0.9)}, largest ${q(1)}; identical in ${deltas.filter((d) => d === 0).length} of ${ids.length}`);
}

export async function run(): Promise<void> {
  const r = await rehearsal();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evenhand-bench-schedule-'));
  const load = (): string => os.loadavg().map((x) => x.toFixed(1)).join(' ');
  try {
    const outs: Record<number, string> = {};
    for (const k of [1, FULL_EVERY]) {
      const out = path.join(dir, `k${k}`);
      const cpu0 = process.cpuUsage(), t0 = performance.now();
      await runCampaign({ protocol: r.protocol, dataset: r.manifest, out, workers: 2, everyMs: 80, segmentMs: 8000, fullDetectEvery: k });
      const c = process.cpuUsage(cpu0);
      console.log(`evenhand run --full-detect-every ${k}: ${((performance.now() - t0) / 1000).toFixed(0)} s wall, ${((c.user + c.system) / 1e6).toFixed(0)} s CPU of this process [load ${load()}]`);
      outs[k] = out;
    }
    for (const alg of ALGORITHMS) {
      const searches = (k: number): Map<string, Outcome> => matedOutcomes(path.join(outs[k] ?? '', alg, 'searches.arrow'));
      compare(alg, searches(1), searches(FULL_EVERY));
    }
  } finally {
    if (process.env['BENCH_SCHEDULE_KEEP'] === '1') console.log(`the two runs are kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
