/**
 * DetectionSchedule: which of the detector's rectangles (the whole frame and its tiles) to run on each processed
 * frame of a segment. Every `fullEvery`-th frame gets all of them; the frames between get the whole frame and only
 * the tiles near a face found in the frame before, so a face in view keeps being detected in every frame while a
 * newcomer is found at the next full pass (at most fullEvery - 1 processed frames late). It lives for one segment,
 * so a segment's tables never depend on which segments a worker replayed before.
 */
import type { FaceDetection } from '../algorithms/index.ts';

/** A source rectangle of the detector, in frame pixels. */
export interface DetectorRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A face's box grown by this share of its size on each side when looking for the tiles near it. */
const MARGIN = 0.5;

export class DetectionSchedule {
  private frame = 0;

  /** `fullEvery` 1 (the default) runs every rectangle on every frame, as without a schedule. */
  constructor(private readonly fullEvery = 1) {}

  /**
   * The rectangles to run on the next frame, from all of them (`all`, the whole frame first) and the faces found in
   * the frame before.
   */
  next(all: readonly DetectorRect[], previous: readonly FaceDetection[]): DetectorRect[] {
    const full = this.frame % this.fullEvery === 0;
    this.frame++;
    if (full || all.length <= 1) return [...all];
    const near = (r: DetectorRect): boolean => previous.some(({ box }) => {
      const mx = MARGIN * (box.x2 - box.x1), my = MARGIN * (box.y2 - box.y1);
      return box.x1 - mx < r.x + r.w && box.x2 + mx > r.x && box.y1 - my < r.y + r.h && box.y2 + my > r.y;
    });
    return all.filter((r, i) => i === 0 || near(r));
  }
}
