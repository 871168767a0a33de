/** Verification benchmarks of an algorithm on labelled face pairs (LFW layout). */
export { readLfwDataset, lfwImagePath, type LfwDataset, type LfwPair, type LfwSubject } from './lfw-dataset.ts';
export { verificationMetrics, thresholdAtFar, type VerificationMetrics } from './verification-metrics.ts';
export { fnmrAtFmr, type FnmrAtFmr, type CountedRate } from './fnmr-at-fmr.ts';
export { verifyLfw, type LfwVerification } from './verify-lfw.ts';
