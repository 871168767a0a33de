/** BlazeFaceDetector: MediaPipe BlazeFace front 128x128 with the SSD anchor decoding, over the frame and optional tiles. */
import * as ort from 'onnxruntime-node';
import type { RgbImage } from '../../footage/index.ts';
import type { Tiling } from '../face-algorithm.ts';
import type { Box } from '../face-detection.ts';
import { detectorRects, dropCutFaces, mergeTiled } from '../faceplugin/fr-detector.ts';
import { nms } from '../nms.ts';
import { openSession, type OpenSessionOptions, outputData, type TimedSession } from '../onnx-session.ts';
import type { Rect } from '../resample.ts';
import { blazeFaceAnchors, type Anchor } from './blazeface-anchors.ts';

const S = 128;

/** A BlazeFace detection: box, score and its six key points (eyes, nose, mouth centre, ears) in frame pixels. */
export interface BlazeDetection {
  box: Box;
  score: number;
  keypoints: Float32Array;
}

/** Runs BlazeFace (letterboxed to 128x128, NHWC, values scaled to -1..1) and decodes its anchors. */
export class BlazeFaceDetector {
  private readonly input = new Float32Array(S * S * 3);
  private readonly anchors = blazeFaceAnchors();

  private constructor(private readonly session: TimedSession, private readonly minScore: number, private readonly tiling: Tiling) {}

  /** Loads the model (fetching it on first use). */
  static async open(options: OpenSessionOptions & { minScore?: number; tiling?: Tiling } = {}): Promise<BlazeFaceDetector> {
    const session = await openSession('blazeface_front_128', options);
    return new BlazeFaceDetector(session, options.minScore ?? 0.75, options.tiling ?? { kind: 'auto' });
  }

  /** The source rectangles it runs on for a frame of this size: the whole frame first, then its tiles. */
  rects(width: number, height: number): Rect[] {
    // The front-camera model is made for faces filling much of its input: tiles near the input's size (152 x 141 px on
    // a 640x480 frame, letterboxed to 128) keep a small face above the model's smallest; with fr_detect's 1.5x tiles
    // (188 x 185 px) 3 of 72 volunteer passes of the place rehearsal were never detected.
    return detectorRects(width, height, this.tiling, { w: S, h: S, tileScale: 1 });
  }

  /** Faces in `img` (within `rects`, default all of {@link rects}), best first (NMS at IoU 0.3 across the frame and its tiles). */
  async detect(img: RgbImage, rects: readonly Rect[] = this.rects(img.width, img.height)): Promise<BlazeDetection[]> {
    const all: BlazeDetection[] = [];
    for (const rect of rects) all.push(...dropCutFaces(await this.detectRect(img, rect), rect, img.width, img.height));
    return mergeTiled(all, 0.3);
  }

  private async detectRect(img: RgbImage, rect: Rect): Promise<BlazeDetection[]> {
    // letterbox: the longer side of rect fills 128 px, centred; outside pixels are black (-1)
    const side = Math.max(rect.w, rect.h);
    const ox = rect.x - (side - rect.w) / 2, oy = rect.y - (side - rect.h) / 2;
    const step = side / S;
    const { width, height, data } = img;
    for (let v = 0; v < S; v++) {
      const fy = oy + (v + 0.5) * step - 0.5;
      for (let u = 0; u < S; u++) {
        const fx = ox + (u + 0.5) * step - 0.5;
        const o = (v * S + u) * 3;
        if (fx < rect.x - 0.5 || fy < rect.y - 0.5 || fx > rect.x + rect.w - 0.5 || fy > rect.y + rect.h - 0.5) {
          this.input[o] = -1; this.input[o + 1] = -1; this.input[o + 2] = -1;
          continue;
        }
        const cx = Math.min(width - 1, Math.max(0, fx)), cy = Math.min(height - 1, Math.max(0, fy));
        const x0 = Math.floor(cx), y0 = Math.floor(cy);
        const x1 = Math.min(width - 1, x0 + 1), y1 = Math.min(height - 1, y0 + 1);
        const wx = cx - x0, wy = cy - y0;
        for (let c = 0; c < 3; c++) {
          const top = data[(y0 * width + x0) * 3 + c]! * (1 - wx) + data[(y0 * width + x1) * 3 + c]! * wx;
          const bot = data[(y1 * width + x0) * 3 + c]! * (1 - wx) + data[(y1 * width + x1) * 3 + c]! * wx;
          this.input[o + c] = (top * (1 - wy) + bot * wy) / 127.5 - 1;
        }
      }
    }
    const out = await this.session.run({ 'input:0': new ort.Tensor('float32', this.input, [1, S, S, 3]) });
    const found: BlazeDetection[] = [];
    const decode = (scores: Float32Array, boxes: Float32Array, anchors: Anchor[]) => {
      for (let i = 0; i < anchors.length; i++) {
        const score = 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, scores[i]!))));
        if (score < this.minScore) continue;
        const a = anchors[i]!, b = i * 16;
        const toX = (u: number) => ox + u * side, toY = (u: number) => oy + u * side;
        const cx = a.cx + boxes[b]! / S, cy = a.cy + boxes[b + 1]! / S, w = boxes[b + 2]! / S, h = boxes[b + 3]! / S;
        const keypoints = new Float32Array(12);
        for (let k = 0; k < 6; k++) {
          keypoints[2 * k] = toX(a.cx + boxes[b + 4 + 2 * k]! / S);
          keypoints[2 * k + 1] = toY(a.cy + boxes[b + 5 + 2 * k]! / S);
        }
        found.push({ box: { x1: toX(cx - w / 2), y1: toY(cy - h / 2), x2: toX(cx + w / 2), y2: toY(cy + h / 2) }, score, keypoints });
      }
    };
    decode(outputData(out, 'Identity:0'), outputData(out, 'Identity_2:0'), this.anchors.layer1);
    decode(outputData(out, 'Identity_1:0'), outputData(out, 'Identity_3:0'), this.anchors.layer2);
    return nms(found, 0.3);
  }

  /** Releases the session. */
  async close(): Promise<void> {
    await this.session.release();
  }
}
