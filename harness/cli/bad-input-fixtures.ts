/**
 * Fixtures of the bad-input suite (bad-input.test.ts): one small valid campaign of every kind of input (protocol,
 * simulated contract tables, results.json, a dataset with a real two-second video and images), and helpers that
 * write a broken variant of each, plus a snapshot of any location to prove a refused command left it unchanged.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import sharp from 'sharp';
import { ffmpegPath } from '../footage/ffmpeg-paths.ts';
import { runCli } from './run-cli.ts';

/** A JSON-like value to patch. */
type Json = Record<string, unknown>;

/** The valid inputs and the writers of broken ones. */
export interface Fixtures {
  dir: string;
  /** A valid protocol with a small simulation block. */
  protocol: string;
  /** A valid protocol whose algorithm is replayed (for `run`). */
  runProtocol: string;
  /** Simulated contract tables (valid), in a simulation output folder. */
  simDir: string;
  searches: string;
  candidates: string;
  /** A valid results.json (in an analysis output folder). */
  results: string;
  /** A dataset folder with a valid manifest, a two-second video, an enrolment and a filler image. */
  dataset: string;
  manifest: string;
  video: string;
  /** A face CSV (rehearse) with one labelled image. */
  faces: string;
  /** A fresh, absent location under the fixtures folder. */
  fresh(): string;
  /** Writes `content` to a new file named `name` (unique per call) and returns its path. */
  file(name: string, content: string | Uint8Array): string;
  protocolWith(patch: (p: Json) => void, ext?: 'json' | 'yaml'): string;
  manifestWith(patch: (m: Json & { footage: Json[]; volunteers: Json[]; passes: Json[] }) => void): string;
  resultsWith(patch: (r: Json & { algorithms: (Json & { rates: Json[] })[]; settings: Json }) => void): string;
  /** An Arrow file of the given columns (tableFromArrays), in file format unless `stream`. */
  table(name: string, columns: Record<string, unknown>, stream?: boolean): string;
}

let counter = 0;

