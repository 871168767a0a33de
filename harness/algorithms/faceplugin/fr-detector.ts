/** FrDetector: the faceplugin fr_detect model (320x240 input) with NMS, over the whole frame and optional tiles. */
import * as ort from 'onnxruntime-node';
import type { RgbImage } from '../../footage/index.ts';
import type { Tiling } from '../face-algorithm.ts';
import type { Box } from '../face-detection.ts';
import { nms } from '../nms.ts';
import { openSession, type OpenSessionOptions, outputData, type TimedSession } from '../onnx-session.ts';
import { type Rect, resampleToPlanar } from '../resample.ts';

const W = 320, H = 240;

/** A detector box before landmarks. */
export interface RawDetection {
  box: Box;
  score: number;
}

/** Detector settings. */
export interface FrDetectorOptions {
  /** Minimum face score (column 1 of `scores`), default 0.65. */
  minScore?: number;
  /** NMS IoU threshold, default 0.4. */
  nmsIou?: number;
  tiling?: Tiling;
}

/** A detector's input size and, for automatic tiling, the tile size it aims at as a multiple of that size (default 1.5). */
export interface DetectorInput {
  w: number;
  h: number;
  tileScale?: number;
}

/**
 * The source rectangles a detector with `input` size (default fr_detect's 320x240) runs on for a frame of width x
 * height under `tiling`: whole frame first. Automatic tiling gives frames of more than 4x the input's area
 * ceil(width / (tileScale x input width)) x ceil(height / (tileScale x input height)) tiles overlapping by 20%, so a
 * tile is at most 1.25 x tileScale times the input a side.
 */
export function detectorRects(width: number, height: number, tiling: Tiling, input: DetectorInput = { w: W, h: H }): Rect[] {
  const whole: Rect = { x: 0, y: 0, w: width, h: height };
  let cols: number, rows: number, overlap: number;
  switch (tiling.kind) {
    case 'none':
      return [whole];
    case 'grid':
      ({ cols, rows, overlap } = tiling);
      break;
    case 'auto':
      // only frames of more than 4x the detector input's area get tiles (on a 512x512 portrait a 2x2 grid added a
      // false face on the suit at score 0.73); tiles of at most about 1.5x the input keep a 20 px face about 13 px wide
      if (width * height <= 4 * input.w * input.h) return [whole];
      cols = Math.max(1, Math.ceil(width / ((input.tileScale ?? 1.5) * input.w)));
      rows = Math.max(1, Math.ceil(height / ((input.tileScale ?? 1.5) * input.h)));
      overlap = 0.2;
      break;
  }
  if (cols <= 1 && rows <= 1) return [whole];
  const rects = [whole];
  const tw = cols > 1 ? width / (cols - (cols - 1) * overlap) : width;
  const th = rows > 1 ? height / (rows - (rows - 1) * overlap) : height;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = cols > 1 ? (c * (width - tw)) / (cols - 1) : 0;
      const y = rows > 1 ? (r * (height - th)) / (rows - 1) : 0;
      rects.push({ x, y, w: tw, h: th });
    }
  }
  return rects;
}

/**
 * Drops boxes that touch an edge of `rect` lying inside the frame: a face cut by a tile border is found whole in the
 * neighbouring tile or the full-frame pass, and the cut one would be a second, wrong detection.
 */
export function dropCutFaces<T extends { box: Box }>(found: readonly T[], rect: Rect, width: number, height: number): T[] {
  const m = 0.01 * Math.max(rect.w, rect.h);
  return found.filter(({ box }) =>
    !((rect.x > 0 && box.x1 <= rect.x + m) || (rect.y > 0 && box.y1 <= rect.y + m) ||
      (rect.x + rect.w < width - 1 && box.x2 >= rect.x + rect.w - m) || (rect.y + rect.h < height - 1 && box.y2 >= rect.y + rect.h - m)));
}

/** NMS across the passes, then drops a box lying mostly (>= 60% of its area) inside a better one (a face part). */
export function mergeTiled<T extends { box: Box; score: number }>(found: readonly T[], iouThreshold: number): T[] {
  const kept: T[] = [];
  for (const d of nms(found, iouThreshold)) {
    const area = (d.box.x2 - d.box.x1) * (d.box.y2 - d.box.y1);
    const inside = kept.some(({ box: k }) => {
      const w = Math.min(k.x2, d.box.x2) - Math.max(k.x1, d.box.x1), h = Math.min(k.y2, d.box.y2) - Math.max(k.y1, d.box.y1);
      return w > 0 && h > 0 && (w * h) / area >= 0.6;
    });
    if (!inside) kept.push(d);
  }
  return kept;
}

/** Runs fr_detect on one image, over the whole frame and the tiles of its tiling, and merges the boxes by NMS. */
export class FrDetector {
  private readonly input = new Float32Array(3 * W * H);

  private constructor(private readonly session: TimedSession, private readonly options: Required<FrDetectorOptions>) {}

  /** Loads the model (fetching it on first use). */
  static async open(options: FrDetectorOptions & OpenSessionOptions = {}): Promise<FrDetector> {
    const session = await openSession('fr_detect', options);
    return new FrDetector(session, { minScore: options.minScore ?? 0.65, nmsIou: options.nmsIou ?? 0.4, tiling: options.tiling ?? { kind: 'auto' } });
  }

  /** The source rectangles it runs on for a frame of this size: the whole frame first, then its tiles. */
  rects(width: number, height: number): Rect[] {
    return detectorRects(width, height, this.options.tiling);
  }

  /** Face boxes in frame pixels, best score first, found in `rects` (default: all of {@link rects}). */
  async detect(img: RgbImage, rects: readonly Rect[] = this.rects(img.width, img.height)): Promise<RawDetection[]> {
    const all: RawDetection[] = [];
    for (const rect of rects) {
      all.push(...dropCutFaces(await this.detectRect(img, rect), rect, img.width, img.height));
    }
    return mergeTiled(all, this.options.nmsIou);
  }

  private async detectRect(img: RgbImage, rect: Rect): Promise<RawDetection[]> {
    resampleToPlanar(img, rect, W, H, 127, 128, this.input);
    const out = await this.session.run({ input: new ort.Tensor('float32', this.input, [1, 3, H, W]) });
    const scores = outputData(out, 'scores');
    const boxes = outputData(out, 'boxes');
    const found: RawDetection[] = [];
    const n = scores.length / 2;
    for (let i = 0; i < n; i++) {
      const s = scores[2 * i + 1]!;
      if (s < this.options.minScore) continue;
      const x1 = rect.x + boxes[4 * i]! * rect.w, y1 = rect.y + boxes[4 * i + 1]! * rect.h;
      const x2 = rect.x + boxes[4 * i + 2]! * rect.w, y2 = rect.y + boxes[4 * i + 3]! * rect.h;
      if (x2 - x1 < 2 || y2 - y1 < 2) continue;
      found.push({ box: { x1, y1, x2, y2 }, score: s });
    }
    return nms(found, this.options.nmsIou);
  }

  /** Releases the session. */
  async close(): Promise<void> {
    await this.session.release();
  }
}
