/**
 * `npm run bench`: runs every benchmark module in scripts/bench/ (or those named on the command line) and prints
 * their figures. Each module exports `run(): Promise<void>` and prints its own lines. Figures, not pass/fail.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

interface BenchModule { title: string; run: () => Promise<void> | void }

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bench');
const wanted = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('-step.ts')).sort();
for (const file of files) {
  const name = file.replace(/\.ts$/, '');
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as BenchModule;
  console.log(`\n== ${name}: ${mod.title}`);
  await mod.run();
}
