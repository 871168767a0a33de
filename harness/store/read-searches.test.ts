import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Table, tableFromIPC, tableToIPC, vectorFromArray, Utf8, Bool, Float32, Float64, Int32, Dictionary, type DataType, type Table as ApacheTable, type Vector } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { Condition, CONDITIONS } from '../campaign/condition.ts';
import { InputError } from '../core/input-error.ts';
import { checkSearches, readSearches } from './read-searches.ts';
import { readCategories } from './arrow-columns.ts';
import { poisonUnfilled } from './unfilled-array.ts';
import { native } from '../native/index.ts';
import { buildGroups } from '../metrics/groups.ts';
import { sweepWith } from '../metrics/sweep.ts';

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

  it('reads subjects, deployments and cameras when first used, as readCategories reads them, and refuses one of another type at once', () => {
    const columns = { ...base, subject_id: [null, 'p2', 'p1'], deployment: ['d1', 'd1', 'd2'], camera: ['c2', 'c1', 'c2'] };
    const stringTypes = { ...types, subject_id: new Utf8(), deployment: new Utf8(), camera: new Utf8() };
    expect(problems(columns, stringTypes)).toBe('');
    const file = path.join(dir, 's.arrow');
    const data = readSearches(file, campaign);
    const table = tableFromIPC(readFileSync(file));
    for (const [name, col] of [['subject_id', data.subject], ['deployment', data.deployment], ['camera', data.camera]] as const) {
      const eager = readCategories(table.getChild(name) as Vector, file, name);
      // a structured clone (a worker's input) and a spread read the column as its getters do
      expect(structuredClone(col), name).toEqual(eager);
      expect({ ...col }, name).toEqual(eager);
      expect(col.codes, name).toBe(col.codes);
    }
    expect(Array.from(data.subject.codes)).toEqual([-1, 0, 1]);
    expect(data.camera.labels).toEqual(['c2', 'c1']);
    // the type is checked when the table is read, not when the column is first used
    for (const name of ['subject_id', 'deployment', 'camera'] as const) {
      expect(problems({ ...columns, [name]: [1.5, 2, 3] }, { ...stringTypes, [name]: new Float32() }), name)
        .toMatch(new RegExp(`s\\.arrow: column ${name}: expected a string or dictionary column, got Float`));
    }
  });
});

