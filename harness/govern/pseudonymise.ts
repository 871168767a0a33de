/**
 * Pseudonyms under a fresh key: each id replaced by a keyed hash (HMAC-SHA256), the same id always by the same
 * pseudonym within one package, and no way back without the key. People (subject ids and gallery ids, which name
 * the same volunteers) share one namespace, so a false match to another volunteer stays visible as such.
 */
import { createHmac, randomBytes } from 'node:crypto';

/** Kinds of ids, each with its prefix: a person or gallery entry (p-), a search (s-). */
export const PseudonymKind = { person: 'p', search: 's' } as const;
export type PseudonymKind = keyof typeof PseudonymKind;

/** Pseudonyms look like this (prefix, dash, 16 hex digits: 64 bits of the HMAC). */
export const PSEUDONYM = /^[ps]-[0-9a-f]{16}$/;

/** A pseudonymiser: `of(kind, id)` gives the pseudonym; `count` how many distinct ids it has seen. */
export interface Pseudonymiser {
  of(kind: PseudonymKind, id: string): string;
  readonly count: number;
}

/**
 * A pseudonymiser keyed by `key` (default 32 fresh random bytes). Pseudonym = prefix + first 16 hex digits of
 * HMAC-SHA256(key, kind + NUL + id). Reference: RFC 2104 (HMAC); ISO/IEC 20889:2018 §8.3 (keyed pseudonymisation).
 * @example pseudonymiser(Buffer.alloc(32)).of('person', 'v001') // 'p-' + 16 hex digits
 */
export function pseudonymiser(key: Uint8Array = randomBytes(32)): Pseudonymiser {
  const seen = new Map<string, string>();
  return {
    of(kind, id) {
      const k = `${kind}\u0000${id}`;
      let p = seen.get(k);
      if (p === undefined) {
        p = `${PseudonymKind[kind]}-${createHmac('sha256', key).update(k).digest('hex').slice(0, 16)}`;
        seen.set(k, p);
      }
      return p;
    },
    get count() {
      return seen.size;
    },
  };
}
