/** blazeface+faceplugin: BlazeFace detection, then the same landmarks, alignment and embedder as faceplugin-v1. */
import type { AlgorithmOptions, FaceAlgorithm } from '../face-algorithm.ts';
import type { FaceDetection } from '../face-detection.ts';
import { cosineMatchScore } from '../face-match-score.ts';
import type { InferenceTiming } from '../onnx-session.ts';
import type { Rect } from '../resample.ts';
import { FrEmbedder } from '../faceplugin/fr-embedder.ts';
import { FrLandmarks, points68to5 } from '../faceplugin/fr-landmarks.ts';
import { BlazeFaceDetector } from './blazeface-detector.ts';

/** Creates the blazeface+faceplugin pipeline: it differs from faceplugin-v1 only in face capture (the detector). */
export async function createBlazefaceFaceplugin(options: AlgorithmOptions = {}): Promise<FaceAlgorithm> {
  const timing: InferenceTiming = { ms: 0, runs: 0 };
  const session = { threads: options.threads ?? 1, provider: options.provider ?? 'cpu', modelsDir: options.modelsDir, timing };
  const detector = await BlazeFaceDetector.open({ ...session, tiling: options.tiling ?? { kind: 'auto' } });
  const landmarks = await FrLandmarks.open(session);
  const embedder = await FrEmbedder.open(session);
  return {
    name: 'blazeface+faceplugin',
    embeddingSize: 512,
    provider: session.provider,
    timing,
    detectionRects: (width, height) => detector.rects(width, height),
    async detect(image, rects?: readonly Rect[]): Promise<FaceDetection[]> {
      const found: FaceDetection[] = [];
      for (const d of await detector.detect(image, rects)) {
        // BlazeFace boxes are tighter than fr_detect's, which the landmark model was fed: grow by 10% each side
        const w = d.box.x2 - d.box.x1, h = d.box.y2 - d.box.y1;
        const box = { x1: d.box.x1 - 0.1 * w, y1: d.box.y1 - 0.1 * h, x2: d.box.x2 + 0.1 * w, y2: d.box.y2 + 0.1 * h };
        found.push({ box: d.box, score: d.score, points5: points68to5(await landmarks.points68(image, box)) });
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
