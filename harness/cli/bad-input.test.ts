/**
 * The bad-input suite: every case runs the real command line in this process (runCli: yargs, the handler, the error
 * path that prints and picks the exit code) and must end with exit code 2, a first line that starts with the file (or
 * option) and the path inside it, no stack trace, and the output location exactly as it was. A few cases run again as
 * real processes, concurrently, to check the binary's own exit code.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FlatTable } from '../store/flatbuffer-view.ts';
import { makeFixtures, snapshot, type Fixtures } from './bad-input-fixtures.ts';
import { runCli } from './run-cli.ts';

type Area = 'protocol' | 'manifest' | 'tables' | 'results' | 'footage' | 'output' | 'options' | 'runs';

/** What one case runs and what its first line must start with (`<file or option>: <path>: expected `). */
interface Run {
  argv: string[];
  /** The file or option the first line names. */
  file: string;
  /** The path inside it ('' for the file as a whole). */
  at: string;
  /** What the rest of the first line must match (the expectation and what was found). */
  then?: RegExp;
  /** The output location whose state must not change (default: a fresh, absent one). */
  out?: string;
}

interface Case {
  area: Area;
  name: string;
  run: (f: Fixtures, out: string) => Run;
}

const prefix = (file: string, at: string): string => (at === '' ? `${file}: expected ` : `${file}: ${at}: expected `);

/** A small searches table of three rows (two mated volunteers, one crowd search), with columns replaced by `over`. */
const searchRows = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  search_id: ['s1', 's2', 's3'],
  source: ['volunteer', 'volunteer', 'crowd'],
  mated: [true, true, false],
  subject_id: ['v1', 'v2', null],
  sex: ['female', 'male', null],
  mate_score: [0.8, 0.7, null],
  ...over,
});
/** The same rows without score columns (a vendor log whose scores come from its candidates). */
const unscoredRows = (): Record<string, unknown> => {
  const rows = searchRows();
  delete rows['mate_score'];
  return rows;
};

/** A copy of the valid searches.arrow with the schema's column-count vector claiming 2^31 - 1 columns. */
function hugeSchemaVector(f: Fixtures): string {
  const bytes = Buffer.from(readFileSync(f.searches));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const footerLength = view.getInt32(bytes.length - 10, true);
  const footer = FlatTable.root(view, bytes.length - 10 - footerLength, bytes.length - 10);
  const fields = footer.table(1)?.vector(1, 4);
  if (fields === undefined || fields === null) throw new Error('no schema fields in the fixture');
  view.setUint32(fields.start - 4, 0x7fffffff, true);
  return f.file('huge-schema.arrow', bytes);
}

/** A copy of the simulation run folder whose run record is changed by `patch` (a tampered or hand-edited record). */
function runWithRecord(f: Fixtures, name: string, patch: (record: Record<string, unknown> & { algorithms: Record<string, unknown>[] }) => void): string {
  const dir = path.join(f.dir, name);
  if (!existsSync(dir)) {
    cpSync(f.simDir, dir, { recursive: true });
    const file = path.join(dir, 'evenhand-run.json');
    const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { algorithms: Record<string, unknown>[] };
    patch(record);
    writeFileSync(file, JSON.stringify(record));
  }
  return dir;
}

/** A replay --out holding shard 1 of 2 only (its one segment done), as a batch system leaves it when shard 2 never ran. */
function halfSharded(f: Fixtures): string {
  const out = path.join(f.dir, 'half-sharded');
  const shard = path.join(out, 'shards', '1-of-2');
  if (!existsSync(shard)) {
    mkdirSync(path.join(shard, 'segments'), { recursive: true });
    writeFileSync(path.join(shard, 'segments', 's1.done.json'), '{}');
    writeFileSync(path.join(shard, 'shard.json'), JSON.stringify({ format: 'evenhand-shard/1', kind: 'replay', shard: { index: 1, count: 2 }, plan: ['s1', 's2'], done: ['s1'], failed: [], key: {}, footage: {}, command: {} }));
  }
  return out;
}

