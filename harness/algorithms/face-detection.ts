/** FaceDetection: one face found in a frame, with its box, detector score and five alignment points. */

/** An axis-aligned box in frame pixels, corners (x1, y1) top-left and (x2, y2) bottom-right. */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** One detected face. */
export interface FaceDetection {
  box: Box;
  /** Detector confidence, 0..1. */
  score: number;
  /**
   * Five points in frame pixels, x then y, in ArcFace order: eye on the image's left, eye on the image's right, nose
   * tip, mouth corner on the left, mouth corner on the right (length 10).
   */
  points5: Float32Array;
}

/** Intersection over union of two boxes (0 when they do not overlap). */
export function iou(a: Box, b: Box): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / ((a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter);
}

/** Face size in pixels: the larger side of the box. */
export function faceSizePx(box: Box): number {
  return Math.max(box.x2 - box.x1, box.y2 - box.y1);
}
