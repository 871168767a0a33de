import { Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { native } from '../native/index.ts';
import { StringColumn, StringKeys } from './string-keys.ts';

const keys = (values: (string | null)[]): StringKeys => new StringKeys(vectorFromArray(values, new Utf8()), 'f', 'c');

describe('StringKeys', () => {
  it('numbers distinct keys by first appearance, whether shown distinct by sorted runs or by hashing', () => {
    // two sorted runs, all distinct
    expect(Array.from(keys(['a1', 'a2', 'a3', 'b1', 'b2']).codes)).toEqual([0, 1, 2, 3, 4]);
    // two sorted runs sharing a key: found by the merge, then factorised by hashing
    const twice = keys(['a1', 'a2', 'z', 'a0', 'a2']);
    expect(Array.from(twice.codes)).toEqual([0, 1, 2, 3, 1]);
    expect(twice.distinct).toBe(4);
    // runs in two groups of overlapping ranges (v1..v9 with v10..v20, then f-v1..f-v9 with f-v10..f-v20), merged
    // group by group: all distinct, or a key shared inside the second group, or among three runs of one group
    const grouped = ['v1', 'v5', 'v9', 'v10', 'v20', 'f-v1', 'f-v9', 'f-v10', 'f-v20', 'c1', 'c2'];
    expect(keys(grouped).distinct).toBe(grouped.length);
    expect(keys([...grouped.slice(0, 7), 'f-v10', 'f-v9', 'c1']).distinct).toBe(9);
    expect(keys(['b', 'd', 'a', 'c', 'a1', 'b', 'e']).distinct).toBe(6);
    expect(keys(['b', 'd', 'a', 'c', 'a1', 'b0', 'e']).distinct).toBe(7);
    // unsorted (more runs than merging pays for), repeats, nulls, a prefix of another key, non-ASCII
    const mixed = keys(['b', 'a', 'ab', 'a', null, 'é', 'b', 'c', 'b', 'a', 'ba', 'é', 'd', 'a']);
    expect(Array.from(mixed.codes)).toEqual([0, 1, 2, 1, -1, 3, 0, 4, 0, 1, 5, 3, 6, 1]);
    expect(mixed.labels()).toEqual(['b', 'a', 'ab', 'é', 'c', 'ba', 'd']);
    expect(keys(['x', 'x', 'x']).distinct).toBe(1);
  });

  it('shows ids distinct on the addon\'s own thread with the same answers as the plain check, and keys built from that answer as the constructor builds them', () => {
    if (native === null) throw new Error('the native addon is not built (npm ci builds it)');
    const addon = native;
    const utf8 = (values: string[]): { offsets: Int32Array; bytes: Uint8Array } => {
      const data = vectorFromArray(values, new Utf8()).data[0];
      if (data === undefined || !(data.valueOffsets instanceof Int32Array) || !(data.values instanceof Uint8Array)) throw new Error('not one Utf8 chunk');
      return { offsets: data.valueOffsets.subarray(0, values.length + 1), bytes: data.values };
    };
    let state = 7;
    const next = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const ids = Array.from({ length: 50_000 }, (_, i) => `v${String(i % 997).padStart(4, '0')}-p${String(Math.floor(i / 997)).padStart(3, '0')}`);
    const shuffled = [...ids].sort(() => next() - 0.5);
    const cases: [string, string[], boolean][] = [
      ['sorted runs', ids, true], ['shuffled (hashed)', shuffled, true], ['one repeat far apart', [...shuffled, shuffled[123] as string], false],
      ['a repeat in sorted runs', [...ids.slice(0, 10), ids[3] as string, ...ids.slice(10, 20)], false], ['empty strings twice', ['', 'a', ''], false],
      ['one row', ['x'], true], ['no rows', [], true],
    ];
    for (const [label, values, distinct] of cases) {
      const { offsets, bytes } = utf8(values);
      const check = addon.distinctUtf8Begin(offsets, bytes);
      expect(addon.distinctUtf8End(check), label).toBe(distinct);
      expect(addon.distinctUtf8End(check), `${label}, asked again`).toBe(distinct);
      expect(addon.distinctUtf8(offsets, bytes), label).toBe(distinct);
    }
    // offsets past the bytes: the same TypeError as the plain check, when the answer is asked for
    const bad = addon.distinctUtf8Begin(Int32Array.of(0, 2, 9), Uint8Array.of(97, 98, 99));
    expect(() => addon.distinctUtf8End(bad)).toThrow(/offsets out of range/);
    expect(() => addon.distinctUtf8(Int32Array.of(0, 2, 9), Uint8Array.of(97, 98, 99))).toThrow(/offsets out of range/);
    expect(() => addon.distinctUtf8End(Int32Array.of(1) as never)).toThrow(TypeError);
    // keys made from the answer: those of the constructor
    const vector = vectorFromArray(shuffled.slice(0, 5000), new Utf8());
    const known = StringKeys.ofDistinct(vector, 'f', 'search_id');
    const found = new StringKeys(vector, 'f', 'search_id', 'fastest');
    expect(known.distinct).toBe(found.distinct);
    expect(Array.from(known.codes)).toEqual(Array.from(found.codes));
    expect(Array.from(known.firstRow)).toEqual(Array.from(found.firstRow));
    expect(known.text(4321)).toBe(shuffled[4321]);
    // distinct keys sent to another thread: no codes travel (row i's code is i), and the keys taken back there find
    // rows as the constructor's do
    const parts = StringKeys.ofDistinct(vector, 'f', 'search_id').parts();
    expect(parts.codes).toBeNull();
    expect(parts.firstRow).toBeNull();
    const taken = new StringKeys(structuredClone(parts), 'f', 'search_id');
    expect(Array.from(taken.codes)).toEqual(Array.from(found.codes));
    const other = new StringColumn(vectorFromArray([shuffled[17] as string, 'absent', shuffled[4999] as string], new Utf8()), 'g', 'search_id');
    expect(Array.from(taken.lookup(other))).toEqual([17, -1, 4999]);
    // keys that were hashed send their codes
    expect(new StringKeys(vectorFromArray(['b', 'a', 'b'], new Utf8()), 'f', 'k').parts().codes).toEqual(Int32Array.of(0, 1, 0));
  });

  it('looks up another column\'s rows, in the same order or not, including absent keys', () => {
    const searches = keys(['s1', 's2', 's3', 't1', 't2']);
    const candidates = new StringColumn(vectorFromArray(['s1', 's1', 's2', 't2', 't2', 's3', 'nope', null, 't1'], new Utf8()), 'g', 'search_id');
    expect(Array.from(searches.lookup(candidates))).toEqual([0, 0, 1, 4, 4, 2, -1, -1, 3]);
    expect(searches.find(candidates, 5)).toBe(2);
    expect(searches.find(candidates, 6)).toBe(-1);
    expect(candidates.text(6)).toBe('nope');
    const hashed = keys(['q', 'p', 'r', 'o', 'n', 'm', 'l', 'k', 'j', 'i', 'h']);
    expect(Array.from(hashed.lookup(new StringColumn(vectorFromArray(['h', 'q', 'x'], new Utf8()), 'h', 'c')))).toEqual([10, 0, -1]);
  });

  it('looks up with the native loop to the same codes as the TypeScript loop: repeats, gaps, another order, nulls, duplicate keys, absent keys', () => {
    if (native === null) throw new Error('the native addon is not built (npm ci builds it)');
    // a small seeded generator (LCG), so the cases are the same on every run
    let state = 31;
    const rng = { next: (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32 };
    const ids = Array.from({ length: 3000 }, (_, i) => `search-${String(i).padStart(6, '0')}`);
    const col = (values: (string | null)[]): StringColumn => new StringColumn(vectorFromArray(values, new Utf8()), 'c', 'search_id');
    // searches: sorted ids (codes by row), then shuffled with repeats and nulls (codes by hashing)
    const shuffled: (string | null)[] = ids.map((id) => (rng.next() < 0.02 ? null : rng.next() < 0.05 ? (ids[Math.floor(rng.next() * 3000)] as string) : id));
    for (const mine of [keys(ids), keys(shuffled)]) {
      // candidates in search order with 0-4 each (gaps), then in random order, absent ids, nulls, empty strings
      const inOrder = ids.flatMap((id) => Array.from({ length: Math.floor(rng.next() * 5) }, () => id));
      const random = Array.from({ length: 4000 }, () => (rng.next() < 0.05 ? null : rng.next() < 0.05 ? `x-${Math.floor(rng.next() * 10)}` : rng.next() < 0.01 ? '' : (ids[Math.floor(rng.next() * 3000)] as string)));
      for (const other of [col(inOrder), col(random), col([...inOrder.slice(0, 500), ...random.slice(0, 500), ...inOrder.slice(500, 900)])]) {
        const ts = mine.lookup(other, 'typescript');
        expect(Array.from(mine.lookup(other, 'fastest'))).toEqual(Array.from(ts));
        expect(ts.some((c) => c >= 0)).toBe(true);
      }
    }
  });
});