const CASES: Case[] = [
  // ── protocol ────────────────────────────────────────────────────────────────────────────────────────────
  { area: 'protocol', name: 'a threshold above 1', run: (f) => { const p = f.protocolWith((x) => { x['thresholds'] = [0.6, 1.5]; }); return { argv: ['validate', '--protocol', p], file: p, at: 'thresholds[1]', then: /a value <= 1, got 1\.5$/ }; } },
  { area: 'protocol', name: 'YAML .nan as a threshold', run: (f) => { const p = f.protocolWith((x) => { x['thresholds'] = [0.5, NaN]; }, 'yaml'); return { argv: ['validate', '--protocol', p], file: p, at: 'thresholds[1]', then: /a number, got NaN/ }; } },
  { area: 'protocol', name: 'a wrong type shows the value, not "required"', run: (f) => { const p = f.protocolWith((x) => { x['watchlist'] = { size: 'big' }; }); return { argv: ['validate', '--protocol', p], file: p, at: 'watchlist.size', then: /^a number, got "big"$/ }; } },
  { area: 'protocol', name: 'a missing required field', run: (f) => { const p = f.protocolWith((x) => { delete x['title']; }); return { argv: ['validate', '--protocol', p], file: p, at: 'title', then: /a string, got nothing \(the field is required\)/ }; } },
  { area: 'protocol', name: 'an unknown field', run: (f) => { const p = f.protocolWith((x) => { x['colour'] = 'red'; }); return { argv: ['validate', '--protocol', p], file: p, at: '', then: /no unknown fields, got "colour"/ }; } },
  { area: 'protocol', name: 'truncated JSON', run: (f) => { const p = f.file('truncated.json', '{ "id": "x", "title": '); return { argv: ['simulate', '--protocol', p, '--out', f.fresh()], file: p, at: '', then: /valid JSON, got / }; } },
  { area: 'protocol', name: 'an empty file', run: (f) => { const p = f.file('empty.json', ''); return { argv: ['validate', '--protocol', p], file: p, at: '', then: /valid JSON, got an empty file/ }; } },
  { area: 'protocol', name: 'a protocol that is a folder', run: (f) => ({ argv: ['validate', '--protocol', f.dataset], file: f.dataset, at: '', then: /a readable file, got a folder, not a file \(EISDIR\)/ }) },
  { area: 'protocol', name: 'a protocol that does not exist', run: (f) => { const p = path.join(f.dir, 'nope.json'); return { argv: ['validate', '--protocol', p], file: p, at: '', then: /\(ENOENT\)/ }; } },
  { area: 'protocol', name: 'simulation.crowdSearches 1e12 (out of memory before)', run: (f, out) => { const p = f.protocolWith((x) => { Object.assign(x['simulation'] as object, { crowdSearches: 1e12 }); }); return { argv: ['simulate', '--protocol', p, '--out', out], file: p, at: 'simulation.crowdSearches', then: /a value <= 1000000, got 1000000000000/ }; } },
  { area: 'protocol', name: 'a simulation too large in all', run: (f, out) => { const p = f.protocolWith((x) => { Object.assign(x['simulation'] as object, { volunteers: 100_000, passesPerVolunteer: 10 }); }); return { argv: ['simulate', '--protocol', p, '--out', out], file: p, at: 'simulation', then: /at most 1,000,000 searches in all .*, got 2,000,200 searches/ }; } },
  { area: 'protocol', name: 'zero deployments', run: (f) => { const p = f.protocolWith((x) => { Object.assign(x['simulation'] as object, { deployments: 0 }); }); return { argv: ['validate', '--protocol', p], file: p, at: 'simulation.deployments', then: /a value >= 1, got 0/ }; } },
  { area: 'protocol', name: 'too few bootstrap replicates', run: (f) => { const p = f.protocolWith((x) => { x['analysis'] = { bootstrap: { replicates: 10 } }; }); return { argv: ['validate', '--protocol', p], file: p, at: 'analysis.bootstrap.replicates', then: /a value >= 100, got 10/ }; } },
  { area: 'protocol', name: 'a threshold range with step 0', run: (f) => { const p = f.protocolWith((x) => { x['thresholds'] = { from: 0.5, to: 0.7, step: 0 }; }); return { argv: ['validate', '--protocol', p], file: p, at: 'thresholds.step', then: /a value > 0, got 0/ }; } },
  { area: 'protocol', name: 'no operational threshold', run: (f) => { const p = f.protocolWith((x) => { x['operationalThresholds'] = []; }); return { argv: ['validate', '--protocol', p], file: p, at: 'operationalThresholds', then: /at least 1 entry, got 0 entries/ }; } },
  { area: 'protocol', name: 'a duplicate algorithm id', run: (f) => { const p = f.protocolWith((x) => { x['algorithms'] = [{ id: 'a' }, { id: 'a' }]; }); return { argv: ['validate', '--protocol', p], file: p, at: 'algorithms[1].id', then: /not used before, got "a"/ }; } },
  { area: 'protocol', name: 'a category code with capitals', run: (f) => { const p = f.protocolWith((x) => { x['demographics'] = { sex: [{ code: 'Female', label: 'F' }, { code: 'male', label: 'M' }] }; }); return { argv: ['validate', '--protocol', p], file: p, at: 'demographics.sex[0].code', then: /lower-case id.*, got "Female"/ }; } },
  { area: 'protocol', name: 'watchlist shares that do not sum to 1', run: (f) => { const p = f.protocolWith((x) => { x['watchlist'] = { size: 10, composition: { sex: { female: 0.7, male: 0.7 } } }; }); return { argv: ['validate', '--protocol', p], file: p, at: 'watchlist.composition.sex', then: /shares summing to 1, got 1\.4/ }; } },
  { area: 'protocol', name: 'a minimum cell size of 0', run: (f) => { const p = f.protocolWith((x) => { x['report'] = { minCellSize: 0 }; }); return { argv: ['validate', '--protocol', p], file: p, at: 'report.minCellSize', then: /a value >= 1, got 0/ }; } },
  { area: 'protocol', name: 'run with an algorithm that is not registered', run: (f, out) => { const p = f.file('unregistered.json', JSON.stringify({ ...JSON.parse(readFileSync(f.runProtocol, 'utf8')) as object, algorithms: [{ id: 'no-such-algo' }] })); return { argv: ['run', '--protocol', p, '--dataset', f.manifest, '--out', out], file: p, at: 'algorithms[0].id', then: /a registered algorithm \(.*faceplugin-v1.*\), got "no-such-algo"/ }; } },
  // ── manifest ────────────────────────────────────────────────────────────────────────────────────────────
  { area: 'manifest', name: 'footage at ../../../../etc/passwd', run: (f) => { const m = f.manifestWith((x) => { (x.footage[0] as { file: string }).file = '../../../../etc/passwd'; }); return { argv: ['validate', '--protocol', f.protocol, '--dataset', m], file: m, at: 'footage[0].file', then: /a path inside the dataset folder .*, got "\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd" \(\/etc\/passwd, outside it\)/ }; } },
  { area: 'manifest', name: 'an enrolment image at /etc/shadow', run: (f) => { const m = f.manifestWith((x) => { (x.volunteers[0] as { enrolmentImages: string[] }).enrolmentImages = ['/etc/shadow']; }); return { argv: ['validate', '--protocol', f.protocol, '--dataset', m], file: m, at: 'volunteers[0].enrolmentImages[0]', then: /outside it/ }; } },
  { area: 'manifest', name: 'a filler image that is a link out of the dataset', run: (f) => {
    const link = path.join(f.dataset, 'filler', 'escape.png');
    if (!existsSync(link)) symlinkSync('/etc/hostname', link);
    const m = f.manifestWith((x) => { ((x['fillerGallery'] as { entries: { image: string }[] }).entries[0] as { image: string }).image = 'filler/escape.png'; });
    return { argv: ['validate', '--protocol', f.protocol, '--dataset', m], file: m, at: 'fillerGallery.entries[0].image', then: /a link to \/etc\/hostname, outside it/ };
  } },
  { area: 'manifest', name: 'a missing enrolment image', run: (f) => { const m = f.manifestWith((x) => { (x.volunteers[0] as { enrolmentImages: string[] }).enrolmentImages = ['enrolment/v9.png']; }); return { argv: ['validate', '--protocol', f.protocol, '--dataset', m], file: m, at: 'volunteers[0].enrolmentImages[0]', then: /an existing, readable file, got "enrolment\/v9\.png": no such file or folder \(ENOENT\)/ }; } },
  { area: 'manifest', name: 'an enrolment image that is a folder', run: (f) => { const m = f.manifestWith((x) => { (x.volunteers[0] as { enrolmentImages: string[] }).enrolmentImages = ['enrolment']; }); return { argv: ['validate', '--protocol', f.protocol, '--dataset', m], file: m, at: 'volunteers[0].enrolmentImages[0]', then: /got "enrolment": a folder/ }; } },
  { area: 'manifest', name: 'a pass by an unknown volunteer', run: (f) => { const m = f.manifestWith((x) => { (x.passes[0] as { volunteer: string }).volunteer = 'v9'; }); return { argv: ['validate', '--protocol', f.protocol, '--dataset', m], file: m, at: 'passes[0].volunteer', then: /got "v9"/ }; } },
  { area: 'manifest', name: 'a pass that ends before it starts', run: (f) => { const m = f.manifestWith((x) => { Object.assign(x.passes[0] as object, { tStartMs: 900, tEndMs: 800 }); }); return { argv: ['validate', '--protocol', f.protocol, '--dataset', m], file: m, at: 'passes[0].tEndMs', then: /a time after tStartMs \(900\), got 800/ }; } },
  { area: 'manifest', name: 'a deployment a thousand years long', run: (f) => { const m = f.manifestWith((x) => { ((x['deployments'] as object[])[0] as { durationMs: number }).durationMs = 3e13; }); return { argv: ['validate', '--protocol', f.protocol, '--dataset', m], file: m, at: 'deployments[0].durationMs', then: /a value <= 31622400000, got 30000000000000/ }; } },
  { area: 'manifest', name: 'truncated manifest JSON', run: (f) => { const m = f.file('manifest.json', '{"id": "tiny", "deployments": ['); return { argv: ['validate', '--protocol', f.protocol, '--dataset', m], file: m, at: '', then: /valid JSON/ }; } },
  { area: 'manifest', name: 'an unknown field in a volunteer', run: (f) => { const m = f.manifestWith((x) => { (x.volunteers[0] as Record<string, unknown>)['name'] = 'Jane'; }); return { argv: ['validate', '--protocol', f.protocol, '--dataset', m], file: m, at: 'volunteers[0]', then: /no unknown fields, got "name"/ }; } },
  { area: 'manifest', name: 'a start time that is not ISO 8601', run: (f) => { const m = f.manifestWith((x) => { ((x['deployments'] as object[])[0] as { startedAt: string }).startedAt = 'Tuesday'; }); return { argv: ['validate', '--protocol', f.protocol, '--dataset', m], file: m, at: 'deployments[0].startedAt', then: /ISO 8601 .*, got "Tuesday"/ }; } },
  { area: 'manifest', name: 'a demographic code outside the protocol', run: (f) => { const m = f.manifestWith((x) => { (x.volunteers[0] as { ethnicity: string }).ethnicity = 'martian'; }); return { argv: ['validate', '--protocol', f.protocol, '--dataset', m], file: m, at: 'volunteers[0].ethnicity', then: /got "martian"/ }; } },
  // ── tables ──────────────────────────────────────────────────────────────────────────────────────────────
  { area: 'tables', name: 'a searches table with no rows', run: (f, out) => { const t = f.table('empty.arrow', { search_id: [] as string[], source: [] as string[], mated: [] as boolean[] }); return { argv: ['analyse', '--protocol', f.protocol, '--searches', t, '--out', out], file: t, at: '', then: /at least one row, got no rows/ }; } },
  { area: 'tables', name: 'a NaN score (with mate_rank)', run: (f, out) => { const t = f.table('nan.arrow', searchRows({ mate_score: [0.8, NaN, null], mate_rank: [1, 1, null] })); return { argv: ['analyse', '--protocol', f.protocol, '--searches', t, '--out', out], file: t, at: 'row 1 (search_id "s2"): mate_score', then: /a number or null, got NaN/ }; } },
  { area: 'tables', name: 'NaN scores and no mate_rank column (hits became misses before)', run: (f, out) => { const t = f.table('nan-norank.arrow', searchRows({ mate_score: [NaN, 0.7, null] })); return { argv: ['analyse', '--protocol', f.protocol, '--searches', t, '--out', out], file: t, at: 'row 0 (search_id "s1"): mate_score', then: /got NaN/ }; } },
  { area: 'tables', name: 'a required column missing', run: (f, out) => { const t = f.table('nomated.arrow', { search_id: ['s1'], source: ['crowd'] }); return { argv: ['analyse', '--protocol', f.protocol, '--searches', t, '--out', out], file: t, at: 'column mated', then: /got no such column/ }; } },
  { area: 'tables', name: 'mated as text', run: (f, out) => { const t = f.table('mated-text.arrow', searchRows({ mated: ['yes', 'yes', 'no'] })); return { argv: ['analyse', '--protocol', f.protocol, '--searches', t, '--out', out], file: t, at: 'column mated', then: /a boolean column .*, got Dictionary/ }; } },
  { area: 'tables', name: 'a duplicate search_id', run: (f, out) => { const t = f.table('dup.arrow', searchRows({ search_id: ['s1', 's1', 's3'] })); return { argv: ['analyse', '--protocol', f.protocol, '--searches', t, '--out', out], file: t, at: 'row 1 (search_id "s1"): search_id', then: /not used in an earlier row/ }; } },
  { area: 'tables', name: 'a score above 1', run: (f, out) => { const t = f.table('big-score.arrow', searchRows({ mate_score: [1.5, 0.7, null], mate_rank: [1, 1, null] })); return { argv: ['analyse', '--protocol', f.protocol, '--searches', t, '--out', out], file: t, at: 'row 0 (search_id "s1"): mate_score', then: /in 0\.\.1 or null, got 1\.5/ }; } },
  { area: 'tables', name: 'an ethnicity code outside the protocol', run: (f, out) => { const t = f.table('eth.arrow', searchRows({ ethnicity: ['martian', null, null] })); return { argv: ['analyse', '--protocol', f.protocol, '--searches', t, '--out', out], file: t, at: 'row 0 (search_id "s1"): ethnicity', then: /got "martian"/ }; } },
  { area: 'tables', name: 'a candidates table with no rows', run: (f, out) => { const t = f.table('cand-empty.arrow', { search_id: [] as string[], rank: new Int32Array(0), gallery_id: [] as string[], score: new Float64Array(0), is_mate: [] as boolean[] }); return { argv: ['analyse', '--protocol', f.protocol, '--searches', f.searches, '--candidates', t, '--out', out], file: t, at: '', then: /at least one row/ }; } },
  { area: 'tables', name: 'a candidate of an unknown search', run: (f, out) => { const s = f.table('s.arrow', searchRows()); const t = f.table('cand-unknown.arrow', { search_id: ['zz'], rank: Int32Array.from([1]), gallery_id: ['g1'], score: Float64Array.from([0.5]), is_mate: [false] }); return { argv: ['analyse', '--protocol', f.protocol, '--searches', s, '--candidates', t, '--out', out], file: t, at: 'row 0 (search_id "zz"): search_id', then: /the id of a search in/ }; } },
  { area: 'tables', name: 'a NaN candidate score', run: (f, out) => { const s = f.table('s.arrow', unscoredRows()); const t = f.table('cand-nan.arrow', { search_id: ['s3'], rank: Int32Array.from([1]), gallery_id: ['g1'], score: Float64Array.from([NaN]), is_mate: [false] }); return { argv: ['analyse', '--protocol', f.protocol, '--searches', s, '--candidates', t, '--out', out], file: t, at: 'row 0 (search_id "s3"): score', then: /a score in 0\.\.1, got NaN/ }; } },
  { area: 'tables', name: 'a schema claiming two billion columns (hung the reader before)', run: (f, out) => { const t = hugeSchemaVector(f); return { argv: ['analyse', '--protocol', f.protocol, '--searches', t, '--out', out], file: t, at: '', then: /Arrow IPC framing.*, got vector field 1 at byte \d+/ }; } },
  { area: 'tables', name: 'a truncated Arrow file', run: (f, out) => { const bytes = readFileSync(f.searches); const t = f.file('half.arrow', bytes.subarray(0, bytes.length >> 1)); return { argv: ['analyse', '--protocol', f.protocol, '--searches', t, '--out', out], file: t, at: '', then: /does not end with it \(truncated\?\)/ }; } },
  { area: 'tables', name: 'a JSON file given as a table', run: (f, out) => ({ argv: ['analyse', '--protocol', f.protocol, '--searches', f.protocol, '--out', out], file: f.protocol, at: '', then: /an Arrow IPC file \(file or stream format\), got a file that does not start like one/ }) },
  { area: 'tables', name: 'an empty Arrow file', run: (f, out) => { const t = f.file('zero.arrow', ''); return { argv: ['analyse', '--protocol', f.protocol, '--searches', t, '--out', out], file: t, at: '', then: /got an empty file/ }; } },
  { area: 'tables', name: 'a footer length past the start of the file', run: (f, out) => { const bytes = Buffer.from(readFileSync(f.searches)); bytes.writeInt32LE(bytes.length, bytes.length - 10); const t = f.file('footer.arrow', bytes); return { argv: ['analyse', '--protocol', f.protocol, '--searches', t, '--out', out], file: t, at: '', then: /a footer of \d+ bytes/ }; } },
  // ── results.json ────────────────────────────────────────────────────────────────────────────────────────
  { area: 'results', name: 'a rate with k > n', run: (f, out) => { const r = f.resultsWith((x) => { Object.assign(x.algorithms[0]?.rates[0] ?? {}, { k: 10_000_000 }); }); return { argv: ['report', '--results', r, '--out', out], file: r, at: 'algorithms[0].rates[0].k', then: /a count <= n \(\d+\), got 10000000/ }; } },
  { area: 'results', name: 'an estimate that is not k / n', run: (f, out) => { const r = f.resultsWith((x) => { Object.assign(x.algorithms[0]?.rates[0] ?? {}, { estimate: 0.123456 }); }); return { argv: ['report', '--results', r, '--out', out], file: r, at: 'algorithms[0].rates[0].estimate', then: /k \/ n .*, got 0\.123456/ }; } },
  { area: 'results', name: 'truncated results.json', run: (f, out) => { const r = f.file('results.json', readFileSync(f.results, 'utf8').slice(0, 500)); return { argv: ['report', '--results', r, '--out', out], file: r, at: '', then: /valid JSON/ }; } },
  { area: 'results', name: 'a missing schemaVersion', run: (f, out) => { const r = f.resultsWith((x) => { delete x['schemaVersion']; }); return { argv: ['report', '--results', r, '--out', out], file: r, at: 'schemaVersion', then: /results schema version 3 .*, got nothing$/ }; } },
  { area: 'results', name: 'a results.json of schema version 1 (before the tests at every threshold)', run: (f, out) => { const r = f.resultsWith((x) => { x['schemaVersion'] = 1; }); return { argv: ['report', '--results', r, '--out', out], file: r, at: 'schemaVersion', then: /results schema version 3 .*run evenhand analyse again .*, got 1$/ }; } },
  { area: 'results', name: 'a results.json of schema version 2 (before the pairwise bootstrap intervals)', run: (f, out) => { const r = f.resultsWith((x) => { x['schemaVersion'] = 2; }); return { argv: ['report', '--results', r, '--out', out], file: r, at: 'schemaVersion', then: /results schema version 3 .*run evenhand analyse again .*, got 2$/ }; } },
  { area: 'results', name: 'a results.json of schema version 1 read by thresholds', run: (f) => { const r = f.resultsWith((x) => { x['schemaVersion'] = 1; }); return { argv: ['thresholds', '--results', r], file: r, at: 'schemaVersion', then: /got 1$/ }; } },
  { area: 'results', name: 'an operational threshold that was not swept', run: (f, out) => { const r = f.resultsWith((x) => { x.settings['operationalThresholds'] = [0.61]; }); return { argv: ['report', '--results', r, '--out', out], file: r, at: 'settings.operationalThresholds[0]', then: /one of settings\.thresholds, got 0\.61/ }; } },
  { area: 'results', name: 'a rate of an unknown group', run: (f, out) => { const r = f.resultsWith((x) => { Object.assign(x.algorithms[0]?.rates[0] ?? {}, { group: 'sex:other' }); }); return { argv: ['report', '--results', r, '--out', out], file: r, at: 'algorithms[0].rates[0].group', then: /got "sex:other"/ }; } },
  { area: 'results', name: 'k > n read by thresholds', run: (f) => { const r = f.resultsWith((x) => { Object.assign(x.algorithms[0]?.rates[3] ?? {}, { k: 99_999_999 }); }); return { argv: ['thresholds', '--results', r], file: r, at: 'algorithms[0].rates[3].k', then: /got 99999999/ }; } },
  { area: 'results', name: 'a confidence level of 2', run: (f, out) => { const r = f.resultsWith((x) => { x.settings['confidenceLevel'] = 2; }); return { argv: ['report', '--results', r, '--out', out], file: r, at: 'settings.confidenceLevel', then: /a value < 1, got 2/ }; } },
  // ── footage ─────────────────────────────────────────────────────────────────────────────────────────────
  { area: 'footage', name: 'footage that is a text file', run: (f, out) => { const m = f.manifestWith((x) => { writeFileSync(path.join(f.dataset, 'footage', 'text.mp4'), 'not a video'); (x.footage[0] as { file: string }).file = 'footage/text.mp4'; }); return { argv: ['run', '--protocol', f.runProtocol, '--dataset', m, '--out', out], file: m, at: 'footage[0].file', then: /a readable video of known duration, got "footage\/text\.mp4": / }; } },
  { area: 'footage', name: 'footage of zero bytes', run: (f, out) => { const m = f.manifestWith((x) => { writeFileSync(path.join(f.dataset, 'footage', 'zero.mp4'), ''); (x.footage[0] as { file: string }).file = 'footage/zero.mp4'; }); return { argv: ['run', '--protocol', f.runProtocol, '--dataset', m, '--out', out], file: m, at: 'footage[0].file' }; } },
  { area: 'footage', name: 'a pass after the end of its footage', run: (f, out) => { const m = f.manifestWith((x) => { Object.assign(x.footage[0] as object, { durationMs: undefined }); Object.assign(x.passes[0] as object, { tStartMs: 5000, tEndMs: 6000 }); }); return { argv: ['run', '--protocol', f.runProtocol, '--dataset', m, '--out', out], file: m, at: 'passes[0]', then: /a pass inside the footage of d1\/c1 \(0-2000 ms\), got 5000-6000 ms/ }; } },
  { area: 'footage', name: 'replay --video of a corrupt file', run: (f, out) => { const v = f.file('corrupt.mp4', 'garbage'); return { argv: ['replay', '--video', v, '--out', out], file: v, at: '', then: /a readable video file, got / }; } },
  { area: 'footage', name: 'a segment list naming a video outside its folder', run: (f, out) => { const s = f.file('segments.json', JSON.stringify([{ id: 'a', source: { kind: 'video', file: '/etc/passwd' } }])); return { argv: ['replay', '--segments', s, '--out', out], file: s, at: '[0].source.file', then: /outside it/ }; } },
  { area: 'footage', name: 'a truncated segment list', run: (f, out) => { const s = f.file('segments.json', '[{"id": "a", '); return { argv: ['replay', '--segments', s, '--out', out], file: s, at: '', then: /valid JSON/ }; } },
  { area: 'footage', name: 'an enrolment CSV naming an image outside its folder', run: (f, out) => { const c = f.file('enrol.csv', 'image_path,gallery_id\n../../../../etc/hostname,w1\n'); return { argv: ['replay', '--video', f.video, '--enrol', c, '--out', out], file: c, at: 'line 2: image_path', then: /outside it/ }; } },
  { area: 'footage', name: 'a truncated rehearsal-summary.json beside the manifest', run: (f, out) => {
    const copy = path.join(f.dir, 'dataset-summary');
    if (!existsSync(copy)) {
      cpSync(f.dataset, copy, { recursive: true, filter: (src) => !src.endsWith('escape.png') });
      writeFileSync(path.join(copy, 'rehearsal-summary.json'), '{"excluded": {"fromVol');
    }
    return { argv: ['run', '--protocol', f.runProtocol, '--dataset', path.join(copy, 'manifest.json'), '--out', out], file: path.join(copy, 'rehearsal-summary.json'), at: '', then: /valid JSON/ };
  } },
  { area: 'footage', name: 'a watchlist where no enrolment image has a face (needs the models)', run: (f, out) => ({ argv: ['run', '--protocol', f.runProtocol, '--dataset', f.manifest, '--out', out], file: f.manifest, at: 'volunteers[].enrolmentImages', then: /at least one enrolment image in which faceplugin-v1 finds a face, got none of 1 images/ }) },
  // ── output locations ────────────────────────────────────────────────────────────────────────────────────
  { area: 'output', name: 'analyse --out at the folder of its own input tables', run: (f) => ({ argv: ['analyse', '--protocol', f.protocol, '--searches', f.searches, '--candidates', f.candidates, '--out', f.simDir], file: '--out', at: f.simDir, then: /an Evenhand analysis folder to replace, got an Evenhand simulation folder/, out: f.simDir }) },
  { area: 'output', name: 'analyse --out at an existing file', run: (f) => { const file = f.file('precious.txt', 'keep me'); return { argv: ['analyse', '--protocol', f.protocol, '--searches', f.searches, '--out', file], file: '--out', at: file, then: /got an existing file/, out: file }; } },
  { area: 'output', name: '--out under a regular file', run: (f) => { const file = f.file('plain.txt', 'x'); const out = path.join(file, 'sub'); return { argv: ['analyse', '--protocol', f.protocol, '--searches', f.searches, '--out', out], file: '--out', at: out, then: /a path through .*plain\.txt, which is not a folder/, out }; } },
  { area: 'output', name: '--out on the proc filesystem (looped before)', run: (f) => ({ argv: ['analyse', '--protocol', f.protocol, '--searches', f.searches, '--out', '/proc/evenhand-nope/x'], file: '--out', at: '/proc/evenhand-nope/x', then: /the virtual filesystem proc/, out: '/proc/evenhand-nope' }) },
  { area: 'output', name: '--out on sysfs', run: (f) => ({ argv: ['simulate', '--protocol', f.protocol, '--out', '/sys/evenhand-nope'], file: '--out', at: '/sys/evenhand-nope', then: /virtual filesystem sysfs/, out: '/sys/evenhand-nope' }) },
  { area: 'output', name: '--out at a folder that is not an Evenhand output', run: (f) => ({ argv: ['analyse', '--protocol', f.protocol, '--searches', f.searches, '--out', f.dataset], file: '--out', at: f.dataset, then: /got a folder that is not an Evenhand output \(it holds /, out: f.dataset }) },
  { area: 'output', name: 'report --out at the report folder holding its --results', run: (f) => {
    const rep = path.join(f.dir, 'report-own');
    return { argv: ['report', '--results', path.join(rep, 'results.json'), '--out', rep], file: '--out', at: rep, then: /apart from this command's inputs .*, got a location that holds the input/, out: rep };
  } },
  { area: 'output', name: 'analyse --out at an analysis folder that holds its input table', run: (f) => {
    const dir = path.join(f.dir, 'analysis-with-input');
    return { argv: ['analyse', '--protocol', f.protocol, '--searches', path.join(dir, 'searches.arrow'), '--out', dir], file: '--out', at: dir, then: /holds the input/, out: dir };
  } },
  { area: 'output', name: 'rehearse --out inside its --faces folder', run: (f) => { const out = path.join(path.dirname(f.faces), 'rehearsal'); return { argv: ['rehearse', '--faces', path.dirname(f.faces), '--protocol', f.protocol, '--out', out], file: '--out', at: out, then: /inside the input folder/, out }; } },
  { area: 'output', name: 'an empty --out', run: (f) => ({ argv: ['analyse', '--protocol', f.protocol, '--searches', f.searches, '--out', ''], file: '--out', at: '', then: /a path, got ""/ }) },
  { area: 'output', name: 'run --out at a simulation folder', run: (f) => ({ argv: ['run', '--protocol', f.runProtocol, '--dataset', f.manifest, '--out', f.simDir], file: '--out', at: f.simDir, then: /an Evenhand run folder .*, got an Evenhand simulation folder/, out: f.simDir }) },
  { area: 'output', name: 'replay --out at an analysis folder', run: (f) => { const dir = path.dirname(f.results); return { argv: ['replay', '--video', f.video, '--out', dir], file: '--out', at: dir, then: /got an Evenhand analysis folder/, out: dir }; } },
  // ── options ─────────────────────────────────────────────────────────────────────────────────────────────
  { area: 'output', name: 'import-alerts --out at the dataset folder holding its manifest', run: (f) => { const log = f.file('alerts.jsonl', ''); return { argv: ['import-alerts', '--dataset', f.manifest, '--log', log, '--format', 'evenhand-jsonl', '--out', f.dataset], file: '--out', at: f.dataset, then: /got /, out: f.dataset }; } },
  { area: 'output', name: 'import-candidates --out at the simulation holding its searches', run: (f) => { const lists = f.file('lists.csv', 'probe_id,rank,gallery_id,score\n'); return { argv: ['import-candidates', '--searches', f.searches, '--lists', lists, '--out', f.simDir], file: '--out', at: f.simDir, then: /got an Evenhand simulation folder/, out: f.simDir }; } },
  { area: 'output', name: 'export-probes --out at the run folder it reads', run: (f) => ({ argv: ['export-probes', '--run', f.simDir, '--algorithm', 'sim', '--dataset', f.manifest, '--out', f.simDir], file: '--out', at: f.simDir, then: /got an Evenhand simulation folder|holds the input/, out: f.simDir }) },
  { area: 'manifest', name: 'import-alerts: an enrolment image outside the dataset folder', run: (f, out) => { const m = f.manifestWith((x) => { (x.volunteers[0] as { enrolmentImages: string[] }).enrolmentImages = ['/etc/hostname']; }); const log = f.file('alerts.jsonl', ''); return { argv: ['import-alerts', '--dataset', m, '--log', log, '--format', 'evenhand-jsonl', '--out', out], file: m, at: 'volunteers[0].enrolmentImages[0]', then: /outside it/ }; } },
  { area: 'options', name: 'import-alerts --top-k 0', run: (f, out) => { const log = f.file('alerts.jsonl', ''); return { argv: ['import-alerts', '--dataset', f.manifest, '--log', log, '--format', 'evenhand-jsonl', '--top-k', '0', '--out', out], file: '--top-k', at: '', then: /a whole number from 1 to 1000, got 0/ }; } },
  { area: 'options', name: 'import-alerts --clock-tolerance-ms abc', run: (f, out) => { const log = f.file('alerts.jsonl', ''); return { argv: ['import-alerts', '--dataset', f.manifest, '--log', log, '--format', 'evenhand-jsonl', '--clock-tolerance-ms', 'abc', '--out', out], file: '--clock-tolerance-ms', at: '', then: /got "abc"/ }; } },
  { area: 'options', name: 'export-probes --margin -1', run: (f, out) => ({ argv: ['export-probes', '--run', f.simDir, '--algorithm', 'sim', '--dataset', f.manifest, '--margin', '-1', '--out', out], file: '--margin', at: '', then: /a number from 0 to 2, got -1/ }) },
  { area: 'options', name: 'export-probes --algorithm ../..', run: (f, out) => ({ argv: ['export-probes', '--run', f.simDir, '--algorithm', '../..', '--dataset', f.manifest, '--out', out], file: '--algorithm', at: '', then: /an algorithm id of the run .*, got "\.\.\/\.\."/ }) },
  { area: 'protocol', name: 'an RFR candidate list of length 0', run: (f) => { const p = f.protocolWith((x) => { x['useCase'] = 'rfr'; x['candidateList'] = { length: 0 }; }); return { argv: ['validate', '--protocol', p], file: p, at: 'candidateList.length', then: /got 0/ }; } },
  { area: 'protocol', name: 'an unknown use case', run: (f) => { const p = f.protocolWith((x) => { x['useCase'] = 'mass-surveillance'; }); return { argv: ['validate', '--protocol', p], file: p, at: 'useCase', then: /got "mass-surveillance"/ }; } },
  { area: 'manifest', name: 'a still probe image at /etc/hostname', run: (f) => { const m = f.manifestWith((x) => { x['probes'] = [{ id: 'p1', volunteer: (x.volunteers[0] as { id: string }).id, image: '/etc/hostname', deployment: 'd1', camera: 'c1' }]; }); return { argv: ['validate', '--protocol', f.protocol, '--dataset', m], file: m, at: 'probes[0].image', then: /outside it/ }; } },
  { area: 'options', name: 'rehearse --use-case mars', run: (f, out) => ({ argv: ['rehearse', '--faces', f.faces, '--protocol', f.protocol, '--use-case', 'mars', '--out', out], file: '--use-case', at: '', then: /one of lfr, rfr, oifr, got "mars"/ }) },
  { area: 'options', name: '--seed abc', run: (f, out) => ({ argv: ['simulate', '--protocol', f.protocol, '--seed', 'abc', '--out', out], file: '--seed', at: '', then: /a whole number from 0 to 4,294,967,295, got "abc"/ }) },
  { area: 'options', name: '--seed 1.5', run: (f, out) => ({ argv: ['simulate', '--protocol', f.protocol, '--seed', '1.5', '--out', out], file: '--seed', at: '', then: /got 1\.5/ }) },
  { area: 'options', name: '--seed -1', run: (f, out) => ({ argv: ['demo', '--seed', '-1', '--out', out], file: '--seed', at: '', then: /got -1/ }) },
  { area: 'options', name: '--seed given twice', run: (f, out) => ({ argv: ['simulate', '--protocol', f.protocol, '--seed', '1', '--seed', '2', '--out', out], file: '--seed', at: '', then: /one value .*, got \[1,2\]/ }) },
  { area: 'options', name: '--tiling 0x0', run: (f, out) => ({ argv: ['replay', '--video', f.video, '--tiling', '0x0', '--out', out], file: '--tiling', at: '', then: /COLSxROWS .*, got "0x0"/ }) },
  { area: 'options', name: '--tiling 3', run: (f, out) => ({ argv: ['replay', '--video', f.video, '--tiling', '3', '--out', out], file: '--tiling', at: '' }) },
  { area: 'options', name: '--workers 0', run: (f, out) => ({ argv: ['run', '--protocol', f.runProtocol, '--dataset', f.manifest, '--workers', '0', '--out', out], file: '--workers', at: '', then: /a whole number from 1 to 256, got 0/ }) },
  { area: 'options', name: '--top-k -3', run: (f, out) => ({ argv: ['run', '--protocol', f.runProtocol, '--dataset', f.manifest, '--top-k', '-3', '--out', out], file: '--top-k', at: '', then: /got -3/ }) },
  { area: 'options', name: '--min-overlap 5', run: (f, out) => ({ argv: ['run', '--protocol', f.runProtocol, '--dataset', f.manifest, '--min-overlap', '5', '--out', out], file: '--min-overlap', at: '', then: /a number > 0 and <= 1, got 5/ }) },
  { area: 'options', name: '--every-ms -100', run: (f, out) => ({ argv: ['replay', '--video', f.video, '--every-ms', '-100', '--out', out], file: '--every-ms', at: '', then: /got -100/ }) },
  { area: 'options', name: '--segment-s 0 (out of memory before)', run: (f, out) => ({ argv: ['replay', '--video', f.video, '--segment-s', '0', '--out', out], file: '--segment-s', at: '', then: /a number from 0\.1 to 86,400 s, got 0/ }) },
  { area: 'options', name: 'a negative --passers-by-per-hour', run: (f, out) => ({ argv: ['report', '--results', f.results, '--passers-by-per-hour', '-5', '--out', out], file: '--passers-by-per-hour', at: '', then: /got -5/ }) },
  { area: 'options', name: '--crowd 1e12', run: (f, out) => ({ argv: ['simulate', '--protocol', f.protocol, '--crowd', '1e12', '--out', out], file: '--crowd', at: '', then: /got 1000000000000/ }) },
  { area: 'options', name: '--volunteers 0', run: (f, out) => ({ argv: ['simulate', '--protocol', f.protocol, '--volunteers', '0', '--out', out], file: '--volunteers', at: '', then: /got 0/ }) },
  { area: 'options', name: 'a missing --out', run: (f) => ({ argv: ['analyse', '--protocol', f.protocol, '--searches', f.searches], file: '--out', at: '', then: /a value \(this option is required\), got nothing/ }) },
  { area: 'options', name: 'an unknown option', run: (f, out) => ({ argv: ['analyse', '--protocol', f.protocol, '--searches', f.searches, '--out', out, '--bogus', '1'], file: '--bogus', at: '', then: /an option this command knows/ }) },
  { area: 'options', name: 'an algorithm that is not registered', run: (f, out) => ({ argv: ['replay', '--video', f.video, '--algorithm', 'nope', '--out', out], file: '--algorithm', at: '', then: /one of .*faceplugin-v1.*, got "nope"/ }) },
  { area: 'options', name: '--min-tpir 2', run: (f) => ({ argv: ['thresholds', '--results', f.results, '--min-tpir', '2'], file: '--min-tpir', at: '', then: /a number from 0 to 1, got 2/ }) },
  { area: 'options', name: '--max-fpir-one-in 0', run: (f) => ({ argv: ['thresholds', '--results', f.results, '--max-fpir-one-in', '0'], file: '--max-fpir-one-in', at: '' }) },
  { area: 'options', name: 'plan --icc 1.5', run: () => ({ argv: ['plan', '--icc', '1.5'], file: '--icc', at: '', then: /a correlation in \[0, 1\], got 1\.5/ }) },
  { area: 'options', name: 'plan --alerts 1e8 (an internal error before)', run: () => ({ argv: ['plan', '--alerts', '1e8'], file: '--alerts', at: '', then: /a whole number from 0 to 100,000, got 100000000/ }) },
  { area: 'options', name: 'plan with a target no crowd can show', run: () => ({ argv: ['plan', '--fpir-target', '1e-12', '--alerts', '100000'], file: '--fpir-target', at: '', then: /at most 10\^12 searches .*, got 1e-12/ }) },
  { area: 'options', name: 'plan --tpir abc', run: () => ({ argv: ['plan', '--tpir', 'abc'], file: '--tpir', at: '', then: /a number, got "abc"/ }) },
  { area: 'options', name: 'fewer --candidates than --searches', run: (f, out) => ({ argv: ['analyse', '--protocol', f.protocol, '--searches', f.searches, '--searches', f.searches, '--candidates', f.candidates, '--out', out], file: '--candidates', at: '', then: /one file per --searches \(2\), got 1/ }) },
  { area: 'options', name: 'both --video and --segments', run: (f, out) => ({ argv: ['replay', '--video', f.video, '--segments', f.protocol, '--out', out], file: '--video', at: '', then: /either --video or --segments, got both/ }) },
  { area: 'options', name: 'verify-lfw --limit 0', run: (f) => ({ argv: ['verify-lfw', '--data', f.dir, '--limit', '0'], file: '--limit', at: '' }) },
  { area: 'options', name: 'rehearse --passes 0', run: (f, out) => ({ argv: ['rehearse', '--faces', f.faces, '--protocol', f.protocol, '--passes', '0', '--out', out], file: '--passes', at: '' }) },
  { area: 'options', name: 'rehearse --width 63 (odd, too small)', run: (f, out) => ({ argv: ['rehearse', '--faces', f.faces, '--protocol', f.protocol, '--width', '63', '--out', out], file: '--width', at: '', then: /got 63/ }) },
  { area: 'options', name: 'no command', run: () => ({ argv: [], file: 'command', at: '', then: /a command: demo, validate/ }) },
  { area: 'options', name: 'a misspelt command', run: () => ({ argv: ['analsye'], file: 'command', at: '', then: /did you mean analyse\?\), got "analsye"/ }) },
  { area: 'options', name: '--equity outside its choices', run: (f) => ({ argv: ['thresholds', '--results', f.results, '--equity', 'fair'], file: '--equity', at: '', then: /one of "none", .*, got "fair"/ }) },
  // ── options of the commands for many machines and the data's life ───────────────────────────────────
  { area: 'options', name: 'replay --shard 4/3', run: (f, out) => ({ argv: ['replay', '--video', f.video, '--shard', '4/3', '--out', out], file: '--shard', at: '', then: /i\/n: shard i of n, .*got "4\/3"/ }) },
  { area: 'options', name: 'run --shard 0/0', run: (f, out) => ({ argv: ['run', '--protocol', f.runProtocol, '--dataset', f.manifest, '--shard', '0/0', '--out', out], file: '--shard', at: '', then: /got "0\/0"/ }) },
  { area: 'options', name: '--queue at an http URL', run: (f, out) => ({ argv: ['replay', '--video', f.video, '--queue', 'http://x', '--out', out], file: '--queue', at: '', then: /a Redis URL such as .*, got "http:\/\/x"/ }) },
  { area: 'options', name: '--queue at a server that does not answer', run: (f, out) => ({ argv: ['replay', '--video', f.video, '--queue', 'redis://127.0.0.1:1', '--out', out], file: '--queue', at: '', then: /a Redis server answering at redis:\/\/127\.0\.0\.1:1 .*, got .*ECONNREFUSED/ }) },
  { area: 'options', name: '--attempts 0', run: (f, out) => ({ argv: ['replay', '--video', f.video, '--queue', 'redis://127.0.0.1:1', '--attempts', '0', '--out', out], file: '--attempts', at: '', then: /a whole number from 1 to 100, got 0/ }) },
  { area: 'options', name: 'both --queue and --shard', run: (f, out) => ({ argv: ['replay', '--video', f.video, '--queue', 'redis://127.0.0.1:1', '--shard', '1/2', '--out', out], file: '--queue', at: '', then: /either --queue or --shard .*, got both/ }) },
  { area: 'options', name: '--provider tpu', run: (f, out) => ({ argv: ['run', '--protocol', f.runProtocol, '--dataset', f.manifest, '--provider', 'tpu', '--out', out], file: '--provider', at: '', then: /cpu or cuda, or ALGORITHM=PROVIDER, got "tpu"/ }) },
  { area: 'options', name: '--provider for an algorithm the run does not replay', run: (f, out) => ({ argv: ['run', '--protocol', f.runProtocol, '--dataset', f.manifest, '--provider', 'nope=cpu', '--out', out], file: '--provider', at: '', then: /ALGORITHM one of faceplugin-v1, got "nope=cpu"/ }) },
  { area: 'options', name: '--full-detect-every 0', run: (f, out) => ({ argv: ['replay', '--video', f.video, '--full-detect-every', '0', '--out', out], file: '--full-detect-every', at: '', then: /a whole number from 1 to 1000, got 0/ }) },
  { area: 'options', name: 'run --segment-s 0.05 (0, or at least 0.1)', run: (f, out) => ({ argv: ['run', '--protocol', f.runProtocol, '--dataset', f.manifest, '--segment-s', '0.05', '--out', out], file: '--segment-s', at: '', then: /0 \(one segment per footage file\) or a number from 0\.1 to 86,400 s, got 0\.05/ }) },
  { area: 'options', name: 'worker --redis ftp://x', run: () => ({ argv: ['worker', '--redis', 'ftp://x'], file: '--redis', at: '', then: /a Redis URL/ }) },
  { area: 'options', name: 'worker --concurrency 0', run: () => ({ argv: ['worker', '--redis', 'redis://127.0.0.1:1', '--concurrency', '0'], file: '--concurrency', at: '', then: /got 0/ }) },
  { area: 'options', name: 'worker --queue-name with a colon', run: () => ({ argv: ['worker', '--redis', 'redis://127.0.0.1:1', '--queue-name', 'a:b'], file: '--queue-name', at: '', then: /a queue name .*, got "a:b"/ }) },
  { area: 'options', name: 'combine --strata county', run: (f, out) => ({ argv: ['combine', f.simDir, f.simDir, '--strata', 'county', '--out', out], file: '--strata', at: '', then: /one of site, deployment, got "county"/ }) },
  { area: 'options', name: 'retention status --on 2031-02-30', run: (f) => ({ argv: ['retention', 'status', f.simDir, '--on', '2031-02-30'], file: '--on', at: '', then: /a calendar day as YYYY-MM-DD, got "2031-02-30"/, out: f.simDir }) },
  { area: 'options', name: 'retention review --until tomorrow', run: (f) => ({ argv: ['retention', 'review', f.simDir, '--until', 'tomorrow', '--reason', 'audit'], file: '--until', at: '', then: /got "tomorrow"/, out: f.simDir }) },
  { area: 'options', name: 'retention verify --head that is not a hash', run: (f) => ({ argv: ['retention', 'verify', f.simDir, '--head', 'abc'], file: '--head', at: '', then: /64 hexadecimal digits/, out: f.simDir }) },
  { area: 'options', name: 'export --for archive', run: (f, out) => ({ argv: ['export', '--run', f.simDir, '--for', 'archive', '--out', out], file: '--for', at: '', then: /one of sharing, got "archive"/ }) },
  { area: 'options', name: 'an empty --volunteer', run: (f) => ({ argv: ['withdraw', '--volunteer', '', '--run', f.simDir], file: '--volunteer', at: '', then: /a volunteer id, got ""/, out: f.simDir }) },
  { area: 'options', name: 'simulate --site on two lines', run: (f, out) => ({ argv: ['simulate', '--protocol', f.protocol, '--site', 'Cardiff\nLondon', '--out', out], file: '--site', at: '', then: /a place name of one line/ }) },
  // ── run folders, shards and the data's life ─────────────────────────────────────────────────────────────
  { area: 'runs', name: 'export of a run record whose protocol lies outside the run folder', run: (f, out) => { const dir = runWithRecord(f, 'run-escape-protocol', (r) => { r['protocol'] = '../../../../etc/passwd'; }); return { argv: ['export', '--run', dir, '--for', 'sharing', '--out', out], file: path.join(dir, 'evenhand-run.json'), at: 'protocol', then: /a path inside the run folder .*, got "\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd" \(\/etc\/passwd, outside it\)/ }; } },
  { area: 'runs', name: 'combine with a run record whose searches lie outside the run folder', run: (f, out) => { const dir = runWithRecord(f, 'run-escape-searches', (r) => { Object.assign(r.algorithms[0] ?? {}, { searches: '/etc/passwd' }); }); return { argv: ['combine', `a=${f.simDir}`, `b=${dir}`, '--out', out], file: path.join(dir, 'evenhand-run.json'), at: 'algorithms[0].searches', then: /outside it/ }; } },
  { area: 'runs', name: 'an exclusions file with an unknown reason', run: (f, out) => { const e = f.file('exclusions.json', JSON.stringify([{ algorithm: null, reason: 'bored', count: 1, byGroup: {} }])); return { argv: ['analyse', '--protocol', f.protocol, '--searches', f.searches, '--exclusions', e, '--out', out], file: e, at: '[0].reason', then: /got "bored"/ }; } },
  { area: 'runs', name: 'an exclusions file that is not a list', run: (f, out) => { const e = f.file('exclusions-object.json', '{"excluded": 3}'); return { argv: ['analyse', '--protocol', f.protocol, '--searches', f.searches, '--exclusions', e, '--out', out], file: e, at: '' }; } },
  { area: 'options', name: 'an empty --exclusions', run: (f, out) => ({ argv: ['analyse', '--protocol', f.protocol, '--searches', f.searches, '--exclusions', '', '--out', out], file: '--exclusions', at: '', then: /a path, got ""/ }) },
  { area: 'output', name: 'analyse --out at the folder of its exclusions file', run: (f) => { const dir = path.join(f.dir, 'analysis-with-exclusions'); mkdirSync(dir, { recursive: true }); writeFileSync(path.join(dir, '.evenhand-output.json'), '{"evenhand":"output","kind":"analysis"}\n'); const e = path.join(dir, 'exclusions.json'); writeFileSync(e, '[]'); return { argv: ['analyse', '--protocol', f.protocol, '--searches', f.searches, '--exclusions', e, '--out', dir], file: '--out', at: dir, then: /holds the input/, out: dir }; } },
  { area: 'runs', name: 'combine with one run', run: (f, out) => ({ argv: ['combine', f.simDir, '--out', out], file: 'RUN', at: '', then: /at least two run folders to combine, got 1/ }) },
  { area: 'runs', name: 'combine with a folder that is not a run', run: (f, out) => ({ argv: ['combine', f.simDir, f.dataset, '--out', out], file: f.dataset, at: '', then: /a run folder made by .*\(with evenhand-run\.json\), got a folder without a run record/ }) },
  { area: 'runs', name: 'withdraw from a simulation', run: (f) => ({ argv: ['withdraw', '--volunteer', 'v1', '--run', f.simDir, '--yes'], file: f.simDir, at: 'evenhand-run.json', then: /a campaign run .*, got a simulation/, out: f.simDir }) },
  { area: 'runs', name: 'retention purge of a folder that is neither a run nor a dataset', run: (f) => { const dir = path.dirname(f.faces); return { argv: ['retention', 'purge', dir, '--yes'], file: dir, at: '', then: /a run folder \(with evenhand-run\.json\) or a dataset folder .*, got neither/, out: dir }; } },
  { area: 'runs', name: 'merge with no shards', run: (f) => ({ argv: ['merge', '--out', f.simDir], file: path.join(f.simDir, 'shards'), at: '', then: /shard folders written by/, out: f.simDir }) },
  { area: 'runs', name: 'merge with a shard missing', run: (f) => { const out = halfSharded(f); return { argv: ['merge', '--out', out], file: path.join(out, 'shards'), at: 'segment s2', then: /its tables from shard 2-of-2, got missing: no shard 2-of-2 \(run it with --shard 2\/2\)/, out }; } },
  { area: 'output', name: 'export --out at the run it exports', run: (f) => ({ argv: ['export', '--run', f.simDir, '--for', 'sharing', '--out', f.simDir], file: '--out', at: f.simDir, then: /an Evenhand sharing folder to replace, got an Evenhand simulation folder/, out: f.simDir }) },
  { area: 'output', name: 'export --key-out at an existing file', run: (f, out) => { const key = f.file('old.key', 'an earlier key'); return { argv: ['export', '--run', f.simDir, '--for', 'sharing', '--out', out, '--key-out', key], file: '--key-out', at: '', then: /a new file \(an earlier key is never overwritten\), got an existing file/, out: key }; } },
  { area: 'output', name: 'combine --out at one of its runs', run: (f) => ({ argv: ['combine', `a=${f.simDir}`, `b=${f.simDir}`, '--out', f.simDir], file: '--out', at: f.simDir, then: /an Evenhand combined folder to replace, got an Evenhand simulation folder/, out: f.simDir }) },
  { area: 'output', name: 'merge --out at an analysis folder', run: (f) => { const dir = path.dirname(f.results); const shard = path.join(halfSharded(f), 'shards', '1-of-2'); return { argv: ['merge', '--out', dir, '--from', shard], file: '--out', at: dir, then: /an Evenhand replay folder to replace, got an Evenhand analysis folder/, out: dir }; } },
];

/** Runs `argv` in this process; returns the exit code and everything written to stderr, in order. */
async function inProcess(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { stderr += `${a.map(String).join(' ')}\n`; });
  try {
    const code = await runCli(argv, { stderr: (t) => void (stderr += t) });
    return { code, stderr };
  } finally {
    write.mockRestore();
    log.mockRestore();
    error.mockRestore();
  }
}