/** A snapshot of `p`: 'absent', a file's hash, or a folder's listing with hashes, for an "unchanged" check. */
export function snapshot(p: string): string {
  if (!existsSync(p)) return 'absent';
  const st = statSync(p);
  if (!st.isDirectory()) return `file ${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
  const walk = (d: string, rel: string): string[] => readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? [`${rel}${e.name}/`, ...walk(path.join(d, e.name), `${rel}${e.name}/`)] : [`${rel}${e.name} ${snapshot(path.join(d, e.name))}`]));
  return walk(p, '').join('\n');
}

async function quiet(argv: string[]): Promise<void> {
  let err = '';
  const log = console.log;
  const write = process.stderr.write.bind(process.stderr);
  console.log = () => undefined;
  process.stderr.write = () => true;
  try {
    const code = await runCli(argv, { stderr: (t) => void (err += t) });
    if (code !== 0) throw new Error(`fixture command failed (${code}): ${argv.join(' ')}\n${err}`);
  } finally {
    console.log = log;
    process.stderr.write = write;
  }
}

/** Builds the fixtures in a new temporary folder (about two seconds). */
export async function makeFixtures(): Promise<Fixtures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-bad-input-'));
  const base = JSON.parse(readFileSync('protocols/examples/small-simulated.json', 'utf8')) as Json;
  delete base['$schema'];
  base['simulation'] = { volunteers: 20, passesPerVolunteer: 2, crowdSearches: 200, fillerGallerySize: 2000, deployments: 1, candidatesPerSearch: 3 };
  const protocol = path.join(dir, 'protocol.json');
  writeFileSync(protocol, JSON.stringify(base, null, 1));
  const runProtocol = path.join(dir, 'run-protocol.json');
  writeFileSync(runProtocol, JSON.stringify({ id: 'tiny-run', title: 'Tiny run', algorithms: [{ id: 'faceplugin-v1' }], thresholds: [0.5, 0.6], operationalThresholds: [0.6], watchlist: { size: 10 } }));

  const simDir = path.join(dir, 'sim');
  await quiet(['simulate', '--protocol', protocol, '--seed', '3', '--out', simDir]);
  const searches = path.join(simDir, 'searches.arrow');
  const candidates = path.join(simDir, 'candidates.arrow');
  const analysis = path.join(dir, 'analysis');
  await quiet(['analyse', '--protocol', protocol, '--searches', searches, '--candidates', candidates, '--out', analysis]);
  const results = path.join(analysis, 'results.json');

  const dataset = path.join(dir, 'dataset');
  for (const sub of ['footage', 'enrolment', 'filler']) mkdirSync(path.join(dataset, sub), { recursive: true });
  const video = path.join(dataset, 'footage', 'c1.mp4');
  execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=5', '-t', '2', '-c:v', 'mpeg4', '-y', video]);
  const blank = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 128, g: 128, b: 128 } } }).png().toBuffer();
  writeFileSync(path.join(dataset, 'enrolment', 'v1.png'), blank);
  writeFileSync(path.join(dataset, 'filler', 'f1.png'), blank);
  const manifestValue: Json = {
    id: 'tiny',
    deployments: [{ id: 'd1', site: 'Test site', startedAt: '2026-01-01T10:00:00Z', durationMs: 10_000, cameras: [{ id: 'c1' }] }],
    footage: [{ file: 'footage/c1.mp4', deployment: 'd1', camera: 'c1', startMs: 0, fps: 5, durationMs: 2000 }],
    volunteers: [{ id: 'v1', sex: 'female', ethnicity: 'black', ageBand: 'under_30', enrolled: true, enrolmentImages: ['enrolment/v1.png'] }],
    passes: [{ volunteer: 'v1', deployment: 'd1', camera: 'c1', tStartMs: 200, tEndMs: 1500 }],
    fillerGallery: { entries: [{ id: 'f1', image: 'filler/f1.png' }] },
  };
  const manifest = path.join(dataset, 'manifest.json');
  writeFileSync(manifest, JSON.stringify(manifestValue, null, 1));
  const facesDir = path.join(dir, 'faces');
  mkdirSync(facesDir);
  writeFileSync(path.join(facesDir, 'a.png'), blank);
  const faces = path.join(facesDir, 'faces.csv');
  writeFileSync(faces, 'image,identity,sex,ethnicity,age\na.png,p1,F,black,30\n');

  const clone = <T>(v: T): T => structuredClone(v);
  const file = (name: string, content: string | Uint8Array, folder = path.join(dir, 'cases')): string => {
    mkdirSync(folder, { recursive: true });
    const p = path.join(folder, `${String(++counter).padStart(3, '0')}-${name}`);
    writeFileSync(p, content);
    return p;
  };
  return {
    dir, protocol, runProtocol, simDir, searches, candidates, results, dataset, manifest, video, faces,
    fresh: () => path.join(dir, 'out', `${String(++counter).padStart(3, '0')}`),
    file: (name, content) => file(name, content),
    protocolWith: (patch, ext = 'json') => {
      const p = clone(base);
      patch(p);
      return file(`protocol.${ext}`, ext === 'json' ? JSON.stringify(p) : yamlOf(p));
    },
    manifestWith: (patch) => {
      const m = clone(manifestValue) as Json & { footage: Json[]; volunteers: Json[]; passes: Json[] };
      patch(m);
      return file('manifest.json', JSON.stringify(m), dataset);
    },
    resultsWith: (patch) => {
      const r = JSON.parse(readFileSync(results, 'utf8')) as Json & { algorithms: (Json & { rates: Json[] })[]; settings: Json };
      patch(r);
      return file('results.json', JSON.stringify(r));
    },
    table: (name, columns, stream = false) => file(name, tableToIPC(tableFromArrays(columns as Parameters<typeof tableFromArrays>[0]), stream ? 'stream' : 'file')),
  };
}

/** A JSON value as YAML flow style (JSON is YAML; NaN and infinities need YAML's own spelling). */
function yamlOf(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `__${String(v)}__` : v))
    .replace(/"__NaN__"/g, '.nan').replace(/"__Infinity__"/g, '.inf').replace(/"__-Infinity__"/g, '-.inf');
}
