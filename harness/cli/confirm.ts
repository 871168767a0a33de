/** Asking before a command deletes anything: a yes/no question on stderr, answered on stdin, unless --yes was given. */
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';

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
export const byOption = {
  type: 'string',
  default: userName(),
  describe: 'Who runs the command, for the audit log (default: the system user name)',
} as const;

function userName(): string {
  try {
    return userInfo().username || process.env.USER || 'unknown';
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** Bytes for people: 1234567 -> "1.2 MB". */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let x = n / 1024;
  let u = 0;
  while (x >= 1024 && u < units.length - 1) {
    x /= 1024;
    u++;
  }
  return `${x.toFixed(1)} ${units[u] ?? 'TB'}`;
}
