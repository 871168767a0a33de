/** FrEmbedder: the faceplugin fr_feature model: an aligned 112x112 face to a unit 512-d embedding. */
import * as ort from 'onnxruntime-node';
import type { RgbImage } from '../../footage/index.ts';
import { alignFace } from '../align-face.ts';
import { l2normalise } from '../face-match-score.ts';
import { openSession, type OpenSessionOptions, outputData, type TimedSession } from '../onnx-session.ts';

/** Aligns and embeds faces with fr_feature (batch 1: the model's shapes are fixed). */
export class FrEmbedder {
  private readonly input = new Float32Array(3 * 112 * 112);

  private constructor(private readonly session: TimedSession) {}

  /** Loads the model (fetching it on first use). */
  static async open(options: OpenSessionOptions = {}): Promise<FrEmbedder> {
    return new FrEmbedder(await openSession('fr_feature', options));
  }

  /** The unit-length 512-d embedding of the face whose five points are `points5`. */
  async embed(img: RgbImage, points5: Float32Array): Promise<Float32Array> {
    alignFace(img, points5, this.input);
    const out = outputData(await this.session.run({ input: new ort.Tensor('float32', this.input, [1, 3, 112, 112]) }), 'output');
    return l2normalise(Float32Array.from(out));
  }

  /** Releases the session. */
  async close(): Promise<void> {
    await this.session.release();
  }
}
