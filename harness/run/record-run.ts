/**
 * Records what a campaign run folder is (evenhand-run.json, with the protocol copied beside it), so later commands
 * can combine, govern, withdraw from and export it without the command line that made it.
 */
import path from 'node:path';
import type { Campaign, CampaignAlgorithm } from '../campaign/campaign.ts';
import { effectiveRetention } from '../campaign/effective-retention.ts';
import type { Manifest } from '../campaign/load-manifest.ts';
import { TOOL_VERSION } from '../core/version.ts';
import { copyProtocol, writeRunRecord, type RunAlgorithm, type RunRecord } from '../store/run-record.ts';
import type { Exclusion } from '../analyse/run-inputs.ts';

/** What {@link recordRun} needs. */
export interface RunToRecord {
  out: string;
  protocolFile: string;
  datasetFile: string;
  campaign: Campaign;
  manifest: Manifest;
  algorithms: readonly CampaignAlgorithm[];
  /** Replay settings that change scores: part of each algorithm's version. */
  settings: { everyMs: number; minOverlap: number; topK: number; segmentMs: number; fullDetectEvery: number };
  /** Each algorithm's model files and hashes, and the execution provider it ran on (part of its version too). */
  models: readonly { algorithm: string; file: string; sha256: string }[];
  providers: Readonly<Record<string, string>>;
  /** External algorithms' adapters (name, version, files hashed): part of their version. */
  adapters?: Readonly<Record<string, { name: string; version: string; templates?: string; files: readonly { file: string; sha256: string }[] }>>;
  /** Algorithms whose tables were imported (kind "vendor-log", and their operator-reviewed systems). */
  imported?: readonly ImportedAlgorithm[];
  /** The folder's record before this run (its withdrawals are kept), or null. */
  previous: RunRecord | null;
}

/** An algorithm whose tables were imported from a deployed system's log (kind "vendor-log"). */
export interface ImportedAlgorithm {
  id: string;
  label: string;
  /** Its folder, relative to the run folder (searches.arrow, candidates.arrow, import.json). */
  dir: string;
  /** What makes its scores what they are (the vendor's mapping and scale, not the site's log); the tool's version is added. */
  version: Readonly<Record<string, string>>;
}

/**
 * Copies the protocol into `r.out` and writes its run record: each algorithm's version (tool version, its model
 * hashes, replay settings, execution provider; for an imported log, the vendor's mapping and scale), tables (imported
 * logs' and their operator-reviewed systems' too), the sites of the deployments, the retention of the data (the manifest's, else the
 * protocol's) and the withdrawals recorded before.
 */
export function recordRun(r: RunToRecord): void {
  const protocol = copyProtocol(r.protocolFile, r.out);
  const settings = Object.fromEntries(Object.entries(r.settings).map(([k, v]) => [k, String(v)]));
  const models = (algorithm: string): Record<string, string> => Object.fromEntries(r.models.filter((m) => m.algorithm === algorithm).map((m) => [`model ${m.file}`, m.sha256]));
  const adapter = (algorithm: string): Record<string, string> => {
    const a = r.adapters?.[algorithm];
    return a === undefined ? {} : { adapter: `${a.name} ${a.version}`, ...(a.templates === undefined ? {} : { 'adapter templates': a.templates }), ...Object.fromEntries(a.files.map((f) => [`adapter file ${f.file}`, f.sha256])) };
  };
  writeRunRecord(r.out, {
    format: 'evenhand-run/1',
    kind: 'campaign',
    campaign: r.campaign.id,
    title: r.campaign.title,
    protocol,
    dataset: path.relative(path.resolve(r.out), path.resolve(r.datasetFile)),
    simulated: false,
    algorithms: [...r.algorithms.map((a): RunAlgorithm => ({
      id: a.id, label: a.label, kind: a.kind, version: { tool: TOOL_VERSION, ...models(a.id), ...adapter(a.id), ...settings, provider: r.providers[a.id] ?? 'cpu' },
      searches: `${a.id}/searches.arrow`, candidates: `${a.id}/candidates.arrow`,
    })), ...(r.imported ?? []).map((a): RunAlgorithm => ({
      id: a.id, label: a.label, kind: 'vendor-log', version: { tool: TOOL_VERSION, ...a.version },
      searches: `${a.dir}/searches.arrow`, candidates: `${a.dir}/candidates.arrow`,
    }))],
    deployments: r.manifest.deployments.map((d) => ({ id: d.id, site: d.site })),
    retention: effectiveRetention(r.manifest, r.campaign.retention),
    withdrawals: r.previous?.withdrawals ?? [],
  });
}

/** The exclusion the methods section shows for volunteers who withdrew (a count only; empty when none did). */
export function withdrawalExclusions(previous: RunRecord | null): Exclusion[] {
  const n = previous?.withdrawals.length ?? 0;
  return n === 0 ? [] : [{ algorithm: null, reason: 'withdrawn', count: n, byGroup: {} }];
}
