import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Table, tableToIPC, vectorFromArray, Utf8, Bool, Float32 } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { InputError } from '../core/input-error.ts';
import { readSearches } from './read-searches.ts';

const campaign = loadProtocol('protocols/examples/small-simulated.json');
const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-store-'));

/** Writes a searches table the way another tool might (plain strings, 32-bit scores) and returns its problems. */
function problems(columns: Record<string, unknown[]>, types: Record<string, Utf8 | Bool | Float32>): string {
  const file = path.join(dir, 's.arrow');
  writeFileSync(file, tableToIPC(new Table(Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, vectorFromArray(v, types[k] as Utf8 | Bool | Float32)]))), 'file'));
  try {
    readSearches(file, campaign);
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  return '';
}

const base = { search_id: ['a', 'b', 'c'], source: ['crowd', 'volunteer', 'volunteer'], mated: [false, true, true], ethnicity: [null, 'black', 'white'], mate_score: [null, 0.58, 0.7], top_nonmate_score: [0.3, null, 0.1] };
const types = { search_id: new Utf8(), source: new Utf8(), mated: new Bool(), ethnicity: new Utf8(), mate_score: new Float32(), top_nonmate_score: new Float32() };

describe('readSearches on tables from other tools', () => {
  it('reads plain strings and 32-bit scores, comparing thresholds at that precision', () => {
    expect(problems(base, types)).toBe('');
    const file = path.join(dir, 's.arrow');
    const data = readSearches(file, campaign);
    expect(data.float32Scores).toBe(true);
    expect(Math.fround(0.58) >= Math.fround(0.58)).toBe(true);
    expect(data.demographics.ethnicity[1]).toBe(campaign.dimensions.ethnicity.findIndex((c) => c.code === 'black'));
  });

  it('names the file, the row, the search id and what was expected for each bad input', () => {
    expect(problems({ ...base, search_id: ['a', 'b', 'a'] }, types)).toMatch(/s\.arrow: row 2 \(search_id "a"\): search_id: expected a search_id not used in an earlier row, got "a"/);
    expect(problems({ ...base, ethnicity: [null, 'purple', 'white'] }, types)).toMatch(/row 1 \(search_id "b"\): ethnicity: expected one of asian, black, mixed, white, other or null, got "purple"/);
    const { mated: _, ...noMated } = base;
    expect(problems(noMated, types)).toMatch(/s\.arrow: column mated: expected a column named mated/);
    expect(problems({ ...base, mate_score: [0.4, 0.58, 0.7] }, types)).toMatch(/row 0 \(search_id "a"\): mate_score: expected null for a non-mated search/);
    expect(problems({ ...base, top_nonmate_score: [1.5, null, 0.1] }, types)).toMatch(/row 0 \(search_id "a"\): top_nonmate_score: expected a score in 0\.\.1 or null, got 1\.5/);
    expect(problems({ ...base, mated: ['yes', 'no', 'no'] }, { ...types, mated: new Utf8() })).toMatch(/column mated: expected a boolean column/);
  });
});
