/** Candidate face-recognition algorithms: a registry of pipelines that detect faces and embed them for 1:N search. */
export { algorithms, createAlgorithm } from './builtin-algorithms.ts';
export { AlgorithmRegistry, type AlgorithmSpec } from './algorithm-registry.ts';
export type { FaceAlgorithm, AlgorithmOptions, Tiling } from './face-algorithm.ts';
export type { OpaqueTemplates, OpaqueEntry } from './opaque-templates.ts';
export type { Rect } from './resample.ts';
export { type Box, type FaceDetection, iou, faceSizePx } from './face-detection.ts';
export { cosine, cosineMatchScore, l2normalise, fuseVectors } from './face-match-score.ts';
export { readLfwDataset, verifyLfw, verificationMetrics, fnmrAtFmr, type LfwDataset, type LfwVerification, type VerificationMetrics, type FnmrAtFmr, type CountedRate } from './verification/index.ts';
export type { InferenceTiming } from './onnx-session.ts';
export { ExecutionProvider, isExecutionProvider, createSession, checkProvider, cudaUnavailable, type SessionSettings } from './execution-provider.ts';
export { createExternalAlgorithm, adapterFiles, adapterIdentity, type AdapterIdentity, AdapterProcess, AdapterProtocolError, AdapterFailedError, AdapterRefusedError, ADAPTER_MESSAGE_SCHEMAS, type ExternalAlgorithm, type AdapterSettings, type HelloReply } from './external/index.ts';
