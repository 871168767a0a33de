import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/evenhand.js');

describe('evenhand plan', () => {
  it('prints volunteers per group, the detectable difference and crowd sizes as JSON', () => {
    const out = execFileSync('node', [bin, 'plan', '--json', '--tpir', '0.89', '--delta', '0.05', '--passes', '10', '--icc', '0.1',
      '--comparisons', '10', '--volunteers-per-group', '80', '--fpir-target', '1/6000', '--true-fpir', '1/12000'], { encoding: 'utf8' });
    const plan = JSON.parse(out) as { tpir: { volunteersPerGroup: number; designEffect: number }; fpir: { crowdSearches: number; crowdSearchesAtTrueFpir: number }; detectable: { smallestTpirDifference: number } };
    expect(plan.tpir.designEffect).toBeCloseTo(1.9, 12);
    expect(plan.tpir.volunteersPerGroup).toBe(237);
    expect(plan.fpir.crowdSearches).toBe(17973);
    expect(plan.fpir.crowdSearchesAtTrueFpir).toBeGreaterThan(plan.fpir.crowdSearches);
    expect(plan.detectable.smallestTpirDifference).toBeGreaterThan(0.05);
  });
  it('names a bad option value and exits 2', () => {
    const r = spawnSync('node', [bin, 'plan', '--icc', '1.5'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--icc: expected a correlation in \[0, 1\], got 1.5/);
    const a = spawnSync('node', [bin, 'plan', '--alpha', '0.6'], { encoding: 'utf8' });
    expect(a.status).toBe(2);
    expect(a.stdout).toBe('');
    expect(a.stderr).toMatch(/--alpha: expected a two-sided significance level in \(0, 0.5\], got 0.6/);
  });
  it('says so when no difference is detectable with the volunteers given', () => {
    const out = execFileSync('node', [bin, 'plan', '--json', '--tpir', '0.1', '--volunteers-per-group', '1', '--passes', '1', '--icc', '0', '--power', '0.99', '--alpha', '0.001'], { encoding: 'utf8' });
    expect((JSON.parse(out) as { detectable: { smallestTpirDifference: number | null } }).detectable.smallestTpirDifference).toBeNull();
    const text = execFileSync('node', [bin, 'plan', '--tpir', '0.1', '--volunteers-per-group', '1', '--passes', '1', '--icc', '0', '--power', '0.99', '--alpha', '0.001'], { encoding: 'utf8' });
    expect(text).toMatch(/1 volunteers per group cannot reach power 0.99 for any difference/);
  });
});
