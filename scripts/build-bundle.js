// Prebuilds the `evenhand` command: bundles harness/cli/main.ts and everything it imports from this repository into
// harness/bundle/ (ES modules, one chunk per lazily loaded command; the pure-JavaScript packages in BUNDLED_PACKAGES
// compiled in, every other npm package an external import) with esbuild, so that the command starts without
// compiling TypeScript or resolving hundreds of package modules at run time. Run by `npm ci` / `npm install` (the
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

/**
 * npm packages compiled into the bundle rather than imported from node_modules at run time: pure JavaScript that the
 * analysis loads on every run and that Node would otherwise resolve, read and compile file by file (apache-arrow is
 * about 150 modules, zod about 100, yaml about 50). Every other package stays an external import: those that find
 * files beside their own code (yargs' locales, bullmq's Lua scripts, the ffmpeg installers' binaries, onnxruntime's
 * and the native addon's libraries) must be loaded from their own folder.
 */
const BUNDLED_PACKAGES = new Set(['apache-arrow', 'flatbuffers', 'tslib', 'zod', 'yaml']);

/** The package a bare import names (`zod/v4/core` -> `zod`, `@scope/name/x` -> `@scope/name`). */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * esbuild plugin: bare imports of packages outside BUNDLED_PACKAGES stay external (node: built-ins included). And
 * zod's `z.locales` (its messages in some 50 languages, half of zod's code, never used here: English, the default,
 * comes from zod's own schemas module) is left out, so that every start compiles half as much of zod. Should a later
 * zod keep its translations elsewhere, the filter matches nothing and they are simply bundled; the CLI tests check the
 * bundle's English messages.
 */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (BUNDLED_PACKAGES.has(packageOf(args.path)) ? undefined : { path: args.path, external: true }));
    b.onLoad({ filter: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: 'export {};\n', loader: 'js' }));
  },
};
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
    plugins: [externalPackages],
    // the CommonJS packages among them (yaml) require Node's built-ins: give the chunks a `require` to do it with
    banner: { js: "import { createRequire as createRequireForBundle } from 'node:module';\nconst require = createRequireForBundle(import.meta.url);" },
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
