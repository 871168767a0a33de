import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.ts';
import { loadManifest } from './load-manifest.ts';
import { loadProtocol } from './load-protocol.ts';

const dims = loadProtocol('protocols/npl-2023-lfr.json').dimensions;
const example = 'datasets/examples/small/manifest.json';
const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-manifest-'));

type Json = Record<string, unknown> & { volunteers: Record<string, unknown>[]; passes: Record<string, unknown>[] };
const fresh = (): Json => JSON.parse(readFileSync(example, 'utf8')) as Json;

function message(m: Json): string {
  const file = path.join(dir, 'm.json');
  writeFileSync(file, JSON.stringify(m));
  try {
    loadManifest(file, dims, { filesMustExist: false });
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('loadManifest', () => {
  it('accepts the documented example', () => {
    const m = loadManifest(example, dims, { filesMustExist: false });
    expect(m.volunteers).toHaveLength(3);
    expect(m.volunteers[2]?.enrolled).toBe(false);
    expect(m.root).toBe(path.resolve('datasets/examples/small'));
  });

  it('rejects duplicate ids', () => {
    const m = fresh();
    m.volunteers.push({ ...m.volunteers[0] });
    expect(message(m)).toMatch(/m\.json: volunteers\[3\]\.id: expected an id not used before, got "v001"/);
  });

  it('rejects a pass whose volunteer does not exist', () => {
    const m = fresh();
    (m.passes[0] as Record<string, unknown>).volunteer = 'v999';
    expect(message(m)).toMatch(/passes\[0\]\.volunteer: expected the id of a volunteer in volunteers\[\], got "v999"/);
  });

  it('rejects a demographic value outside the schema', () => {
    const m = fresh();
    (m.volunteers[1] as Record<string, unknown>).ethnicity = 'east_asian';
    expect(message(m)).toMatch(/volunteers\[1\]\.ethnicity: expected one of asian, black, mixed, white, other or null, got "east_asian"/);
  });

  it('rejects one volunteer in two places at once, and a pass that ends before it starts', () => {
    const m = fresh();
    m.passes.push({ volunteer: 'v001', deployment: 'd1', camera: 'cam2', tStartMs: 61000, tEndMs: 62000 });
    m.passes.push({ volunteer: 'v002', deployment: 'd1', camera: 'cam1', tStartMs: 5000, tEndMs: 5000 });
    const msg = message(m);
    expect(msg).toMatch(/passes\[4\]: expected volunteer v001 in one place at a time \(overlaps passes\[0\] at camera cam1\)/);
    expect(msg).toMatch(/passes\[5\]\.tEndMs: expected a time after tStartMs \(5000\)/);
  });

  it('rejects a wrong type and an unknown camera', () => {
    const m = fresh();
    (m.passes[0] as Record<string, unknown>).tStartMs = 'soon';
    (m.passes[1] as Record<string, unknown>).camera = 'cam9';
    expect(message(m)).toMatch(/passes\[0\]\.tStartMs: expected a number, got "soon"/);
    const m2 = fresh();
    (m2.passes[1] as Record<string, unknown>).camera = 'cam9';
    expect(message(m2)).toMatch(/passes\[1\]\.camera: expected a camera of deployment d1 \(cam1, cam2\), got "cam9"/);
  });
});