const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

let f: Fixtures;
const runs = new Map<string, Run>();

beforeAll(async () => {
  f = await makeFixtures();
  // Output locations some cases need to exist: a report that holds its own results.json, an analysis folder holding an input.
  await inProcess(['report', '--results', f.results, '--out', path.join(f.dir, 'report-own')]);
  const withInput = path.join(f.dir, 'analysis-with-input');
  mkdirSync(withInput);
  writeFileSync(path.join(withInput, '.evenhand-output.json'), '{"evenhand":"output","kind":"analysis"}\n');
  cpSync(f.searches, path.join(withInput, 'searches.arrow'));
}, 60_000);

afterAll(() => {
  vi.restoreAllMocks();
});

describe('bad input, by command line', () => {
  it('covers at least 60 cases across every kind of input', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    const areas = new Map<Area, number>();
    for (const c of CASES) areas.set(c.area, (areas.get(c.area) ?? 0) + 1);
    for (const area of ['protocol', 'manifest', 'tables', 'results', 'footage', 'output', 'options', 'runs'] as const) expect(areas.get(area) ?? 0, area).toBeGreaterThanOrEqual(5);
    expect(new Set(CASES.map((c) => `${c.area}: ${c.name}`)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [`${c.area}: ${c.name}`, c] as const))('%s: exit 2, named first line, no stack, output untouched', async (name, c) => {
    const out = f.fresh();
    const run = c.run(f, out);
    runs.set(name, run);
    const location = run.out ?? out;
    const before = snapshot(location);
    const { code, stderr } = await inProcess(run.argv);
    const first = stderr.split('\n')[0] ?? '';
    expect(code, stderr).toBe(2);
    expect(first.startsWith(prefix(run.file, run.at)), `first line: ${first}\nwanted it to start with: ${prefix(run.file, run.at)}`).toBe(true);
    if (run.then !== undefined) expect(first.slice(prefix(run.file, run.at).length)).toMatch(run.then);
    expect(stderr).not.toMatch(STACK_LINE);
    expect(stderr).not.toMatch(/bad input\n/);
    expect(snapshot(location), `${location} changed`).toBe(before);
  });

  it('the real binary exits 2 with the same first line (a sample, run concurrently)', async () => {
    const sample = ['options: --seed abc', 'tables: a NaN score (with mate_rank)', 'output: analyse --out at an existing file'];
    const bin = path.resolve('bin/evenhand.js');
    const results = await Promise.all(sample.map((name) => new Promise<{ name: string; code: number | null; stderr: string }>((resolve) => {
      const run = runs.get(name);
      if (run === undefined) throw new Error(`case ${name} did not run`);
      const child = spawn(process.execPath, [bin, ...run.argv], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
      child.on('close', (code) => resolve({ name, code, stderr }));
    })));
    for (const r of results) {
      const run = runs.get(r.name);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.startsWith(prefix(run?.file ?? '', run?.at ?? '')), r.stderr).toBe(true);
      expect(r.stderr).not.toMatch(STACK_LINE);
    }
  }, 60_000);
});
