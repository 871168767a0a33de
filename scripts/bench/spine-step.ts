/**
 * One measured step of the spine benchmark, run in its own process so its peak memory is its own:
 *   simulate <protocol> <out> [volunteers] [crowd]
 *   sweep <protocol> <searches>                  read + hash + check + threshold sweep + both intervals (issue 2's work)
 *   analyse <protocol> <searches> [candidates]   everything `evenhand analyse` computes, statistics included
 *   export <protocol> <searches> <folder>        the searches' columns as .npy files for sweep_numpy.py (not timed)
 * Prints one JSON line: { ms (wall), cpuMs (user + system, all threads), maxRssMb, searches }.
 */
import { loadProtocol } from '../../harness/campaign/load-protocol.ts';
import { analyseCampaign } from '../../harness/analyse/analyse-campaign.ts';
import { simulateCampaign, writeSimulation } from '../../harness/simulate/index.ts';
import { mkdirSync } from 'node:fs';
import { readSearches } from '../../harness/store/read-searches.ts';
import { buildGroups } from '../../harness/metrics/groups.ts';
import { sweep } from '../../harness/metrics/sweep.ts';
import { rateRows } from '../../harness/analyse/rate-rows.ts';
import { exportColumns } from './npy-columns.ts';

const [step, protocol, a, b, c] = process.argv.slice(2);
const campaign = loadProtocol(protocol ?? '');
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let searches = 0;
if (step === 'simulate') {
  const sim = { ...campaign.simulation! };
  if (b !== undefined) sim.volunteers = Number(b);
  if (c !== undefined) sim.crowdSearches = Number(c);
  const result = simulateCampaign(campaign, sim, 1);
  mkdirSync(a ?? '', { recursive: true });
  writeSimulation(a ?? '', result, { protocol: campaign.id, seed: 1 });
  searches = result.searches.length;
} else if (step === 'sweep') {
  const data = readSearches(a ?? '', campaign);
  const layout = buildGroups(campaign);
  const counts = sweep(data, layout, campaign.thresholds, campaign.analysis.rank);
  searches = data.length;
  JSON.stringify(rateRows(counts, layout, campaign.thresholds, campaign.analysis.confidenceLevel));
  // the file's sha256 (hashed on a worker thread meanwhile) is part of the work: wait for it, as results.json does
  if (data.sha256.length !== 64) throw new Error('no sha256 of the searches table');
} else if (step === 'export') {
  searches = exportColumns(campaign, a ?? '', b ?? '');
} else {
  const results = analyseCampaign(campaign, [{ id: 'bench', label: 'bench', searches: a ?? '', candidates: b ?? null }]);
  searches = results.algorithms[0]?.counts.searches ?? 0;
  JSON.stringify(results);
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, searches }));
