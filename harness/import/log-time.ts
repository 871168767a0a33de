/**
 * Log times: a time as a vendor writes it (ISO 8601, Unix time, a local-time pattern in a time zone, or milliseconds on
 * the deployment clock) turned into an instant (ms since the Unix epoch) or a deployment-clock time. Local times are
 * read in the format's IANA zone with its daylight saving rules (Luxon); in the hour a clock goes back, a local time
 * that occurs twice is read as its first occurrence.
 */
import { DateTime } from 'luxon';
import type { TimeFormat } from './log-format-schema.ts';

/** A parsed log time: an instant (epoch ms), or already on a deployment's clock. */
export type LogTime = { kind: 'instant'; epochMs: number } | { kind: 'deployment'; tMs: number };

/**
 * Reads `value` in `format`; null when it cannot be read.
 * @example readLogTime('02/05/2026 10:15:03', { format: 'dd/MM/yyyy HH:mm:ss', zone: 'Europe/London' }) // instant 2026-05-02T09:15:03Z
 */
export function readLogTime(value: unknown, format: TimeFormat): LogTime | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : null;
  if (text === null || text === '') return null;
  const number = (): number | null => (/^-?\d+(\.\d+)?$/.test(text) ? Number(text) : null);
  switch (format.format) {
    case 'epoch-ms': {
      const n = number();
      return n === null ? null : { kind: 'instant', epochMs: n };
    }
    case 'epoch-s': {
      const n = number();
      return n === null ? null : { kind: 'instant', epochMs: Math.round(n * 1000) };
    }
    case 'deployment-ms': {
      const n = number();
      return n === null ? null : { kind: 'deployment', tMs: n };
    }
    case 'iso': {
      const t = DateTime.fromISO(text, { zone: format.zone });
      return t.isValid ? { kind: 'instant', epochMs: t.toMillis() } : null;
    }
    default: {
      const t = DateTime.fromFormat(text, format.format, { zone: format.zone });
      return t.isValid ? { kind: 'instant', epochMs: t.toMillis() } : null;
    }
  }
}

/** In words, what a time in `format` looks like (for error messages). */
export function describeTimeFormat(format: TimeFormat): string {
  switch (format.format) {
    case 'epoch-ms': return 'Unix time in milliseconds';
    case 'epoch-s': return 'Unix time in seconds';
    case 'deployment-ms': return 'milliseconds on the deployment clock';
    case 'iso': return `an ISO 8601 time (local times in ${format.zone})`;
    default: return `a time like "${format.format}" (in ${format.zone})`;
  }
}

/** True when `zone` is an IANA time zone Luxon knows. */
export function isKnownZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}
