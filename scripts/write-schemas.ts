/**
 * `npm run schema`: writes the published JSON Schemas from the zod schemas that validate the files:
 * protocols/protocol.schema.json, datasets/manifest.schema.json, reports/results.schema.json, reports/sites.schema.json
 * and reports/run-record.schema.json.
 * `--check` exits 1 when a committed schema differs from what the code gives.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaFiles } from './schema-files.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const { file, text } of schemaFiles()) {
  const target = path.join(root, file);
  if (check) {
    let current = '';
    try { current = readFileSync(target, 'utf8'); } catch { /* missing counts as stale */ }
    if (current !== text) { console.error(`${file} is out of date: run npm run schema`); stale++; }
  } else {
    writeFileSync(target, text);
    console.log(`wrote ${file}`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
