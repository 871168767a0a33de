// Prebuilds the `evenhand` command: bundles harness/cli/main.ts and everything it imports from this repository into
// harness/bundle/ (ES modules, one chunk per lazily loaded command; npm packages stay external imports) with esbuild,
// so that the command starts without compiling TypeScript at run time. Run by `npm ci` / `npm install` (the
// package's prepare script) and by `npm run build`. Beside the bundle, inputs.json lists every source file it was
// built from: bin/evenhand.js runs the bundle only while none of them is newer than it, and the TypeScript sources
// through tsx otherwise, so an edited checkout never runs stale code.
// The bundle lies two folders below the repository root, as every source file under harness/<stage>/ does, so the
// files that the code finds relative to its own module (import.meta.url) are found from either.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import console from 'node:console';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
// taken before the build, so that a file saved while it runs counts as newer than the bundle
const startedAt = Date.now();
const outdir = path.join(root, 'harness', 'bundle');
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
try {
  const result = await build({
    absWorkingDir: root,
    // the worker threads load their modules from the bundle too (harness/analyse/run-in-background.ts)
    entryPoints: ['harness/cli/main.ts', 'harness/analyse/fit-regressions.ts', 'harness/analyse/match-candidates.ts', 'harness/analyse/population-statistics.ts'],
    bundle: true,
    entryNames: '[name]',
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outdir,
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).sort();
  writeFileSync(path.join(outdir, 'inputs.json'), `${JSON.stringify({ builtAt: startedAt, inputs })}\n`);
  console.log(`evenhand: prebuilt the command into ${path.relative(root, outdir)} (${inputs.length} source files)`);
} catch (err) {
  // without the bundle the command still runs, from the sources through tsx (slower to start)
  rmSync(outdir, { recursive: true, force: true });
  const msg = `evenhand: could not prebuild the command (${err instanceof Error ? err.message : String(err)}); it will run from the TypeScript sources.`;
  if (process.env['CI'] === 'true') {
    console.error(`${msg} Under CI this is an error.`);
    process.exit(1);
  }
  console.warn(msg);
}
