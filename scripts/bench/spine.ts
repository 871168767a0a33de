/**
 * Spine benchmark: simulate and analyse at NPL scale (about 138,000 searches) and at about 1,000,000 searches (41
 * thresholds; groups overall, sex, ethnicity, age band, sex x ethnicity; tests between groups at every threshold).
 * Each step runs in a fresh process; figures are medians of several runs, wall and CPU (user + system, all threads:
 * steadier than wall on a shared machine).
 *
 *   sweep + intervals     read + check + threshold sweep + Clopper-Pearson and Wilson intervals (spine-step.ts),
 *                         4 times in one process after imports: the first run (it pays for first use: page faults of
 *                         fresh memory, code not yet compiled) and the median of the later three, reported apart
 *   numpy                 the same work in numpy and scipy from the same columns (sweep_numpy.py), 4 times in one
 *                         process after imports, first and later runs apart as above, run in turn with the row
 *                         above, pair by pair, so that both see the same machine; each is compared with its like
 *   analyse               everything `evenhand analyse` computes, in process (startup excluded)
 *   whole command         `evenhand analyse` as a user runs it, process start to exit
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const title = 'simulate and analyse at NPL scale and at 1,000,000 searches, with a numpy reference';

interface Step { ms: number; cpuMs: number; maxRssMb: number; searches: number; laterMs?: number | null; laterCpuMs?: number | null }

/** Runs of the read + sweep + intervals step in one process, for Evenhand and numpy alike: the first, then the later ones. */
const SWEEP_RUNS = 4;

const step = (args: string[]): Step => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bench/spine-step.ts', ...args], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Step;
};
const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');
const median = (xs: number[]): number => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)] ?? NaN;
const show = (label: string, runs: Step[]): void => {
  console.log(`${label.padEnd(54)} wall median ${median(runs.map((r) => r.ms)).toFixed(0).padStart(6)} ms (min ${Math.min(...runs.map((r) => r.ms)).toFixed(0)}, max ${Math.max(...runs.map((r) => r.ms)).toFixed(0)})  cpu median ${median(runs.map((r) => r.cpuMs)).toFixed(0)} ms  peak ${median(runs.map((r) => r.maxRssMb)).toFixed(0)} MB  searches ${runs[0]?.searches ?? 0}`);
};

/** `evenhand analyse` as a user runs it: wall from spawn to exit, CPU of the child (user + system). */
function wholeCommand(protocol: string, searches: string, candidates: string, out: string): Step {
  const t0 = performance.now();
  const r = spawnSync('/bin/sh', ['-c', `node bin/evenhand.js analyse --protocol "$1" --searches "$2" --candidates "$3" --out "$4" >/dev/null 2>&1; s=$?; times; exit $s`, 'sh', protocol, searches, candidates, out], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`evenhand analyse failed: ${r.stderr}`);
  // `times` prints the shell's, then its children's, user and system times: "0m1.234s 0m0.100s"
  const lines = r.stdout.trim().split('\n');
  const seconds = (lines[lines.length - 1] ?? '').split(/\s+/).map((x) => /(\d+)m([\d.]+)s/.exec(x)).map((m) => (m === null ? 0 : Number(m[1]) * 60 + Number(m[2])));
  return { ms, cpuMs: 1000 * seconds.reduce((a, b) => a + b, 0), maxRssMb: NaN, searches: NaN };
}

/** Wall and CPU ms of one run, or of the median later run. */
interface Timed { ms: number; cpuMs: number }

