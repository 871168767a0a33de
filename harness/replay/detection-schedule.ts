/**
 * DetectionSchedule: which of the detector's rectangles (the whole frame and its tiles) to run on each processed
 * frame of a segment. Every `fullEvery`-th frame gets all of them. On the frames between, the faces of the frame
 * before carry themselves: the detector runs only on the tiles that overlap one of them, and on the whole frame (or
 * zone) as well when no tile holds one of them whole (a face larger than the tiles' overlap, which only the
 * whole-frame pass finds). The tiles are the full pass's own, so a face in view is detected exactly as every tile on
 * every frame would detect it (unless the whole-frame pass gave its best box); a newcomer is found at the next full
 * pass (at most fullEvery - 1 processed frames late). It lives for one segment, so a segment's tables never depend on
 * which segments a worker replayed before.
 *
 * Measured against windows cut around each face (the rule before: three face heights, at least two thirds of a
 * tile), on 100 processed frames of the 1080p bench clip with K = 2: the same cost (56.5 against 54.5 ms of CPU a
 * frame), and 358 of the 367 detections of every tile on every frame found with identical boxes, against 187.
 */
import type { FaceDetection } from '../algorithms/index.ts';

/** A source rectangle of the detector, in frame pixels. */
export interface DetectorRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export class DetectionSchedule {
  private frame = 0;

  /** `fullEvery` 1 (the default) runs every rectangle on every frame, as without a schedule. */
  constructor(private readonly fullEvery = 1) {}

  /**
   * The rectangles to run on the next frame, from all of them (`all`: the whole frame, or the zone of interest,
   * first; then its tiles) and the faces found in the frame before, in the order of `all`.
   */
  next(all: readonly DetectorRect[], previous: readonly FaceDetection[]): DetectorRect[] {
    const full = this.frame % this.fullEvery === 0;
    this.frame++;
    const [area, ...tiles] = all;
    if (full || area === undefined || tiles.length === 0) return [...all];
    const chosen = new Set<DetectorRect>();
    for (const { box } of previous) {
      // the part of the box inside the area (a box may reach past the frame's edge)
      const x1 = Math.max(box.x1, area.x), y1 = Math.max(box.y1, area.y);
      const x2 = Math.min(box.x2, area.x + area.w), y2 = Math.min(box.y2, area.y + area.h);
      let whole = false;
      for (const t of tiles) {
        if (x1 >= t.x + t.w || x2 <= t.x || y1 >= t.y + t.h || y2 <= t.y) continue;
        chosen.add(t);
        whole ||= x1 >= t.x && x2 <= t.x + t.w && y1 >= t.y && y2 <= t.y + t.h;
      }
      if (!whole) chosen.add(area);
    }
    return all.filter((r) => chosen.has(r));
  }
}
