/** openSession: an ONNX Runtime CPU session for a catalogued model, verified and fetched on first use. */
import * as ort from 'onnxruntime-node';
import { ensureModel, type ModelId } from '../models/index.ts';

/** Opens model `id` with `threads` intra-op threads (1 by default). */
export async function openSession(id: ModelId, threads = 1, modelsDir?: string): Promise<ort.InferenceSession> {
  const file = modelsDir === undefined ? await ensureModel(id) : await ensureModel(id, modelsDir);
  return ort.InferenceSession.create(file, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    logSeverityLevel: 3, // errors only: the BlazeFace export warns about unused initializers
    graphOptimizationLevel: 'extended', // 'all' measured 3.5x slower on fr_feature here
  });
}

/** The float32 data of output `name` of a session run. @throws when the output is missing. */
export function outputData(outputs: ort.InferenceSession.OnnxValueMapType, name: string): Float32Array {
  const t = outputs[name];
  if (t === undefined) throw new Error(`model output '${name}' missing; got ${Object.keys(outputs).join(', ')}`);
  return t.data as Float32Array;
}
