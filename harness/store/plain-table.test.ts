import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Float32, tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { CANDIDATE_COLUMNS, SEARCH_COLUMNS } from './contract.ts';
import { concatTables, plainTableBytes, readPlainTable, reorderRows, selectRows, writePlainTable, type PlainTable } from './plain-table.ts';
import { contractTable, utf8Vector, writeArrowFile } from './write-table.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-plain-'));

describe('plain tables', () => {
  it('read back what was written: strings with nulls and non-ASCII, numbers, booleans, categories; absent columns as nulls', () => {
    const file = path.join(dir, 'c.arrow');
    writeArrowFile(file, contractTable(CANDIDATE_COLUMNS, {
      search_id: ['s1', 's1', 'ß-2'], rank: [1, 2, 1], gallery_id: ['v1', 'Zoë', 'v1'], score: [0.9, 0.5, 0.25], is_mate: [true, false, false], gallery_ethnicity: ['black', null, 'black'],
    }));
    const t = readPlainTable(file, CANDIDATE_COLUMNS);
    expect(t.columns).toEqual({ search_id: ['s1', 's1', 'ß-2'], rank: [1, 2, 1], gallery_id: ['v1', 'Zoë', 'v1'], score: [0.9, 0.5, 0.25], is_mate: [true, false, false], gallery_ethnicity: ['black', null, 'black'] });
    const again = path.join(dir, 'c2.arrow');
    writePlainTable(again, CANDIDATE_COLUMNS, selectRows(t, (i) => i !== 1));
    expect(readPlainTable(again, CANDIDATE_COLUMNS).columns.gallery_id).toEqual(['v1', 'v1']);
    const s = readPlainTable(file, SEARCH_COLUMNS.filter((c) => !c.required || c.name === 'search_id'));
    expect(s.columns.subject_id).toEqual([null, null, null]);
  });
  it('keep 32-bit score columns 32-bit, and the simulated mark, through concatenation and reordering', () => {
    const base: PlainTable = { rows: 2, float32: ['score'], simulated: true, columns: { search_id: ['a', 'b'], rank: [1, 1], gallery_id: ['x', null], score: [Math.fround(0.6), 0.5], is_mate: [false, false], gallery_ethnicity: [null, null] } };
    const both = reorderRows(concatTables([base, { ...base, float32: ['score'], simulated: false }]), [3, 0]);
    const table = tableFromIPC(plainTableBytes(CANDIDATE_COLUMNS, both));
    expect(String(table.schema.fields.find((f) => f.name === 'score')?.type)).toBe(String(new Float32()));
    expect(table.schema.metadata.get('evenhand.simulated')).toBe('true');
    expect([...(table.getChild('gallery_id') ?? [])]).toEqual([null, 'x']);
    expect(concatTables([base, { ...base, float32: [] }]).float32).toEqual([]);
  });
  it('builds Utf8 vectors equal to the builder\'s, ASCII or not', () => {
    for (const values of [['a', null, 'bc', ''], ['Zoë', null, '日本', 'x']]) expect([...utf8Vector(values)]).toEqual(values);
    expect([...utf8Vector([])]).toEqual([]);
  });
});
