import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlgorithm, type FaceAlgorithm } from '../algorithms/index.ts';
import { sharedFile } from '../footage/index.ts';
import { enrolGallery } from './enrol-gallery.ts';
import { GallerySearch } from './gallery-search.ts';
import { makeMovingFacesClip } from './moving-faces-clip.ts';
import { vectorMatching } from './probe-matching.ts';
import { replaySegment } from './replay-segment.ts';

const lfw = sharedFile('datasets/lfw-dev/images');
const astronaut = sharedFile('faces/astronaut.png');

describe.skipIf(!lfw.present || !astronaut.present)('replaySegment on a clip of real faces moving across the frame', () => {
  let alg: FaceAlgorithm;
  let dir: string;
  const img = (id: string, n: number) => path.join(lfw.path, id, `${id}_${String(n).padStart(4, '0')}.jpg`);
  beforeAll(async () => {
    alg = await createAlgorithm('faceplugin-v1');
    dir = await mkdtemp(path.join(os.tmpdir(), 'evenhand-clip-'));
    // the astronaut's head, cropped square around her face and kept at its aspect ratio
    await sharp(astronaut.path).extract({ left: 124, top: 8, width: 200, height: 220 }).toFile(path.join(dir, 'astronaut-head.png'));
  });
  afterAll(() => alg.close());

  /** The walkers' clip, made by the first test and replayed again by the second. */
  const clip = (): string => path.join(dir, 'walkers.avi');

  it('finds each walker as one track (whole across an occlusion) with the right entry and exit times and ranks their mate first', async () => {
    const frames = await makeMovingFacesClip(clip(), [
      { imagePath: img('Angela_Bassett', 1), tInMs: 500, tOutMs: 2500, from: [20, 100], to: [370, 130] },
      { imagePath: path.join(dir, 'astronaut-head.png'), tInMs: 1500, tOutMs: 3500, from: [420, 200], to: [60, 220] },
    ], { width: 640, height: 480, fps: 10, durationMs: 4000 });
    expect(frames).toBe(40);
    const enrol = [
      { imagePath: img('Angela_Bassett', 5), galleryId: 'angela' },
      { imagePath: astronaut.path, galleryId: 'astronaut' },
      { imagePath: img('Akhmed_Zakayev', 1), galleryId: 'akhmed' },
      { imagePath: img('Amber_Tamblyn', 1), galleryId: 'amber' },
      { imagePath: path.join(dir, 'missing.jpg'), galleryId: 'missing' },
    ];
    const { gallery, failures } = await enrolGallery(alg, enrol);
    expect(gallery.ids).toEqual(['angela', 'astronaut', 'akhmed', 'amber']);
    expect(failures.map((f) => f.galleryId)).toEqual(['missing']);
    const search = await GallerySearch.create(gallery);
    const r = await replaySegment({ id: 'walkers', source: { kind: 'video', file: clip() }, camera: 'cam1' }, alg, vectorMatching(alg, [search]), { topK: 3 });
    const candidates = r.candidates[0]!;
    await search.close();
    expect(r.stats.frames).toBe(40);
    expect(r.tracks).toHaveLength(2);
    const [a, b] = r.tracks;
    expect(a!.tStartMs).toBeGreaterThanOrEqual(500);
    expect(a!.tStartMs).toBeLessThanOrEqual(600);
    expect(a!.tEndMs).toBeGreaterThanOrEqual(2300);
    expect(a!.tEndMs).toBeLessThanOrEqual(2400);
    expect(b!.tStartMs).toBeGreaterThanOrEqual(1500);
    expect(b!.tStartMs).toBeLessThanOrEqual(1600);
    expect(b!.tEndMs).toBeGreaterThanOrEqual(3300);
    expect(b!.tEndMs).toBeLessThanOrEqual(3400);
    // the astronaut passes in front of Angela (1.9-2.2 s): her track carries on through the occlusion on its predicted
    // motion, or is stitched back by embedding (stitch-tracks.ts); either way one track with her detections on both sides
    expect(a!.shotsEmbedded).toBeGreaterThanOrEqual(3);
    expect(a!.points.some((p) => p.tMs < 1900) && a!.points.some((p) => p.tMs > 2200)).toBe(true);
    expect(a!.framesSeen).toBeGreaterThanOrEqual(14);
    expect(b!.framesSeen).toBeGreaterThanOrEqual(18);
    const top = (trackId: number) => candidates.filter((c) => c.trackId === trackId).map((c) => c.galleryId);
    expect(top(0)[0]).toBe('angela');
    expect(top(1)[0]).toBe('astronaut');
    expect(candidates.filter((c) => c.trackId === 0)[0]!.score).toBeGreaterThan(0.5);
    expect(candidates.filter((c) => c.trackId === 1)).toHaveLength(3);
  });

  it('looks for faces only inside a zone of interest', async () => {
    const all = await replaySegment({ id: 'whole', source: { kind: 'video', file: clip() } }, alg, vectorMatching(alg, []), {});
    const zone = { x: 0, y: 0, w: 330, h: 480 }; // the left half: both walkers cross it
    const half = await replaySegment({ id: 'left', source: { kind: 'video', file: clip() }, zone }, alg, vectorMatching(alg, []), {});
    const points = half.tracks.flatMap((t) => t.points);
    expect(half.tracks.length).toBeGreaterThanOrEqual(2);
    expect(points.every((p) => p.box.x1 >= zone.x && p.box.x2 <= zone.x + zone.w)).toBe(true);
    expect(half.stats.detections).toBeLessThan(all.stats.detections);
    expect(all.tracks.flatMap((t) => t.points).some((p) => p.box.x2 > zone.w)).toBe(true); // the whole frame sees the right half
    const none = await replaySegment({ id: 'corner', source: { kind: 'video', file: clip() }, zone: { x: 600, y: 440, w: 40, h: 40 } }, alg, vectorMatching(alg, []), {});
    expect(none.stats.detections).toBe(0); // nobody walks through the bottom-right corner
  });
});
