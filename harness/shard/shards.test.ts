import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedFile } from '../footage/index.ts';
import { walkersFixture, type WalkersFixture } from '../replay/index.ts';
import { parseShard, shardSegments } from './index.ts';

const lfw = sharedFile('datasets/lfw-dev/images');
const bin = path.resolve('bin/evenhand.js');

function evenhand(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file of `dir`/segments (tables and done markers), by name. */
function segmentFiles(dir: string): Map<string, Buffer> {
  const seg = path.join(dir, 'segments');
  return new Map(readdirSync(seg).sort().map((n) => [n, readFileSync(path.join(seg, n))]));
}

describe('shard specs', () => {
  it('takes i/n with 1 <= i <= n and deals segments round robin', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    for (const bad of ['4/3', '0/0', '0/3', '1/0', '-1/3', 'a/b', '2', '', '1.5/3', '2/3/4']) {
      expect(() => parseShard(bad), bad).toThrow(/--shard: expected i\/n: shard i of n, whole numbers with 1 <= i <= n/);
    }
    const ids = Array.from({ length: 8 }, (_, i) => i);
    expect(shardSegments(ids, { index: 1, count: 3 })).toEqual([0, 3, 6]);
    expect(shardSegments(ids, { index: 3, count: 3 })).toEqual([2, 5]);
    expect(shardSegments(ids, { index: 2, count: 10 })).toEqual([1]);
    expect(shardSegments(ids, { index: 9, count: 10 })).toEqual([]);
  });

  it('refuses a bad --shard with exit code 2, naming what was expected, and writes nothing', () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'evenhand-badshard-')), 'out');
    for (const spec of ['4/3', '0/0']) {
      const r = evenhand(['replay', '--video', 'none.avi', '--out', out, '--shard', spec]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`--shard: expected i/n: shard i of n, whole numbers with 1 <= i <= n (e.g. 2/8`);
      expect(r.stderr).toContain(`got "${spec}"`);
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe.skipIf(!lfw.present)('replay --shard i/n and merge', () => {
  let dir: string;
  let fx: WalkersFixture;
  const common = (): string[] => ['replay', '--video', fx.clip, '--segment-s', '0.5', '--gallery', fx.galleryFile, '--workers', '1'];
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'evenhand-shards-'));
    fx = await walkersFixture(dir, lfw.path);
  });

  it('3 shards merged equal one run byte for byte; missing, duplicated and mismatched shards are refused', () => {
    const single = path.join(dir, 'single');
    expect(evenhand([...common(), '--out', single]).status).toBe(0);
    const sharded = path.join(dir, 'sharded');
    for (const i of [3, 1, 2]) {
      const r = evenhand([...common(), '--out', sharded, '--shard', `${i}/3`]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(`shard ${i}/3`);
    }
    expect(readdirSync(path.join(sharded, 'shards')).sort()).toEqual(['1-of-3', '2-of-3', '3-of-3']);
    // shard 1 holds segments 0, 3, 6 of the plan
    expect(readdirSync(path.join(sharded, 'shards', '1-of-3', 'segments')).filter((n) => n.endsWith('.done.json')).sort())
      .toEqual(['walkers.0000.done.json', 'walkers.0003.done.json', 'walkers.0006.done.json']);

    // a missing shard: refused, naming the segments and the shard to run, nothing written
    const aside = path.join(dir, 'aside-2-of-3');
    cpSync(path.join(sharded, 'shards', '2-of-3'), aside, { recursive: true });
    rmSync(path.join(sharded, 'shards', '2-of-3'), { recursive: true });
    let r = evenhand(['merge', '--out', sharded]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('segment walkers.0001: expected its tables from shard 2-of-3, got missing: no shard 2-of-3 (run it with --shard 2/3)');
    expect(existsSync(path.join(sharded, 'segments'))).toBe(false);
    cpSync(aside, path.join(sharded, 'shards', '2-of-3'), { recursive: true });

    // a duplicated shard (the same shard's folder twice)
    cpSync(aside, path.join(sharded, 'shards', '2-of-3-again'), { recursive: true });
    r = evenhand(['merge', '--out', sharded]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/segment walkers\.0001: expected made by exactly one shard, got made by shards\/2-of-3 and shards\/2-of-3-again \(duplicated\)/);
    expect(existsSync(path.join(sharded, 'segments'))).toBe(false);
    rmSync(path.join(sharded, 'shards', '2-of-3-again'), { recursive: true });

    // a shard made with other settings (top-k 5): its key differs
    expect(evenhand([...common(), '--out', sharded, '--shard', '3/3', '--top-k', '5']).status).toBe(0);
    r = evenhand(['merge', '--out', sharded]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('shards/3-of-3/shard.json: key.settings.topK: expected 10 as in shards/1-of-3/shard.json');
    expect(existsSync(path.join(sharded, 'segments'))).toBe(false);
    expect(evenhand([...common(), '--out', sharded, '--shard', '3/3']).status).toBe(0);

    r = evenhand(['merge', '--out', sharded]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('merged 3 shards: 8 segments');
    const a = segmentFiles(single), b = segmentFiles(sharded);
    expect([...b.keys()]).toEqual([...a.keys()]);
    expect(a.size).toBe(32); // 8 segments x (tracks, trajectories, candidates, done)
    for (const [name, bytes] of a) expect(Buffer.compare(bytes, b.get(name) ?? Buffer.alloc(0)), name).toBe(0);
  }, 300_000);
});
