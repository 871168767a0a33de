/**
 * `npm run bench report`: renders the full report set (public report, annex, explorer, CSV, Arrow; no PDF) for the
 * NPL-scale demo results and prints the median wall time of several runs. The demo results are simulated and
 * analysed once first (not timed).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseCampaign } from '../../harness/analyse/analyse-campaign.ts';
import { loadProtocol } from '../../harness/campaign/load-protocol.ts';
import { renderReportSet } from '../../harness/report/index.ts';
import { simulateCampaign, SimulationFiles, writeSimulation } from '../../harness/simulate/index.ts';

export const title = 'Full report set (index, annex, explorer, CSV, Arrow; no PDF) for the NPL-scale demo';

const RUNS = 5;

export async function run(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const campaign = loadProtocol(path.join(root, 'protocols/npl-2023-lfr.json'));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-report-'));
  try {
    const sim = simulateCampaign(campaign, campaign.simulation ?? (() => { throw new Error('protocol has no simulation block'); })(), 2023);
    writeSimulation(dir, sim, { protocol: campaign.id, seed: 2023 });
    const results = analyseCampaign(campaign, [{
      id: 'simulated', label: 'Simulated algorithm',
      searches: path.join(dir, SimulationFiles.searches), candidates: path.join(dir, SimulationFiles.candidates),
    }]);
    const rates = results.algorithms.reduce((s, a) => s + a.rates.length, 0);
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const files = await renderReportSet(results);
      const out = path.join(dir, `out-${i}`);
      mkdirSync(out);
      for (const [name, data] of files) writeFileSync(path.join(out, name), data);
      times.push(performance.now() - t0);
      bytes = [...files.values()].reduce((s, f) => s + (typeof f === 'string' ? Buffer.byteLength(f) : f.byteLength), 0);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(RUNS / 2)] ?? Number.NaN;
    console.log(`${rates} rate rows, ${results.settings.thresholds.length} thresholds, ${results.groups.length} groups`);
    console.log(`render and write (${(bytes / 1e6).toFixed(1)} MB): median ${(median / 1000).toFixed(2)} s over ${RUNS} runs (min ${((times[0] ?? 0) / 1000).toFixed(2)} s, max ${((times[RUNS - 1] ?? 0) / 1000).toFixed(2)} s; first run includes warm-up); target < 3 s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
