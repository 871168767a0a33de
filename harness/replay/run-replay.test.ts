import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAlgorithm } from '../algorithms/index.ts';
import { InputError } from '../core/input-error.ts';
import { modelPath } from '../models/index.ts';
import { sharedFile } from '../footage/index.ts';
import { enrolGallery, makeMovingFacesClip, runReplay, type Segment, writeGallery } from './index.ts';

const vtest = sharedFile('footage/vtest.avi');
const lfw = sharedFile('datasets/lfw-dev/images');
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe.skipIf(!vtest.present)('runReplay on footage/vtest.avi', () => {
  it('replays every sampled frame to the end, with track times on the sampling grid of each segment', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'evenhand-vtest-'));
    const segments: Segment[] = [0, 1, 2, 3].map((i) => ({ id: `vtest.${i}`, camera: 'opencv', source: { kind: 'video', file: vtest.path, startMs: i * 20_000, endMs: (i + 1) * 20_000 } }));
    const s = await runReplay({ algorithm: 'faceplugin-v1', galleryFile: null, segments, outDir: out, workers: 2, options: { everyMs: 500 } });
    expect(s.failed).toEqual([]);
    expect(s.done).toEqual(['vtest.0', 'vtest.1', 'vtest.2', 'vtest.3']);
    expect(s.frames).toBe(159); // 79.5 s at one frame every 500 ms
    expect(s.provider).toBe('cpu');
    expect(s.executor).toBe('2 worker threads');
    expect(s.phaseSeconds.detect).toBeGreaterThan(s.phaseSeconds.track); // tiled detection is most of the work
    expect(s.phaseSeconds.decode).toBeGreaterThan(0);
    let tracks = 0;
    for (const [i, seg] of segments.entries()) {
      const t = tableFromIPC(await readFile(path.join(out, 'segments', `${seg.id}.tracks.arrow`)));
      for (const row of t.toArray() as { t_start_ms: number; t_end_ms: number; face_size_px: number; camera: string }[]) {
        expect(row.t_start_ms % 500).toBe(0);
        expect(row.t_start_ms).toBeGreaterThanOrEqual(i * 20_000);
        expect(row.t_end_ms).toBeLessThan((i + 1) * 20_000);
        expect(row.camera).toBe('opencv');
        tracks++;
      }
    }
    const done = await Promise.all(segments.map(async (seg) => JSON.parse(await readFile(path.join(out, 'segments', `${seg.id}.done.json`), 'utf8')) as { detections: number }));
    const detections = done.reduce((n, d) => n + d.detections, 0);
    console.log(`vtest.avi, 159 sampled frames, faceplugin-v1 with auto tiling: ${detections} detections in ${tracks} tracks`);
    expect(detections).toBeGreaterThan(0);
  });
});

