import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedFile } from '../footage/index.ts';
import { walkersFixture, type WalkersFixture } from '../replay/index.ts';
import { hasRedisServer, startLocalRedis, thisMaker, type LocalRedis } from './index.ts';

const lfw = sharedFile('datasets/lfw-dev/images');
const redisThere = hasRedisServer();
if (!redisThere) {
  if (process.env['CI'] === 'true') throw new Error('CI=true but redis-server is not installed (.ci/run installs the Debian package redis-server)');
  console.warn('skipping the queue tests: redis-server is not installed (Debian package redis-server)');
}
const bin = path.resolve('bin/evenhand.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function evenhand(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `evenhand args` in the background; resolves its exit code and output when it ends. */
function background(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  child.stdout?.resume();
  return { child, done: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr }))) };
}

/** A client for a BullMQ object of the test; closing the object does not close a client it was given, so `done` does. */
function testQueue(name: string, url: string): { queue: Queue; done: () => Promise<void> } {
  const client = new Redis(url, { maxRetriesPerRequest: null });
  client.on('error', () => undefined);
  const queue = new Queue(name, { connection: client });
  return { queue, done: async () => { await queue.close(); client.disconnect(); } };
}

/** Every file of a replay's segments folder, by name. */
function tables(out: string): Map<string, Buffer> {
  const dir = path.join(out, 'segments');
  return new Map(readdirSync(dir).filter((n) => /\.(arrow|done\.json)$/.test(n)).sort().map((n) => [n, readFileSync(path.join(dir, n))]));
}

