/**
 * `evenhand run` with an algorithm of kind "vendor-log": the log is imported against the manifest's ground truth as
 * `evenhand import-alerts` would, analysed and reported with the rest; no footage needed.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.ts';
import { combineRuns } from '../combine/index.ts';
import { executeWithdrawal, planWithdrawal } from '../govern/index.ts';
import { readArrowFile } from '../store/read-arrow-file.ts';
import { readRunRecord } from '../store/run-record.ts';
import { runCampaign } from './run-campaign.ts';

const fx = path.resolve('datasets/examples/alert-logs');

describe('a run with a vendor log', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-log-run-'));
  const protocol = (algorithms: unknown[]): string => {
    const file = path.join(dir, `p${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ id: 'log-run', title: 'Log run', algorithms, thresholds: { from: 0.5, to: 0.8, step: 0.05 }, operationalThresholds: [0.6], watchlist: { size: 1000 }, report: { minCellSize: 1 } }));
    return file;
  };

  it('imports the log, carries its summary and exclusions into results.json, and hashes the log in provenance', async () => {
    const out = path.join(dir, 'run');
    const file = protocol([{ id: 'vendor-b', label: 'Vendor B', kind: 'vendor-log', log: { file: path.join(fx, 'vendor-b.jsonl'), format: path.join(fx, 'vendor-b.yaml'), faceCounts: path.join(fx, 'vendor-b-faces.csv') } }]);
    // a copy of the example dataset: the withdrawal below edits the dataset of the run
    const data = path.join(dir, 'data');
    cpSync(fx, data, { recursive: true });
    const outcome = await runCampaign({ protocol: file, dataset: path.join(data, 'manifest.json'), out });
    const a = outcome.results.algorithms[0];
    expect(a?.logImport?.format).toBe('Vendor B event stream (JSON lines)');
    expect(a?.counts.nonMated['crowd']).toBe(a?.logImport?.crowd?.total);
    expect(outcome.results.runInputs.exclusions.find((e) => e.reason === 'log-row-unreadable')?.count).toBe(2);
    const prov = JSON.parse(readFileSync(path.join(out, 'provenance.json'), 'utf8')) as { inputs: { role: string; file: string }[] };
    expect(prov.inputs.filter((i) => i.role !== 'manifest' && i.role !== 'protocol').map((i) => [i.role, path.basename(i.file)])).toEqual([['alert log', 'vendor-b.jsonl'], ['face-count log', 'vendor-b-faces.csv']]);
    expect(readFileSync(path.join(out, 'report', 'annex.html'), 'utf8').includes("<h3>From the system's log</h3>")).toBe(true);
    // the combined human + algorithm system beside the algorithm alone, and what the operator changes in words
    const reviewed = outcome.results.algorithms[1];
    expect(reviewed?.id).toBe('vendor-b+operator');
    const tpir = (x: typeof a, t: number) => x?.rates.find((r) => r.metric === 'TPIR' && r.group === 'overall' && Math.abs(r.threshold - t) < 1e-9)?.k;
    expect((tpir(a, 0.6) ?? 0) - (tpir(reviewed, 0.6) ?? 0)).toBe(2);
    expect(readFileSync(path.join(out, 'report', 'index.html'), 'utf8')).toMatch(/An operator reviewed each alert \(Vendor B with operator review[^<]*Operators dismissed 2 of \d+ correct alerts/);

    // the run record knows the imported tables and the operator-reviewed system: a second site's run combines with
    // this one, and a volunteer withdrawn from the run leaves both systems' tables
    const record = readRunRecord(out);
    expect(record.algorithms.map((x) => [x.id, x.kind, x.searches])).toEqual([['vendor-b', 'vendor-log', 'vendor-b/searches.arrow'], ['vendor-b+operator', 'vendor-log', 'vendor-b/operator/searches.arrow']]);
    const other = path.join(dir, 'other-site');
    await runCampaign({ protocol: file, dataset: path.join(data, 'manifest.json'), out: other });
    const study = combineRuns({ runs: [`a=${out}`, `b=${other}`] });
    expect(study.results.algorithms.map((x) => [x.id, x.counts.mated])).toEqual([['vendor-b', 2 * (a?.counts.mated ?? 0)], ['vendor-b+operator', 2 * (reviewed?.counts.mated ?? 0)]]);
    const searches = readArrowFile(path.join(out, 'vendor-b', 'searches.arrow')).toArray() as { search_id: string; subject_id: string | null; mated: boolean }[];
    const candidates = readArrowFile(path.join(out, 'vendor-b', 'candidates.arrow')).toArray() as { search_id: string; gallery_id: string }[];
    const alerted = searches.find((x) => x.mated && x.subject_id !== null && candidates.some((c) => c.search_id === x.search_id && c.gallery_id === x.subject_id));
    const who = alerted?.subject_id ?? '';
    expect(who).not.toBe('');
    const passes = searches.filter((x) => x.subject_id === who).length;
    // probe images exported for a vendor's batch run hold their face too: they go with the withdrawal
    mkdirSync(path.join(out, 'vendor-b', 'probes'));
    writeFileSync(path.join(out, 'vendor-b', 'probes', 'probes.csv'), `probe_id,file\n${alerted?.search_id ?? ''},${alerted?.search_id ?? ''}.jpg\n`);
    writeFileSync(path.join(out, 'vendor-b', 'probes', `${alerted?.search_id ?? ''}.jpg`), 'jpeg');
    const withdrawal = await executeWithdrawal(planWithdrawal(out, who), 'tester');
    expect(withdrawal.plan.tables.map((t) => t.algorithm)).toEqual(['vendor-b', 'vendor-b+operator']);
    expect(withdrawal.plan.deletions.filter((d) => d.class === 'probe-images')).toHaveLength(2);
    expect(existsSync(path.join(out, 'vendor-b', 'probes'))).toBe(false);
    for (const table of ['vendor-b/searches.arrow', 'vendor-b/operator/searches.arrow']) {
      expect((readArrowFile(path.join(out, table)).toArray() as { subject_id: string | null }[]).some((x) => x.subject_id === who)).toBe(false);
    }
    for (const table of ['vendor-b/candidates.arrow', 'vendor-b/operator/candidates.arrow']) {
      expect((readArrowFile(path.join(out, table)).toArray() as { gallery_id: string }[]).some((x) => x.gallery_id === who)).toBe(false);
    }
    const [alone, withOperator] = withdrawal.results.algorithms;
    expect([alone?.id, withOperator?.id]).toEqual(['vendor-b', 'vendor-b+operator']);
    expect(alone?.counts.mated).toBe((a?.counts.mated ?? 0) - passes);
    expect(withOperator?.counts.mated).toBe((reviewed?.counts.mated ?? 0) - passes);
    expect(alone?.logImport?.format).toBe('Vendor B event stream (JSON lines)');
    expect(readFileSync(path.join(data, 'manifest.json'), 'utf8')).not.toContain(`"${who}"`); // the copy was edited, not the example
  }, 120_000);

  it('refuses a vendor-log algorithm without its log, naming the field', async () => {
    const file = protocol([{ id: 'vendor-x', kind: 'vendor-log' }]);
    const err = await runCampaign({ protocol: file, dataset: path.join(fx, 'manifest.json'), out: path.join(dir, 'never') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(String(err)).toMatch(/algorithms\[0\]\.log: expected the alert log to import/);
  });
});
