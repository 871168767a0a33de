/** nms: greedy non-maximum suppression of overlapping detections, best score first. */
import { type FaceDetection, iou } from './face-detection.ts';

/**
 * Keeps the highest-scoring detection of each overlapping group: a detection is dropped when its IoU with a kept one
 * exceeds `threshold`. Returns a new array sorted by descending score.
 */
export function nms<T extends Pick<FaceDetection, 'box' | 'score'>>(detections: readonly T[], threshold: number): T[] {
  const sorted = [...detections].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const d of sorted) {
    if (kept.every((k) => iou(k.box, d.box) <= threshold)) kept.push(d);
  }
  return kept;
}
