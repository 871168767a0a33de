/** toolIdentity: what made an output (Evenhand's version and git commit, the native addon, the packages that shape results). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOOL_VERSION } from '../core/version.ts';
import { native } from '../native/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEY_PACKAGES = ['onnxruntime-node', 'sharp', 'apache-arrow', 'vega', 'vega-lite', 'zod', '@ffmpeg-installer/ffmpeg'];

/** The software that made an output. */
export interface ToolIdentity {
  tool: { name: 'evenhand'; version: string; gitCommit: string | null };
  node: string;
  /** Whether the native addon (harness/native: resampling, frame reading) was used; detections can differ slightly without it. */
  nativeAddon: boolean;
  packages: Record<string, string>;
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

/** This process's {@link ToolIdentity}. */
export function toolIdentity(): ToolIdentity {
  return { tool: { name: 'evenhand', version: TOOL_VERSION, gitCommit: gitCommit() }, node: process.version, nativeAddon: native !== null, packages: packageVersions() };
}
