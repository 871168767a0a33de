/** sha256File: the lower-case hex SHA-256 of a file's bytes. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/** Hex SHA-256 of the file at `file`. @throws when the file cannot be read. */
export async function sha256File(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** Hex SHA-256 of a string (UTF-8) or bytes. */
export function sha256Bytes(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
