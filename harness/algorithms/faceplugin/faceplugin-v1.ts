/** faceplugin-v1: fr_detect (tiled on large frames) -> fr_landmark 68 points -> 5-point alignment -> fr_feature. */
import type { RgbImage } from '../../footage/index.ts';
import type { AlgorithmOptions, FaceAlgorithm } from '../face-algorithm.ts';
import type { FaceDetection } from '../face-detection.ts';
import { cosineMatchScore } from '../face-match-score.ts';
import type { InferenceTiming } from '../onnx-session.ts';
import type { Rect } from '../resample.ts';
import { FrDetector } from './fr-detector.ts';
import { FrEmbedder } from './fr-embedder.ts';
import { FrLandmarks, points68to5 } from './fr-landmarks.ts';

/** Creates the faceplugin-v1 pipeline (see MODEL_CARD.md beside this file). */
export async function createFacepluginV1(options: AlgorithmOptions = {}): Promise<FaceAlgorithm> {
  const timing: InferenceTiming = { ms: 0, runs: 0 };
  const session = { threads: options.threads ?? 1, provider: options.provider ?? 'cpu', modelsDir: options.modelsDir, timing };
  const detector = await FrDetector.open({ ...session, tiling: options.tiling ?? { kind: 'auto' } });
  const landmarks = await FrLandmarks.open(session);
  const embedder = await FrEmbedder.open(session);
  return {
    name: 'faceplugin-v1',
    embeddingSize: 512,
    provider: session.provider,
    timing,
    detectionRects: (width, height) => detector.rects(width, height),
    async detect(image: RgbImage, rects?: readonly Rect[]): Promise<FaceDetection[]> {
      const found: FaceDetection[] = [];
      for (const d of await detector.detect(image, rects)) {
        found.push({ box: d.box, score: d.score, points5: points68to5(await landmarks.points68(image, d.box)) });
      }
      return found;
    },
    embed: (image, face) => embedder.embed(image, face.points5),
    matchScore: cosineMatchScore,
    async close() {
      await Promise.all([detector.close(), landmarks.close(), embedder.close()]);
    },
  };
}
