/**
 * The message catalogue: every wording of a problem that more than one part of Evenhand reports, in one place, so
 * messages read alike and tests can assert on them (after vega-lite's `log/message.ts`). Each entry is a phrase
 * for an InputProblem's `expected` or `got`, or a small function that builds the whole problem.
 *
 * A problem prints as one line: `<file or option>: <path inside it>: expected <expected>, got <got>`.
 */
import type { InputProblem } from './input-error.ts';

/** What was expected, in words: the `expected` half of a problem. */
export const Expected = {
  readableFile: 'a readable file',
  json: 'valid JSON',
  yaml: 'valid YAML',
  arrowIpc: 'an Arrow IPC file (file or stream format)',
  readableArrowIpc: 'a readable Arrow IPC file',
  arrowFraming: 'Arrow IPC framing: messages and buffers that lie inside the file',
  atLeastOneRow: 'a table with at least one row',
  oneValue: 'one value (the option was given more than once)',
  numberOrNull: 'a number or null',
  newOrSameKindFolder: (kind: string): string => `a new folder, an empty folder or an Evenhand ${kind} folder to replace`,
  creatableLocation: 'a location where a folder can be created',
  separateFromInputs: "a location apart from this command's inputs (they are never inside what gets replaced)",
  insideRoots: (roots: readonly string[], base = 'the dataset folder'): string =>
    `a path inside ${base}${roots.length > 1 ? ' or an --allow-root folder' : ''} (${roots.join(', ')})`,
  existingFile: 'an existing, readable file',
  existingFileOrFolder: 'an existing, readable file or folder',
  knownOption: 'an option this command knows (see --help)',
  optionValue: 'a value after the option',
  requiredOption: 'a value (this option is required)',
  command: (names: readonly string[]): string => `a command: ${names.join(', ')}`,
  registeredAlgorithm: (names: readonly string[]): string => `a registered algorithm (${names.join(', ')})`,
  calendarDay: 'a calendar day as YYYY-MM-DD',
  runFolder: 'a run folder (made by evenhand run, simulate or combine)',
} as const;

/** What was found, in words: the `got` half of a problem. */
export const Found = {
  nothing: 'nothing',
  nan: 'NaN (not a number)',
  noRows: 'no rows',
  existingFile: 'an existing file',
  unknownOption: 'an unknown option',
  otherKindFolder: (kind: string): string => `an Evenhand ${kind} folder`,
  foreignFolder: (entries: readonly string[]): string =>
    `a folder that is not an Evenhand output (it holds ${entries.slice(0, 3).map((e) => JSON.stringify(e)).join(', ')}${entries.length > 3 ? `, and ${entries.length - 3} more` : ''})`,
  holdsInput: (input: string): string => `a location that holds the input ${input}`,
  insideInput: (input: string): string => `a location inside the input folder ${input}`,
  outside: (folders: number): string => `outside ${folders > 1 ? 'them' : 'it'}`,
  timedOut: (seconds: number): string => `no answer from the reader within ${seconds} s`,
} as const;

/** Short words for the errno codes file operations report, with the code kept for searching. */
const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'a folder, not a file',
  ENOTDIR: 'a path through something that is not a folder',
  EROFS: 'a read-only filesystem',
  EEXIST: 'something already there',
  ENOSPC: 'no space left on the device',
  ENAMETOOLONG: 'a name too long',
  ELOOP: 'a loop of symbolic links',
  EXDEV: 'a different filesystem',
  EMFILE: 'too many open files',
  EINVAL: 'an invalid path for this filesystem',
  ENOTEMPTY: 'a folder that is not empty',
  EBUSY: 'a busy resource',
};

/** The errno code of a Node.js filesystem error, or null for any other value. */
export function errnoCode(err: unknown): string | null {
  if (typeof err !== 'object' || err === null || !('code' in err)) return null;
  const code: unknown = err.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : null;
}

/**
 * A filesystem error in words for the `got` half of a problem: `no such file or folder (ENOENT)`.
 * @example fsReason(Object.assign(new Error(), { code: 'EROFS' })) // 'a read-only filesystem (EROFS)'
 */
export function fsReason(err: unknown): string {
  const code = errnoCode(err);
  if (code !== null) return `${ERRNO_WORDS[code] ?? 'a filesystem error'} (${code})`;
  return err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
}

/** The problem of a file that could not be read. @example unreadable(err) -> `expected a readable file, got no such file or folder (ENOENT)` */
export function unreadable(err: unknown, expected: string = Expected.readableFile): InputProblem {
  return { path: '', expected, got: fsReason(err) };
}

/** The problem of a file larger than the bound on its kind. */
export function tooLarge(bytes: number, maxBytes: number, what: string): InputProblem {
  return { path: '', expected: `${what} of at most ${formatBytes(maxBytes)}`, got: formatBytes(bytes) };
}

/** Bytes in words: `512 bytes`, `64 MiB`, `2 GiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit] ?? 'TiB'}`;
}
