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
      expect(same(f, expected(bytes, frames.length))).toBe(true); // checked before the next call recycles the buffer
      frames.push(f);
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
    expect(first !== undefined && same(first, expected(bytes, 0))).toBe(true);
    reader.child.kill('SIGKILL');
    await reader.close();
    expect(reader.child.killed).toBe(true);
  });
});
