/** Asking before a command deletes anything: a yes/no question on stderr, answered on stdin, unless --yes was given. */
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { textOption } from './option-values.ts';

/**
 * True when `yes` (the --yes option) or the answer read from stdin starts with y; false on anything else, including
 * a closed stdin (a script that forgot --yes deletes nothing).
 */
export async function confirm(question: string, yes: boolean): Promise<boolean> {
  if (yes) return true;
  process.stderr.write(`${question} [y/N] `);
  const rl = createInterface({ input: process.stdin, terminal: false });
  const answer = await new Promise<string>((resolve) => {
    rl.once('line', (line) => resolve(line));
    rl.once('close', () => resolve(''));
  });
  rl.close();
  return /^\s*y(es)?\s*$/i.test(answer);
}

/** The --by option shared by the commands that write the audit log. */
export const byOption = textOption('--by', 'Who runs the command, for the audit log (default: the system user name)', { default: userName(), expected: 'a name of one line' });

function userName(): string {
  try {
    return userInfo().username || process.env.USER || 'unknown';
  } catch {
    return process.env.USER ?? 'unknown';
  }
}
