/**
 * exportProbes: one face image per search of a run, named by its search id, for a lab that runs a vendor's SDK offline
 * over the campaign's probes (its candidate lists come back through importCandidates). For each search, the tracks the
 * adjudication gave it (track-assignments.arrow) are looked up in the replay's trajectories; the detection with the
 * highest detector score (then the larger box, then the earlier) is its best shot, cut from the footage with a margin.
 * No names, ids of people or demographics go with the images: only the search ids. Searches with no track (no face
 * captured) have no probe. The images are faces of volunteers and of the public: they are for the lab's run only, not
 * for publication, and should be deleted after it (docs/black-box.md).
 *
 *   1. best shots   per search, from its tracks' detections
 *   2. frames       each footage file decoded once, the wanted frames kept
 *   3. crops        box + margin, JPEG, <search id>.jpg; probes.csv lists them
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Manifest } from '../campaign/load-manifest.ts';
import { InputError } from '../core/input-error.ts';
import { videoFrames } from '../footage/index.ts';
import { segmentFiles } from '../replay/index.ts';
import { readArrowFile } from '../store/read-arrow-file.ts';
import { writeOutputFolder, type OutputKind } from '../store/output-location.ts';
import { writeFileAtomic } from '../store/write-file-atomic.ts';

/** What to export. */
export interface ExportProbesOptions {
  /** The run folder's algorithm folder (with searches.arrow, track-assignments.arrow, replay-watchlist/). */
  algorithmDir: string;
  manifest: Manifest;
  out: string;
  /** Margin around the face box, as a share of its larger side (default 0.3). */
  margin?: number;
  /** Other files the export reads (the manifest, the protocol): `out` may hold none of them. */
  inputs?: readonly string[];
}

/**
 * What the export reads in an algorithm's folder: its tables and its replay's trajectories. The probes may go into
 * that folder (their default place, where retention manages them), never over these.
 */
export function probeSources(algorithmDir: string): string[] {
  return ['searches.arrow', 'track-assignments.arrow', 'replay-watchlist'].map((f) => path.join(algorithmDir, f));
}

/** The kind of folder the export writes (its marker), and the names it wrote before folders carried one. */
export const PROBES_OUTPUT: OutputKind = { name: 'probes', legacyNames: ['probes.csv', /^[A-Za-z0-9_.-]+\.jpg$/] };

/** A search's best shot: where in the footage. */
interface Shot { searchId: string; file: string; tMs: number; box: { x1: number; y1: number; x2: number; y2: number }; score: number }

const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : NaN);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Exports the probes (see the module comment); returns how many searches got one and how many had no track.
 * @throws InputError naming a missing table, or a segment whose footage file the manifest does not have.
 * @example await exportProbes({ algorithmDir: 'runs/x/faceplugin-v1', manifest, out: 'runs/x/probes' })
 */
export async function exportProbes(o: ExportProbesOptions): Promise<{ exported: number; withoutTrack: number }> {
  const need = ['searches.arrow', 'track-assignments.arrow'].map((f) => path.join(o.algorithmDir, f));
  const missing = need.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new InputError(o.algorithmDir, missing.map((f) => ({ path: path.basename(f), expected: 'a table of a finished evenhand run (the algorithm\'s folder)' })));
  const searchIds = readArrowFile(need[0] ?? '').toArray().map((r: Record<string, unknown>) => str(r['search_id']));
  const assignments = readArrowFile(need[1] ?? '').toArray().map((r: Record<string, unknown>) => ({ segmentId: str(r['segment_id']), trackId: num(r['track_id']), searchId: str(r['search_id']) }));
  // 1. best shots
  const best = new Map<string, Shot>();
  const bySegment = new Map<string, Map<number, string>>();
  for (const a of assignments) bySegment.set(a.segmentId, (bySegment.get(a.segmentId) ?? new Map<number, string>()).set(a.trackId, a.searchId));
  const better = (x: Shot, y: Shot | undefined): boolean => {
    if (y === undefined) return true;
    const area = (s: Shot): number => (s.box.x2 - s.box.x1) * (s.box.y2 - s.box.y1);
    return x.score > y.score || (x.score === y.score && (area(x) > area(y) || (area(x) === area(y) && x.tMs < y.tMs)));
  };
  for (const [segmentId, tracks] of bySegment) {
    const file = footageOf(segmentId, o.manifest);
    if (file === null) throw new InputError(o.algorithmDir, [{ path: `track-assignments.arrow: segment ${segmentId}`, expected: 'a segment of the manifest\'s footage (footage-NNNN[.kkkk])' }]);
    const trajectories = segmentFiles(path.join(o.algorithmDir, 'replay-watchlist'), segmentId).trajectories;
    for (const r of readArrowFile(trajectories).toArray().map((x: Record<string, unknown>) => x)) {
      const searchId = tracks.get(num(r['track_id']));
      if (searchId === undefined) continue;
      const shot: Shot = { searchId, file, tMs: num(r['t_ms']), box: { x1: num(r['x1']), y1: num(r['y1']), x2: num(r['x2']), y2: num(r['y2']) }, score: num(r['detector_score']) };
      if (better(shot, best.get(searchId))) best.set(searchId, shot);
    }
  }
  // 2-3. frames and crops
  const margin = o.margin ?? 0.3;
  const byFile = new Map<string, Shot[]>();
  for (const s of best.values()) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);
  const rows = ['probe_id,file'];
  await writeOutputFolder({ kind: PROBES_OUTPUT, dir: o.out, option: '--out', inputs: [...probeSources(o.algorithmDir), ...(o.inputs ?? [])] }, async (dir) => {
    for (const [file, shots] of [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const wanted = new Map<number, Shot[]>();
      for (const s of shots) wanted.set(s.tMs, [...(wanted.get(s.tMs) ?? []), s]);
      const last = Math.max(...wanted.keys());
      for await (const frame of videoFrames(file)) {
        const here = wanted.get(Math.round(frame.tMs));
        for (const s of here ?? []) {
          const { width, height } = frame.image;
          const side = Math.max(s.box.x2 - s.box.x1, s.box.y2 - s.box.y1) * (1 + 2 * margin);
          const cx = (s.box.x1 + s.box.x2) / 2, cy = (s.box.y1 + s.box.y2) / 2;
          const left = Math.max(0, Math.floor(cx - side / 2)), top = Math.max(0, Math.floor(cy - side / 2));
          const w = Math.min(width - left, Math.ceil(side)), h = Math.min(height - top, Math.ceil(side));
          await sharp(Buffer.from(frame.image.data), { raw: { width, height, channels: 3 } }).extract({ left, top, width: w, height: h }).jpeg({ quality: 95 }).toFile(path.join(dir, `${s.searchId}.jpg`));
          rows.push(`${s.searchId},${s.searchId}.jpg`);
        }
        if (frame.tMs > last + 1) break;
      }
    }
    writeFileAtomic(path.join(dir, 'probes.csv'), `${[rows[0], ...rows.slice(1).sort()].join('\n')}\n`);
  });
  return { exported: rows.length - 1, withoutTrack: searchIds.filter((id) => !best.has(id)).length };
}

/** The footage file of segment `footage-NNNN[.kkkk]` (1-based in manifest order), resolved; null when not one. */
function footageOf(segmentId: string, m: Manifest): string | null {
  const n = /^footage-(\d{4})(\.\d+)?$/.exec(segmentId)?.[1];
  const f = n === undefined ? undefined : m.footage[Number(n) - 1];
  return f === undefined ? null : path.resolve(m.root, f.file);
}
