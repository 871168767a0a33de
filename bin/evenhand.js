#!/usr/bin/env node
// Entry point of the `evenhand` command. Runs the prebuilt command (harness/bundle/main.js, made at `npm ci` by
// scripts/build-bundle.js) while it is current: no source file it was built from is newer than it, or missing.
// Otherwise (an edited checkout, or no bundle) it loads the TypeScript CLI through tsx, so no build step is needed.
// EVENHAND_FROM_SOURCE=1 always runs the sources.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'harness', 'bundle');

/** Whether the bundle exists and every source file it was built from is unchanged since (by modification time). */
function bundleIsCurrent() {
  if (process.env['EVENHAND_FROM_SOURCE'] === '1') return false;
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(path.join(bundle, 'inputs.json'), 'utf8'));
    if (typeof builtAt !== 'number' || !Array.isArray(inputs)) return false;
    return inputs.every((file) => statSync(path.join(root, String(file))).mtimeMs <= builtAt);
  } catch {
    return false;
  }
}

if (bundleIsCurrent()) {
  await import(pathToFileURL(path.join(bundle, 'main.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../harness/cli/main.ts');
}
