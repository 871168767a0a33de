/**
 * Output locations: the one place where a command's `--out` is checked, created and written, so that no command can
 * destroy what it did not make.
 *
 *   checkOutputTarget   before any work: the location is new, empty, or an Evenhand output of the same kind (a
 *                       marker file says which); it holds none of the command's inputs and lies inside none of its
 *                       input folders; its nearest existing parent is a writable folder on a real filesystem.
 *                       Temporary folders of dead processes beside it are removed (or, when a killed swap left
 *                       only the previous output aside, it is put back).
 *   writeOutputFolder   whole-or-nothing outputs (analyse, report, simulate, rehearse, demo): filled in a temporary
 *                       folder beside the location, then swapped in; on failure nothing is left, parents included.
 *   openOutputFolder    resumable outputs (run, replay): created with its marker when absent, reused when of the same
 *                       kind; temporary files of dead processes inside it are removed.
 *
 * A command adopts it in one line: `await writeOutputFolder({ kind, dir: args.out, option: '--out', inputs }, fill)`.
 */
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmdirSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError, type InputProblem } from '../core/input-error.ts';
import { errnoCode, Expected, Found, fsReason } from '../core/messages.ts';
import { isDeadTemp, removeDeadTemps, tempOwner, tempSuffix } from './dead-temps.ts';
import { swapIn } from './write-file-atomic.ts';

/** A kind of output folder: its name (in the marker and in messages) and how older, unmarked ones are recognised. */
export interface OutputKind {
  /** `analysis`, `report`, `simulation`, `run`, ...: one word, written into the marker. */
  readonly name: string;
  /**
   * Top-level names this kind wrote before folders carried a marker: an unmarked folder holding only these (and at
   * least one of them) is taken as an older output of this kind. Kinds new since markers leave this empty.
   */
  readonly legacyNames?: readonly (string | RegExp)[];
}

/** Where a command writes, what it is, and what it reads. */
export interface OutputTarget {
  kind: OutputKind;
  /** The location as the user gave it. */
  dir: string;
  /** The option (or setting) that named it, for messages: `--out`. */
  option: string;
  /** Files and folders the command reads: none may lie inside the location, nor the location inside a folder of them. */
  inputs: readonly string[];
}

/** The marker file every output folder carries: `{"evenhand":"output","kind":"<name>"}`. */
export const OUTPUT_MARKER = '.evenhand-output.json';

/** Filesystems that hold no files of ours (statfs f_type, linux/magic.h): proc, sysfs, cgroup, debugfs, ... */
const VIRTUAL_FILESYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'], [0x62656572, 'sysfs'], [0x27e0eb, 'cgroup'], [0x63677270, 'cgroup2'], [0x64626720, 'debugfs'],
  [0x73636673, 'securityfs'], [0x74726163, 'tracefs'], [0xcafe4a11, 'bpf'], [0x6165676c, 'pstore'], [0x62656570, 'configfs'],
  [0x1cd1, 'devpts'], [0x6e736673, 'nsfs'], [0x19800202, 'mqueue'], [0xf97cff8c, 'selinuxfs'], [0xde5e81e4, 'efivarfs'],
]);

function refuse(t: OutputTarget, dir: string, expected: string, got: string): never {
  throw new InputError(t.option, [{ path: dir, expected, got }]);
}

/** The marker's kind in `dir`, '' when there is no marker, null when the marker is not ours. */
function markerKind(dir: string): string | null {
  const file = path.join(dir, OUTPUT_MARKER);
  if (!existsSync(file)) return '';
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof value === 'object' && value !== null && 'kind' in value && typeof value.kind === 'string') return value.kind;
  } catch {
    // not ours
  }
  return null;
}

function markerText(kind: OutputKind): string {
  return `${JSON.stringify({ evenhand: 'output', kind: kind.name })}\n`;
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** `p` with symbolic links resolved as far as it exists, the rest appended. */
function realPath(p: string): string {
  const missing: string[] = [];
  let probe = p;
  for (;;) {
    try {
      return path.join(realpathSync(probe), ...missing);
    } catch {
      const parent = path.dirname(probe);
      if (parent === probe) return p;
      missing.unshift(path.basename(probe));
      probe = parent;
    }
  }
}

/** The nearest existing ancestor of `abs` (or `abs` itself), the names missing below it, and an error other than absence. */
function nearestExisting(abs: string): { existing: string; missing: string[]; isDir: boolean; error: unknown } {
  const missing: string[] = [];
  let probe = abs;
  for (;;) {
    try {
      const st = statSync(probe);
      return { existing: probe, missing, isDir: st.isDirectory(), error: null };
    } catch (err) {
      const parent = path.dirname(probe);
      const code = errnoCode(err);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === probe) return { existing: probe, missing, isDir: false, error: err };
      missing.unshift(path.basename(probe));
      probe = parent;
    }
  }
}

