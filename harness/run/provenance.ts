/**
 * The provenance manifest of a run: what went in (sha256 of every input file), with what (model hashes, package
 * versions, Node.js, the tool's git commit) and how (the protocol's settings), so a result can be traced and redone.
 */
import path from 'node:path';
import type { AdapterIdentity } from '../algorithms/index.ts';
import { sha256File } from '../core/sha256-file.ts';
import { gitCommit, packageVersions, toolIdentity, uncommittedChanges, type ToolIdentity } from '../store/tool-identity.ts';
import type { WithdrawalRecord } from '../store/run-record.ts';

export { gitCommit, packageVersions, uncommittedChanges };

/** A file and its hash; `role` says what it was for. */
export interface HashedInput {
  role: string;
  file: string;
  sha256: string;
}

export interface Provenance extends ToolIdentity {
  inputs: HashedInput[];
  models: { algorithm: string; file: string; sha256: string }[];
  /** External algorithms' adapters: what each said it is (name, version), its command and the sha256 of the files it runs. */
  adapters?: Record<string, AdapterIdentity>;
  settings: Record<string, unknown>;
  /** Withdrawals made from the run (date and counts; never the person's id), carried over by reruns. */
  withdrawals?: WithdrawalRecord[];
}

/** Hashes `files` (paths shown relative to `base`), in the given order. */
export async function hashInputs(files: readonly { role: string; file: string }[], base: string): Promise<HashedInput[]> {
  const out: HashedInput[] = [];
  for (const { role, file } of files) out.push({ role, file: path.relative(base, file) || path.basename(file), sha256: await sha256File(file) });
  return out;
}

/** Builds the provenance manifest. */
export function provenance(inputs: HashedInput[], models: Provenance['models'], settings: Record<string, unknown>, adapters: Record<string, AdapterIdentity> = {}): Provenance {
  return { ...toolIdentity(), inputs, models, ...(Object.keys(adapters).length === 0 ? {} : { adapters }), settings };
}
