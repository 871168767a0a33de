/**
 * The provenance manifest of a run: what went in (sha256 of every input file), with what (model hashes, package
 * versions, Node.js, the tool's git commit) and how (the protocol's settings), so a result can be traced and redone.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256File } from '../core/sha256-file.ts';
import { TOOL_VERSION } from '../core/version.ts';
import { native } from '../native/index.ts';

/** A file and its hash; `role` says what it was for. */
export interface HashedInput {
  role: string;
  file: string;
  sha256: string;
}

export interface Provenance {
  tool: {
    name: 'evenhand';
    version: string;
    gitCommit: string | null;
    /** Files of the tool's working tree that differ from its commit (modified, added, deleted, untracked); null outside git. */
    uncommittedChanges: string[] | null;
  };
  node: string;
  /** Whether the native addon (harness/native: resampling, frame reading) was used; results agree with it or without to 1e-6 in detector inputs. */
  nativeAddon: boolean;
  /** The installed version of every runtime dependency (read from the installed package, not the lock file). */
  packages: Record<string, string>;
  inputs: HashedInput[];
  models: { algorithm: string; file: string; sha256: string }[];
  settings: Record<string, unknown>;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Hashes `files` (paths shown relative to `base`), in the given order. */
export async function hashInputs(files: readonly { role: string; file: string }[], base: string): Promise<HashedInput[]> {
  const out: HashedInput[] = [];
  for (const { role, file } of files) out.push({ role, file: path.relative(base, file) || path.basename(file), sha256: await sha256File(file) });
  return out;
}

/**
 * Versions of the packages the tool runs on, as installed: every dependency in its package.json, each read from the
 * package.json that Node's module resolution finds (packages whose `exports` hide their package.json are found too);
 * "not installed" when none is found.
 */
export function packageVersions(): Record<string, string> {
  const own = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const require = createRequire(path.join(root, 'package.json'));
  const out: Record<string, string> = {};
  for (const name of Object.keys(own.dependencies ?? {}).sort()) {
    const file = (require.resolve.paths(name) ?? []).map((dir) => path.join(dir, name, 'package.json')).find((f) => existsSync(f));
    out[name] = file === undefined ? 'not installed' : (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
  }
  return out;
}

/**
 * Paths that differ between a git working tree (default: the tool's) and its commit (`git status --porcelain`:
 * modified, added, deleted and untracked files, ignored ones left out), or null outside git.
 */
export function uncommittedChanges(dir = root): string[] | null {
  try {
    const text = execFileSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return text.split('\n').filter((l) => l.trim() !== '').map((l) => l.slice(3));
  } catch {
    return null;
  }
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
  const commit = gitCommit();
  return {
    tool: { name: 'evenhand', version: TOOL_VERSION, gitCommit: commit, uncommittedChanges: commit === null ? null : uncommittedChanges() },
    node: process.version, nativeAddon: native !== null, packages: packageVersions(), inputs, models, settings,
  };
}