describe('queue options: bad input', () => {
  it('refuses a wrong URL and an unreachable Redis with exit code 2, writing nothing', () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'evenhand-badqueue-')), 'out');
    let r = evenhand(['replay', '--video', 'x.avi', '--out', out, '--queue', 'http://127.0.0.1:6379']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--queue: expected a Redis URL such as redis://127.0.0.1:6379');
    r = evenhand(['replay', '--video', 'x.avi', '--out', out, '--queue', 'redis://127.0.0.1:1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--queue: expected a Redis server answering at redis:\/\/127\.0\.0\.1:1 .*, got .*ECONNREFUSED/);
    expect(existsSync(out)).toBe(false);
    r = evenhand(['worker', '--redis', 'redis://127.0.0.1:1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--redis: expected a Redis server answering at redis://127.0.0.1:1');
    r = evenhand(['replay', '--video', 'x.avi', '--out', out, '--queue', 'redis://127.0.0.1:1', '--shard', '1/2']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Arguments queue and shard are mutually exclusive');
  });
});

describe.skipIf(!lfw.present || !redisThere)('replay through a BullMQ queue on a real Redis', () => {
  let dir: string;
  let redis: LocalRedis;
  let fx: WalkersFixture;
  let single: string;
  const workers: ChildProcess[] = [];
  const replayArgs = (out: string, queueName: string): string[] =>
    ['replay', '--video', fx.clip, '--segment-s', '1.5', '--gallery', fx.galleryFile, '--out', out, '--queue', redis.url, '--queue-name', queueName];
  const startWorker = (queueName: string): ChildProcess => {
    const w = background(['worker', '--redis', redis.url, '--queue-name', queueName, '--lock-s', '3']).child;
    workers.push(w);
    return w;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'evenhand-queue-'));
    redis = await startLocalRedis(dir, true);
    fx = await walkersFixture(dir, lfw.path, 12_000);
    single = path.join(dir, 'single');
    const r = evenhand(['replay', '--video', fx.clip, '--segment-s', '1.5', '--gallery', fx.galleryFile, '--out', single, '--workers', '1']);
    expect(r.status, r.stderr).toBe(0);
  }, 300_000);
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await redis.stop();
  });

  it('refuses a queue and a job made by another Evenhand version', async () => {
    const stamp = new Redis(redis.url);
    stamp.on('error', () => undefined);
    await stamp.hset('bull:old-version:evenhand', 'version', '0.0.1', 'format', 'evenhand-job/1');
    stamp.disconnect();
    const out = path.join(dir, 'refused');
    let r = evenhand(replayArgs(out, 'old-version'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--queue-name: queue old-version: expected a queue made by Evenhand');
    expect(r.stderr).toContain('got a queue made by Evenhand 0.0.1');
    expect(existsSync(out)).toBe(false);
    r = evenhand(['worker', '--redis', redis.url, '--queue-name', 'old-version']);
    expect(r.status).toBe(2);

    startWorker('versions');
    const { queue, done } = testQueue('versions', redis.url);
    const job = await queue.add('replay-segment', { format: 'evenhand-job/1', maker: { ...thisMaker(), version: '9.9.9' }, run: 'r', setup: { algorithm: 'faceplugin-v1', algorithmOptions: {}, outputs: [], options: {} }, segment: { id: 's', source: { kind: 'video', file: fx.clip } } }, { attempts: 3 });
    let state = '';
    for (let i = 0; i < 600 && state !== 'failed'; i++) { await sleep(100); state = await job.getState(); }
    const failed = await Job.fromId(queue, job.id ?? '');
    expect(failed?.failedReason).toMatch(/^refused by worker .*: made by Evenhand 9\.9\.9; this worker runs Evenhand /);
    expect(failed?.attemptsMade).toBe(1); // not retried
    await done();
  }, 300_000);

  it('3 workers, one killed with SIGKILL mid-job: every segment once, tables equal to the single-process run', async () => {
    const q = 'kill-test';
    const pool = [startWorker(q), startWorker(q), startWorker(q)];
    const out = path.join(dir, 'queued');
    const submitter = background(replayArgs(out, q));
    const { queue, done } = testQueue(q, redis.url);
    let killed: { id: string; name: string } | null = null;
    for (let i = 0; i < 1200 && killed === null; i++) {
      await sleep(50);
      for (const job of await queue.getActive()) {
        const frames = (job.progress as { frames?: number } | undefined)?.frames ?? 0;
        const victim = pool.find((w) => job.processedBy?.endsWith(`:${w.pid}`));
        if (frames > 0 && victim !== undefined) {
          victim.kill('SIGKILL');
          killed = { id: job.id ?? '', name: job.processedBy ?? '' };
          break;
        }
      }
    }
    expect(killed, 'a job was caught mid-segment').not.toBeNull();
    const result = await submitter.done;
    expect(result.code, result.stderr).toBe(0);
    const retried = await Job.fromId(queue, killed?.id ?? '');
    expect(await retried?.getState()).toBe('completed');
    expect(retried?.processedBy).not.toBe(killed?.name); // finished by another worker after the stalled check
    await done();
    // every segment exactly once, and the tables byte-identical to the single-process run's
    const a = tables(single), b = tables(out);
    expect([...b.keys()]).toEqual([...a.keys()]);
    expect(a.size).toBe(32); // 8 segments x (tracks, trajectories, candidates, done)
    const seen: string[] = [];
    for (const [name, bytes] of b) {
      expect(Buffer.compare(bytes, a.get(name) ?? Buffer.alloc(0)), name).toBe(0);
      if (name.endsWith('.tracks.arrow')) for (const row of tableFromIPC(bytes).toArray() as { segment_id: string }[]) expect(row.segment_id).toBe(name.replace('.tracks.arrow', ''));
      if (name.endsWith('.done.json')) seen.push(name);
    }
    expect(new Set(seen).size).toBe(8);
    expect(result.stderr).toMatch(/segments \d+\/8/); // progress shown by the submitter
  }, 300_000);

  it('a Redis restart mid-run (append-only file on): the run completes with the same tables', async () => {
    const q = 'restart-test';
    startWorker(q);
    const out = path.join(dir, 'restarted');
    const submitter = background(replayArgs(out, q));
    for (let i = 0; i < 2400; i++) {
      await sleep(50);
      if (existsSync(path.join(out, 'segments')) && readdirSync(path.join(out, 'segments')).some((n) => n.endsWith('.done.json'))) break;
    }
    await redis.stop();
    await sleep(1500);
    await redis.start();
    const result = await submitter.done;
    expect(result.code, result.stderr).toBe(0);
    const a = tables(single), b = tables(out);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, bytes] of b) expect(Buffer.compare(bytes, a.get(name) ?? Buffer.alloc(0)), name).toBe(0);
  }, 300_000);
});
