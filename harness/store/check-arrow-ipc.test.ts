import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.ts';
import { ArrowFramingError, checkArrowIpc } from './check-arrow-ipc.ts';
import { decodeArrow } from './read-arrow-file.ts';

const table = tableFromArrays({
  search_id: ['s1', 's2', 's3', 's4'],
  source: ['volunteer', 'volunteer', 'crowd', 'crowd'],
  mated: [true, true, false, false],
  mate_score: [0.8, null, null, null],
  gallery_size: Int32Array.from([10, 10, 10, 10]),
});

describe('Arrow IPC framing check', () => {
  it('accepts what apache-arrow writes, in file and stream format', () => {
    expect(checkArrowIpc(tableToIPC(table, 'file'))).toMatchObject({ format: 'file', recordBatches: 1, maxRows: 4 });
    expect(checkArrowIpc(tableToIPC(table, 'stream'))).toMatchObject({ format: 'stream', recordBatches: 1, maxRows: 4 });
  });

  it('refuses bytes that are not Arrow, empty, or truncated', () => {
    expect(() => checkArrowIpc(new TextEncoder().encode('{"id": 1}'))).toThrow(/does not start like one/);
    expect(() => checkArrowIpc(new Uint8Array(0))).toThrow(/an empty file/);
    const file = tableToIPC(table, 'file');
    expect(() => checkArrowIpc(file.subarray(0, file.length - 3))).toThrow(/does not end with it/);
    const stream = tableToIPC(table, 'stream');
    expect(() => checkArrowIpc(stream.subarray(0, stream.length >> 1))).toThrow(ArrowFramingError);
  });

  it('turns every one-byte corruption of a file into a decoded table or a named InputError, never a hang or a raw error', () => {
    for (const format of ['file', 'stream'] as const) {
      const bytes = tableToIPC(table, format);
      let refused = 0;
      for (let at = 0; at < bytes.length; at++) {
        for (const value of [0x00, 0xff]) {
          if (bytes[at] === value) continue;
          const bad = Uint8Array.from(bytes);
          bad[at] = value;
          try {
            const t = decodeArrow(bad, 'x.arrow');
            for (const f of t.schema.fields) t.getChild(f.name)?.toArray();
          } catch (err) {
            expect(err, `byte ${at} = ${value}`).toBeInstanceOf(InputError);
            refused++;
          }
        }
      }
      expect(refused, format).toBeGreaterThan(bytes.length / 4);
    }
  });
});