describe('the native row loops read, check and sweep as the TypeScript loops do', () => {
  const sexes = campaign.dimensions.sex.map((c) => c.code);
  const ethnicities = campaign.dimensions.ethnicity.map((c) => c.code);
  const dict = (): Dictionary<Utf8, Int32> => new Dictionary(new Utf8(), new Int32());
  /** A table in the layout Evenhand writes (dictionaries, 64-bit scores, 32-bit ranks), with nulls and ties. */
  function table(rows: number, edit: (c: Record<string, unknown[]>) => void = () => undefined): string {
    let s = 12345;
    const rnd = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const c: Record<string, unknown[]> = { search_id: [], source: [], mated: [], subject_id: [], sex: [], ethnicity: [], age_band: [], mate_score: [], mate_rank: [], top_nonmate_score: [], gallery_size: [], ...Object.fromEntries(CONDITIONS.map((k) => [Condition[k].column, []])) };
    const push = (k: string, v: unknown): void => { (c[k] as unknown[]).push(v); };
    for (let i = 0; i < rows; i++) {
      const mated = i % 3 !== 2;
      // ties: scores exactly at the thresholds (0.5, 0.52, ... 0.7) and at their float32 roundings
      const score = (): number | null => (rnd() < 0.1 ? null : rnd() < 0.4 ? pick(campaign.thresholds) : rnd() < 0.1 ? Math.fround(pick(campaign.thresholds)) : rnd());
      const ms = mated ? score() : null;
      push('search_id', `${i % 2 === 0 ? 'v' : 'c'}${(i * 7919) % rows}`);
      // a non-mated source met only late in the table
      const source = mated ? 'volunteer' : i > rows / 2 && i % 5 === 0 ? 'filler_probe' : 'crowd';
      push('source', source);
      push('mated', mated);
      push('subject_id', mated ? `p${i % 40}` : null);
      push('sex', rnd() < 0.2 ? null : pick(sexes));
      // no row of the first ethnicity: its groups stay empty
      push('ethnicity', rnd() < 0.2 ? null : pick(ethnicities.slice(1)));
      push('age_band', null);
      push('mate_score', ms);
      push('mate_rank', ms === null ? null : 1 + Math.floor(rnd() * 3));
      push('top_nonmate_score', score());
      push('gallery_size', mated ? 2000 : source === 'crowd' && i % 7 === 0 ? null : 20000);
      // every capture condition (a stored NaN is allowed there: not measured)
      CONDITIONS.forEach((c, k) => push(Condition[c].column, rnd() < 0.1 ? null : rnd() < 0.02 ? NaN : k * 10 + rnd()));
    }
    edit(c);
    const types: Record<string, DataType> = { search_id: new Utf8(), mated: new Bool(), mate_score: new Float64(), mate_rank: new Int32(), top_nonmate_score: new Float64(), gallery_size: new Int32(), ...Object.fromEntries(CONDITIONS.map((k) => [Condition[k].column, new Float64()])) };
    const file = path.join(dir, `native-${rows}.arrow`);
    writeFileSync(file, tableToIPC(new Table(Object.fromEntries(Object.entries(c).map(([k, v]) => [k, vectorFromArray(v, types[k] ?? dict())]))), 'file'));
    return file;
  }
  const open = (file: string): ApacheTable => tableFromIPC(readFileSync(file));
  const message = (f: () => unknown): string => {
    try {
      f();
    } catch (err) {
      if (err instanceof InputError) return err.message;
      throw err;
    }
    return '';
  };

  it.skipIf(native === null && process.env['CI'] !== 'true')('gives the same columns and counts, with nulls, ties at thresholds, empty groups and a late source (no element of an unzeroed output left unwritten)', () => {
    if (native === null) throw new Error('the native addon was not built (npm run build:native)');
    const file = table(3000);
    // outputs made without zeroing are filled with a pattern no conversion writes: an element left unwritten differs
    poisonUnfilled(true);
    let fast: ReturnType<typeof checkSearches>;
    let slow: ReturnType<typeof checkSearches>;
    try {
      fast = checkSearches(open(file), file, campaign, 'fastest');
      slow = checkSearches(open(file), file, campaign, 'typescript');
      // the categories read when first used, read now (under the pattern too)
      for (const col of [fast.subject, fast.deployment, fast.camera, slow.subject, slow.deployment, slow.camera]) expect(col.codes.length).toBe(3000);
    } finally {
      poisonUnfilled(false);
    }
    const { searchIds: fastIds, ...fastCols } = fast;
    const { searchIds: slowIds, ...slowCols } = slow;
    expect(fastCols).toEqual(slowCols);
    expect(Object.keys(fast.conditions)).toHaveLength(CONDITIONS.length);
    expect(Array.from(fastIds.codes)).toEqual(Array.from(slowIds.codes));
    expect(fastIds.distinct).toBe(3000);
    expect(Array.from(fast.mateScore).filter((x) => campaign.thresholds.includes(x)).length).toBeGreaterThan(300);
    const layout = buildGroups(campaign);
    for (const rank of [1, 2]) {
      const a = sweepWith({ searches: fast, layout, thresholds: campaign.thresholds, rank, engine: 'fastest' });
      const b = sweepWith({ searches: slow, layout, thresholds: campaign.thresholds, rank, engine: 'typescript' });
      expect(a).toEqual(b);
      expect(a.map((p) => p.population.id)).toEqual(['mated', 'crowd', 'filler_probe']);
      // the first ethnicity's groups are empty; gallery sizes: one for the volunteers, none shared by the crowd
      expect(a[0]?.n[layout.offset.ethnicity]).toBe(0);
      expect(a.map((p) => p.population.gallerySize)).toEqual([2000, null, 20000]);
    }
  });

  it.skipIf(native === null && process.env['CI'] !== 'true')('refuses bad tables with the TypeScript loops\' messages', () => {
    const cases: ((c: Record<string, unknown[]>) => void)[] = [
      (c) => { (c['ethnicity'] as unknown[])[4] = 'purple'; },
      (c) => { (c['search_id'] as unknown[])[9] = (c['search_id'] as unknown[])[3]; },
      (c) => { (c['mate_score'] as unknown[])[0] = 1.5; },
      (c) => { (c['mate_score'] as unknown[])[1] = NaN; },
      (c) => { (c['mate_rank'] as unknown[])[0] = null; (c['mate_score'] as unknown[])[0] = 0.5; },
      (c) => { (c['mate_score'] as unknown[])[2] = 0.5; },
      (c) => { (c['source'] as unknown[])[5] = null; },
      (c) => { (c['mate_rank'] as unknown[])[3] = 0; },
      (c) => { (c['gallery_size'] as unknown[])[7] = 0; },
      (c) => { (c['gallery_size'] as unknown[])[8] = -3; (c['mated'] as unknown[])[11] = null; },
    ];
    for (const edit of cases) {
      const file = table(60, edit);
      const fast = message(() => readSearches(file, campaign));
      expect(fast).toMatch(/native-60\.arrow: row \d+ \(search_id "[^"]+"\): /);
      expect(fast).toBe(message(() => checkSearches(open(file), file, campaign, 'typescript')));
    }
  });
});
