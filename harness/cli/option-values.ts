/**
 * Option values checked where yargs parses them, so a bad value is refused before any work with a message naming
 * the option, the range and what was given: `--workers: expected a whole number from 1 to 256, got 0`.
 *
 * A command adopts a bound in one line: `.option('workers', boundedOption('--workers', Bounds.workers, 'Worker threads'))`.
 * Numbers are left untyped for yargs (its `number` type turns `abc` into NaN and loses what was typed); the check
 * turns the text into a number itself.
 */
import type { Options, PositionalOptions } from 'yargs';
import { describeBound, checkBound, type Bound } from '../core/bounds.ts';
import { InputError, show } from '../core/input-error.ts';
import { Expected } from '../core/messages.ts';

/** A yargs option whose checked value is of type T (yargs infers the argument's type from `coerce`). */
export type CheckedOption<T> = Options & { coerce: (value: unknown) => T };

/** The error for a bad value of `option`: one line, `--option: expected ..., got ...`. */
export function optionError(option: string, expected: string, got: string): InputError {
  return new InputError(option, [{ path: '', expected, got }]);
}

/** One value of `option`: an option given twice is refused (yargs makes an array of it). */
function single(option: string, value: unknown): unknown {
  if (Array.isArray(value)) throw optionError(option, Expected.oneValue, show(value));
  return value;
}

/**
 * `value` as a number inside `bound`. Text that reads as a number (`12`, `1e3`, `-3`) counts as that number.
 * @throws InputError naming `option`, the range and the value.
 * @example boundedNumber('--top-k', Bounds.topK, '-3') // throws: --top-k: expected a whole number from 1 to 1000, got -3
 */
export function boundedNumber(option: string, bound: Bound, value: unknown): number {
  const one = single(option, value);
  const number = typeof one === 'string' && one.trim() !== '' && Number.isFinite(Number(one)) ? Number(one) : one;
  const got = checkBound(bound, number);
  if (got !== null || typeof number !== 'number') throw optionError(option, describeBound(bound), got ?? show(number));
  return number;
}

/**
 * A yargs option for a number inside `bound`: the range is appended to `describe` (so --help states it) and the
 * value is checked as it is parsed.
 */
export function boundedOption(option: string, bound: Bound, describe: string): CheckedOption<number>;
export function boundedOption(option: string, bound: Bound, describe: string, defaultValue: number): CheckedOption<number> & { default: number };
export function boundedOption(option: string, bound: Bound, describe: string, defaultValue?: number): CheckedOption<number> {
  return {
    describe: `${describe} (${describeBound(bound)})`,
    requiresArg: true,
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
    coerce: (value: unknown) => boundedNumber(option, bound, value),
  };
}

/**
 * A yargs option holding any finite number (its range is checked later, by a schema or the command); text that is not
 * a number is refused with what was typed.
 */
export function numberOption(option: string, describe: string): CheckedOption<number>;
export function numberOption(option: string, describe: string, defaultValue: number): CheckedOption<number> & { default: number };
export function numberOption(option: string, describe: string, defaultValue?: number): CheckedOption<number> {
  return {
    describe,
    requiresArg: true,
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
    coerce: (value: unknown) => {
      const one = single(option, value);
      const number = typeof one === 'string' && one.trim() !== '' ? Number(one) : one;
      if (typeof number !== 'number' || !Number.isFinite(number)) throw optionError(option, 'a number', show(one));
      return number;
    },
  };
}

/**
 * A yargs option whose value must be one of `names` (a registry's entries, for instance), checked as it is parsed.
 * @example .option('algorithm', choiceOption('--algorithm', algorithms.names(), 'Registered algorithm', 'faceplugin-v1'))
 */
export function choiceOption(option: string, names: readonly string[], describe: string): CheckedOption<string>;
export function choiceOption(option: string, names: readonly string[], describe: string, defaultValue: string): CheckedOption<string> & { default: string };
export function choiceOption(option: string, names: readonly string[], describe: string, defaultValue?: string): CheckedOption<string> {
  return {
    describe: `${describe}: ${names.join(', ')}`,
    type: 'string',
    requiresArg: true,
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
    coerce: (value: unknown) => {
      const one = single(option, value);
      if (typeof one !== 'string' || !names.includes(one)) throw optionError(option, `one of ${names.join(', ')}`, show(one));
      return one;
    },
  };
}

