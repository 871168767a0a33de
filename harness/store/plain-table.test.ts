import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Float32, tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { CANDIDATE_COLUMNS, SEARCH_COLUMNS } from './contract.ts';
import { concatTables, plainTableBytes, readPlainTable, reorderRows, SEARCH_AND_CONDITION_COLUMNS, searchColumnsOf, selectRows, writePlainTable, type PlainTable } from './plain-table.ts';
import { searchesBuilder, searchesWithConditionsBuilder, tableFromColumns } from './table-builder.ts';
import { readFileSync } from 'node:fs';
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
  it('carry capture-condition columns through a rewrite when a table has them, and add none when it has not', () => {
    const row = { search_id: 's1', deployment: 'd', camera: 'c', t_start_ms: 0, t_end_ms: 1, source: 'volunteer', mated: true, subject_id: 'v1', sex: null, ethnicity: null,
      age_band: null, mate_score: 0.7, mate_rank: 1, top_nonmate_score: 0.2, top_nonmate_id: 'g', frames_seen: 3, face_size_px: 50, gallery_size: 10 };
    const plain = searchesBuilder();
    plain.add(row);
    const withConditions = searchesWithConditionsBuilder();
    withConditions.add({ ...row, inter_eye_px: 31.5, yaw_deg: -4, pitch_deg: null, face_brightness: 90, face_contrast: 30, sharpness: 120, detector_score: 0.93, time_of_day_h: 14.5 });
    const a = path.join(dir, 'plain.arrow'), b = path.join(dir, 'conditions.arrow');
    writeArrowFile(a, plain.toTable());
    writeArrowFile(b, withConditions.toTable());
    const ta = readPlainTable(a, SEARCH_AND_CONDITION_COLUMNS);
    const tb = readPlainTable(b, SEARCH_AND_CONDITION_COLUMNS);
    expect(searchColumnsOf(ta).map((c) => c.name)).toEqual(SEARCH_COLUMNS.map((c) => c.name));
    const again = path.join(dir, 'plain-again.arrow');
    writePlainTable(again, searchColumnsOf(ta), ta);
    expect(tableFromIPC(readFileSync(again)).schema.fields.map((f) => f.name)).toEqual(SEARCH_COLUMNS.map((c) => c.name));
    writePlainTable(again, searchColumnsOf(tb), tb);
    const back = readPlainTable(again, SEARCH_AND_CONDITION_COLUMNS);
    expect(back.columns['inter_eye_px']).toEqual([31.5]);
    expect(back.columns['pitch_deg']).toEqual([null]);
    expect(back.columns['time_of_day_h']).toEqual([14.5]);
  });
});
