/**
 * Spine benchmark: wall time and peak memory of simulate and analyse at NPL scale (about 138,000 searches) and at
 * about 1,000,000 searches (41 thresholds, 21 groups: overall, sex, ethnicity, age band, sex x ethnicity, both
 * intervals). Each step runs in a fresh process; figures are medians of several runs. The analyse time is the
 * in-process time to read, check, sweep, compute intervals and serialise results (process start-up excluded,
 * reported separately as whole-command time).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const title = 'simulate and analyse at NPL scale and at 1,000,000 searches';

interface Step { ms: number; cpuMs: number; maxRssMb: number; searches: number }

const step = (args: string[]): Step => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bench/spine-step.ts', ...args], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Step;
};
const median = (xs: number[]): number => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)] ?? NaN;
const show = (label: string, runs: Step[]): void => {
  console.log(`${label.padEnd(46)} wall median ${median(runs.map((r) => r.ms)).toFixed(0).padStart(6)} ms (min ${Math.min(...runs.map((r) => r.ms)).toFixed(0)}, max ${Math.max(...runs.map((r) => r.ms)).toFixed(0)})  cpu median ${median(runs.map((r) => r.cpuMs)).toFixed(0)} ms  peak ${median(runs.map((r) => r.maxRssMb)).toFixed(0)} MB  searches ${runs[0]?.searches ?? 0}`);
};

export function run(): void {
  const protocol = 'protocols/npl-2023-lfr.json';
  const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-bench-'));
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  try {
    for (const [label, volunteers, crowd] of [['NPL scale', '400', '130000'], ['1,000,000 searches', '20000', '600000']] as const) {
      const out = path.join(dir, label.replace(/\W+/g, '-'));
      const sims = Array.from({ length: Math.max(1, repeats - 1) }, () => step(['simulate', protocol, out, volunteers, crowd]));
      show(`simulate, ${label}`, sims);
      const searches = path.join(out, 'searches.arrow');
      const candidates = path.join(out, 'candidates.arrow');
      show(`sweep + intervals, ${label}`, Array.from({ length: repeats }, () => step(['sweep', protocol, searches])));
      show(`analyse searches (all statistics), ${label}`, Array.from({ length: repeats }, () => step(['analyse', protocol, searches])));
      show(`analyse searches + candidates, ${label}`, Array.from({ length: repeats }, () => step(['analyse', protocol, searches, candidates])));
      const walls: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const t0 = performance.now();
        const r = spawnSync(process.execPath, ['bin/evenhand.js', 'analyse', '--protocol', protocol, '--searches', searches, '--candidates', candidates, '--out', path.join(dir, 'cli-out')], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(r.stderr);
        walls.push(performance.now() - t0);
      }
      console.log(`${`whole command evenhand analyse, ${label}`.padEnd(46)} median ${median(walls).toFixed(0).padStart(6)} ms`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('Target: read, check, sweep 1,000,000 searches x 41 thresholds x all groups with both intervals in <= 0.85 s, < 1 GB peak');
  console.log('(the "sweep + intervals" rows); "analyse" rows add the statistics between groups, bootstrap and regression.');
}
