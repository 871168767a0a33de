import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { native } from '../native/index.ts';
import { spawnFrameReader } from './frame-reader.ts';

// A child that writes `frames` frames of `bytes` bytes (frame k filled with (k * 37 + i) & 255), then `tail` more bytes.
const writer = (bytes: number, frames: number, tail: number) => [
  '-e',
  `const b = Buffer.alloc(${bytes}); const out = [];
   for (let k = 0; k < ${frames}; k++) { for (let i = 0; i < b.length; i++) b[i] = (k * 37 + i) & 255; out.push(Buffer.from(b)); }
   out.push(Buffer.alloc(${tail}, 7));
   process.stdout.write(Buffer.concat(out));`,
];

const expected = (bytes: number, k: number) => Buffer.from(Uint8Array.from({ length: bytes }, (_, i) => (k * 37 + i) & 255));
const openFds = () => readdirSync('/proc/self/fd').length;
const same = (a: Uint8Array, b: Buffer) => b.equals(Buffer.from(a.buffer, a.byteOffset, a.byteLength));

describe('spawnFrameReader', () => {
  if (native === null) console.log('native addon not built here (npm run build:native): only the stream reader is tested');
  const modes = native === null ? [false] : [true, false];
  it.each(modes)('reads whole frames in order and drops a partial last frame (native pipe: %s)', async (useNative) => {
    const bytes = 300_000; // several 64 KB pipe chunks, not a multiple of them
    const fdsBefore = openFds();
    const reader = spawnFrameReader(process.execPath, writer(bytes, 12, 1234), { kind: 'bytes', bytes }, { useNative });
    const closed = new Promise((resolve) => reader.child.once('close', resolve));
    const frames: Uint8Array[] = [];
    for (let f = await reader.next(); f !== undefined; f = await reader.next()) {
      expect(f.index).toBe(frames.length);
      expect(same(f.data, expected(bytes, frames.length))).toBe(true); // checked before the next call recycles the buffer
      frames.push(f.data);
    }
    await reader.close();
    await closed;
    expect(openFds()).toBeLessThanOrEqual(fdsBefore); // the pipe's descriptors were closed
    expect(frames).toHaveLength(12);
    expect(new Set(frames).size).toBeLessThan(12); // buffers were recycled
  });

  it.each(modes)('delivers every frame to a reader that drains them without pausing (native pipe: %s)', async (useNative) => {
    // many small frames: the read-ahead loop fills up and stops again and again while the caller empties it
    const reader = spawnFrameReader(process.execPath, writer(1000, 3000, 0), { kind: 'bytes', bytes: 1000 }, { useNative });
    let n = 0;
    for (let f = await reader.next(); f !== undefined; f = await reader.next()) n++;
    await reader.close();
    expect(n).toBe(3000);
  }, 20_000);

  it.each(modes)('stops early: the child killed, close resolves (native pipe: %s)', async (useNative) => {
    const bytes = 1 << 20;
    const reader = spawnFrameReader(process.execPath, writer(bytes, 30, 0), { kind: 'bytes', bytes }, { useNative });
    const first = await reader.next();
    expect(first !== undefined && same(first.data, expected(bytes, 0))).toBe(true);
    reader.child.kill('SIGKILL');
    await reader.close();
    expect(reader.child.killed).toBe(true);
  });

  it.each(modes)('asks whether each frame is wanted, in order; the native pipe skips the others (native pipe: %s)', async (useNative) => {
    const bytes = 100_000;
    const asked: number[] = [];
    const wanted = async (i: number): Promise<boolean> => { asked.push(i); await Promise.resolve(); return i % 3 === 1; };
    const reader = spawnFrameReader(process.execPath, writer(bytes, 10, 0), { kind: 'bytes', bytes }, { useNative, wanted });
    const got: number[] = [];
    for (let f = await reader.next(); f !== undefined; f = await reader.next()) {
      if (useNative) expect(f.index % 3).toBe(1);
      if (f.index % 3 !== 1) continue; // the stream reader delivers every frame: the caller checks
      expect(same(f.data, expected(bytes, f.index))).toBe(true);
      got.push(f.index);
    }
    await reader.close();
    expect(got).toEqual([1, 4, 7]);
    if (useNative) expect(asked).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]); // 10: asked before the end was found
  });

  it('hands on what `wanted` threw, after the frames read before it (native pipe)', async () => {
    if (native === null) return;
    const bytes = 1000;
    const wanted = async (i: number): Promise<boolean> => { if (i === 2) throw new Error('no time for frame 2'); return Promise.resolve(true); };
    const reader = spawnFrameReader(process.execPath, writer(bytes, 5, 0), { kind: 'bytes', bytes }, { wanted });
    expect((await reader.next())?.index).toBe(0);
    expect((await reader.next())?.index).toBe(1);
    await expect(reader.next()).rejects.toThrow('no time for frame 2');
    reader.child.kill('SIGKILL');
    await reader.close();
  });
});
