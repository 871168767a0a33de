/**
 * `evenhand import-alerts` from the command line: a vendor CSV imported, analysed and reported with the unchanged
 * commands (exclusions in results.json, the vendor's own settings in the annex); bad rows refused under --strict with
 * file, line and field, exit code 2 and nothing written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResultsSchema } from '../analyse/index.ts';
import { ImportSummarySchema } from '../import/index.ts';

const bin = path.resolve('bin/evenhand.js');
const cli = (...args: string[]): { code: number | null; out: string; err: string } => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-import-cli-'));
const fx = (name: string): string => path.join('datasets/examples/alert-logs', name);
const vendorA = ['--dataset', fx('manifest.json'), '--log', fx('vendor-a.csv'), '--format', fx('vendor-a.yaml')];

describe('evenhand import-alerts', () => {
  it('imports a vendor CSV; analyse and report take the tables unchanged, with the exclusions and the vendor\'s settings', () => {
    const out = path.join(dir, 'a');
    const i = cli('import-alerts', ...vendorA, '--out', out);
    expect(i.code, i.err).toBe(0);
    expect(i.err).toMatch(/vendor-a\.csv: line 8: field "Match %": expected a number/);
    expect(i.err).toMatch(/not on the watchlist/);
    expect(i.err).toMatch(/camera\(s\) the manifest does not have: Regent St/);
    expect(i.err).toMatch(/an estimate, not a census/);
    const a = cli('analyse', '--protocol', 'protocols/npl-2023-lfr.json', '--searches', path.join(out, 'searches.arrow'), '--candidates', path.join(out, 'candidates.arrow'), '--algorithm', 'vendor-a', '--out', path.join(dir, 'an'));
    expect(a.code, a.err).toBe(0);
    const results = ResultsSchema.parse(JSON.parse(readFileSync(path.join(dir, 'an', 'results.json'), 'utf8')));
    const summary = ImportSummarySchema.parse(JSON.parse(readFileSync(path.join(out, 'import.json'), 'utf8')));
    expect(results.algorithms[0]?.logImport).toEqual(summary);
    const excluded = Object.fromEntries(results.runInputs.exclusions.map((e) => [e.reason, e.count]));
    expect(excluded).toMatchObject({ 'log-row-unreadable': 3, 'log-unknown-camera': 1, 'log-outside-deployment': 1, 'log-unknown-subject': 1, 'log-alert-only-unknown-subjects': 1 });
    const r = cli('report', '--results', path.join(dir, 'an', 'results.json'), '--out', path.join(dir, 'rep'));
    expect(r.code, r.err).toBe(0);
    const annex = readFileSync(path.join(dir, 'rep', 'annex.html'), 'utf8');
    expect(annex.includes('<th scope="row">0.60</th><td>60</td>'), 'the vendor setting beside 0.60').toBe(true);
    const index = readFileSync(path.join(dir, 'rep', 'index.html'), 'utf8');
    expect(index.includes("0.64 on our scale is 64 on the system's own scale"), 'public methods').toBe(true);
    expect(index).toMatch(/Excluded: 3 rows of the imported log that could not be read/);
    expect(index).toMatch(/Excluded: 1 alerts at a camera the manifest does not have/);
  }, 60_000);

  it('--strict refuses a malformed row: file, line and field, exit 2, nothing written', () => {
    const out = path.join(dir, 'strict');
    const r = cli('import-alerts', ...vendorA, '--out', out, '--strict');
    expect(r.code).toBe(2);
    expect(r.err).toContain('vendor-a.csv');
    expect(r.err).toMatch(/line 8: field "Match %": expected a number \(the vendor's score\), got "n\/a"/);
    expect(r.err).toMatch(/line 11: field "Alert Time": expected a time like "dd\/MM\/yyyy HH:mm:ss"/);
    expect(existsSync(out)).toBe(false);
  });

  it('a bad option or format is named, exit 2', () => {
    expect(cli('import-alerts', ...vendorA, '--out', path.join(dir, 'x'), '--clock-tolerance-ms', '-5').err).toMatch(/--clock-tolerance-ms/);
    const f = cli('import-alerts', '--dataset', fx('manifest.json'), '--log', fx('vendor-a.csv'), '--format', 'vendor-z', '--out', path.join(dir, 'y'));
    expect(f.code).toBe(2);
    expect(f.err).toMatch(/--format.*built-in format \(evenhand-jsonl, evenhand-csv\)/s);
  });
});
