/** enrolGallery: embeds watchlist enrolment images (one face each) into a Gallery for 1:N search (opaque templates for an algorithm that keeps them to itself). */
import type { FaceAlgorithm } from '../algorithms/index.ts';
import { faceSizePx } from '../algorithms/index.ts';
import { loadImage } from '../footage/index.ts';
import type { Gallery } from './gallery.ts';

/** One enrolment image and the gallery id it enrols. */
export interface EnrolmentEntry {
  imagePath: string;
  galleryId: string;
}

/** An enrolment that produced no gallery entry, and why. */
export interface EnrolmentFailure extends EnrolmentEntry {
  reason: string;
}

/**
 * Embeds each entry's largest face. Unreadable images and images without a face are reported in `failures`, not
 * thrown, so one bad file does not stop an enrolment of thousands.
 * @example const { gallery, failures } = await enrolGallery(alg, [{ imagePath: 'a.jpg', galleryId: 'w1' }])
 */
export async function enrolGallery(
  algorithm: FaceAlgorithm,
  entries: readonly EnrolmentEntry[],
  onProgress?: (done: number, total: number) => void,
): Promise<{ gallery: Gallery; failures: EnrolmentFailure[] }> {
  const ids: string[] = [];
  const rows: Float32Array[] = [];
  const templates: string[] = [];
  const opaque = algorithm.opaque;
  const failures: EnrolmentFailure[] = [];
  for (const [i, entry] of entries.entries()) {
    try {
      const img = await loadImage(entry.imagePath);
      const faces = await algorithm.detect(img);
      const face = faces.reduce<(typeof faces)[number] | undefined>((b, f) => (b === undefined || faceSizePx(f.box) > faceSizePx(b.box) ? f : b), undefined);
      if (face === undefined) failures.push({ ...entry, reason: 'no face found' });
      else if (opaque !== undefined) {
        const t = await opaque.template(img, face);
        if (t === null) failures.push({ ...entry, reason: 'no template made' });
        else { templates.push(t); ids.push(entry.galleryId); }
      } else {
        rows.push(await algorithm.embed(img, face));
        ids.push(entry.galleryId);
      }
    } catch (err) {
      failures.push({ ...entry, reason: err instanceof Error ? err.message : String(err) });
    }
    onProgress?.(i + 1, entries.length);
  }
  if (opaque !== undefined) return { gallery: { algorithm: algorithm.name, dim: 0, ids, vectors: new Float32Array(0), templates }, failures };
  const dim = algorithm.embeddingSize;
  const vectors = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => vectors.set(r, i * dim));
  return { gallery: { algorithm: algorithm.name, dim, ids, vectors }, failures };
}
