import { describe, expect, it } from 'vitest';
import { ownBuffer } from './own-buffer.ts';

describe('ownBuffer', () => {
  it('keeps an array that spans its buffer and copies a view into a larger one', () => {
    const whole = new Int32Array([1, 2, 3]);
    expect(ownBuffer(whole)).toBe(whole);
    const file = new Uint8Array([9, 8, 7, 6, 5, 4]);
    const view = file.subarray(2, 5);
    const own = ownBuffer(view);
    expect(own).not.toBe(view);
    expect([...own]).toEqual([7, 6, 5]);
    expect(own.buffer.byteLength).toBe(3);
    // the first bytes of a buffer are a view too when the buffer goes on
    expect(ownBuffer(file.subarray(0, 2)).buffer.byteLength).toBe(2);
  });
});
