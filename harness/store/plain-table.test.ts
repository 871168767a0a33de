import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Float32, tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { CANDIDATE_COLUMNS, SEARCH_COLUMNS } from './contract.ts';
import { concatTables, plainTableBytes, readPlainTable, reorderRows, selectRows, writePlainTable, type PlainTable } from './plain-table.ts';
import { tableFromColumns } from './table-builder.ts';
import { writeArrowFile } from './write-table.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-plain-'));

describe('plain tables', () => {
  it('read back what was written: strings with nulls and non-ASCII, numbers, booleans, categories; absent columns as nulls', () => {
    const file = path.join(dir, 'c.arrow');
    writeArrowFile(file, tableFromColumns(CANDIDATE_COLUMNS, {
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
    const base: PlainTable = { rows: 2, float32: ['score'], simulated: true, columns: { search_id: ['a', 'b'], rank: [1, 1], gallery_id: ['x', 'y'], score: [Math.fround(0.6), 0.5], is_mate: [false, false], gallery_ethnicity: [null, 'black'] } };
    const both = reorderRows(concatTables([base, { ...base, float32: ['score'], simulated: false }]), [3, 0]);
    const table = tableFromIPC(plainTableBytes(CANDIDATE_COLUMNS, both));
    expect(String(table.schema.fields.find((f) => f.name === 'score')?.type)).toBe(String(new Float32()));
    expect(table.schema.metadata.get('evenhand.simulated')).toBe('true');
    expect([...(table.getChild('gallery_id') ?? [])]).toEqual(['y', 'x']);
    expect([...(table.getChild('gallery_ethnicity') ?? [])]).toEqual(['black', null]);
    expect(() => plainTableBytes(CANDIDATE_COLUMNS, { ...base, columns: { ...base.columns, gallery_id: ['x', null] } })).toThrow(/gallery_id may not be null/);
    expect(concatTables([base, { ...base, float32: [] }]).float32).toEqual([]);
  });
});