/** Puts back an output a killed swap left aside (`.name.old-<pid>` with nothing at the location), and removes dead temporary folders beside it. */
function tidyBeside(abs: string): void {
  const parent = path.dirname(abs);
  const prefix = `.${path.basename(abs)}.`;
  let names: string[];
  try {
    names = readdirSync(parent).filter((n) => n.startsWith(prefix) && isDeadTemp(n));
  } catch {
    return;
  }
  const aside = names.find((n) => n.startsWith(`${prefix}old-`));
  if (aside !== undefined && !existsSync(abs)) renameSync(path.join(parent, aside), abs);
  for (const n of names) rmSync(path.join(parent, n), { recursive: true, force: true });
}

/** The entries of an existing folder that say what it is (the marker and temporary names aside). */
function contents(dir: string): string[] {
  return readdirSync(dir).filter((n) => n !== OUTPUT_MARKER && tempOwner(n) === null).sort();
}

function legacyMatch(kind: OutputKind, entries: readonly string[]): boolean {
  const names = kind.legacyNames ?? [];
  return names.length > 0 && entries.length > 0 && entries.every((e) => names.some((n) => (typeof n === 'string' ? n === e : n.test(e))));
}

/**
 * Checks `t` before any work and returns the absolute location. Has no effect on the location itself, except tidying
 * what dead processes left beside it.
 * @throws InputError naming the option and the location: an existing file, a folder of another kind or not ours, a
 * folder holding an input or inside an input folder, a parent that is a file, read-only or on a virtual filesystem.
 */
export function checkOutputTarget(t: OutputTarget): string {
  if (t.dir.trim() === '') refuse(t, JSON.stringify(t.dir), Expected.creatableLocation, 'an empty path');
  const abs = path.resolve(t.dir);
  tidyBeside(abs);
  const { existing, missing, isDir, error } = nearestExisting(abs);
  if (error !== null) refuse(t, t.dir, Expected.creatableLocation, `${existing}: ${fsReason(error)}`);
  if (missing.length > 0 && !isDir) refuse(t, t.dir, Expected.creatableLocation, `a path through ${existing}, which is not a folder`);
  if (missing.length === 0 && !isDir) refuse(t, t.dir, Expected.newOrSameKindFolder(t.kind.name), Found.existingFile);
  checkFilesystem(t, existing, missing.length === 0 ? path.dirname(abs) : existing);
  if (missing.length === 0) {
    const marked = markerKind(abs);
    const entries = contents(abs);
    if (marked === null) refuse(t, t.dir, Expected.newOrSameKindFolder(t.kind.name), `a folder whose ${OUTPUT_MARKER} is not Evenhand's`);
    if (marked !== '' && marked !== t.kind.name) refuse(t, t.dir, Expected.newOrSameKindFolder(t.kind.name), Found.otherKindFolder(marked));
    if (marked === '' && entries.length > 0 && !legacyMatch(t.kind, entries)) refuse(t, t.dir, Expected.newOrSameKindFolder(t.kind.name), Found.foreignFolder(entries));
  }
  const out = realPath(abs);
  for (const input of t.inputs) {
    const real = realPath(path.resolve(input));
    if (isInside(real, out)) refuse(t, t.dir, Expected.separateFromInputs, Found.holdsInput(input));
    if (isInside(out, real) && isDirectory(real)) refuse(t, t.dir, Expected.separateFromInputs, Found.insideInput(input));
  }
  return abs;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The folder that will receive new entries must be writable and on a filesystem that holds files. */
function checkFilesystem(t: OutputTarget, existing: string, writeIn: string): void {
  try {
    const fsType = VIRTUAL_FILESYSTEMS.get(statfsSync(existing).type);
    if (fsType !== undefined) refuse(t, t.dir, Expected.creatableLocation, `a location on the virtual filesystem ${fsType}`);
    accessSync(writeIn, constants.W_OK);
  } catch (err) {
    if (err instanceof InputError) throw err;
    refuse(t, t.dir, Expected.creatableLocation, `${writeIn}: ${fsReason(err)}`);
  }
}

/** Creates the missing parents of `abs` one level at a time (a recursive mkdir can loop on virtual filesystems); returns those it made. */
function createParents(t: OutputTarget, abs: string): string[] {
  const made: string[] = [];
  const { existing, missing } = nearestExisting(path.dirname(abs));
  let at = existing;
  for (const name of missing) {
    at = path.join(at, name);
    try {
      mkdirSync(at);
      made.push(at);
    } catch (err) {
      if (madeMeanwhile(err, at)) continue;
      removeMade(made);
      refuse(t, t.dir, Expected.creatableLocation, `${at}: ${fsReason(err)}`);
    }
  }
  return made;
}

/** True when `err` says `dir` exists because another process (a shard of the same run) made it first. */
function madeMeanwhile(err: unknown, dir: string): boolean {
  return errnoCode(err) === 'EEXIST' && isDirectory(dir);
}

function removeMade(made: readonly string[]): void {
  for (const dir of [...made].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      // not empty or gone: leave it
    }
  }
}

