/**
 * Option values checked where yargs parses them, so a bad value is refused before any work with a message naming
 * the option, the range and what was given: `--workers: expected a whole number from 1 to 256, got 0`.
 *
 * A command adopts a bound in one line: `.option('workers', boundedOption('--workers', Bounds.workers, 'Worker threads'))`.
 * Numbers are left untyped for yargs (its `number` type turns `abc` into NaN and loses what was typed); the check
 * turns the text into a number itself.
 */
import type { Options } from 'yargs';
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
  return {
    describe,
    type: 'string',
    requiresArg: true,
    ...(required ? { demandOption: true } : {}),
    coerce: (value: unknown) => {
      const one = single(option, value);
      if (typeof one !== 'string' || one.trim() === '') throw optionError(option, 'a path', show(one));
      return one;
    },
  };
}
