/** toolIdentity: what made an output (Evenhand's version, git commit and working-tree state, the native addon, the installed packages). */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOOL_VERSION } from '../core/version.ts';
import { native } from '../native/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The software that made an output. */
export interface ToolIdentity {
  tool: {
    name: 'evenhand';
    version: string;
    gitCommit: string | null;
    /** Files of the tool's working tree that differ from its commit (modified, added, deleted, untracked); null outside git. */
    uncommittedChanges: string[] | null;
  };
  node: string;
  /** Whether the native addon (harness/native: resampling, frame reading) was used; detections can differ slightly without it. */
  nativeAddon: boolean;
  /** The installed version of every runtime dependency (read from the installed package, not the lock file). */
  packages: Record<string, string>;
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

/** This process's {@link ToolIdentity}. */
export function toolIdentity(): ToolIdentity {
  const commit = gitCommit();
  return {
    tool: { name: 'evenhand', version: TOOL_VERSION, gitCommit: commit, uncommittedChanges: commit === null ? null : uncommittedChanges() },
    node: process.version, nativeAddon: native !== null, packages: packageVersions(),
  };
}
