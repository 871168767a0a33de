/** sha256File: the lower-case hex SHA-256 of a file's bytes. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

/** Hex SHA-256 of the file at `file`, read as a stream (footage files can be larger than memory). @throws when the file cannot be read. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** Hex SHA-256 of a string (UTF-8) or bytes. */
export function sha256Bytes(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
