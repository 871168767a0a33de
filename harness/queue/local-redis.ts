/**
 * startLocalRedis: a real redis-server on 127.0.0.1 on a free port, in a folder of its own, for tests and benchmarks
 * of the queue (never used by the commands, which connect to the Redis their user names).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** A running local server. */
export interface LocalRedis {
  url: string;
  port: number;
  /** Stops the server (SIGTERM: with persistence on, it writes its append-only file first). */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder (its data come back from the append-only file when persistence is on). */
  start(): Promise<void>;
}

/** True when a redis-server binary is on the PATH. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPing(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const c = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.ping();
      return;
    } catch (err) {
      if (Date.now() > until) throw new Error(`redis-server did not answer at ${url}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      c.disconnect();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts redis-server on 127.0.0.1 on a free port with its files in `dir`; `persist` turns on the append-only file
 * (fsync every write), so a restart keeps the queue.
 * @throws Error when redis-server is not installed or does not start.
 */
export async function startLocalRedis(dir: string, persist = false): Promise<LocalRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no', '--loglevel', 'warning',
      ...(persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'])];
    const proc = spawn('redis-server', args, { stdio: 'ignore' });
    child = proc;
    const failed = new Promise<never>((_, reject) => proc.once('error', (e) => reject(new Error(`cannot start redis-server (Debian package redis-server): ${e.message}`))));
    await Promise.race([waitForPing(url, 10_000), failed]);
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (proc === null || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  };
  await start();
  return { url, port, stop, start };
}
