/**
 * DetectionSchedule: which of the detector's rectangles (the whole frame and its tiles) to run on each processed
 * frame of a segment. Every `fullEvery`-th frame gets all of them. On the frames between, the faces of the frame
 * before carry themselves: the detector runs only on a window around each of them (three face heights tall, at least
 * two thirds of a tile's height, in the tiles' proportions), so a face in view keeps being
 * detected in every frame while a newcomer is found at the next full pass (at most fullEvery - 1 processed frames
 * late). It lives for one segment, so a segment's tables never depend on which segments a worker replayed before.
 */
import type { FaceDetection } from '../algorithms/index.ts';

/** A source rectangle of the detector, in frame pixels. */
export interface DetectorRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A window is this many face heights tall... */
const WINDOW_FACES = 3;
/**
 * ...and at least this share of a tile's height, so a small face is not enlarged much past the scale the tiles see it
 * at (measured on the 1080p bench clip, 40 faces carried from one frame to the next: windows of 3 face heights
 * alone found 29 of them, with this floor 37, windows of a whole tile 34).
 */
const MIN_WINDOW = 2 / 3;
/** A face already inside an earlier window with this share of its size around it on each side gets no window of its own. */
const MARGIN = 0.5;

export class DetectionSchedule {
  private frame = 0;

  /** `fullEvery` 1 (the default) runs every rectangle on every frame, as without a schedule. */
  constructor(private readonly fullEvery = 1) {}

  /**
   * The rectangles to run on the next frame, from all of them (`all`: the whole frame, or the zone of interest,
   * first; then its tiles) and the faces found in the frame before.
   */
  next(all: readonly DetectorRect[], previous: readonly FaceDetection[]): DetectorRect[] {
    const full = this.frame % this.fullEvery === 0;
    this.frame++;
    const area = all[0];
    const tile = all[1];
    if (full || area === undefined || tile === undefined) return [...all];
    const aspect = tile.w / tile.h;
    const windows: DetectorRect[] = [];
    for (const { box } of previous) {
      const fw = box.x2 - box.x1, fh = box.y2 - box.y1;
      const mx = MARGIN * fw, my = MARGIN * fh;
      if (windows.some((r) => box.x1 - mx >= r.x && box.x2 + mx <= r.x + r.w && box.y1 - my >= r.y && box.y2 + my <= r.y + r.h)) continue;
      const h = Math.min(area.h, Math.max(WINDOW_FACES * fh, MIN_WINDOW * tile.h)), w = Math.min(area.w, h * aspect);
      windows.push({ x: within((box.x1 + box.x2 - w) / 2, area.x, area.x + area.w - w), y: within((box.y1 + box.y2 - h) / 2, area.y, area.y + area.h - h), w, h });
    }
    return windows;
  }
}

/** `v` moved into [lo, hi]. */
function within(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}
