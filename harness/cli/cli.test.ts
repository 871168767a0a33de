import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { skipHelpCache } from './run-cli.ts';

const bin = path.resolve('bin/evenhand.js');
const cli = (...args: string[]): { code: number | null; out: string; err: string } => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-cli-'));

describe('evenhand command line', () => {
  it('--help lists every command with a one-line purpose; each command explains itself', () => {
    const help = cli('--help');
    expect(help.code).toBe(0);
    for (const c of ['demo', 'validate', 'simulate', 'analyse', 'report']) expect(help.out).toMatch(new RegExp(`evenhand ${c}\\s+\\S`));
    const sub = cli('analyse', '--help');
    expect(sub.out).toMatch(/--searches/);
    expect(sub.out).toMatch(/score equal to T counts/);
  });

  it("finds the help text cache that runCli skips in the installed yargs (else every command renders its help)", () => {
    expect(skipHelpCache(yargs([]))).toBe(true);
    expect(skipHelpCache(yargs([]).command('x', 'a command', (y) => y))).toBe(true);
  });

  it('simulate -> analyse -> report runs end to end and says the data are simulated', () => {
    const sim = path.join(dir, 'sim');
    const s = cli('simulate', '--protocol', 'protocols/examples/small-simulated.json', '--seed', '2', '--out', sim);
    expect(s.code, s.err).toBe(0);
    expect(s.err).toMatch(/SIMULATED DATA/);
    const a = cli('analyse', '--protocol', 'protocols/examples/small-simulated.json', '--searches', path.join(sim, 'searches.arrow'), '--candidates', path.join(sim, 'candidates.arrow'), '--out', path.join(dir, 'an'));
    expect(a.code, a.err).toBe(0);
    const r = cli('report', '--results', path.join(dir, 'an', 'results.json'), '--out', path.join(dir, 'rep'));
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(path.join(dir, 'rep', 'index.html'), 'utf8')).toMatch(/Simulated data/);
  });

  it('bad input: one message naming the file, the path and what was expected; exit 2; no output folder', () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ id: 'x', title: 'X', algorithms: [{ id: 'a' }], thresholds: [0.6, 1.5], operationalThresholds: [0.6], watchlist: { size: 10 } }));
    const out = path.join(dir, 'never');
    const r = cli('simulate', '--protocol', bad, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}: thresholds[1]: expected a value <= 1`);
    expect(existsSync(out)).toBe(false);
    const missing = cli('analyse', '--protocol', 'protocols/examples/small-simulated.json', '--searches', path.join(dir, 'nope.arrow'), '--out', out);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^\S*nope\.arrow: expected a readable Arrow IPC file, got no such file or folder \(ENOENT\)/);
    expect(existsSync(out)).toBe(false);
    const notArrow = cli('analyse', '--protocol', 'protocols/examples/small-simulated.json', '--searches', bad, '--out', out);
    expect(notArrow.code).toBe(2);
    expect(notArrow.err).toMatch(/bad\.json: expected an Arrow IPC file/);
    expect(cli('report', '--results', bad, '--out', out).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses analysis settings out of range before any work: exit 2, no output', () => {
    const protocol = JSON.parse(readFileSync('protocols/examples/small-simulated.json', 'utf8')) as Record<string, unknown>;
    const out = path.join(dir, 'never-analysed');
    for (const [analysis, message] of [[{ alpha: 0.6 }, 'analysis.alpha: expected a value <= 0.5'], [{ equivalenceMargin: 0 }, 'analysis.equivalenceMargin: expected a value > 0'],
      [{ minPower: 1.2 }, 'analysis.minPower: expected a value < 1']] as const) {
      const bad = path.join(dir, 'bad-analysis.json');
      writeFileSync(bad, JSON.stringify({ ...protocol, analysis: { ...(protocol.analysis as object | undefined), ...analysis } }));
      const r = cli('analyse', '--protocol', bad, '--searches', path.join(dir, 'nope.arrow'), '--out', out);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain(`${bad}: ${message}`);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('bad place ground truth or zone of interest: evenhand run names file, path and expectation, exits 2 and writes nothing', () => {
    const m = JSON.parse(readFileSync('datasets/examples/small/manifest.json', 'utf8')) as {
      deployments: { cameras: Record<string, unknown>[]; overlappingViews?: string[][] }[]; passes: Record<string, unknown>[];
    };
    const d = m.deployments[0];
    if (d === undefined) throw new Error('example has a deployment');
    for (const c of d.cameras) Object.assign(c, { width: 640, height: 480 });
    d.overlappingViews = [['cam1', 'cam9']];
    Object.assign(d.cameras[1] ?? {}, { zoneOfInterest: { x: 0, y: 240, w: 640, h: 300 } });
    Object.assign(m.passes[0] ?? {}, { place: { kind: 'zone', polygon: [[0, 0], [800, 0], [0, 480]] } });
    Object.assign(m.passes[1] ?? {}, { place: { kind: 'boxes', boxes: [{ tMs: 901000, x: 0, y: 0, w: 9, h: 9 }, { tMs: 900500, x: 0, y: 0, w: 9, h: 9 }] } });
    Object.assign(m.passes[2] ?? {}, { camera: 'cam5' });
    const file = path.join(dir, 'bad-places.json');
    writeFileSync(file, JSON.stringify(m));
    const out = path.join(dir, 'never-run');
    const r = cli('run', '--protocol', 'protocols/rehearsal-ci.json', '--dataset', file, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}: deployments[0].overlappingViews[0][1]: expected a camera of deployment d1 (cam1, cam2), got "cam9"`);
    expect(r.err).toContain(`${file}: passes[0].place.polygon[1]: expected a point inside the 640x480 frame of d1/cam1, got [800,0]`);
    expect(r.err).toContain(`${file}: passes[1].place.boxes[1].tMs: expected boxes in time order (after boxes[0].tMs = 901000), got 900500`);
    expect(r.err).toContain(`${file}: passes[2].camera: expected a camera of deployment d1 (cam1, cam2), got "cam5"`);
    expect(r.err).toContain(`${file}: deployments[0].cameras[1].zoneOfInterest: expected a rectangle inside the 640x480 frame of d1/cam2, got x 0, y 240, w 640, h 300 (reaching 640, 540)`);
    expect(existsSync(out)).toBe(false);
  });
});
