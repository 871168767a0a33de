import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashFileInBackground } from './hash-file-in-background.ts';

describe('hashFileInBackground', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-hash-'));
  it('gives the sha256 of the whole file, mapped or read across several 4 MiB pieces, the same on every call', () => {
    const file = path.join(dir, 'big.bin');
    const bytes = Buffer.alloc((9 << 20) + 12345);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    writeFileSync(file, bytes);
    const expected = createHash('sha256').update(bytes).digest('hex');
    // mapped by the native addon (from 1 MiB), and read in pieces
    for (const map of [true, false]) {
      const sha = hashFileInBackground(file, { map });
      expect(sha()).toBe(expected);
      expect(sha()).toBe(expected);
    }
  });
  it('hashes an empty file', () => {
    const file = path.join(dir, 'empty.bin');
    writeFileSync(file, '');
    expect(hashFileInBackground(file)()).toBe(createHash('sha256').digest('hex'));
  });
  it('throws, naming the file, when the file cannot be read', () => {
    const missing = path.join(dir, 'missing.arrow');
    expect(() => hashFileInBackground(missing)()).toThrow(/could not hash .*missing\.arrow: ENOENT/);
  });
});
