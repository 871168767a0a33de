/** The rehearsal stage: synthetic walk-past footage and a dataset manifest made from labelled face photos. */
// public API
export { rehearse, type RehearseOptions, type RehearsalResult } from './rehearse.ts';
export { rehearseStills, type RehearseStillsOptions, type StillsRehearsalResult } from './rehearse-stills.ts';
export { degradeProbe, drawDegradation, type Degradation } from './degrade-probe.ts';
export { RehearsalFiles } from './write-rehearsal.ts';
export { resolveRehearsalSettings, type RehearsalOverrides } from './resolve-settings.ts';
export { readFaceSource } from './read-face-source.ts';
export { readLfwFolder, LFW_HEAD_CROP } from './read-lfw-folder.ts';
export { readFaceCsv, FACE_CSV_COLUMNS } from './read-face-csv.ts';
export type { FaceSource, FaceIdentity, RawLabels } from './face-source.ts';
export { createLabelMapper, DEFAULT_LABEL_MAP, DEFAULT_AGE_BANDS, type LabelMapper, type MappedLabel } from './label-map.ts';
export { assignRoles, type RoleAssignment, type RoleCounts } from './assign-roles.ts';
export { passBox, type Box, type Stage } from './pass-box.ts';
export { ffmpegTools, probeVideo, checkEncoder, type FfmpegTools, type ProbedVideo } from './ffmpeg.ts';
export { readFrames } from './frame-stream.ts';
