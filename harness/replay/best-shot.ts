/** BestShot: a face crop kept for embedding, chosen by size, detector score and frontalness. */
import type { FaceDetection } from '../algorithms/index.ts';
import { faceSizePx } from '../algorithms/index.ts';
import type { RgbImage } from '../footage/index.ts';

/** One kept face: a crop around it (in memory only) and its detection in crop coordinates. */
export interface BestShot {
  tMs: number;
  /** The face in crop coordinates. */
  face: FaceDetection;
  crop: RgbImage;
  faceSizePx: number;
  score: number;
  frontalness: number;
  quality: number;
}

/**
 * How frontal a face looks from its five points, 0..1: 1 when the nose tip sits midway between the eyes, falling to
 * 0 as it reaches an eye (a yaw proxy).
 */
export function frontalness(points5: Float32Array): number {
  const [lx, , rx, , nx] = points5;
  const iod = Math.abs(rx! - lx!);
  if (iod <= 0) return 0;
  return Math.max(0, Math.min(1, 1 - (2 * Math.abs(nx! - (lx! + rx!) / 2)) / iod));
}

/** Quality used to rank shots of one track: face size (px, capped at 112) x detector score x (0.2 + 0.8 frontalness). */
export function shotQuality(sizePx: number, score: number, front: number): number {
  return Math.min(sizePx, 112) * score * (0.2 + 0.8 * front);
}

/** Copies the region around `face` (box grown by half its size each side) out of `image`, so the frame can go. */
export function cropShot(image: RgbImage, face: FaceDetection, tMs: number): BestShot {
  const { box } = face;
  const w = box.x2 - box.x1, h = box.y2 - box.y1;
  const x0 = Math.max(0, Math.floor(box.x1 - w / 2)), y0 = Math.max(0, Math.floor(box.y1 - h / 2));
  const x1 = Math.min(image.width, Math.ceil(box.x2 + w / 2)), y1 = Math.min(image.height, Math.ceil(box.y2 + h / 2));
  const cw = Math.max(1, x1 - x0), ch = Math.max(1, y1 - y0);
  const data = new Uint8Array(cw * ch * 3);
  for (let y = 0; y < ch; y++) data.set(image.data.subarray(((y0 + y) * image.width + x0) * 3, ((y0 + y) * image.width + x0 + cw) * 3), y * cw * 3);
  const points5 = face.points5.map((v, i) => (i % 2 === 0 ? v - x0 : v - y0));
  const size = faceSizePx(box);
  const front = frontalness(face.points5);
  return {
    tMs,
    face: { box: { x1: box.x1 - x0, y1: box.y1 - y0, x2: box.x2 - x0, y2: box.y2 - y0 }, score: face.score, points5 },
    crop: { width: cw, height: ch, data },
    faceSizePx: size,
    score: face.score,
    frontalness: front,
    quality: shotQuality(size, face.score, front),
  };
}
