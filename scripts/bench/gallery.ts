/**
 * `npm run bench gallery`: exact 1:N search against a large reference set (issue 16, part 2). Makes a gallery of
 * BENCH_GALLERY_ROWS (default 1,000,000) seeded random 512-d unit vectors in a temporary file, written in chunks and
 * never held whole, and probes that are noisy copies of planted mates (cosine about 0.7 to their mate); searches
 * them top-10 in blocks of the memory-mapped file within a memory budget (BENCH_GALLERY_MEMORY_MB, default 256); and
 * prints probes/s, the peak resident memory while searching, and the same probes through a bare ONNX Runtime Gemm of
 * the same shapes (probe batch x gallery block, no top-k, no merge, the block already in memory).
 * 100,000 probes x 1,000,000 x 512 is about 1e14 multiply-adds: too long for a shared 2-core machine, so the bench
 * times BENCH_GALLERY_TIMED probes (default 1,536, in 3 rounds alternating with the bare Gemm) and extrapolates to
 * BENCH_GALLERY_PROBES (default 100,000), printing both.
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { createSession } from '../../harness/algorithms/index.ts';
import { BlockedSearch, topKGraph } from '../../harness/replay/index.ts';

export const title = 'large gallery: exact blocked search of a memory-mapped 1M x 512 gallery, probes/s and peak memory vs a bare ORT Gemm';

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const DIM = 512;
const K = 10;
const SEED = 16;

/** Fills `out` (dim floats at `offset`) with gallery row `row`'s unit vector: seeded per row, so any row can be remade. */
function fillRow(out: Float32Array, offset: number, row: number, seed: number): void {
  let s = (Math.imul(seed, 0x9e3779b1) ^ Math.imul(row + 1, 0x85ebca77)) >>> 0 || 1;
  let q = 0;
  for (let j = 0; j < DIM; j++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    const v = s / 4294967296 - 0.5;
    out[offset + j] = v;
    q += v * v;
  }
  const inv = 1 / Math.sqrt(q);
  for (let j = 0; j < DIM; j++) out[offset + j] = (out[offset + j] as number) * inv;
}

/** Writes `rows` gallery rows to `file` in chunks of 16,384 rows (32 MiB). */
async function writeGalleryFile(file: string, rows: number): Promise<void> {
  const chunk = 16384;
  const buf = new Float32Array(chunk * DIM);
  const fh = await open(file, 'w');
  try {
    for (let start = 0; start < rows; start += chunk) {
      const n = Math.min(chunk, rows - start);
      for (let r = 0; r < n; r++) fillRow(buf, r * DIM, start + r, SEED);
      await fh.write(new Uint8Array(buf.buffer, 0, n * DIM * 4));
    }
  } finally {
    await fh.close();
  }
}

