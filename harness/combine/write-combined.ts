/**
 * Writes a combined study's folder (the report aside): results.json (pooled), sites.json, sites/<id>/results.json,
 * the protocol, provenance.json and the run record. It keeps no search-level table: the runs remain the source.
 */
import path from 'node:path';
import { retentionEnd } from '../campaign/effective-retention.ts';
import { TOOL_VERSION } from '../core/version.ts';
import { copyProtocol, writeRunRecord, type RunRecord } from '../store/run-record.ts';
import { sha256File } from '../core/sha256-file.ts';
import { writeFileAtomic } from '../store/write-file-atomic.ts';
import type { CombinedStudy } from './combine-runs.ts';

const json = (x: unknown): string => `${JSON.stringify(x)}\n`;

/** Writes `study` into the folder `dir` (which must exist), with paths to the runs relative to `finalDir`. */
export async function writeCombined(dir: string, finalDir: string, study: CombinedStudy): Promise<void> {
  writeFileAtomic(path.join(dir, 'results.json'), json(study.results));
  writeFileAtomic(path.join(dir, 'sites.json'), `${JSON.stringify(study.siteAnalysis, null, 1)}\n`);
  for (const [id, results] of study.bySite) writeFileAtomic(path.join(dir, 'sites', id, 'results.json'), json(results));
  const first = study.runs[0];
  const protocol = first === undefined ? 'protocol.json' : copyProtocol(path.join(first.dir, first.record.protocol), dir);
  const folder = (d: string): string => path.relative(path.resolve(finalDir), path.resolve(d)) || '.';
  const runs = await Promise.all(study.runs.map(async (r) => ({
    label: r.label, folder: folder(r.dir), campaign: r.campaign.id, record: r.recordSha256,
    results: await sha256File(path.join(r.dir, 'results.json')).catch(() => null),
  })));
  writeFileAtomic(path.join(dir, 'provenance.json'), `${JSON.stringify({ tool: { name: 'evenhand', version: TOOL_VERSION }, combined: runs }, null, 2)}\n`);
  writeRunRecord(dir, {
    format: 'evenhand-run/1',
    kind: 'combined',
    campaign: study.campaign.id,
    title: study.campaign.title,
    protocol,
    dataset: null,
    simulated: study.runs.some((r) => r.record.simulated),
    algorithms: (first?.record.algorithms ?? []).map((a) => ({ ...a, searches: null, candidates: null })),
    deployments: study.sites.flatMap((s) => s.deployments.map((id) => ({ id, site: s.label }))),
    retention: strictestRetention(study.runs.map((r) => r.record.retention)),
    runs: runs.map(({ label, folder: f, campaign, record }) => ({ label, folder: f, campaign, record })),
  });
}

/** The retention of a study made of runs: the earliest end of period, keeping only what every run may keep. */
function strictestRetention(all: readonly RunRecord['retention'][]): RunRecord['retention'] {
  const known = all.filter((r): r is NonNullable<RunRecord['retention']> => r !== null);
  const [earliest] = [...known].sort((a, b) => retentionEnd(a).localeCompare(retentionEnd(b)));
  if (earliest === undefined) return null;
  return { ...earliest, afterPeriod: known.some((r) => r.afterPeriod === 'delete') ? 'delete' : 'review', keep: earliest.keep.filter((k) => known.every((r) => r.keep.includes(k))) };
}
