/** walkersFixture: test material: a short clip of real LFW faces walking across the frame, and a gallery enrolling them. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createAlgorithm } from '../algorithms/index.ts';
import { enrolGallery } from './enrol-gallery.ts';
import { writeGallery } from './gallery.ts';
import { makeMovingFacesClip } from './moving-faces-clip.ts';

/** The fixture's files: the clip, the enrolment CSV, and the gallery written from it (path without extension). */
export interface WalkersFixture {
  clip: string;
  enrolCsv: string;
  galleryFile: string;
}

/**
 * Writes into `dir` a 640x480, 10 frames/s clip of `durationMs` in which two LFW faces (from `lfwImages`, the
 * images folder of an LFW-style set) walk across, again every 4 s, and a gallery of three identities (two of them in
 * the clip, enrolled from other photos of theirs).
 */
export async function walkersFixture(dir: string, lfwImages: string, durationMs = 4000): Promise<WalkersFixture> {
  const img = (id: string, n: number) => path.join(lfwImages, id, `${id}_${String(n).padStart(4, '0')}.jpg`);
  const clip = path.join(dir, 'walkers.avi');
  const walkers = [];
  for (let t = 0; t < durationMs; t += 4000) {
    walkers.push(
      { imagePath: img('Angela_Bassett', 1), tInMs: t + 300, tOutMs: Math.min(durationMs, t + 2600), from: [20, 100] as [number, number], to: [370, 130] as [number, number] },
      { imagePath: img('Amber_Tamblyn', 1), tInMs: t + 1500, tOutMs: Math.min(durationMs, t + 3700), from: [380, 220] as [number, number], to: [100, 200] as [number, number] },
    );
  }
  await makeMovingFacesClip(clip, walkers, { width: 640, height: 480, fps: 10, durationMs });
  const entries = [
    { imagePath: img('Angela_Bassett', 5), galleryId: 'angela' },
    { imagePath: img('Amber_Tamblyn', 2), galleryId: 'amber' },
    { imagePath: img('Akhmed_Zakayev', 1), galleryId: 'akhmed' },
  ];
  const enrolCsv = path.join(dir, 'watchlist.csv');
  await writeFile(enrolCsv, `image_path,gallery_id\n${entries.map((e) => `${e.imagePath},${e.galleryId}`).join('\n')}\n`);
  const alg = await createAlgorithm('faceplugin-v1');
  const { gallery } = await enrolGallery(alg, entries);
  await alg.close();
  const galleryFile = path.join(dir, 'gallery');
  await writeGallery(gallery, galleryFile);
  return { clip, enrolCsv, galleryFile };
}
