import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Float64, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { native } from '../native/index.ts';
import { MAP_FROM_BYTES } from './hash-file-in-background.ts';
import { readArrowFileHashed } from './read-arrow-file.ts';

describe('readArrowFileHashed', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-read-arrow-'));
  const write = (name: string, rows: number): string => {
    const file = path.join(dir, name);
    const ids = Array.from({ length: rows }, (_, i) => `s${i}`);
    writeFileSync(file, tableToIPC(new Table({ search_id: vectorFromArray(ids, new Utf8()), score: vectorFromArray(ids.map((_, i) => (i % 997) / 997), new Float64()) }), 'file'));
    return file;
  };

  it('gives the table and the sha256 of the file, read (small) or mapped (from 1 MiB), the same on every call', () => {
    for (const [name, rows] of [['small.arrow', 100], ['large.arrow', 120_000]] as const) {
      const file = write(name, rows);
      const expected = createHash('sha256').update(readFileSync(file)).digest('hex');
      if (rows > 1000) expect(readFileSync(file).length).toBeGreaterThanOrEqual(MAP_FROM_BYTES);
      const { table, sha256 } = readArrowFileHashed(file);
      expect(table.numRows).toBe(rows);
      expect(String(table.getChild('search_id')?.get(rows - 1))).toBe(`s${rows - 1}`);
      expect(sha256()).toBe(expected);
      expect(sha256()).toBe(expected);
    }
  });

  it.skipIf(native === null && process.env['CI'] !== 'true')('hashes natively as node:crypto does, and a handle of another kind is refused', () => {
    if (native === null) throw new Error('the native addon was not built (npm run build:native)');
    const bytes = Uint8Array.from({ length: 300_001 }, (_, i) => (i * 2654435761) >>> 24);
    for (const b of [bytes, bytes.subarray(7, 7), bytes.subarray(13, 200_000)]) {
      const job = native.sha256Begin(b);
      if (job === null) throw new Error('this Node.js has no OpenSSL digest for the addon to call');
      expect(native.sha256End(job)).toBe(createHash('sha256').update(b).digest('hex'));
    }
    const check = native.distinctUtf8Begin(Int32Array.of(0, 1), Uint8Array.of(97));
    expect(() => native?.sha256End(check as never)).toThrow(TypeError);
    expect(native.distinctUtf8End(check)).toBe(true);
  });
});
