import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('evenhand demo', () => {
  it('runs the NPL replication protocol end to end and prints where equity starts', () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'evenhand-demo-')), 'replication');
    const run = spawnSync(process.execPath, [path.join(root, 'bin/evenhand.js'), 'demo', '--protocol', 'protocols/npl-2023-replication.json', '--out', out], { cwd: root, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('SIMULATED DATA');
    expect(run.stdout).toMatch(/^FPIR \(filler_probe\) by ethnicity: significant difference at 0\.50, 0\.52, 0\.54, 0\.56[\d., ]*; none from 0\.(58|60|62|64) up$/m);
    expect(run.stdout).toMatch(/^policy: The policy asks for/m);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as { schemaVersion: number; settings: { thresholds: number[] } };
    expect(results.schemaVersion).toBe(3);
    expect(results.settings.thresholds).toHaveLength(11);
    for (const page of ['index.html', 'annex.html', 'explorer.html']) expect(existsSync(path.join(out, page))).toBe(true);
    expect(readFileSync(path.join(out, 'annex.html'), 'utf8')).toContain('Where equity starts');
  });
});
