/** openSession: an ONNX Runtime CPU session for a catalogued model, verified and fetched on first use. */
import * as ort from 'onnxruntime-node';
import { ensureModel, type ModelId } from '../models/index.ts';

/** Time spent inside ONNX Runtime runs (ms) and their count: benchmarks compare it with the wall time. */
export interface InferenceTiming {
  ms: number;
  runs: number;
}

/** An ONNX Runtime session that adds the duration of each run to a shared {@link InferenceTiming}. */
export class TimedSession {
  constructor(readonly session: ort.InferenceSession, readonly timing: InferenceTiming) {}

  /** Runs the model on `feeds`, timing the run. */
  async run(feeds: ort.InferenceSession.FeedsType): Promise<ort.InferenceSession.ReturnType> {
    const t = performance.now();
    try {
      return await this.session.run(feeds);
    } finally {
      this.timing.ms += performance.now() - t;
      this.timing.runs++;
    }
  }

  /** Releases the session. */
  release(): Promise<void> {
    return this.session.release();
  }
}

/** Opens model `id` with `threads` intra-op threads (1 by default); its runs add to `timing`. */
export async function openSession(id: ModelId, threads = 1, modelsDir?: string, timing: InferenceTiming = { ms: 0, runs: 0 }): Promise<TimedSession> {
  const file = modelsDir === undefined ? await ensureModel(id) : await ensureModel(id, modelsDir);
  const session = await ort.InferenceSession.create(file, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    logSeverityLevel: 3, // errors only: the BlazeFace export warns about unused initializers
    graphOptimizationLevel: 'extended', // 'all' measured 3.5x slower on fr_feature here
  });
  return new TimedSession(session, timing);
}

/** The float32 data of output `name` of a session run. @throws when the output is missing. */
export function outputData(outputs: ort.InferenceSession.OnnxValueMapType, name: string): Float32Array {
  const t = outputs[name];
  if (t === undefined) throw new Error(`model output '${name}' missing; got ${Object.keys(outputs).join(', ')}`);
  return t.data as Float32Array;
}
