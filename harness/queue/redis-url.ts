/** parseRedisUrl: a Redis URL given on the command line, checked before anything connects or is written. */
import { InputError } from '../core/input-error.ts';

const EXPECTED = 'a Redis URL such as redis://127.0.0.1:6379 (redis://[:password@]host[:port][/db], or rediss:// for TLS)';

/**
 * Checks `text` as a Redis URL (scheme redis or rediss, a host, an optional port 1-65535 and database number) and
 * returns it normalised. @throws InputError naming `option` otherwise.
 * @example parseRedisUrl('redis://10.0.0.5:6379', '--queue') // 'redis://10.0.0.5:6379'
 */
export function parseRedisUrl(text: string, option: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(option, [{ path: '', expected: EXPECTED, got: JSON.stringify(text) }]);
  }
  const port = url.port === '' ? 6379 : Number(url.port);
  const db = url.pathname === '' || url.pathname === '/' ? 0 : Number(url.pathname.slice(1));
  if ((url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '' || !(port >= 1 && port <= 65535) || !Number.isInteger(db) || db < 0 || url.search !== '' || url.hash !== '') {
    throw new InputError(option, [{ path: '', expected: EXPECTED, got: JSON.stringify(text) }]);
  }
  return url.toString().replace(/\/$/, '');
}

/** `url` without its password, for messages and records. */
export function redactRedisUrl(url: string): string {
  const u = new URL(url);
  if (u.password !== '') u.password = '***';
  return u.toString().replace(/\/$/, '');
}
