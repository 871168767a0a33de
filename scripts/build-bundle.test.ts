import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A stand-in checkout: the real bin/evenhand.js, a "bundle" and a "source" CLI that each say which they are. */
function checkout(): { dir: string; run: (env?: Record<string, string>) => string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-launcher-'));
  mkdirSync(path.join(dir, 'bin'));
  mkdirSync(path.join(dir, 'harness', 'cli'), { recursive: true });
  mkdirSync(path.join(dir, 'harness', 'bundle'));
  copyFileSync(path.join(root, 'bin', 'evenhand.js'), path.join(dir, 'bin', 'evenhand.js'));
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(path.join(dir, 'harness', 'cli', 'main.ts'), "const from: string = 'source';\nconsole.log(from);\n");
  writeFileSync(path.join(dir, 'harness', 'bundle', 'main.js'), "console.log('bundle');\n");
  const builtAt = Date.now();
  writeFileSync(path.join(dir, 'harness', 'bundle', 'inputs.json'), JSON.stringify({ builtAt, inputs: ['harness/cli/main.ts'] }));
  const old = new Date(builtAt - 60_000);
  utimesSync(path.join(dir, 'harness', 'cli', 'main.ts'), old, old);
  const run = (env: Record<string, string> = {}): string =>
    spawnSync(process.execPath, [path.join(dir, 'bin', 'evenhand.js')], { encoding: 'utf8', env: { ...process.env, ...env } }).stdout.trim();
  return { dir, run };
}

describe('bin/evenhand.js', () => {
  it('runs the prebuilt bundle while no source it was built from is newer, the sources when asked', () => {
    const c = checkout();
    expect(c.run()).toBe('bundle');
    expect(c.run({ EVENHAND_FROM_SOURCE: '1' })).toBe('source');
  });
  it('runs the sources when one of them changed after the build, or is gone, or there is no bundle', () => {
    const c = checkout();
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(c.dir, 'harness', 'cli', 'main.ts'), later, later);
    expect(c.run()).toBe('source');
    const d = checkout();
    writeFileSync(path.join(d.dir, 'harness', 'bundle', 'inputs.json'), JSON.stringify({ builtAt: Date.now(), inputs: ['harness/cli/main.ts', 'harness/cli/gone.ts'] }));
    expect(d.run()).toBe('source');
    const e = checkout();
    writeFileSync(path.join(e.dir, 'harness', 'bundle', 'inputs.json'), 'not json');
    expect(e.run()).toBe('source');
  });
});
