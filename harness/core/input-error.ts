/** InputError: a bad input named by its file, the path inside it and what was expected (CLI exit code 2). */

/** One problem found in an input file. */
export interface InputProblem {
  /** Path inside the file, e.g. `volunteers[12].ethnicity`; empty for the file as a whole. */
  path: string;
  /** What was expected there, in words. */
  expected: string;
  /** What was found, short; omitted when nothing useful can be shown. */
  got?: string;
  /** The file (or option) this problem is in, when it is not the error's own (a usage error naming several options). */
  file?: string;
}

/**
 * A user-facing error about an input file (or a command-line option: then `file` is the option, `--seed`). Its
 * message is one line per problem: `<file>: <path>: expected <what>, got <found>`; nothing generic comes first.
 * @example throw new InputError('protocols/x.json', [{ path: 'thresholds.step', expected: 'a number > 0', got: '-1' }])
 */
export class InputError extends Error {
  readonly file: string;
  readonly problems: readonly InputProblem[];

  constructor(file: string, problems: readonly InputProblem[]) {
    super(formatProblems(file, problems));
    this.name = 'InputError';
    this.file = file;
    this.problems = problems;
  }
}

function formatProblems(file: string, problems: readonly InputProblem[]): string {
  const lines = problems.map((p) => {
    const where = p.path === '' ? (p.file ?? file) : `${p.file ?? file}: ${p.path}`;
    return `${where}: expected ${p.expected}${p.got === undefined ? '' : `, got ${p.got}`}`;
  });
  return lines.join('\n');
}

/** Short printable form of any value for an error message (strings quoted, long values cut). */
export function show(value: unknown): string {
  let text: string;
  if (value === undefined) text = 'nothing';
  else if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || value === null) text = String(value);
  else text = JSON.stringify(value) ?? Object.prototype.toString.call(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
