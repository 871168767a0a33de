import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { SearchRow } from './contract.ts';
import { SEARCH_COLUMNS } from './contract.ts';
import { candidatesBuilder, searchesBuilder } from './table-builder.ts';

const row = (over: Partial<SearchRow>): SearchRow => ({
  search_id: 's', deployment: null, camera: null, t_start_ms: null, t_end_ms: null, source: 'crowd', mated: false, subject_id: null,
  sex: null, ethnicity: null, age_band: null, mate_score: null, mate_rank: null, top_nonmate_score: null, top_nonmate_id: null,
  frames_seen: null, face_size_px: null, gallery_size: null, ...over,
});

describe('ContractTableBuilder', () => {
  it('writes every contract column with its type, nulls, categories and non-ASCII text, and reads back the same values', () => {
    const b = searchesBuilder();
    b.add(row({ search_id: 'a-1', deployment: 'd1', source: 'volunteer', mated: true, subject_id: 'v1', sex: 'female', ethnicity: 'black', mate_score: 0.75, mate_rank: 1, top_nonmate_score: 0.2, top_nonmate_id: 'w9', frames_seen: 12, gallery_size: 1000 }));
    b.add(row({ search_id: 'crowd-é-2', deployment: 'd2' }));
    b.add(row({ search_id: 'a-3', deployment: 'd1', source: 'volunteer', mated: true, subject_id: 'v1', sex: 'female', ethnicity: 'black', frames_seen: 0 }));
    const table = tableFromIPC(tableToIPC(b.toTable({ 'evenhand.simulated': 'true' }), 'file'));
    expect(table.schema.fields.map((f) => f.name)).toEqual(SEARCH_COLUMNS.map((c) => c.name));
    expect(table.schema.fields.map((f) => f.nullable)).toEqual(SEARCH_COLUMNS.map((c) => c.nullable));
    expect(table.schema.metadata.get('evenhand.simulated')).toBe('true');
    expect(table.getChild('search_id')?.toArray()).toEqual(['a-1', 'crowd-é-2', 'a-3']);
    expect([...(table.getChild('deployment') ?? [])]).toEqual(['d1', 'd2', 'd1']);
    expect([...(table.getChild('sex') ?? [])]).toEqual(['female', null, 'female']);
    expect([...(table.getChild('mated') ?? [])]).toEqual([true, false, true]);
    expect([...(table.getChild('mate_score') ?? [])]).toEqual([0.75, null, null]);
    expect([...(table.getChild('mate_rank') ?? [])]).toEqual([1, null, null]);
    expect([...(table.getChild('frames_seen') ?? [])]).toEqual([12, null, 0]);
    expect([...(table.getChild('top_nonmate_id') ?? [])]).toEqual(['w9', null, null]);
    expect(b.values('frames_seen')).toEqual([12, null, 0]);
    expect(b.values('mated')).toEqual([true, false, true]);
    expect(b.length).toBe(3);
  });

  it('gives the same bytes for the same rows, and refuses null in a column that may not be null', () => {
    const make = (): Uint8Array => {
      const c = candidatesBuilder();
      for (let i = 0; i < 40; i++) c.add({ search_id: `s${i % 7}`, rank: 1 + (i % 3), gallery_id: `g${i}`, score: i / 40, is_mate: i % 5 === 0, gallery_ethnicity: i % 4 === 0 ? null : 'white' });
      return tableToIPC(c.toTable(), 'file');
    };
    expect(Buffer.from(make()).equals(Buffer.from(make()))).toBe(true);
    const b = searchesBuilder();
    // a caller outside the type system (a JavaScript script) can still pass null
    const bad = row({ search_id: 'x' });
    Object.assign(bad, { source: null });
    expect(() => b.add(bad)).toThrow(/column source may not be null/);
  });
});
