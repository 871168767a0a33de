import { describe, expect, it } from 'vitest';
import { CANDIDATE_COLUMNS } from '../store/contract.ts';
import { plainTableBytes } from '../store/plain-table.ts';
import { tableFromColumns } from '../store/table-builder.ts';
import { tableToIPC } from 'apache-arrow';
import { Utf8 } from 'apache-arrow';
import { scanForIdentifiers } from './identifier-scan.ts';
import { pseudonymiser } from './pseudonymise.ts';

const ids = { ids: new Set(['v1', 'v17', '42']), names: new Set(['Colin_Powell']) };
const candidates = (galleryIds: string[]): Uint8Array => plainTableBytes(CANDIDATE_COLUMNS, {
  rows: galleryIds.length, float32: [], simulated: false,
  columns: { search_id: galleryIds.map((_, i) => `s-${String(i).padStart(16, '0')}`), rank: galleryIds.map(() => 1), gallery_id: galleryIds, score: galleryIds.map(() => 0.5), is_mate: galleryIds.map(() => false), gallery_ethnicity: galleryIds.map(() => null) },
});

describe('scanForIdentifiers', () => {
  it('passes pseudonyms, categories and ids that only look alike (v1 inside faceplugin-v1, 42 inside a number)', () => {
    const p = pseudonymiser(Buffer.alloc(32));
    const files = new Map<string, string | Uint8Array>([
      ['tables/a/candidates.arrow', candidates([p.of('person', 'v1'), p.of('person', 'v17')])],
      ['results.json', JSON.stringify({ algorithms: [{ id: 'faceplugin-v1', n: 42, label: 'n = 420' }] })],
      ['README.md', '# faceplugin-v1\n42 searches\n'],
    ]);
    expect(scanForIdentifiers(files, ids)).toEqual([]);
  });
  it('refuses raw ids in id columns, known ids or names in any string, extra columns and images', () => {
    const extra = tableToIPC(tableFromColumns([...CANDIDATE_COLUMNS, { name: 'name', type: () => new Utf8(), kind: 'string', nullable: true, required: false, description: '' }],
      { search_id: ['s-0000000000000000'], rank: [1], gallery_id: ['p-0000000000000000'], score: [0.5], is_mate: [false], gallery_ethnicity: [null], name: ['x'] }), 'file');
    const files = new Map<string, string | Uint8Array>([
      ['tables/a/candidates.arrow', candidates(['v17'])],
      ['tables/b/candidates.arrow', extra],
      ['protocol.json', JSON.stringify({ description: 'walk-past with Colin_Powell and v1' })],
      ['README.md', 'volunteer 42\n'],
      ['face.jpg', new Uint8Array([0xff, 0xd8, 0xff])],
    ]);
    const found = scanForIdentifiers(files, ids).map((f) => `${f.file}: ${f.problem.path}: ${f.problem.expected}${f.problem.got === undefined ? '' : ` (${f.problem.got})`}`);
    expect(found).toEqual([
      'tables/a/candidates.arrow: column gallery_id: pseudonyms only (p-... or s-... with 16 hex digits) ("v17")',
      'tables/b/candidates.arrow: column name: only the contract\'s columns (datasets/README.md): another column could identify a person',
      'protocol.json: description: no id or name of a person ("Colin_Powell" in "walk-past with Colin_Powell and v1")',
      'face.jpg: : only tables (.arrow), JSON and text in a sharing package: no images, footage or embeddings (.jpg)',
    ]);
  });
  it('gives the same pseudonym for the same id under one key, and another under a fresh key', () => {
    const a = pseudonymiser(Buffer.alloc(32, 1));
    const b = pseudonymiser();
    expect(a.of('person', 'v1')).toBe(a.of('person', 'v1'));
    expect(a.of('person', 'v1')).not.toBe(a.of('search', 'v1'));
    expect(a.of('person', 'v1')).not.toBe(b.of('person', 'v1'));
    expect(a.count).toBe(2);
  });
});