/** A yargs option holding one path (a file or folder), refused when empty or repeated. */
export function pathOption(option: string, describe: string, required?: true): CheckedOption<string> & { demandOption: true };
export function pathOption(option: string, describe: string, required: false): CheckedOption<string>;
export function pathOption(option: string, describe: string, required = true): CheckedOption<string> {
  return parsedOption(option, describe, (text) => {
    if (text.trim() === '') throw optionError(option, 'a path', show(text));
    return text;
  }, required);
}

/**
 * A yargs option holding text that `parse` turns into a value (a shard spec, a Redis URL): `parse` throws an
 * InputError naming the option for text it refuses, so the value is checked as it is parsed.
 * @example .option('shard', parsedOption('--shard', 'Shard i of n', (t) => parseShard(t, '--shard'), false))
 */
export function parsedOption<T>(option: string, describe: string, parse: (text: string) => T, required: true): CheckedOption<T> & { demandOption: true };
export function parsedOption<T>(option: string, describe: string, parse: (text: string) => T, required: boolean): CheckedOption<T>;
export function parsedOption<T>(option: string, describe: string, parse: (text: string) => T, required: boolean): CheckedOption<T> {
  return {
    describe,
    type: 'string',
    requiresArg: true,
    ...(required ? { demandOption: true } : {}),
    coerce: (value: unknown) => {
      const one = single(option, value);
      if (typeof one !== 'string') throw optionError(option, 'a value', show(one));
      return parse(one);
    },
  };
}

/** What a text option accepts: whether it is required, its default, and a pattern with its description. */
export interface TextRule {
  required?: boolean;
  default?: string;
  pattern?: RegExp;
  /** The pattern in words, for `expected` (default `some text`). */
  expected?: string;
}

/**
 * A yargs option holding one line of text (an id, a name, a reason), refused when empty, repeated, or not matching
 * `rule.pattern`.
 * @example .option('volunteer', textOption('--volunteer', 'The volunteer id', { required: true }))
 */
export function textOption(option: string, describe: string, rule: TextRule & { required: true }): CheckedOption<string> & { demandOption: true };
export function textOption(option: string, describe: string, rule: TextRule & { default: string }): CheckedOption<string> & { default: string };
export function textOption(option: string, describe: string, rule?: TextRule): CheckedOption<string>;
export function textOption(option: string, describe: string, rule: TextRule = {}): CheckedOption<string> {
  return {
    describe,
    type: 'string',
    requiresArg: true,
    ...(rule.required === true ? { demandOption: true } : {}),
    ...(rule.default === undefined ? {} : { default: rule.default }),
    coerce: (value: unknown) => checkText(option, rule, single(option, value)),
  };
}

function checkText(option: string, rule: TextRule, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || /[\r\n]/.test(value) || (rule.pattern !== undefined && !rule.pattern.test(value))) {
    throw optionError(option, rule.expected ?? 'some text', show(value));
  }
  return value;
}

/** A positional argument holding one path (`DIR`), refused when empty. */
export function positionalPath(name: string, describe: string): PositionalOptions & { demandOption: true; coerce: (value: unknown) => string } {
  return { type: 'string', demandOption: true, describe, coerce: (value: unknown) => checkText(name, { expected: 'a path' }, single(name, value)) };
}

/** A positional argument holding one path or more (`DIR...`), each refused when empty. */
export function positionalPaths(name: string, describe: string, what = 'a path'): PositionalOptions & { demandOption: true; coerce: (values: unknown) => string[] } {
  return {
    type: 'string',
    array: true,
    demandOption: true,
    describe,
    coerce: (values: unknown) => (Array.isArray(values) ? values : [values]).map((v: unknown) => checkText(name, { expected: what }, v)),
  };
}

/**
 * A calendar day as YYYY-MM-DD, checked as a real date (2031-02-30 is refused).
 * @throws InputError naming `option`.
 * @example calendarDay('--until', '2030-06-30') // '2030-06-30'
 */
export function calendarDay(option: string, text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const day = m === null ? null : new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (day === null || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text) throw optionError(option, Expected.calendarDay, show(text));
  return text;
}

/** A yargs option holding several paths (repeat the option, or list them after it), each refused when empty. */
export function pathsOption(option: string, describe: string, what = 'a path'): CheckedOption<string[]> {
  return {
    describe,
    type: 'string',
    array: true,
    requiresArg: true,
    coerce: (values: unknown) => {
      const list: unknown[] = Array.isArray(values) ? values : [values];
      return list.map((v) => {
        if (typeof v !== 'string' || v.trim() === '') throw optionError(option, what, show(v));
        return v;
      });
    },
  };
}
