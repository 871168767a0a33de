/**
 * ExecutionProvider: where ONNX Runtime runs a model (the CPU, or an NVIDIA GPU through CUDA), and the one place that
 * opens sessions with it, so a CUDA request that cannot be met fails with one clear message.
 */
import * as ort from 'onnxruntime-node';
import { InputError } from '../core/input-error.ts';
import { ensureModel } from '../models/index.ts';
import type { ExecutionProvider } from './execution-provider-name.ts';

export { ExecutionProvider, isExecutionProvider } from './execution-provider-name.ts';

/** What a session is opened with: intra-op threads and the execution provider (default: 1 thread, cpu). */
export interface SessionSettings {
  threads?: number;
  provider?: ExecutionProvider;
}

/** Session options for the face models (a search graph keeps ONNX Runtime's defaults). */
export const MODEL_TUNING: ort.InferenceSession.SessionOptions = {
  logSeverityLevel: 3, // errors only: the BlazeFace export warns about unused initializers
  // 'all' adds ONNX Runtime's layout optimisations (NCHWc convolutions). Measured 2026-11-27 with onnxruntime-node
  // 1.30, one thread, median ms a run 'extended' -> 'all': fr_detect 6.6 -> 2.7, fr_landmark 1.10 -> 0.36, fr_feature
  // 11.6 -> 8.1, BlazeFace 2.2 -> 1.3; outputs agree to float32 rounding (largest difference 5e-7 on the faceplugin
  // models, 6e-5 on BlazeFace logits of up to 150). An earlier onnxruntime had measured 'all' slower on fr_feature.
  graphOptimizationLevel: 'all',
};

/** The message when CUDA was asked for and onnxruntime-node could not load it. */
export function cudaUnavailable(detail: string): InputError {
  return new InputError('--provider', [{
    path: 'cuda',
    expected: 'onnxruntime-node with its CUDA execution provider and libraries on a machine with an NVIDIA GPU ' +
      '(install without the onnxruntime-node-install=skip line of .npmrc: docs/replay.md#gpu), or --provider cpu',
    got: detail.split('\n')[0] ?? detail,
  }]);
}

/**
 * Opens an ONNX Runtime session on `model` (a file path or the bytes of a model) with `settings` and `tuning`. With `cuda`, nodes
 * the CUDA provider cannot run fall back to the CPU inside ONNX Runtime; a CUDA provider that cannot be loaded at all
 * is an error, never a silent fall-back to the CPU.
 * @throws InputError (option `--provider`) when CUDA was asked for and onnxruntime-node cannot load it.
 */
export async function createSession(model: string | Uint8Array, settings: SessionSettings = {}, tuning: ort.InferenceSession.SessionOptions = MODEL_TUNING): Promise<ort.InferenceSession> {
  const provider = settings.provider ?? 'cpu';
  const options: ort.InferenceSession.SessionOptions = { ...tuning, executionProviders: [provider], intraOpNumThreads: settings.threads ?? 1, interOpNumThreads: 1 };
  if (provider === 'cpu') return typeof model === 'string' ? ort.InferenceSession.create(model, options) : ort.InferenceSession.create(model, options);
  const backend = ort.listSupportedBackends().find((b) => b.name === provider);
  if (backend === undefined) throw cudaUnavailable(`this build of onnxruntime-node has no ${provider} backend`);
  try {
    return typeof model === 'string' ? await ort.InferenceSession.create(model, options) : await ort.InferenceSession.create(model, options);
  } catch (err) {
    throw cudaUnavailable(err instanceof Error ? err.message : String(err));
  }
}

/**
 * Checks that `provider` can be loaded here, by opening a small model with it, so a command can refuse an unavailable
 * CUDA before it writes anything. The CPU is always available.
 * @throws InputError (option `--provider`) when CUDA cannot be loaded.
 */
export async function checkProvider(provider: ExecutionProvider): Promise<void> {
  if (provider === 'cpu') return;
  const quiet = ort.env.logLevel;
  ort.env.logLevel = 'fatal'; // ONNX Runtime would print its own error lines before ours
  try {
    const session = await createSession(await ensureModel('fr_landmark'), { provider });
    await session.release();
  } finally {
    ort.env.logLevel = quiet;
  }
}
