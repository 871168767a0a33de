/** FrLandmarks: the faceplugin fr_landmark model (68 points from a 64x64 grey box crop), reduced to 5 points. */
import * as ort from 'onnxruntime-node';
import type { RgbImage } from '../../footage/index.ts';
import type { Box } from '../face-detection.ts';
import { openSession, type OpenSessionOptions, outputData, type TimedSession } from '../onnx-session.ts';
import { resampleToGray } from '../resample.ts';

/** 68 iBUG points (0-based) -> the 5 ArcFace points: eye centres, nose tip, mouth corners (mean of outer and inner). */
export function points68to5(p: Float32Array): Float32Array {
  const mean = (idx: number[], axis: 0 | 1) => idx.reduce((s, i) => s + p[2 * i + axis]!, 0) / idx.length;
  const groups = [[37, 38, 40, 41], [43, 44, 46, 47], [30], [48, 60], [54, 64]];
  const out = new Float32Array(10);
  groups.forEach((g, k) => {
    out[2 * k] = mean(g, 0);
    out[2 * k + 1] = mean(g, 1);
  });
  return out;
}

/** Runs fr_landmark on the crop of a detected box. */
export class FrLandmarks {
  private readonly input = new Float32Array(64 * 64);

  private constructor(private readonly session: TimedSession) {}

  /** Loads the model (fetching it on first use). */
  static async open(options: OpenSessionOptions = {}): Promise<FrLandmarks> {
    return new FrLandmarks(await openSession('fr_landmark', options));
  }

  /** 68 points (x, y pairs, frame pixels) of the face in `box`. */
  async points68(img: RgbImage, box: Box): Promise<Float32Array> {
    const rect = { x: box.x1, y: box.y1, w: box.x2 - box.x1, h: box.y2 - box.y1 };
    resampleToGray(img, rect, 64, 64, 1 / 256, this.input);
    const out = outputData(await this.session.run({ input: new ort.Tensor('float32', this.input, [1, 1, 64, 64]) }), 'output');
    const pts = new Float32Array(136);
    for (let i = 0; i < 68; i++) {
      pts[2 * i] = rect.x + out[2 * i]! * rect.w;
      pts[2 * i + 1] = rect.y + out[2 * i + 1]! * rect.h;
    }
    return pts;
  }

  /** Releases the session. */
  async close(): Promise<void> {
    await this.session.release();
  }
}
