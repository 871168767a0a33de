/**
 * The run record (evenhand-run.json): what a run folder is, so that later commands (combine, retention, withdraw,
 * export) can work on it alone: its kind, the protocol copied beside it, its dataset, each algorithm's version and
 * tables, where its deployments were, how long its data are kept, and the withdrawals made from it (counts, no ids).
 */
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DATA_CLASSES } from '../campaign/data-class.ts';
import { parseWithSchema } from '../campaign/read-structured-file.ts';
import { InputError, type InputProblem } from '../core/input-error.ts';
import { Expected } from '../core/messages.ts';
import { resolveInside } from '../core/path-rule.ts';
import { writeFileAtomic } from './write-file-atomic.ts';

/** File name of the run record inside a run folder. */
export const RUN_RECORD_FILE = 'evenhand-run.json';

const relativePath = z.string().min(1).describe('A path relative to the run folder');

/** One algorithm of a run: its version (what must agree for runs to be combined) and its tables. */
export const RunAlgorithmSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['onnx', 'vendor-log', 'simulated', 'external']),
  version: z.record(z.string(), z.string())
    .describe('Everything that makes this algorithm\'s scores what they are (tool version, model hashes, replay settings): runs combine only when these agree'),
  searches: relativePath.nullable().describe('Its searches table; null when the folder keeps none (a combined study)'),
  candidates: relativePath.nullable(),
});

/** A withdrawal as the run remembers it: a date and counts, never the person's id. */
export const WithdrawalRecordSchema = z.strictObject({
  on: z.iso.date().describe('Date of the withdrawal'),
  searchesRemoved: z.number().int().min(0),
  candidatesRemoved: z.number().int().min(0),
  filesDeleted: z.number().int().min(0).describe('Enrolment images, galleries and track tables deleted'),
});

/** evenhand-run.json. */
export const RunRecordSchema = z.strictObject({
  format: z.literal('evenhand-run/1'),
  kind: z.enum(['campaign', 'simulation', 'combined']),
  campaign: z.string().describe('Campaign id'),
  title: z.string(),
  protocol: relativePath.describe('The protocol as used, copied into the run folder'),
  dataset: relativePath.nullable().describe('The dataset manifest, relative to the run folder (null when there is none)'),
  simulated: z.boolean(),
  algorithms: z.array(RunAlgorithmSchema),
  deployments: z.array(z.strictObject({ id: z.string(), site: z.string().nullable().describe('Where, in words; null when unknown (simulations)') })),
  retention: z.strictObject({
    collectedOn: z.iso.date(),
    periodMonths: z.number().int().min(1),
    afterPeriod: z.enum(['review', 'delete']),
    keep: z.array(z.enum(DATA_CLASSES)),
  }).nullable().describe('null for simulated data (nobody\'s personal data)'),
  withdrawals: z.array(WithdrawalRecordSchema).default([]),
  runs: z.array(z.strictObject({ label: z.string(), folder: relativePath, campaign: z.string(), record: z.string().describe('sha256 of its run record') }))
    .default([]).describe('For a combined study: the runs it combines'),
});

export type RunRecord = z.output<typeof RunRecordSchema>;
export type RunRecordInput = z.input<typeof RunRecordSchema>;
export type RunAlgorithm = z.output<typeof RunAlgorithmSchema>;
export type WithdrawalRecord = z.output<typeof WithdrawalRecordSchema>;

/**
 * Reads the run record of folder `dir`.
 * The files it names inside the folder (the protocol copy, the tables) obey the path rule: inside the folder, links
 * included, so a tampered record cannot make a later command read, export or delete a file elsewhere.
 * @throws InputError naming `dir` when it is not a folder, has no run record (not a run folder) or the record is
 * malformed or names a file outside the folder.
 */
export function readRunRecord(dir: string): RunRecord {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(dir, [{ path: '', expected: Expected.runFolder, got: existsSync(dir) ? 'a file' : 'nothing there' }]);
  const file = path.join(dir, RUN_RECORD_FILE);
  if (!existsSync(file)) {
    throw new InputError(dir, [{ path: '', expected: `a run folder made by evenhand run, simulate or combine (with ${RUN_RECORD_FILE})`, got: 'a folder without a run record' }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(file, [{ path: '', expected: 'valid JSON', got: err instanceof Error ? err.message.split('\n')[0] : String(err) }]);
  }
  const record = parseWithSchema(RunRecordSchema, value, file);
  const problems: InputProblem[] = [];
  const inside = (p: string | null, where: string): void => {
    const check = p === null ? null : resolveInside(p, { base: dir, allowed: [], baseName: 'the run folder' }, 'file', false);
    if (check !== null && !check.ok) problems.push({ path: where, expected: check.expected, got: check.got });
  };
  inside(record.protocol, 'protocol');
  record.algorithms.forEach((a, i) => {
    inside(a.searches, `algorithms[${i}].searches`);
    inside(a.candidates, `algorithms[${i}].candidates`);
  });
  if (problems.length > 0) throw new InputError(file, problems);
  return record;
}

/** The run record of `dir`, or null when it has none (a first run). @throws InputError when one is there but malformed. */
export function readRunRecordIfAny(dir: string): RunRecord | null {
  return existsSync(path.join(dir, RUN_RECORD_FILE)) ? readRunRecord(dir) : null;
}

/** Writes `record` into `dir` (atomically), checked against the schema. */
export function writeRunRecord(dir: string, record: RunRecordInput): void {
  const checked = RunRecordSchema.parse(record);
  writeFileAtomic(path.join(dir, RUN_RECORD_FILE), `${JSON.stringify(checked, null, 2)}\n`);
}

/** Copies `protocolFile` into run folder `dir` as protocol.json (or .yaml, keeping its extension); returns the copy's name. */
export function copyProtocol(protocolFile: string, dir: string): string {
  const name = `protocol${path.extname(protocolFile) || '.json'}`;
  copyFileSync(protocolFile, path.join(dir, name));
  return name;
}
