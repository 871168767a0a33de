import { Bool, Int32, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { native } from '../native/index.ts';
import { readBooleans } from './arrow-columns.ts';

describe('readBooleans', () => {
  it.skipIf(native === null && process.env['CI'] !== 'true')('unpacks Bool columns natively to the bytes of the TypeScript loop: nulls, offsets into the bitmap, several chunks, integers', () => {
    if (native === null) throw new Error('the native addon was not built (npm run build:native)');
    let s = 99;
    const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const values = Array.from({ length: 1001 }, () => (next() < 0.1 ? null : next() < 0.5));
    const whole = vectorFromArray(values, new Bool());
    // slices start inside a bitmap byte; concat makes several chunks
    const vectors = [whole, whole.slice(3), whole.slice(13, 900), whole.slice(5, 400).concat(whole.slice(1, 77)), vectorFromArray([true, false, null], new Bool()),
      vectorFromArray(values.map((v) => (v === null ? null : v ? 1 : 0)), new Int32())];
    for (const v of vectors) {
      const fast = readBooleans(v, 'f', 'mated', 'fastest');
      expect(Array.from(fast)).toEqual(Array.from(readBooleans(v, 'f', 'mated', 'typescript')));
      expect(Array.from(fast)).toEqual(Array.from({ length: v.length }, (_, i) => { const x: unknown = v.get(i); return x === null ? 255 : x === true || x === 1 ? 1 : 0; }));
    }
  });
});

describe('countNotWhole (native)', () => {
  it.skipIf(native === null && process.env['CI'] !== 'true')('counts what is neither NaN nor a whole number >= 1, as v >= 1 && Number.isInteger(v)', () => {
    if (native === null) throw new Error('the native addon was not built (npm run build:native)');
    const xs = [1, 2, 20000, 1e20, 2 ** 53 + 2, NaN, 0, 0.5, 2.5, -1, -0, Infinity, -Infinity, 1 + 2 ** -52, Number.MAX_VALUE];
    const js = xs.filter((v) => v === v && !(v >= 1 && Number.isInteger(v))).length;
    expect(native.countNotWhole(Float64Array.from(xs))).toBe(js);
    expect(js).toBe(8);
    expect(native.countNotWhole(Float64Array.of(1, 3, NaN))).toBe(0);
    expect(() => native?.countNotWhole(Int32Array.of(1) as never)).toThrow(TypeError);
  });
});

describe('toDoublesBegin/End (native)', () => {
  it.skipIf(native === null && process.env['CI'] !== 'true')('converts several columns on its thread as toDoubles does one by one, and counts each one\'s stored NaNs', () => {
    if (native === null) throw new Error('the native addon was not built (npm run build:native)');
    const n = 5000;
    const f64 = Float64Array.from({ length: n }, (_, i) => (i % 101 === 0 ? NaN : i / 7));
    const f32 = Float32Array.from({ length: n + 3 }, (_, i) => i / 3);
    const i32 = Int32Array.from({ length: n }, (_, i) => i - 2500);
    const bitmap = Uint8Array.from({ length: Math.ceil((n + 5) / 8) }, (_, i) => (i % 3 === 0 ? 0b10110111 : 255));
    const columns: [Float64Array | Float32Array | Int32Array, Uint8Array | null, number, Float64Array][] = [
      [f64, null, 0, new Float64Array(n)], [f32, bitmap, 5, new Float64Array(n)], [i32, bitmap, 0, new Float64Array(n)],
    ];
    const job = native.toDoublesBegin(columns);
    const counts = native.toDoublesEnd(job);
    const expected: number[] = [];
    for (const [values, bits, offset, out] of columns) {
      const one = new Float64Array(out.length);
      expected.push(native.toDoubles(values, bits, offset, one));
      expect(Array.from(out)).toEqual(Array.from(one));
    }
    expect(counts).toEqual(expected);
    expect(counts).toEqual([Math.ceil(n / 101), 0, 0]);
    expect(native.toDoublesEnd(job)).toEqual(counts);
    expect(() => native?.toDoublesBegin([[f64, null, 0, new Float64Array(n + 1)]])).toThrow(TypeError);
    // up to 16 columns at once (a searches table has 12 numeric columns at most), not more
    const many = (k: number): [Float64Array, null, number, Float64Array][] => Array.from({ length: k }, () => [f64, null, 0, new Float64Array(n)]);
    expect(native.toDoublesEnd(native.toDoublesBegin(many(16)))).toHaveLength(16);
    expect(() => native?.toDoublesBegin(many(17))).toThrow(TypeError);
  });
});
