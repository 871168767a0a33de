// Builds the C resampling addon (harness/native) with node-gyp; run by `npm install` / `npm ci` (the
// package's install script) and by `npm run build:native`. Needs a C compiler, make and python3 (node-gyp's own
// needs); without them it says so and exits 0: replay then uses the TypeScript resampler (same results, slower).
// Under CI=true a failed build is an error, so the tests never run on the fallback by accident.
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'harness', 'native');
// npm gives lifecycle scripts its own node-gyp (npm_config_node_gyp) and the Node headers' folder (npm_config_nodedir)
const gyp = process.env['npm_config_node_gyp'];
const [cmd, args] = gyp ? [process.execPath, [gyp]] : ['node-gyp', []];
const r = spawnSync(cmd, [...args, 'rebuild', '--directory', dir], { stdio: ['ignore', 'inherit', 'inherit'] });
if (r.status !== 0) {
  const why = r.error ? r.error.message : `node-gyp exited ${r.status}`;
  const msg = `evenhand: could not build the native resampler in ${dir} (${why}); replay will use the slower TypeScript resampler.`;
  if (process.env['CI'] === 'true') {
    console.error(`${msg} Under CI this is an error.`);
    process.exit(1);
  }
  console.warn(msg);
}
