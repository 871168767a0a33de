/**
 * The native addon (C, in this folder; built by node-gyp when the package is installed, see scripts/build-native.js):
 * a faster resampler for detector inputs, a frame reader for ffmpeg's output, read-only file mapping for large
 * galleries, the row loops of reading and sweeping a searches table and the cluster bootstrap's replicate loop. Every
 * caller has a TypeScript fallback, used when the addon was not built or when EVENHAND_NATIVE=off.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

declare const distinctCheck: unique symbol;
/** A distinctness check running on the addon's thread (distinctUtf8Begin). */
export interface DistinctCheck {
  readonly [distinctCheck]: true;
}

declare const doublesJob: unique symbol;
/** Columns being converted to doubles on the addon's thread (toDoublesBegin). */
export interface DoublesJob {
  readonly [doublesJob]: true;
}

declare const sha256Job: unique symbol;
/** A sha256 running on the addon's thread (sha256Begin). */
export interface Sha256Job {
  readonly [sha256Job]: true;
}

/** What the addon exports (see addon.c). */
export interface NativeAddon {
  /** See resample.c: bilinear resampling of a rectangle of RGB bytes into planar (v - mean) / std floats. */
  resampleToPlanar(data: Uint8Array, width: number, height: number, x: number, y: number, w: number, h: number,
    outW: number, outH: number, mean: number, std: number, out: Float32Array): void;
  /** See frame-pipe.c: a pipe [readFd, writeFd], close-on-exec, the read end blocking. */
  openPipe(): [number, number];
  /**
   * See frame-pipe.c: fills `target` from `fd` on a pool thread; resolves with the bytes read (fewer at the end). With
   * `yuv`, `target` takes a YUV 4:2:0 frame that is then converted to RGB bytes in `yuv.rgb`.
   */
  readFull(fd: number, target: Uint8Array, yuv?: { rgb: Uint8Array; width: number; height: number; fullRange: boolean }): Promise<number>;
  /** See frame-pipe.c: closes a descriptor from openPipe. */
  closeFd(fd: number): void;
  /** See map-file.c: the whole file mapped read-only; unmapped when the buffer is collected. */
  mapFile(file: string): ArrayBuffer;
  /** See map-file.c: gives back the resident pages of a mapped range (they stay in the page cache). */
  releasePages(buffer: ArrayBuffer, offset: number, length: number): void;
  /**
   * See bootstrap-rates.c: the replicate loop of clusterBootstrap (../stats/cluster-bootstrap.ts), bit-identical,
   * writing every group's rate at every column of every replicate into `values`.
   */
  bootstrapRates(work: {
    seed: number; replicates: number; clusters: number; columns: number; leaves: number;
    stepStart: Int32Array; stepAt: Int32Array; stepVal: Int32Array; groupStart: Int32Array; groupLeaf: Int32Array;
  }, values: Float64Array): void;
  /**
   * See searches-scan.c: out[i] = lookup[keys[i]] (-1 for a null row or a key out of range); returns how many present
   * rows got a negative code.
   */
  dictionaryCodes(keys: Int32Array, bitmap: Uint8Array | null, bitOffset: number, lookup: Int32Array, out: Int32Array | Int8Array): number;
  /** See searches-scan.c: the first out.length values as doubles, NaN for nulls; returns how many present rows hold a NaN. */
  toDoubles(values: Float64Array | Float32Array | Int32Array, bitmap: Uint8Array | null, bitOffset: number, out: Float64Array): number;
  /** See searches-scan.c: toDoubles for up to 16 columns on a thread of its own until toDoublesEnd; the list and its arrays must not change meanwhile. */
  toDoublesBegin(columns: [Float64Array | Float32Array | Int32Array, Uint8Array | null, number, Float64Array][]): DoublesJob;
  /** See searches-scan.c: waits for toDoublesBegin's columns and returns how many present rows hold a NaN, column by column. */
  toDoublesEnd(job: DoublesJob): number[];
  /** See searches-scan.c: whether the strings bytes[offsets[i], offsets[i + 1]) are all different. */
  distinctUtf8(offsets: Int32Array, bytes: Uint8Array): boolean;
  /** See searches-scan.c: distinctUtf8's answer worked out on a thread of its own until distinctUtf8End; the arrays must not change meanwhile. */
  distinctUtf8Begin(offsets: Int32Array, bytes: Uint8Array): DistinctCheck;
  /** See searches-scan.c: waits for the check distinctUtf8Begin started and gives its answer (again on a second call). */
  distinctUtf8End(check: DistinctCheck): boolean;
  /** See searches-scan.c: a Bool column's bits from bitOffset as bytes 1/0, 255 for null. */
  unpackBooleans(values: Uint8Array, validity: Uint8Array | null, bitOffset: number, out: Uint8Array): void;
  /** See searches-scan.c: how many values are neither NaN nor a whole number >= 1. */
  countNotWhole(values: Float64Array): number;
  /** See searches-scan.c: the score checks of checkSearches; fills rankOut and returns how many rows break one. */
  checkScores(mated: Uint8Array, mateScore: Float64Array, mateRank: Float64Array | null, top: Float64Array, rankOut: Int32Array): number;
  /** See sweep-counts.c: the row loop of the threshold sweep; returns how many populations it met. */
  sweepCounts(work: {
    mated: Uint8Array; source: Int32Array; sources: number; mateRank: Int32Array; mateScore: Float64Array;
    topNonmateScore: Float64Array; gallerySize: Float64Array; rank: number; cuts: Float64Array;
    sex: Int8Array; ethnicity: Int8Array; ageBand: Int8Array; groups: number; sexOffset: number;
    ethnicityOffset: number; ageBandOffset: number; intersectionOffset: number; nEthnicity: number;
  }, out: { hist: Int32Array; source: Int32Array; gallery: Float64Array }): number;
  /** See sha256-bytes.c: starts the sha256 of `bytes` (unchanged until sha256End) on a thread of its own; null when Node.js has no OpenSSL digest to call. */
  sha256Begin(bytes: Uint8Array): Sha256Job | null;
  /** See sha256-bytes.c: waits for the digest and returns its 64 hex characters (again on a second call). */
  sha256End(job: Sha256Job): string;
  /** See match-keys.c: StringKeys.lookup's loop, writing the code of every row of `other` into `out`. */
  matchKeys(keys: {
    start: Int32Array; bytes: Uint8Array; valid: Uint8Array; codes: Int32Array; firstRow: Int32Array; table: Int32Array; hashes: Uint32Array;
  }, other: { start: Int32Array; bytes: Uint8Array; valid: Uint8Array }, out: Int32Array): void;
}

// named from the parent folder, so that the path also holds from the prebuilt command (harness/bundle/)
const ADDON_FILE = '../native/build/Release/evenhand_native.node';

function load(): NativeAddon | null {
  if (process.env['EVENHAND_NATIVE'] === 'off') return null;
  try {
    return createRequire(import.meta.url)(ADDON_FILE) as NativeAddon;
  } catch {
    return null;
  }
}

/** The addon, or null when it is not available (the callers' TypeScript paths are used then). */
export const native: NativeAddon | null = load();

/** The addon's file, for worker threads that load it themselves (`require`); null when it is not available. */
export const nativeAddonFile: string | null = native === null ? null : fileURLToPath(new URL(ADDON_FILE, import.meta.url));

/**
 * Which code runs a loop the addon has: 'fastest' is the addon's when it was built (and EVENHAND_NATIVE is not 'off'),
 * else the TypeScript one; 'typescript' always the TypeScript one. Both give the same results (tests compare them).
 */
export type Engine = 'fastest' | 'typescript';

/** The addon for `engine`: null for 'typescript' or when it is not available. */
export function addonFor(engine: Engine): NativeAddon | null {
  return engine === 'fastest' ? native : null;
}
