/**
 * The names of the execution providers Evenhand can ask onnxruntime-node for, apart from the runtime itself, so that
 * checking a --provider option does not load ONNX Runtime (commands that never run a model start faster).
 */

/** The execution providers Evenhand can ask onnxruntime-node for. */
export const ExecutionProvider = {
  cpu: 'ONNX Runtime on the CPU (ships inside onnxruntime-node)',
  cuda: 'ONNX Runtime on an NVIDIA GPU through CUDA (needs onnxruntime-node installed with its CUDA libraries: docs/replay.md#gpu)',
} as const;
export type ExecutionProvider = keyof typeof ExecutionProvider;

/** True when `name` names an execution provider. */
export function isExecutionProvider(name: string): name is ExecutionProvider {
  return Object.hasOwn(ExecutionProvider, name);
}
