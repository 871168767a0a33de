/**
 * usageProblems: yargs's own complaints (a missing or unknown option, a value outside its choices, a missing
 * command) rewritten as problems in Evenhand's one-line form, naming the option first:
 * `--out: expected a value (this option is required), got nothing`. Lines already in that form (from option checks)
 * pass through.
 */
import type { InputProblem } from '../core/input-error.ts';
import { Expected, Found } from '../core/messages.ts';

/** A problem about the command line: the option (or `command`) it concerns, and the problem. */
export interface UsageProblem {
  option: string;
  problem: InputProblem;
}

/** What the user typed for yargs's `name`: the option as written, or a stray word as it is. */
function typed(name: string, argv: readonly string[]): string {
  if (/^-/.test(name)) return name;
  const option = name.length === 1 ? `-${name}` : `--${name}`;
  if (argv.some((a) => a === option || a.startsWith(`${option}=`))) return option;
  return argv.includes(name) ? name : option;
}
const names = (list: string): string[] => list.split(',').map((s) => s.trim()).filter((s) => s !== '');

/**
 * The problems in yargs's failure message `msg` for the command line `argv`; `commands` lists the command names,
 * for a missing or unknown one.
 * @example usageProblems('Missing required argument: out', ['analyse'], []) // [{ option: '--out', problem: { path: '', expected: 'a value (this option is required)', got: 'nothing' } }]
 */
export function usageProblems(msg: string, argv: readonly string[], commands: readonly string[]): UsageProblem[] {
  const flag = (name: string): string => typed(name, argv);
  const out: UsageProblem[] = [];
  const add = (option: string, expected: string, got: string): void => {
    out.push({ option, problem: { path: '', expected, got } });
  };
  const lines = msg.split('\n').map((l) => l.trim()).filter((l) => l !== '' && l !== 'Invalid values:');
  for (const line of lines) {
    let m: RegExpExecArray | null;
    if ((m = /^(--?[\w-]+): expected (.*?)(?:, got (.*))?$/.exec(line)) !== null) add(m[1] ?? '', m[2] ?? '', m[3] ?? Found.nothing);
    else if ((m = /^Missing required arguments?: (.+)$/.exec(line)) !== null) names(m[1] ?? '').forEach((n) => add(flag(n), Expected.requiredOption, Found.nothing));
    else if ((m = /^Unknown arguments?: (.+)$/.exec(line)) !== null) {
      names(m[1] ?? '').forEach((n) => (flag(n).startsWith('-') ? add(flag(n), Expected.knownOption, Found.unknownOption) : add(n, Expected.knownOption, 'an unexpected word')));
    }
    else if ((m = /^Not enough arguments following: (.+)$/.exec(line)) !== null) add(flag(m[1] ?? ''), Expected.optionValue, Found.nothing);
    else if ((m = /^Argument: (.+?), Given: (.+?), Choices: (.+)$/.exec(line)) !== null) add(flag(m[1] ?? ''), `one of ${m[3] ?? ''}`, m[2] ?? '');
    else if ((m = /^Unknown commands?: (.+)$/.exec(line)) !== null) add('command', Expected.command(commands), m[1] ?? '');
    else if (/^(Not enough non-option arguments|Name a command)/.test(line)) add('command', Expected.command(commands), Found.nothing);
    else if ((m = /^Did you mean (.+)\?$/.exec(line)) !== null) {
      const last = out[out.length - 1];
      if (last !== undefined) last.problem = { ...last.problem, expected: `${last.problem.expected} (did you mean ${m[1] ?? ''}?)` };
      else add('command', `${Expected.command(commands)} (did you mean ${m[1] ?? ''}?)`, JSON.stringify(argv.find((a) => !a.startsWith('-')) ?? ''));
    } else add('command line', 'options as --help describes them', line);
  }
  return out;
}
