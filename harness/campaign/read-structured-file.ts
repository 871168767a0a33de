/**
 * Reads a JSON or YAML input file into a plain value, and validates values against zod schemas, with every problem
 * reported as an InputError line that names the file, the path inside it, what was expected and what was found.
 */
import { readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { Bounds } from '../core/bounds.ts';
import { InputError, show, type InputProblem } from '../core/input-error.ts';
import { Expected, Found, tooLarge, unreadable } from '../core/messages.ts';

/**
 * Reads `file` (.json, .yaml or .yml) and parses it.
 * @throws InputError when the file cannot be read, is larger than the bound on structured inputs, or is not valid
 * JSON/YAML.
 */
export function readStructuredFile(file: string): unknown {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > Bounds.structuredFileBytes.max) throw new InputError(file, [tooLarge(size, Bounds.structuredFileBytes.max, 'a JSON or YAML file')]);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(file, [unreadable(err)]);
  }
  const yaml = /\.ya?ml$/i.test(file);
  try {
    return yaml ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown);
  } catch (err) {
    const detail = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    throw new InputError(file, [{ path: '', expected: yaml ? Expected.yaml : Expected.json, got: text.trim() === '' ? 'an empty file' : detail }]);
  }
}

/**
 * Validates `value` against a zod schema; every issue becomes a problem with its path (`volunteers[12].sex`), what
 * was expected and the value found there (or "nothing" for a missing field).
 * @throws InputError naming `file` and each path.
 */
export function parseWithSchema<S extends z.ZodType>(schema: S, value: unknown, file: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InputError(file, result.error.issues.flatMap((issue) => describeIssue(issue, [], value)));
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

/** The value at `path` inside `root`, and whether it is there at all. */
function valueAt(root: unknown, path: readonly PropertyKey[]): { present: boolean; value: unknown } {
  let at: unknown = root;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, key)) return { present: false, value: undefined };
    at = Reflect.get(at, key);
  }
  return { present: true, value: at };
}

/** zod's type names in words. */
const TYPE_WORDS: Record<string, string> = {
  string: 'a string', number: 'a number', int: 'a whole number', boolean: 'true or false', object: 'an object',
  array: 'a list', record: 'an object (a map of names to values)', bigint: 'a number', date: 'a date', null: 'null',
  literal: 'a fixed value', nan: 'NaN', undefined: 'no value',
};

/** What was found at a path, for `got`: the value shown short, `NaN` and `Infinity` by name, or nothing. */
function found(root: unknown, path: readonly PropertyKey[]): string {
  const { present, value } = valueAt(root, path);
  if (!present) return `${Found.nothing} (the field is required)`;
  if (typeof value === 'number' && Number.isNaN(value)) return Found.nan;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return show(value);
}

/** A zod message that is ours (a schema's own words), not zod's generic English. */
function ownMessage(message: string): string | null {
  return /^(Invalid|Too (big|small)|Expected|Unrecognized)/.test(message) ? null : message;
}

function describeIssue(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[], root: unknown): InputProblem[] {
  const at = [...prefix, ...issue.path];
  const problem = (expected: string, got: string = found(root, at)): InputProblem[] => [{ path: formatPath(at), expected, got }];
  switch (issue.code) {
    case 'unrecognized_keys':
      return [{ path: formatPath(at), expected: 'no unknown fields', got: issue.keys.map((k) => JSON.stringify(k)).join(', ') }];
    case 'invalid_type':
      return problem(TYPE_WORDS[issue.expected] ?? issue.expected);
    case 'too_small': {
      const n = String(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'set') return problem(`at least ${entries(Number(n))}`, countOf(root, at));
      if (issue.origin === 'string') return problem(`at least ${n} character${n === '1' ? '' : 's'}`);
      return problem(`a value ${issue.inclusive === false ? '>' : '>='} ${n}`);
    }
    case 'too_big': {
      const n = String(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set') return problem(`at most ${entries(Number(n))}`, countOf(root, at));
      if (issue.origin === 'string') return problem(`at most ${n} characters`);
      return problem(`a value ${issue.inclusive === false ? '<' : '<='} ${n}`);
    }
    case 'invalid_value':
      return problem(`one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`);
    case 'invalid_format':
      return problem(ownMessage(issue.message) ?? (issue.format === 'datetime' ? 'an ISO 8601 date and time with a time zone, e.g. 2026-03-14T10:00:00Z' : `a string in ${issue.format} format`));
    case 'not_multiple_of':
      return problem(`a multiple of ${String(issue.divisor)}`);
    case 'invalid_union':
      return describeUnion(issue.errors, at, root);
    case 'invalid_key':
    case 'invalid_element':
      return issue.issues.flatMap((inner) => describeIssue(inner, at, root));
    default:
      return problem(ownMessage(issue.message) ?? 'a valid value');
  }
}

/** The size of the list at `path`, for a too-small or too-big list. */
function countOf(root: unknown, path: readonly PropertyKey[]): string {
  const { present, value } = valueAt(root, path);
  if (!present) return `${Found.nothing} (the field is required)`;
  return Array.isArray(value) ? entries(value.length) : show(value);
}

function entries(n: number): string {
  return `${n} ${n === 1 ? 'entry' : 'entries'}`;
}

/**
 * A value matched no branch of a union: when one branch got further (its problems lie deeper than the union itself),
 * its problems are the ones to fix; otherwise the branches' expectations are listed together.
 */
function describeUnion(branches: readonly (readonly z.core.$ZodIssue[])[], at: readonly PropertyKey[], root: unknown): InputProblem[] {
  const depth = (b: readonly z.core.$ZodIssue[]): number => Math.min(...b.map((i) => (i.code === 'invalid_type' && i.path.length === 0 ? 0 : i.path.length + 1)));
  const deepest = [...branches].sort((a, b) => depth(b) - depth(a))[0];
  if (deepest !== undefined && depth(deepest) > 0) return deepest.flatMap((i) => describeIssue(i, at, root));
  const expected = branches.map((b) => b[0]).map((i) => (i?.code === 'invalid_type' ? (TYPE_WORDS[i.expected] ?? i.expected) : 'a valid value'));
  return [{ path: formatPath(at), expected: [...new Set(expected)].join(' or '), got: found(root, at) }];
}
