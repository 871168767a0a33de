/**
 * connectRedis: a checked connection to the Redis server behind a queue. The first contact fails fast with a clear
 * message (a command given a wrong or unreachable server should say so, not hang); once connected, the client
 * reconnects on its own when the server restarts (ioredis's retry strategy), as a long campaign needs.
 */
import { Redis } from 'ioredis';
import { InputError } from '../core/input-error.ts';
import { redactRedisUrl } from './redis-url.ts';

/**
 * Pings the server at `url` once, with a short timeout and no retries.
 * @throws InputError naming `option` when it cannot be reached or refuses (wrong password, not Redis).
 */
export async function checkRedis(url: string, option: string, timeoutMs = 5000): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  const seen: { cause?: Error } = {};
  probe.on('error', (e: Error) => { seen.cause ??= e; }); // the socket's own error (ECONNREFUSED, ENOTFOUND, ...) says more than "Connection is closed"
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    const reason = seen.cause?.message ?? (err instanceof Error ? err.message : String(err));
    throw new InputError(option, [{ path: '', expected: `a Redis server answering at ${redactRedisUrl(url)} (start one with redis-server; check host, port and password)`, got: reason }]);
  } finally {
    probe.disconnect();
  }
}

/** A client for BullMQ: commands wait through reconnections instead of failing (BullMQ's workers require this). */
export function redisClient(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
  client.on('error', () => undefined); // ioredis retries; BullMQ reports what matters
  return client;
}
