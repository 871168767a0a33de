/** algorithms: the registry of built-in candidate algorithms (ONNX pipelines on onnxruntime-node). */
import { AlgorithmRegistry } from './algorithm-registry.ts';
import type { AlgorithmOptions, FaceAlgorithm } from './face-algorithm.ts';
import { createBlazefaceFaceplugin } from './blazeface/blazeface-faceplugin.ts';
import { createFacepluginV1 } from './faceplugin/faceplugin-v1.ts';
import { createExternalAlgorithm } from './external/external-algorithm.ts';

/** The built-in algorithms. Add one by registering its spec here. */
export const algorithms = new AlgorithmRegistry()
  .register({
    name: 'faceplugin-v1',
    description: 'faceplugin fr_detect (tiled on large frames) + 68-point landmarks + ArcFace-style alignment + fr_feature 512-d',
    models: ['fr_detect', 'fr_landmark', 'fr_feature'],
    create: createFacepluginV1,
  })
  .register({
    name: 'blazeface+faceplugin',
    description: 'MediaPipe BlazeFace front 128x128 detection (tiled on large frames) + the faceplugin-v1 landmarks, alignment and embedder',
    models: ['blazeface_front_128', 'fr_landmark', 'fr_feature'],
    create: createBlazefaceFaceplugin,
  });

/**
 * Creates the algorithm called `name`: a built-in one, or with `options.adapter` an external one run by its adapter program.
 * @throws `Unknown algorithm 'x'. Available: ...`; for an adapter, AdapterFailedError / AdapterProtocolError.
 */
export function createAlgorithm(name: string, options: AlgorithmOptions = {}): Promise<FaceAlgorithm> {
  if (options.adapter !== undefined) return createExternalAlgorithm(name, options.adapter, options);
  return algorithms.get(name).create(options);
}
