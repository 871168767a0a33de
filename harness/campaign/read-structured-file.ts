/** Reads a JSON or YAML input file into a plain value, with syntax errors reported as InputError. */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../core/input-error.ts';

/**
 * Reads `file` (.json, .yaml or .yml) and parses it.
 * @throws InputError when the file cannot be read or is not valid JSON/YAML.
 */
export function readStructuredFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(file, [{ path: '', expected: 'a readable file', got: (err as NodeJS.ErrnoException).code ?? String(err) }]);
  }
  try {
    return /\.ya?ml$/i.test(file) ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown);
  } catch (err) {
    throw new InputError(file, [{ path: '', expected: /\.ya?ml$/i.test(file) ? 'valid YAML' : 'valid JSON', got: (err as Error).message.split('\n')[0] }]);
  }
}

/**
 * Validates `value` against a zod schema; every issue becomes a problem with its path (`volunteers[12].sex`).
 * @throws InputError naming `file` and each path.
 */
export function parseWithSchema<S extends z.ZodType>(schema: S, value: unknown, file: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InputError(file, result.error.issues.map((issue) => ({
    path: formatPath(issue.path),
    expected: describeIssue(issue),
  })));
}

/** `['volunteers', 12, 'sex']` -> `volunteers[12].sex`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `no unknown fields (found ${issue.keys.map((k) => JSON.stringify(k)).join(', ')})`;
    case 'invalid_type':
      return `${issue.expected}${issue.input === undefined ? ' (the field is required)' : ''}`;
    case 'too_small':
      return `${issue.origin === 'array' ? 'at least' : issue.inclusive === false ? 'a value >' : 'a value >='} ${String(issue.minimum)}${issue.origin === 'array' ? ' entries' : ''}`;
    case 'too_big':
      return `${issue.origin === 'array' ? 'at most' : issue.inclusive === false ? 'a value <' : 'a value <='} ${String(issue.maximum)}${issue.origin === 'array' ? ' entries' : ''}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}