/** Probe i: 0.7 x its mate's row + 0.71 x a fresh random unit vector, normalised; its mate is row mateOf(i). */
function makeProbes(count: number, first: number, rows: number, mateOf: (i: number) => number): Float32Array {
  const out = new Float32Array(count * DIM);
  const mate = new Float32Array(DIM);
  const noise = new Float32Array(DIM);
  for (let i = 0; i < count; i++) {
    fillRow(mate, 0, mateOf(first + i), SEED);
    fillRow(noise, 0, rows + first + i, SEED + 1);
    let q = 0;
    for (let j = 0; j < DIM; j++) {
      const v = 0.7 * (mate[j] as number) + 0.714 * (noise[j] as number);
      out[i * DIM + j] = v;
      q += v * v;
    }
    const inv = 1 / Math.sqrt(q);
    for (let j = 0; j < DIM; j++) out[i * DIM + j] = (out[i * DIM + j] as number) * inv;
  }
  return out;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

export async function run(): Promise<void> {
  const rows = env('BENCH_GALLERY_ROWS', 1_000_000);
  const total = env('BENCH_GALLERY_PROBES', 100_000);
  const timed = env('BENCH_GALLERY_TIMED', 1536);
  const memoryBytes = env('BENCH_GALLERY_MEMORY_MB', 256) * 2 ** 20;
  const threads = env('BENCH_GALLERY_THREADS', 2);
  const rounds = 3;
  const perRound = Math.max(1, Math.floor(timed / rounds));
  const mateOf = (i: number): number => (i * 7919 + 13) % rows;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'evenhand-gallery-'));
  try {
    const file = path.join(dir, 'gallery.f32');
    let t = performance.now();
    await writeGalleryFile(file, rows);
    console.log(`gallery: ${rows.toLocaleString('en')} x ${DIM} float32 (${mib(rows * DIM * 4)}) written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const search = await BlockedSearch.open(file, DIM, { threads, memoryBytes });
    const plan = search.plan(K);
    console.log(`blocked search: ${search.mapped ? 'memory-mapped (native addon)' : 'blocks read into a reusable buffer (no native addon)'}; budget ${mib(memoryBytes)}: ` +
      `${plan.probeBatch} probes x blocks of ${plan.blockRows.toLocaleString('en')} rows (${mib(plan.bytes)}); ${threads} ORT threads; top-${K}`);
    const gemm = await createSession(topKGraph(null, DIM, { topK: false }), { threads }, {});
    const block = new Float32Array(plan.blockRows * DIM);
    for (let r = 0; r < plan.blockRows; r++) fillRow(block, r * DIM, r, SEED + 2);
    const blockTensor = new ort.Tensor('float32', block, [plan.blockRows, DIM]);
    const rssBefore = process.memoryUsage.rss();
    let rssPeak = rssBefore;
    const blockedRates: number[] = [];
    const bareRates: number[] = [];
    let rank1 = 0;
    for (let round = 0; round < rounds; round++) {
      const probes = makeProbes(perRound, round * perRound, rows, mateOf);
      // ONNX Runtime runs off the JavaScript thread, so a timer samples the resident set while blocks are searched
      const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, process.memoryUsage.rss()); }, 5);
      t = performance.now();
      const got = await search.search(probes, K);
      const ms = performance.now() - t;
      clearInterval(sampler);
      blockedRates.push((perRound * 1000) / ms);
      for (let i = 0; i < perRound; i++) if (got.rows[i * K] === mateOf(round * perRound + i)) rank1++;
      // the bare product of the same shapes: each probe batch against every block
      t = performance.now();
      for (let start = 0; start < perRound; start += plan.probeBatch) {
        const b = Math.min(plan.probeBatch, perRound - start);
        const p = new ort.Tensor('float32', probes.subarray(start * DIM, (start + b) * DIM), [b, DIM]);
        for (let first = 0; first < rows; first += plan.blockRows) {
          const n = Math.min(plan.blockRows, rows - first);
          const g = n === plan.blockRows ? blockTensor : new ort.Tensor('float32', block.subarray(0, n * DIM), [n, DIM]);
          await gemm.run({ probes: p, gallery: g });
        }
      }
      bareRates.push((perRound * 1000) / (performance.now() - t));
      console.log(`  round ${round + 1}/${rounds}: ${perRound} probes, blocked ${blockedRates[round]?.toFixed(1)} probes/s, bare Gemm ${bareRates[round]?.toFixed(1)} probes/s`);
    }
    const rate = median(blockedRates);
    const bare = median(bareRates);
    const n = perRound * rounds;
    console.log(`exact blocked search: median ${rate.toFixed(1)} probes/s over ${rounds} rounds of ${perRound} probes (${(rate * rows * DIM * 2 / 1e9).toFixed(0)} GFLOP/s); ` +
      `planted mate at rank 1 for ${rank1} of ${n}`);
    console.log(`bare ORT Gemm, same shapes: median ${bare.toFixed(1)} probes/s -> blocked search at ${(rate / bare).toFixed(2)} of the bare product`);
    console.log(`${total.toLocaleString('en')} probes x ${rows.toLocaleString('en')}: extrapolated ${(total / rate / 60).toFixed(1)} min blocked, ${(total / bare / 60).toFixed(1)} min bare Gemm (timed: ${n} probes)`);
    console.log(`resident memory while searching (sampled every 5 ms): peak ${mib(rssPeak)}, ${mib(rssPeak - rssBefore)} above the ${mib(rssBefore)} ` +
      `held before the first search (Node, ONNX Runtime, the bare Gemm's block); budget ${mib(memoryBytes)}; gallery file ${mib(rows * DIM * 4)}`);
    await search.close();
    await gemm.release();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
