/** The runs a combined study is made of: each folder's run record and protocol, under a label unique to the study. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Campaign } from '../campaign/campaign.ts';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { InputError } from '../core/input-error.ts';
import { readRunRecord, RUN_RECORD_FILE, type RunRecord } from '../store/run-record.ts';

/** One run of a combined study. */
export interface LoadedRun {
  /** Short name of the run in the combined study: qualifies its ids (label/v001) and names its site when unknown. */
  label: string;
  dir: string;
  record: RunRecord;
  campaign: Campaign;
  /** sha256 of its run record, for the combined study's provenance. */
  recordSha256: string;
}

const LABEL = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * Reads each `LABEL=DIR` (or plain `DIR`, labelled by its folder name) as a run.
 * @throws InputError for fewer than two runs, a label used twice or not made of letters, digits, _ . -, a folder that
 * is not a run (no run record), a combined study given as a run, or a run whose protocol copy does not load.
 */
export function loadRuns(args: readonly string[]): LoadedRun[] {
  if (args.length < 2) throw new InputError('command line', [{ path: 'RUN...', expected: 'at least two run folders to combine', got: String(args.length) }]);
  const seen = new Set<string>();
  return args.map((arg, i) => {
    const eq = arg.indexOf('=');
    const dir = eq > 0 ? arg.slice(eq + 1) : arg;
    const label = eq > 0 ? arg.slice(0, eq) : path.basename(path.resolve(dir));
    if (!LABEL.test(label)) throw new InputError('command line', [{ path: `RUN ${i + 1}`, expected: 'a label of letters, digits, _ . - (LABEL=DIR)', got: JSON.stringify(label) }]);
    if (seen.has(label)) throw new InputError('command line', [{ path: `RUN ${i + 1}`, expected: `a label not used by another run (give LABEL=DIR)`, got: JSON.stringify(label) }]);
    seen.add(label);
    const record = readRunRecord(dir);
    if (record.kind === 'combined') throw new InputError(dir, [{ path: RUN_RECORD_FILE, expected: 'a run or a simulation (combine the runs themselves, not a combined study)', got: 'a combined study' }]);
    const campaign = loadProtocol(path.join(dir, record.protocol));
    const recordSha256 = createHash('sha256').update(readFileSync(path.join(dir, RUN_RECORD_FILE))).digest('hex');
    return { label, dir, record, campaign, recordSha256 };
  });
}
