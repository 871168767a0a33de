/**
 * One measured step of the spine benchmark, run in its own process so its peak memory is its own:
 *   simulate <protocol> <out> [volunteers] [crowd]
 *   sweep <protocol> <searches> [runs]           read + hash + check + threshold sweep + both intervals (issue 2's work),
 *                                                runs times in this process (default 1): ms and cpuMs are the first run's,
 *                                                laterMs and laterCpuMs the median of the others' (null with one run)
 *   analyse <protocol> <searches> [candidates]   everything `evenhand analyse` computes, statistics included
 *   export <protocol> <searches> <folder>        the searches' columns as .npy files for sweep_numpy.py (not timed)
 * Prints one JSON line: { ms (wall), cpuMs (user + system, all threads), maxRssMb, searches, laterMs, laterCpuMs }.
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
/** sweep with several runs: the first run's time, and the later runs' own. */
const later: { ms: number | null; cpu: NodeJS.CpuUsage | null; runs: { ms: number; cpuMs: number }[] } = { ms: null, cpu: null, runs: [] };
if (step === 'simulate') {
  const sim = { ...campaign.simulation! };
  if (b !== undefined) sim.volunteers = Number(b);
  if (c !== undefined) sim.crowdSearches = Number(c);
  const result = simulateCampaign(campaign, sim, 1);
  mkdirSync(a ?? '', { recursive: true });
  writeSimulation(a ?? '', result, { protocol: campaign.id, seed: 1 });
  searches = result.searches.length;
} else if (step === 'sweep') {
  // runs b (default 1) times in this process, as sweep_numpy.py does; the first run is the one timed below
  const once = (): number => {
    const data = readSearches(a ?? '', campaign);
    const layout = buildGroups(campaign);
    const counts = sweep(data, layout, campaign.thresholds, campaign.analysis.rank);
    JSON.stringify(rateRows(counts, layout, campaign.thresholds, campaign.analysis.confidenceLevel));
    // the file's sha256 (hashed on another thread meanwhile) is part of the work: wait for it, as results.json does
    if (data.sha256.length !== 64) throw new Error('no sha256 of the searches table');
    return data.length;
  };
  searches = once();
  later.ms = performance.now() - t0;
  later.cpu = process.cpuUsage(cpu0);
  for (let r = 1; r < Number(b ?? 1); r++) {
    const w0 = performance.now();
    const c0 = process.cpuUsage();
    once();
    const c = process.cpuUsage(c0);
    later.runs.push({ ms: performance.now() - w0, cpuMs: (c.user + c.system) / 1000 });
  }
} else if (step === 'export') {
  searches = exportColumns(campaign, a ?? '', b ?? '');
} else {
  const results = analyseCampaign(campaign, [{ id: 'bench', label: 'bench', searches: a ?? '', candidates: b ?? null }]);
  searches = results.algorithms[0]?.counts.searches ?? 0;
  JSON.stringify(results);
}
const ms = later.ms ?? performance.now() - t0;
const cpu = later.cpu ?? process.cpuUsage(cpu0);
const median = (xs: number[]): number | null => (xs.length === 0 ? null : [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)] ?? null);
console.log(JSON.stringify({
  ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, searches,
  laterMs: median(later.runs.map((r) => r.ms)), laterCpuMs: median(later.runs.map((r) => r.cpuMs)),
}));
