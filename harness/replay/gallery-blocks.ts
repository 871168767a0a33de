/**
 * GalleryBlocks: a gallery's vector file (rows of `dim` little-endian float32, as `writeGallery` writes `<file>.f32`)
 * read block by block: memory-mapped where the native addon is built (each block a view on the mapping, its pages
 * given back once searched), otherwise read into one reusable buffer. Either way the resident memory stays near one
 * block, whatever the gallery's size.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../core/input-error.ts';
import { native } from '../native/index.ts';

/** A gallery file opened for reading in blocks of rows. */
export interface GalleryBlocks {
  readonly file: string;
  readonly rows: number;
  readonly dim: number;
  /** True when the file is memory-mapped (native addon), false when blocks are read into a reusable buffer. */
  readonly mapped: boolean;
  /** Rows [start, start + count) as floats; valid until the next call. count is at most the `maxRows` it was opened with. */
  block(start: number, count: number): Float32Array;
  /** The block [start, start + count) has been searched: its memory may be given back. */
  release(start: number, count: number): void;
  close(): void;
}

/**
 * Opens `file` for block reads of at most `maxRows` rows. Memory-maps it with the native addon unless `mapped` is
 * false or the addon is not built.
 * @throws InputError when the file cannot be opened, is empty or is not a whole number of `dim`-float rows.
 */
export function openGalleryBlocks(file: string, dim: number, options: { maxRows: number; mapped?: boolean }): GalleryBlocks {
  const rowBytes = dim * 4;
  let fd: number;
  let size: number;
  try {
    fd = openSync(file, 'r');
    size = fstatSync(fd).size;
  } catch (err) {
    throw new InputError(file, [{ path: '', expected: `a gallery vector file (rows of ${dim} float32)`, got: err instanceof Error ? err.message : String(err) }]);
  }
  if (size === 0 || size % rowBytes !== 0) {
    closeSync(fd);
    throw new InputError(file, [{ path: '', expected: `a whole number of rows of ${dim} float32 (${rowBytes} bytes each), at least one`, got: `${size} bytes` }]);
  }
  const rows = size / rowBytes;
  const maxRows = Math.max(1, Math.min(options.maxRows, rows));
  if (options.mapped !== false && native !== null) {
    closeSync(fd);
    const mapping = native.mapFile(file);
    const addon = native;
    return {
      file, rows, dim, mapped: true,
      block: (start, count) => new Float32Array(mapping, start * rowBytes, count * dim),
      release: (start, count) => addon.releasePages(mapping, start * rowBytes, count * rowBytes),
      close: () => undefined, // unmapped when the mapping is collected
    };
  }
  const buffer = new Float32Array(maxRows * dim);
  const bytes = new Uint8Array(buffer.buffer);
  return {
    file, rows, dim, mapped: false,
    block: (start, count) => {
      const want = count * rowBytes;
      let got = 0;
      while (got < want) {
        const n = readSync(fd, bytes, got, want - got, start * rowBytes + got);
        if (n === 0) throw new InputError(file, [{ path: '', expected: `${rows} rows`, got: 'a file that shrank while it was read' }]);
        got += n;
      }
      return buffer.subarray(0, count * dim);
    },
    release: () => undefined,
    close: () => closeSync(fd),
  };
}
