/**
 * How often the analysis finds NPL 2023's equity threshold in simulated campaigns of the replication protocol.
 *
 *   node --import tsx scripts/npl-replication.ts [--seeds 200] [--scale 1.05,1.0] [--protocol protocols/npl-2023-replication.json]
 *
 * For each impostor-tail scale of Black volunteers (1 = no difference: the false-alarm check) and each seed 1..N,
 * simulates the protocol's volunteers and their filler-gallery searches (the crowd is left out: it carries no
 * demographics, so it plays no part in the tests between groups), analyses them at every threshold, and counts:
 * per threshold, the campaigns whose FPIR-by-ethnicity verdict is a significant difference; the equity threshold
 * found (the lowest from which no verdict is significant); and the campaigns that find it where NPL did (0.60:
 * significant at 0.58, not from 0.60 up). Prints a table per scale. Slow: about a second a campaign.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { analyseCampaign } from '../harness/analyse/analyse-campaign.ts';
import { loadProtocol } from '../harness/campaign/load-protocol.ts';
import { sameThreshold } from '../harness/metrics/threshold-key.ts';
import { simulateCampaign, SimulationFiles, writeSimulation } from '../harness/simulate/index.ts';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '200' }, scale: { type: 'string', default: '1.05' }, protocol: { type: 'string', default: 'protocols/npl-2023-replication.json' }, replicates: { type: 'string', default: '100' } } });
const seeds = Number(values.seeds);
const scales = values.scale.split(',').map(Number);
const base = loadProtocol(values.protocol);
if (base.simulation === null) throw new Error(`${values.protocol} has no simulation block`);
const NPL_EQUITY = 0.6;
const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-npl-replication-'));
const pct = (k: number, n: number): string => `${((100 * k) / n).toFixed(1)}%`;
try {
  for (const scale of scales) {
    const campaign = { ...base, analysis: { ...base.analysis, bootstrap: { ...base.analysis.bootstrap, replicates: Number(values.replicates) } } };
    const sim = { ...base.simulation, crowdSearches: 0, differentials: scale === 1 ? [] : [{ dimension: 'ethnicity' as const, code: 'black', genuineMeanShift: 0, impostorSdScale: scale }] };
    const significant = new Map<number, number>();
    const found = new Map<string, number>();
    let where = 0;
    let anySignificant = 0;
    const t0 = performance.now();
    for (let seed = 1; seed <= seeds; seed++) {
      const out = path.join(dir, `s${seed}`);
      writeSimulation(out, simulateCampaign(campaign, sim, seed), { protocol: campaign.id, seed });
      const results = analyseCampaign(campaign, [{ id: 'sim', label: 'sim', searches: path.join(out, SimulationFiles.searches), candidates: null }]);
      rmSync(out, { recursive: true, force: true });
      const a = results.algorithms[0];
      const e = a?.equityThresholds.find((x) => x.metric === 'FPIR' && x.population === 'filler_probe' && x.level === 'ethnicity');
      for (const c of a?.comparisons ?? []) {
        if (c.metric === 'FPIR' && c.level === 'ethnicity' && c.verdict === 'significant-difference') significant.set(c.threshold, (significant.get(c.threshold) ?? 0) + 1);
      }
      const key = e?.threshold === null || e === undefined ? 'none' : e.threshold.toFixed(2);
      found.set(key, (found.get(key) ?? 0) + 1);
      if (e?.threshold != null && sameThreshold(e.threshold, NPL_EQUITY) && e.significantAt.some((t) => sameThreshold(t, 0.58))) where++;
      if ((e?.significantAt.length ?? 0) > 0) anySignificant++;
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(`\nBlack volunteers' impostor-score sd x ${scale} (${scale === 1 ? 'no true difference' : 'heavier tail'}), ${seeds} campaigns, ${seconds.toFixed(0)} s`);
    console.log('threshold  campaigns with a significant FPIR difference by ethnicity');
    for (const t of campaign.thresholds) console.log(`  ${t.toFixed(2)}     ${pct(significant.get(t) ?? 0, seeds)}`);
    console.log(`equity threshold found: ${[...found].sort(([x], [y]) => x.localeCompare(y)).map(([k, n]) => `${k}: ${n}`).join(', ')}`);
    console.log(`found where NPL did (0.60, with 0.58 significant): ${where} of ${seeds} (${pct(where, seeds)})`);
    console.log(`some threshold significant: ${anySignificant} of ${seeds} (${pct(anySignificant, seeds)})${scale === 1 ? ': the chance of a false significant difference somewhere in the sweep' : ''}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