/** The numpy reference on the exported columns: one process of `runs` runs, its first run and its later runs' median; null without python3 + numpy + scipy. */
function numpy(folder: string, runs: number): { first: Timed; later: Timed } | null {
  const r = spawnSync('python3', ['scripts/bench/sweep_numpy.py', folder, String(runs)], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const m = /first run ([\d.]+) s wall, ([\d.]+) s CPU; later runs \(median\) ([\d.]+) s wall, ([\d.]+) s CPU/.exec(r.stdout);
  return m === null ? null : { first: { ms: 1000 * Number(m[1]), cpuMs: 1000 * Number(m[2]) }, later: { ms: 1000 * Number(m[3]), cpuMs: 1000 * Number(m[4]) } };
}

export function run(): void {
  // the whole command is timed as installed: from the prebuilt command, made current first (scripts/build-bundle.js)
  execFileSync(process.execPath, ['scripts/build-bundle.js'], { stdio: 'ignore' });
  const protocol = 'protocols/npl-2023-lfr.json';
  const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-bench-'));
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  const hasNumpy = spawnSync('python3', ['-c', 'import numpy, scipy'], { encoding: 'utf8' }).status === 0;
  try {
    for (const [label, volunteers, crowd] of [['NPL scale', '400', '130000'], ['1,000,000 searches', '20000', '600000']] as const) {
      const out = path.join(dir, label.replace(/\W+/g, '-'));
      const sims = Array.from({ length: Math.max(1, repeats - 1) }, () => step(['simulate', protocol, out, volunteers, crowd]));
      show(`simulate, ${label}`, sims);
      const searches = path.join(out, 'searches.arrow');
      const candidates = path.join(out, 'candidates.arrow');
      const ours: Step[] = [];
      const theirs: { first: Timed; later: Timed }[] = [];
      const columns = path.join(out, 'npy');
      if (hasNumpy) step(['export', protocol, searches, columns]);
      for (let i = 0; i < repeats; i++) {
        ours.push(step(['sweep', protocol, searches, String(SWEEP_RUNS)]));
        const np = hasNumpy ? numpy(columns, SWEEP_RUNS) : null;
        if (np !== null) theirs.push(np);
      }
      show(`sweep + intervals, ${label}, first run`, ours);
      const oursLater = ours.map((r) => ({ ms: r.laterMs ?? NaN, cpuMs: r.laterCpuMs ?? NaN }));
      console.log(`${`sweep + intervals, ${label}, later runs`.padEnd(54)} wall median ${median(oursLater.map((r) => r.ms)).toFixed(0).padStart(6)} ms  cpu median ${median(oursLater.map((r) => r.cpuMs)).toFixed(0)} ms (runs 2-${SWEEP_RUNS} of each process)`);
      if (theirs.length > 0) {
        for (const [when, mine, np] of [['first run', ours, theirs.map((t) => t.first)], ['later runs', oursLater, theirs.map((t) => t.later)]] as const) {
          console.log(`${`numpy, same work, ${label}, ${when}`.padEnd(54)} wall median ${median(np.map((r) => r.ms)).toFixed(0).padStart(6)} ms  cpu median ${median(np.map((r) => r.cpuMs)).toFixed(0)} ms`);
          const ratio = (f: (s: Timed) => number): number => median(np.map(f)) / median(mine.map(f));
          const byWall = ratio((s) => s.ms);
          const target = label === 'NPL scale' ? '(target >= 2 at 1,000,000 searches only)' : `(target >= 2 by wall: ${verdict(byWall >= 2)})`;
          console.log(`${`  numpy time / Evenhand time, ${when}`.padEnd(54)} ${ratio((s) => s.cpuMs).toFixed(2)} by CPU, ${byWall.toFixed(2)} by wall ${target}`);
        }
      } else {
        console.log('numpy reference skipped: python3 with numpy and scipy is not available here');
      }
      show(`analyse searches + candidates, ${label}`, Array.from({ length: repeats }, () => step(['analyse', protocol, searches, candidates])));
      const whole = Array.from({ length: repeats }, () => wholeCommand(protocol, searches, candidates, path.join(dir, 'cli-out')));
      const wall = median(whole.map((w) => w.ms));
      const met = label === 'NPL scale' ? wall < 1500 : wall <= 3000;
      console.log(`${`whole command evenhand analyse, ${label}`.padEnd(54)} wall median ${wall.toFixed(0).padStart(6)} ms  cpu median ${median(whole.map((w) => w.cpuMs)).toFixed(0)} ms (target ${label === 'NPL scale' ? '< 1.5 s' : '<= 3 s'} wall: ${verdict(met)})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('"sweep + intervals": read, check, sweep 41 thresholds x 21 groups, both intervals; "analyse" adds the tests between groups at every');
  console.log('threshold, the cluster bootstrap, equity thresholds, regressions and candidates; "whole command" adds process start-up.');
}