describe.skipIf(!lfw.present)('runReplay resumes after a kill', () => {
  let dir: string;
  let segments: Segment[];
  let galleryFile: string;
  let galleryB: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'evenhand-resume-'));
    const img = (id: string, n: number) => path.join(lfw.path, id, `${id}_${String(n).padStart(4, '0')}.jpg`);
    const clip = path.join(dir, 'walkers.avi');
    await makeMovingFacesClip(clip, [
      { imagePath: img('Angela_Bassett', 1), tInMs: 300, tOutMs: 2600, from: [20, 100], to: [370, 130] },
      { imagePath: img('Amber_Tamblyn', 1), tInMs: 1500, tOutMs: 3700, from: [380, 220], to: [100, 200] },
    ], { width: 640, height: 480, fps: 10, durationMs: 4000 });
    segments = Array.from({ length: 8 }, (_, i) => ({ id: `walk.${i}`, source: { kind: 'video', file: clip, startMs: i * 500, endMs: (i + 1) * 500 } }));
    segments.push({ id: 'broken', source: { kind: 'video', file: path.join(dir, 'broken.avi') } });
    await writeFile(path.join(dir, 'broken.avi'), 'not a video');
    await writeFile(path.join(dir, 'segments.json'), JSON.stringify(segments));
    const alg = await createAlgorithm('faceplugin-v1');
    const { gallery } = await enrolGallery(alg, [
      { imagePath: img('Angela_Bassett', 5), galleryId: 'angela' },
      { imagePath: img('Amber_Tamblyn', 2), galleryId: 'amber' },
      { imagePath: img('Akhmed_Zakayev', 1), galleryId: 'akhmed' },
    ]);
    await alg.close();
    galleryFile = path.join(dir, 'gallery');
    await writeGallery(gallery, galleryFile);
    // a second gallery: the same vectors less Angela's, in another order
    const keep = [2, 1];
    galleryB = path.join(dir, 'gallery-b');
    await writeGallery({ ...gallery, ids: keep.map((i) => gallery.ids[i]!), vectors: Float32Array.from(keep.flatMap((i) => [...gallery.vectors.subarray(i * gallery.dim, (i + 1) * gallery.dim)])) }, galleryB);
  });

  it('one pass searching a second gallery writes the tables of two separate runs, and resumes per gallery', async () => {
    const walk = segments.filter((x) => x.id !== 'broken');
    const sepA = path.join(dir, 'sep-a'), sepB = path.join(dir, 'sep-b'), bothA = path.join(dir, 'both-a'), bothB = path.join(dir, 'both-b');
    await runReplay({ algorithm: 'faceplugin-v1', galleryFile, segments: walk, outDir: sepA, workers: 2 });
    await runReplay({ algorithm: 'faceplugin-v1', galleryFile: galleryB, segments: walk, outDir: sepB, workers: 2 });
    const both = await runReplay({ algorithm: 'faceplugin-v1', galleryFile, segments: walk, outDir: bothA, workers: 2, alsoSearch: [{ galleryFile: galleryB, outDir: bothB }] });
    expect(both.done).toHaveLength(8);
    const same = async (a: string, b: string) => {
      const names = (await readdir(path.join(a, 'segments'))).filter((n) => n.endsWith('.arrow')).sort();
      expect(names).toHaveLength(24); // tracks, trajectories and candidates of 8 segments
      expect((await readdir(path.join(b, 'segments'))).filter((n) => n.endsWith('.arrow')).sort()).toEqual(names);
      for (const name of names) expect(Buffer.compare(await readFile(path.join(a, 'segments', name)), await readFile(path.join(b, 'segments', name))), name).toBe(0);
    };
    await same(sepA, bothA);
    await same(sepB, bothB);
    const candsB = tableFromIPC(await readFile(path.join(bothB, 'segments', 'walk.1.candidates.arrow')));
    expect((candsB.toArray() as { gallery_id: string }[]).map((c) => c.gallery_id)).not.toContain('angela');
    // a segment missing from one gallery's folder is replayed again; the others resume
    await rm(path.join(bothB, 'segments', 'walk.3.done.json'));
    const again = await runReplay({ algorithm: 'faceplugin-v1', galleryFile, segments: walk, outDir: bothA, workers: 1, alsoSearch: [{ galleryFile: galleryB, outDir: bothB }] });
    expect(again.done).toEqual(['walk.3']);
    expect(again.resumed).toHaveLength(7);
    await same(sepB, bothB);
  });

  it('reports the broken segment and goes on; a killed and resumed run writes byte-identical tables', async () => {
    const whole = path.join(dir, 'whole');
    const s = await runReplay({ algorithm: 'faceplugin-v1', galleryFile, segments, outDir: whole, workers: 2 });
    expect(s.done).toHaveLength(8);
    expect(s.failed.map((f) => f.segmentId)).toEqual(['broken']);
    expect(s.failed[0]!.file).toBe(path.join(dir, 'broken.avi'));
    expect(s.failed[0]!.badInput).toBe(true);

    // the CLI in a child process, killed (SIGKILL) as soon as its first segment is finished
    const killed = path.join(dir, 'killed');
    const child = spawn(process.execPath, [path.join(repo, 'bin', 'evenhand.js'), 'replay', '--segments', path.join(dir, 'segments.json'),
      '--gallery', galleryFile, '--out', killed, '--workers', '1'], { stdio: 'ignore' });
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    for (;;) {
      const names = await readdir(path.join(killed, 'segments')).catch(() => [] as string[]);
      if (names.some((n) => n.endsWith('.done.json'))) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    await exited;
    const after = (await readdir(path.join(killed, 'segments'))).filter((n) => n.endsWith('.done.json')).length;
    expect(after).toBeLessThan(8);
    const r = await runReplay({ algorithm: 'faceplugin-v1', galleryFile, segments, outDir: killed, workers: 2 });
    expect(r.resumed.length).toBe(after);
    expect(r.done.length + r.resumed.length).toBe(8);
    const tables = (await readdir(path.join(whole, 'segments'))).filter((n) => n.endsWith('.arrow')).sort();
    expect(tables).toHaveLength(24);
    expect((await readdir(path.join(killed, 'segments'))).filter((n) => n.endsWith('.arrow')).sort()).toEqual(tables);
    for (const name of tables) {
      expect(Buffer.compare(await readFile(path.join(whole, 'segments', name)), await readFile(path.join(killed, 'segments', name))), name).toBe(0);
    }
    const cands = tableFromIPC(await readFile(path.join(whole, 'segments', 'walk.1.candidates.arrow')));
    expect((cands.toArray() as { gallery_id: string; rank: number }[]).filter((c) => c.rank === 1).map((c) => c.gallery_id)).toEqual(['angela']);
    // every detection of every track is in the trajectories table, frames_seen of them per track
    const tracks = tableFromIPC(await readFile(path.join(whole, 'segments', 'walk.1.tracks.arrow')));
    const traj = tableFromIPC(await readFile(path.join(whole, 'segments', 'walk.1.trajectories.arrow')));
    const seen = (tracks.toArray() as { track_id: number; frames_seen: number }[]).map((t) => [t.track_id, t.frames_seen]);
    const rows = traj.toArray() as { track_id: number; t_ms: number; x1: number; x2: number }[];
    expect(seen.map(([id]) => [id, rows.filter((r) => r.track_id === id).length])).toEqual(seen);
    expect(rows.every((r) => r.x2 > r.x1)).toBe(true);
  });
});

describe('runReplay with a bad model file', () => {
  it('stops with an error naming the model file whose hash is wrong', async () => {
    const models = await mkdtemp(path.join(os.tmpdir(), 'evenhand-badmodels-'));
    const bad = modelPath('fr_detect', models);
    await mkdir(path.dirname(bad), { recursive: true });
    await writeFile(bad, 'truncated model');
    const saved = process.env['EVENHAND_MODELS'];
    process.env['EVENHAND_MODELS'] = models;
    try {
      const out = await mkdtemp(path.join(os.tmpdir(), 'evenhand-badmodels-out-'));
      const err = await runReplay({ algorithm: 'faceplugin-v1', galleryFile: null, outDir: out, workers: 1, segments: [{ id: 'x', source: { kind: 'video', file: path.join(out, 'none.avi') } }] })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toContain(bad);
    } finally {
      if (saved === undefined) delete process.env['EVENHAND_MODELS'];
      else process.env['EVENHAND_MODELS'] = saved;
    }
  });
});
