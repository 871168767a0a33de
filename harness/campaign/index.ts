/** The campaign stage: load and validate a protocol and a dataset manifest into normalised values. */
// public API
export { loadProtocol } from './load-protocol.ts';
export { loadManifest, type Manifest, type ManifestFileOptions } from './load-manifest.ts';
export { simulationSizeProblems, simulatedSearches } from './simulation-size.ts';
export { normaliseProtocol, roundThreshold, type Campaign, type CampaignAlgorithm } from './campaign.ts';
export { Dimension, DIMENSIONS, isDimension } from './dimension.ts';
export { Condition, CONDITIONS, CATEGORICAL_CONDITIONS, isCondition, conditionBin, conditionSettings, type ConditionSpec, type CategoricalCondition, type ModelCondition, type ConditionSettings, type ConditionValues } from './condition.ts';
export { ProtocolSchema, type ProtocolInput, type Category, type SimulationSettings, type PolicySettings } from './protocol-schema.ts';
export { UseCaseSchema, CandidateListSchema, USE_CASE_DESCRIPTIONS, type UseCase, type CandidateList } from './use-case-schema.ts';
export { ManifestSchema, FrameRectSchema, type Volunteer, type Pass, type Probe, type FrameRect } from './manifest-schema.ts';
export { readStructuredFile, parseWithSchema, formatPath } from './read-structured-file.ts';
export { RehearsalSchema, LabelMapSchema, StillProbeSchema, type RehearsalInput, type RehearsalSettings, type StillProbeSettings } from './rehearsal-schema.ts';
export { DataClass, DATA_CLASSES, isDataClass } from './data-class.ts';
export { RetentionPolicySchema, ManifestRetentionSchema, type RetentionPolicy, type ManifestRetention } from './retention-schema.ts';
export { effectiveRetention, retentionEnd, type EffectiveRetention } from './effective-retention.ts';
