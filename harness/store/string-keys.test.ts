import { Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
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
});
