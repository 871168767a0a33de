/**
 * One measured step of the spine benchmark, run in its own process so its peak memory is its own:
 *   simulate <protocol> <out> [volunteers] [crowd]  |  analyse <protocol> <searches> [candidates]
 * Prints one JSON line: { ms, maxRssMb, searches }.
 */
import { loadProtocol } from '../../harness/campaign/load-protocol.ts';
import { analyseCampaign } from '../../harness/analyse/analyse-campaign.ts';
import { simulateCampaign, writeSimulation } from '../../harness/simulate/index.ts';
import { mkdirSync } from 'node:fs';

const [step, protocol, a, b, c] = process.argv.slice(2);
const campaign = loadProtocol(protocol ?? '');
const t0 = performance.now();
let searches = 0;
if (step === 'simulate') {
  const sim = { ...campaign.simulation! };
  if (b !== undefined) sim.volunteers = Number(b);
  if (c !== undefined) sim.crowdSearches = Number(c);
  const result = simulateCampaign(campaign, sim, 1);
  mkdirSync(a ?? '', { recursive: true });
  writeSimulation(a ?? '', result, { protocol: campaign.id, seed: 1 });
  searches = result.searches.search_id?.length ?? 0;
} else {
  const results = analyseCampaign(campaign, [{ id: 'bench', label: 'bench', searches: a ?? '', candidates: b ?? null }]);
  searches = results.algorithms[0]?.counts.searches ?? 0;
  JSON.stringify(results);
}
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, searches }));
