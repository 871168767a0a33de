/** openSession: an ONNX Runtime session for a catalogued model, verified and fetched on first use. */
import type * as ort from 'onnxruntime-node';
import { ensureModel, type ModelId } from '../models/index.ts';
import { createSession, type SessionSettings } from './execution-provider.ts';

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

/** How a model's session is opened: threads and provider, the model cache, and the timing its runs add to. */
export interface OpenSessionOptions extends SessionSettings {
  modelsDir?: string | undefined;
  timing?: InferenceTiming;
}

/**
 * Opens model `id` (1 intra-op thread and the CPU by default); its runs add to `options.timing`.
 * @throws InputError when the model file is wrong or CUDA was asked for and cannot be loaded.
 */
export async function openSession(id: ModelId, options: OpenSessionOptions = {}): Promise<TimedSession> {
  const file = options.modelsDir === undefined ? await ensureModel(id) : await ensureModel(id, options.modelsDir);
  const session = await createSession(file, options);
  return new TimedSession(session, options.timing ?? { ms: 0, runs: 0 });
}

/** The float32 data of output `name` of a session run. @throws when the output is missing. */
export function outputData(outputs: ort.InferenceSession.OnnxValueMapType, name: string): Float32Array {
  const t = outputs[name];
  if (t === undefined) throw new Error(`model output '${name}' missing; got ${Object.keys(outputs).join(', ')}`);
  return t.data as Float32Array;
}
