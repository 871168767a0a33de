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
