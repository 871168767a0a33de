/**
 * `npm run bench govern`: two NPL-scale simulated sites (about 138,000 searches each) combined as one study, and one
 * of them exported for sharing. Prints the median wall time of three runs of each, and the peak heap. The
 * simulations are made once first (not timed).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProtocol } from '../../harness/campaign/load-protocol.ts';
import { combineRuns } from '../../harness/combine/index.ts';
import { buildSharingPackage } from '../../harness/govern/index.ts';
import { recordSimulation, simulateCampaign, writeSimulation } from '../../harness/simulate/index.ts';

export const title = 'combine two NPL-scale simulated sites; export one for sharing';

const RUNS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

export function run(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const protocolFile = path.join(root, 'protocols/npl-2023-lfr.json');
  const campaign = loadProtocol(protocolFile);
  const sim = campaign.simulation;
  if (sim === null) throw new Error('protocol has no simulation block');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-govern-'));
  try {
    const sites = ['london', 'cardiff'].map((site, i) => {
      const d = path.join(dir, site);
      mkdirSync(d);
      writeSimulation(d, simulateCampaign(campaign, sim, 100 + i), { protocol: campaign.id, seed: 100 + i });
      recordSimulation({ dir: d, protocolFile, campaign, sim, site });
      return d;
    });
    const combine: number[] = [];
    let searches = 0;
    let comparisons = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const study = combineRuns({ runs: sites });
      combine.push(performance.now() - t0);
      searches = study.results.algorithms[0]?.counts.searches ?? 0;
      comparisons = study.siteAnalysis.algorithms.reduce((s, a) => s + a.comparisons.length, 0);
    }
    console.log(`combine: ${searches} searches at 2 sites (pooled + 2 site analyses + ${comparisons} stratified comparisons): median ${(median(combine) / 1000).toFixed(2)} s of ${RUNS} (${combine.map((t) => (t / 1000).toFixed(2)).join(', ')})`);
    const exports: number[] = [];
    let files = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      files = buildSharingPackage(sites[0] ?? '').files.size;
      exports.push(performance.now() - t0);
    }
    console.log(`export for sharing (pseudonymise, sort, scan; in memory): ${files} files, median ${(median(exports) / 1000).toFixed(2)} s of ${RUNS}`);
    console.log(`peak heap used: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB now; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
