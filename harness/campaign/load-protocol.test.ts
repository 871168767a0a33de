import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.ts';
import { loadProtocol } from './load-protocol.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-protocol-'));
const base = JSON.parse(`{
  "id": "t", "title": "T", "algorithms": [{ "id": "a" }],
  "thresholds": { "from": 0.5, "to": 0.7, "step": 0.05 }, "operationalThresholds": [0.6],
  "watchlist": { "size": 100 }
}`) as Record<string, unknown>;

/** Writes `value` as a protocol file and returns the problems loading it reports. */
function problems(value: unknown, name = 'p.json'): InputError {
  const file = path.join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  try {
    loadProtocol(file);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('loadProtocol', () => {
  it('loads every protocol in protocols/ (the example corpus)', () => {
    const files = ['protocols', 'protocols/examples'].flatMap((d) =>
      readdirSync(d).filter((f) => /\.(json|ya?ml)$/.test(f) && !f.endsWith('.schema.json')).map((f) => path.join(d, f)));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) expect(loadProtocol(f).thresholds.length).toBeGreaterThan(0);
  });

  it('reproduces the NPL design and fills defaults once', () => {
    const c = loadProtocol('protocols/npl-2023-lfr.json');
    expect(c.thresholds).toHaveLength(41);
    expect(c.thresholds).toContain(0.56);
    expect(c.thresholds).toContain(0.6);
    expect(c.operationalThresholds).toEqual([0.6, 0.64]);
    expect(c.watchlist.size).toBe(10_000);
    expect(c.simulation?.fillerGallerySize).toBe(178_000);
    expect(c.dimensions.ethnicity.map((e) => e.code)).toEqual(['asian', 'black', 'mixed', 'white', 'other']);
  });

  it('expands a range without floating-point drift and merges operational thresholds', () => {
    const file = path.join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify({ ...base, operationalThresholds: [0.62] }));
    expect(loadProtocol(file).thresholds).toEqual([0.5, 0.55, 0.6, 0.62, 0.65, 0.7]);
    expect(loadProtocol(file).analysis.confidenceLevel).toBe(0.95);
  });

  it('names the file, the path and what was expected for each bad input', () => {
    expect(problems('{ "id": ').message).toMatch(/p\.json: expected valid JSON/);
    expect(problems({ ...base, colour: 'red' }).message).toMatch(/p\.json: expected no unknown fields \(found "colour"\)/);
    expect(problems({ ...base, watchlist: { size: 'big' } }).message).toMatch(/p\.json: watchlist\.size: expected number/);
    expect(problems({ ...base, operationalThresholds: [1.2] }).message).toMatch(/operationalThresholds\[0\]: expected a value <= 1/);
    expect(problems({ ...base, thresholds: { from: 0.7, to: 0.5, step: 0.1 } }).message).toMatch(/thresholds\.to: expected a value >= thresholds\.from/);
    expect(problems({ ...base, algorithms: [{ id: 'a' }, { id: 'a' }] }).message).toMatch(/algorithms\[1\]\.id: expected an algorithm id not used before, got "a"/);
    expect(problems({ ...base, watchlist: { size: 10, composition: { ethnicity: { purple: 1 } } } }).message)
      .toMatch(/watchlist\.composition\.ethnicity\.purple: expected a category code \(asian, black, mixed, white, other\)/);
    expect(problems({ ...base, title: undefined }).message).toMatch(/title: expected string \(the field is required\)/);
    expect(problems('id: [unclosed', 'p.yaml').message).toMatch(/p\.yaml: expected valid YAML/);
  });

  it('refuses analysis settings out of range: alpha outside (0, 0.5], margins <= 0, a minimum power outside (0, 1)', () => {
    const bad = (analysis: Record<string, unknown>): string => problems({ ...base, analysis }).message;
    expect(bad({ alpha: 0.6 })).toMatch(/p\.json: analysis\.alpha: expected a value <= 0\.5/);
    expect(bad({ alpha: 0 })).toMatch(/analysis\.alpha: expected a value > 0/);
    expect(bad({ equivalenceMargin: 0 })).toMatch(/analysis\.equivalenceMargin: expected a value > 0/);
    expect(bad({ equivalenceMargin: -0.05 })).toMatch(/analysis\.equivalenceMargin: expected a value > 0/);
    expect(bad({ fpirEquivalenceRatio: 0 })).toMatch(/analysis\.fpirEquivalenceRatio: expected a value > 1/);
    expect(bad({ minPower: 1 })).toMatch(/analysis\.minPower: expected a value < 1/);
    expect(bad({ minPower: 0 })).toMatch(/analysis\.minPower: expected a value > 0/);
  });
});
