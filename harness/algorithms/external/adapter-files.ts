/** The files an adapter command runs (its program, found on PATH, and any of its arguments that is a file), hashed for provenance. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { sha256File } from '../../core/sha256-file.ts';

const isFile = (f: string): boolean => existsSync(f) && statSync(f).isFile();

/** The program of `command[0]`: itself when it names a file, else the first match on PATH; null when not found. */
function resolveProgram(program: string, cwd: string): string | null {
  if (program.includes('/')) return isFile(path.resolve(cwd, program)) ? path.resolve(cwd, program) : null;
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    const f = path.join(dir, program);
    if (dir !== '' && isFile(f)) return f;
  }
  return null;
}

/**
 * The sha256 of each file the adapter command runs: the program and every argument that names a file.
 * @example await adapterFiles(['node', 'bin/evenhand-faceplugin-adapter.js'], process.cwd()) // [{ file: '/usr/bin/node', sha256 }, { file: 'bin/...', sha256 }]
 */
export async function adapterFiles(command: readonly string[], cwd: string): Promise<{ file: string; sha256: string }[]> {
  const [program, ...args] = command;
  const files = [program === undefined ? null : resolveProgram(program, cwd), ...args.map((a) => (isFile(path.resolve(cwd, a)) ? path.resolve(cwd, a) : null))];
  const out: { file: string; sha256: string }[] = [];
  for (const f of files) if (f !== null) out.push({ file: path.relative(cwd, f).startsWith('..') ? f : path.relative(cwd, f), sha256: await sha256File(f) });
  return out;
}
