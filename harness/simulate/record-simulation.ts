/** Records a simulated campaign's folder as a run (evenhand-run.json and the protocol copy), so it can be combined and exported like one. */
import type { Campaign } from '../campaign/campaign.ts';
import type { SimulationSettings } from '../campaign/protocol-schema.ts';
import { TOOL_VERSION } from '../core/version.ts';
import { copyProtocol, writeRunRecord } from '../store/run-record.ts';
import { SimulationFiles } from './write-simulation.ts';

/** What {@link recordSimulation} needs. */
export interface SimulationToRecord {
  dir: string;
  protocolFile: string;
  campaign: Campaign;
  sim: SimulationSettings;
  /** Where the simulated deployments are said to be (null: unknown; `evenhand combine` then uses the run's label). */
  site: string | null;
}

/**
 * Copies the protocol into `r.dir` and writes the run record of a simulation: one algorithm (the protocol's first)
 * whose version is the tool's (the score model is the simulated site's conditions, not the algorithm), deployments
 * d1..dN at `r.site`, no retention (simulated searches are nobody's personal data).
 */
export function recordSimulation(r: SimulationToRecord): void {
  const protocol = copyProtocol(r.protocolFile, r.dir);
  const a = r.campaign.algorithms[0];
  writeRunRecord(r.dir, {
    format: 'evenhand-run/1',
    kind: 'simulation',
    campaign: r.campaign.id,
    title: r.campaign.title,
    protocol,
    dataset: null,
    simulated: true,
    algorithms: [{
      id: a?.id ?? 'simulated', label: a?.label ?? 'Simulated algorithm', kind: 'simulated', version: { tool: TOOL_VERSION },
      searches: SimulationFiles.searches, candidates: SimulationFiles.candidates,
    }],
    deployments: Array.from({ length: r.sim.deployments }, (_, i) => ({ id: `d${i + 1}`, site: r.site })),
    retention: null,
  });
}
