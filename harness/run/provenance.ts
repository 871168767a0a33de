/**
 * The provenance manifest of a run: what went in (sha256 of every input file), with what (model hashes, package
 * versions, Node.js, the tool's git commit) and how (the protocol's settings), so a result can be traced and redone.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256File } from '../core/sha256-file.ts';
import { TOOL_VERSION } from '../core/version.ts';
import { native } from '../native/index.ts';
import type { WithdrawalRecord } from '../store/run-record.ts';

/** A file and its hash; `role` says what it was for. */
export interface HashedInput {
  role: string;
  file: string;
  sha256: string;
}

export interface Provenance {
  tool: { name: 'evenhand'; version: string; gitCommit: string | null };
  node: string;
  /** Whether the native addon (harness/native: resampling, frame reading) was used; results agree with it or without to 1e-6 in detector inputs. */
  nativeAddon: boolean;
  packages: Record<string, string>;
  inputs: HashedInput[];
  models: { algorithm: string; file: string; sha256: string }[];
  settings: Record<string, unknown>;
  /** Withdrawals made from the run (date and counts; never the person's id), carried over by reruns. */
  withdrawals?: WithdrawalRecord[];
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEY_PACKAGES = ['onnxruntime-node', 'sharp', 'apache-arrow', 'vega', 'vega-lite', 'zod', '@ffmpeg-installer/ffmpeg'];

/** Hashes `files` (paths shown relative to `base`), in the given order. */
export async function hashInputs(files: readonly { role: string; file: string }[], base: string): Promise<HashedInput[]> {
  const out: HashedInput[] = [];
  for (const { role, file } of files) out.push({ role, file: path.relative(base, file) || path.basename(file), sha256: await sha256File(file) });
  return out;
}

/** Versions of the packages that shape results, as installed. */
export function packageVersions(): Record<string, string> {
  const require = createRequire(path.join(root, 'package.json'));
  const out: Record<string, string> = {};
  for (const name of KEY_PACKAGES) {
    try {
      const pkg = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string };
      out[name] = pkg.version;
    } catch {
      out[name] = 'not installed';
    }
  }
  return out;
}

/** The tool's git commit, or null outside a git checkout. */
export function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Builds the provenance manifest. */
export function provenance(inputs: HashedInput[], models: Provenance['models'], settings: Record<string, unknown>): Provenance {
  return { tool: { name: 'evenhand', version: TOOL_VERSION, gitCommit: gitCommit() }, node: process.version, nativeAddon: native !== null, packages: packageVersions(), inputs, models, settings };
}
