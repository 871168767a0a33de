import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reportFixture } from '../report/fixture.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function evenhand(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [path.join(root, 'bin/evenhand.js'), ...args], { encoding: 'utf8' });
}

describe('evenhand thresholds', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'thresholds-'));
  const file = path.join(dir, 'results.json');
  writeFileSync(file, JSON.stringify(reportFixture()));

  it('prints the lowest threshold meeting the policy, with its rationale, per algorithm', () => {
    const run = evenhand('thresholds', '--results', file, '--min-tpir', '0.7');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Algorithm A (alpha): threshold 0.60');
    expect(run.stdout).toContain('Algorithm <B> (beta): no threshold meets the policy');
    expect(run.stdout).toMatch(/The next lower threshold, 0\.55, fails: 1 of 1 comparisons between groups found a significant difference/);
  });
  it('reads the policy from results.json (no protocol), and refuses an override out of range naming the option', () => {
    const strict = JSON.parse(evenhand('thresholds', '--results', file, '--json').stdout) as { policy: { minTpir: number }; choices: { chosen: number | null }[] };
    expect(strict.policy.minTpir).toBe(0.7); // runInputs.policy of the fixture
    expect(strict.choices[0]?.chosen).toBe(0.6);
    const bad = evenhand('thresholds', '--results', file, '--min-tpir', '1.5');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('command line: --min-tpir: expected a value <= 1');
    expect(bad.stdout).toBe('');
    expect(evenhand('thresholds', '--results', file, '--protocol', 'protocols/npl-2023-lfr.json').status).not.toBe(0);
  });
  it('gives the checks as JSON and refuses an unknown algorithm', () => {
    const json = JSON.parse(evenhand('thresholds', '--results', file, '--equity', 'none', '--min-tpir', '0.7', '--json').stdout) as { choices: { chosen: number | null }[] };
    expect(json.choices.map((c) => c.chosen)).toEqual([0.55, 0.55]);
    const bad = evenhand('thresholds', '--results', file, '--algorithm', 'gamma');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('available: alpha, beta');
  });
});