/** Turns a filesystem error about a path inside `tmp` into a named error on the output location. */
function asOutputError(t: OutputTarget, tmp: string, err: unknown): unknown {
  const at = typeof err === 'object' && err !== null && 'path' in err && typeof err.path === 'string' ? err.path : null;
  if (errnoCode(err) === null || at === null || !isInside(path.resolve(at), tmp)) return err;
  const problem: InputProblem = { path: t.dir, expected: 'a location where the output can be written', got: fsReason(err) };
  return new InputError(t.option, [problem]);
}

/**
 * Writes a whole-or-nothing output: checks `t`, fills a temporary folder beside the location (the marker is written
 * first), then swaps it in, replacing an older output of the same kind. If `fill` throws, nothing is left: not the
 * temporary folder, not the parents this call created. Returns the absolute location.
 * @throws InputError as checkOutputTarget, or naming the location when it cannot be written; whatever `fill` throws.
 * @example await writeOutputFolder({ kind: { name: 'analysis' }, dir: 'runs/x', option: '--out', inputs: [protocol] }, (d) => write(d))
 */
export async function writeOutputFolder(t: OutputTarget, fill: (tmpDir: string) => Promise<void> | void): Promise<string> {
  const abs = checkOutputTarget(t);
  const made = createParents(t, abs);
  const parent = path.dirname(abs);
  const tmp = path.join(parent, `.${path.basename(abs)}.${tempSuffix('tmp')}`);
  try {
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
    writeFileSync(path.join(tmp, OUTPUT_MARKER), markerText(t.kind));
  } catch (err) {
    removeMade(made);
    refuse(t, t.dir, Expected.creatableLocation, `${tmp}: ${fsReason(err)}`);
  }
  try {
    await fill(tmp);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    removeMade(made);
    throw asOutputError(t, tmp, err);
  }
  swapIn(tmp, abs);
  return abs;
}

/**
 * Opens a resumable output folder: checks `t`, creates the folder with its marker when absent (marking an empty or
 * older one), and removes temporary files of dead processes inside it (`depth` levels down). Several processes may
 * open one folder at once (the shards of a run over a shared folder): a folder another made meanwhile is used as
 * found. Returns the absolute folder and the folders this call created (itself and missing parents; empty when it
 * existed).
 * @throws InputError as checkOutputTarget.
 */
export function openOutputFolder(t: OutputTarget, depth = 4): { dir: string; created: string[] } {
  const abs = checkOutputTarget(t);
  let created: string[] = [];
  if (!existsSync(abs)) {
    created = createParents(t, abs);
    try {
      mkdirSync(abs);
      created.push(abs);
    } catch (err) {
      if (!madeMeanwhile(err, abs)) {
        removeMade(created);
        refuse(t, t.dir, Expected.creatableLocation, fsReason(err));
      }
    }
  }
  const marked = markerKind(abs);
  if (marked === '') writeFileSync(path.join(abs, OUTPUT_MARKER), markerText(t.kind));
  else if (marked !== t.kind.name) refuse(t, t.dir, Expected.newOrSameKindFolder(t.kind.name), marked === null ? `a folder whose ${OUTPUT_MARKER} is not Evenhand's` : Found.otherKindFolder(marked));
  removeDeadTemps(abs, depth);
  return { dir: abs, created };
}

/**
 * Runs `body` in a resumable output folder (openOutputFolder); when the folder was created by this call and `body`
 * fails on bad input, the folder is removed again, so a refused run leaves nothing behind.
 * @example await withOutputFolder({ kind: RUN, dir: out, option: '--out', inputs }, (dir) => replayAll(dir))
 */
export async function withOutputFolder<T>(t: OutputTarget, body: (dir: string) => Promise<T>): Promise<T> {
  const { dir, created } = openOutputFolder(t);
  try {
    return await body(dir);
  } catch (err) {
    if (created.length > 0 && err instanceof InputError) {
      rmSync(dir, { recursive: true, force: true });
      removeMade(created.slice(0, -1));
    }
    throw err;
  }
}
