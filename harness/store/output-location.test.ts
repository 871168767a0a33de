import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.ts';
import { isDeadTemp, removeDeadTemps, tempOwner, tempSuffix } from './dead-temps.ts';
import { checkOutputTarget, openOutputFolder, OUTPUT_MARKER, withOutputFolder, writeOutputFolder, type OutputKind, type OutputTarget } from './output-location.ts';

const root = mkdtempSync(path.join(tmpdir(), 'evenhand-out-'));
let n = 0;
const fresh = (): string => path.join(root, `case-${++n}`);
const KIND: OutputKind = { name: 'analysis', legacyNames: ['results.json'] };
const target = (dir: string, inputs: string[] = []): OutputTarget => ({ kind: KIND, dir, option: '--out', inputs });
const write = (dir: string): Promise<string> => writeOutputFolder(target(dir), (d) => writeFileSync(path.join(d, 'results.json'), '{}'));
const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error('expected a refusal');
};
/** The id of a process that has exited (a child we ran to the end). */
const deadPid = (): number => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);

describe('output locations', () => {
  it('creates a new location with its marker, and replaces an earlier output of the same kind', async () => {
    const dir = path.join(fresh(), 'deeper', 'out');
    await write(dir);
    expect(readFileSync(path.join(dir, OUTPUT_MARKER), 'utf8')).toBe('{"evenhand":"output","kind":"analysis"}\n');
    writeFileSync(path.join(dir, 'results.json'), 'old');
    await write(dir);
    expect(readFileSync(path.join(dir, 'results.json'), 'utf8')).toBe('{}');
    expect(readdirSync(path.dirname(dir)).filter((e) => e !== 'out')).toEqual([]);
  });

  it('refuses an existing file, a folder of another kind, and a folder that is not an Evenhand output', () => {
    const file = fresh();
    writeFileSync(file, 'precious');
    expect(refusal(() => checkOutputTarget(target(file)))).toBe(`--out: ${file}: expected a new folder, an empty folder or an Evenhand analysis folder to replace, got an existing file`);
    const other = fresh();
    mkdirSync(other);
    writeFileSync(path.join(other, OUTPUT_MARKER), '{"evenhand":"output","kind":"simulation"}\n');
    expect(refusal(() => checkOutputTarget(target(other)))).toMatch(/got an Evenhand simulation folder$/);
    const foreign = fresh();
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, 'thesis.tex'), 'x');
    expect(refusal(() => checkOutputTarget(target(foreign)))).toMatch(/got a folder that is not an Evenhand output \(it holds "thesis\.tex"\)$/);
    expect(readFileSync(file, 'utf8')).toBe('precious');
  });

  it('accepts an empty folder and an older, unmarked output that holds only what this kind writes', async () => {
    const empty = fresh();
    mkdirSync(empty);
    expect(checkOutputTarget(target(empty))).toBe(empty);
    const legacy = fresh();
    mkdirSync(legacy);
    writeFileSync(path.join(legacy, 'results.json'), 'old');
    await write(legacy);
    expect(readFileSync(path.join(legacy, 'results.json'), 'utf8')).toBe('{}');
  });

  it("never replaces a location that holds one of the command's inputs, nor one inside an input folder (links followed)", () => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(path.join(dir, OUTPUT_MARKER), '{"evenhand":"output","kind":"analysis"}\n');
    writeFileSync(path.join(dir, 'searches.arrow'), 'input');
    expect(refusal(() => checkOutputTarget(target(dir, [path.join(dir, 'searches.arrow')])))).toMatch(/got a location that holds the input .*searches\.arrow$/);
    const link = fresh();
    symlinkSync(dir, link);
    expect(refusal(() => checkOutputTarget(target(link, [path.join(dir, 'searches.arrow')])))).toMatch(/holds the input/);
    expect(refusal(() => checkOutputTarget(target(path.join(dir, 'sub'), [dir])))).toMatch(/got a location inside the input folder/);
    expect(readFileSync(path.join(dir, 'searches.arrow'), 'utf8')).toBe('input');
  });

  it('refuses paths through a file and virtual filesystems at once (a recursive mkdir looped on /proc)', () => {
    const file = fresh();
    writeFileSync(file, 'x');
    expect(refusal(() => checkOutputTarget(target(path.join(file, 'a', 'b'))))).toMatch(/a path through .*, which is not a folder$/);
    expect(refusal(() => checkOutputTarget(target('/proc/evenhand/x')))).toMatch(/virtual filesystem proc$/);
  });

  it('leaves nothing behind when filling fails: no temporary folder, no parents it made', async () => {
    const top = fresh();
    const dir = path.join(top, 'a', 'b');
    await expect(writeOutputFolder(target(dir), () => { throw new InputError('x.arrow', [{ path: '', expected: 'y' }]); })).rejects.toThrow(InputError);
    expect(existsSync(top)).toBe(false);
  });

  it("removes dead processes' temporary folders beside the location, and puts back an output a killed swap left aside", () => {
    const parent = fresh();
    mkdirSync(parent);
    const dead = deadPid();
    mkdirSync(path.join(parent, `.out.tmp-${dead}`));
    mkdirSync(path.join(parent, `.out.old-${dead}`));
    writeFileSync(path.join(parent, `.out.old-${dead}`, 'results.json'), 'previous');
    mkdirSync(path.join(parent, `.out.tmp-${process.pid}`)); // ours: a live process, left alone by the tidy
    const dir = path.join(parent, 'out');
    expect(checkOutputTarget(target(dir))).toBe(dir);
    expect(readFileSync(path.join(dir, 'results.json'), 'utf8')).toBe('previous');
    expect(readdirSync(parent).sort()).toEqual([`.out.tmp-${process.pid}`, 'out']);
  });

  it('opens a resumable folder once, removes temporary files of dead processes inside it, and removes a folder it made when the run is refused', async () => {
    const dir = fresh();
    const first = openOutputFolder(target(dir));
    expect(first.created).toEqual([dir]);
    const dead = deadPid();
    mkdirSync(path.join(dir, `.report.tmp-${dead}`));
    mkdirSync(path.join(dir, 'alg', 'replay', 'segments'), { recursive: true });
    writeFileSync(path.join(dir, 'alg', 'replay', 'segments', `s1.tracks.arrow.tmp-${dead}`), 'half');
    writeFileSync(path.join(dir, 'alg', 'kept.json'), '{}');
    expect(openOutputFolder(target(dir)).created).toEqual([]);
    expect(existsSync(path.join(dir, `.report.tmp-${dead}`))).toBe(false);
    expect(readdirSync(path.join(dir, 'alg', 'replay', 'segments'))).toEqual([]);
    expect(existsSync(path.join(dir, 'alg', 'kept.json'))).toBe(true);
    const refused = path.join(fresh(), 'run');
    await expect(withOutputFolder(target(refused), () => Promise.reject(new InputError('m.json', [{ path: 'x', expected: 'y' }])))).rejects.toThrow(InputError);
    expect(existsSync(path.dirname(refused))).toBe(false);
    const kept = fresh();
    await expect(withOutputFolder(target(kept), () => Promise.reject(new Error('crash')))).rejects.toThrow('crash');
    expect(existsSync(kept)).toBe(true); // a crash is resumable: its work is kept
  });

  it('reads process ids from temporary names only', () => {
    expect(tempOwner('.report.tmp-4242')).toBe(4242);
    expect(tempOwner('gallery.json.tmp-17')).toBe(17);
    expect(tempOwner('.x.old-9')).toBe(9);
    expect(tempOwner('results.json')).toBeNull();
    expect(tempOwner('tmp-12')).toBeNull();
    expect(tempOwner(`results.json.${tempSuffix('tmp')}`)).toBe(process.pid);
    expect(removeDeadTemps(path.join(root, 'no-such-folder'))).toEqual([]);
  });

  it("leaves other machines' temporary files alone in a shared folder (a process id means nothing on another host)", () => {
    const dir = fresh();
    mkdirSync(dir);
    const dead = deadPid();
    const here = tempSuffix('tmp').replace(/^tmp-\d+/, `tmp-${dead}`);
    const names = [`shard.json.tmp-${dead}@another-machine`, `.report.old-${dead}@node_17`, `gallery.json.${here}`, `gallery.f32.tmp-${dead}`];
    for (const name of names) writeFileSync(path.join(dir, name), 'half');
    expect(names.map(isDeadTemp)).toEqual([false, false, true, true]);
    expect(removeDeadTemps(dir).map((p) => path.basename(p)).sort()).toEqual([names[3], names[2]]);
    expect(readdirSync(dir).sort()).toEqual([names[1], names[0]].sort());
  });
});
