/** Whole campaigns: from a protocol and a dataset manifest to results and a report, with provenance. */
// public API
export { runCampaign, type RunOptions, type RunOutcome } from './run-campaign.ts';
export { provenance, hashInputs, packageVersions, gitCommit, type Provenance, type HashedInput } from './provenance.ts';
