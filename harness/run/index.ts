/** Whole campaigns: from a protocol and a dataset manifest to results and a report, with provenance. */
// public API
export { runCampaign, runCampaignShard, mergeCampaign, type RunOptions, type RunOutcome, type ShardOutcome } from './run-campaign.ts';
export { provenance, hashInputs, packageVersions, gitCommit, uncommittedChanges, type Provenance, type HashedInput } from './provenance.ts';
export { stillPhotoSearch, type StillPhotoOptions, type StillPhotoResult } from './still-photo-search.ts';
export { recordRun, withdrawalExclusions, type RunToRecord } from './record-run.ts';
