/** Whole campaigns: from a protocol and a dataset manifest to results and a report, with provenance. */
// public API
export { runCampaign, type RunOptions, type RunOutcome, type Exclusion } from './run-campaign.ts';
export { recordRun, withdrawalExclusions, type RunToRecord } from './record-run.ts';
export { provenance, hashInputs, packageVersions, gitCommit, type Provenance, type HashedInput } from './provenance.ts';
