/** Writes a simulated campaign to a folder: searches.arrow, candidates.arrow (marked simulated) and truth.json. */
import path from 'node:path';
import { SIMULATED_METADATA_KEY } from '../store/contract.ts';
import { writeArrowFile } from '../store/write-table.ts';
import { writeFileAtomic } from '../store/write-file-atomic.ts';
import type { SimulationResult } from './simulate-campaign.ts';

/** File names inside a simulation folder. */
export const SimulationFiles = { searches: 'searches.arrow', candidates: 'candidates.arrow', truth: 'truth.json' } as const;

/** Writes `result` into `dir` (which must exist); `info` is stored beside the truth (protocol id, seed). */
export function writeSimulation(dir: string, result: SimulationResult, info: Record<string, string | number>): void {
  const meta = { [SIMULATED_METADATA_KEY]: 'true', ...Object.fromEntries(Object.entries(info).map(([k, v]) => [`evenhand.${k}`, String(v)])) };
  writeArrowFile(path.join(dir, SimulationFiles.searches), result.searches.toTable(meta));
  writeArrowFile(path.join(dir, SimulationFiles.candidates), result.candidates.toTable(meta));
  writeFileAtomic(path.join(dir, SimulationFiles.truth), `${JSON.stringify({ simulated: true, ...info, ...result.truth }, null, 1)}\n`);
}
