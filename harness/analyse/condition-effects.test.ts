import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { InputError } from '../core/input-error.ts';
import { buildGroups } from '../metrics/groups.ts';
import { createRng } from '../stats/rng.ts';
import { checkSearches } from '../store/read-searches.ts';
import { searchesWithConditionsBuilder } from '../store/table-builder.ts';
import { writeArrowFile } from '../store/write-table.ts';
import { analyseConditions } from './analyse-conditions.ts';
import { analyseCampaign } from './analyse-campaign.ts';
import { ResultsSchema } from './results-schema.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'evenhand-conditions-'));
const small = JSON.parse(readFileSync(path.join(root, 'protocols/examples/small-simulated.json'), 'utf8')) as Record<string, unknown>;
const protocolFile = path.join(dir, 'p.json');
writeFileSync(protocolFile, JSON.stringify({ ...small, analysis: { bootstrap: { replicates: 200 } } }));
const campaign = loadProtocol(protocolFile);

/** Planted: a pass in the dark (face brightness about 40) is missed with log-odds 1.5 higher; ethnicity has no effect of its own. */
const DARK_LOG_ODDS = 1.5;

/**
 * A simulated searches table: 400 volunteers (half white, half black, each sex), 8 passes each. Black volunteers'
 * passes are filmed in the dark 70% of the time, white volunteers' 20% (a condition that differs by group, on
 * purpose); a miss has log-odds -2 + 1.5 x dark plus a volunteer effect (sd 0.3). The miss does not depend on
 * ethnicity once the light is known. Also 1,600 filler probes whose false alerts depend on nothing.
 */
function plantedTable(seed: number): { table: Table; darkBlackMated: number } {
  const rng = createRng(seed, 0);
  const normal = (): number => Math.sqrt(-2 * Math.log(rng.nextOpen())) * Math.cos(2 * Math.PI * rng.next());
  const b = searchesWithConditionsBuilder();
  let darkBlackMated = 0;
  for (let v = 0; v < 400; v++) {
    const ethnicity = v % 2 === 0 ? 'white' : 'black';
    const sex = v % 4 < 2 ? 'female' : 'male';
    const own = 0.3 * normal();
    for (let p = 0; p < 8; p++) {
      const dark = rng.next() < (ethnicity === 'black' ? 0.7 : 0.2);
      if (dark && ethnicity === 'black') darkBlackMated++;
      const miss = rng.next() < 1 / (1 + Math.exp(-(-2 + DARK_LOG_ODDS * (dark ? 1 : 0) + own)));
      const conditions = {
        inter_eye_px: 30 + 40 * rng.next(), yaw_deg: 20 * (rng.next() - 0.5), pitch_deg: 10 * (rng.next() - 0.5),
        face_brightness: dark ? 30 + 20 * rng.next() : 110 + 40 * rng.next(), face_contrast: 30 + 10 * rng.next(), sharpness: 100 + 500 * rng.next(),
        detector_score: 0.9 + 0.09 * rng.next(), time_of_day_h: 9 + 8 * rng.next(),
      };
      const common = {
        deployment: 'd1', camera: p % 2 === 0 ? 'c1' : 'c2', t_start_ms: p * 1000, t_end_ms: p * 1000 + 500, subject_id: `v${v}`, sex, ethnicity, age_band: null,
        frames_seen: 10, face_size_px: 80, top_nonmate_id: 'f1', ...conditions,
      };
      b.add({ ...common, search_id: `pass-${v}-${p}`, source: 'volunteer', mated: true, mate_score: miss ? 0.4 : 0.8, mate_rank: 1, top_nonmate_score: 0.2, gallery_size: 2000 });
      if (p < 4) {
        b.add({ ...common, search_id: `filler-${v}-${p}`, source: 'filler_probe', mated: false, mate_score: null, mate_rank: null, top_nonmate_score: rng.next() < 0.1 ? 0.65 : 0.3, gallery_size: 20000 });
      }
    }
  }
  return { table: b.toTable(), darkBlackMated };
}

describe('capture conditions beside demographics', () => {
  const { table, darkBlackMated } = plantedTable(16);
  const searches = checkSearches(table, 'planted.arrow', campaign);
  const result = analyseConditions(campaign, buildGroups(campaign), searches);

  it('recovers a planted condition effect and finds no demographic effect once the condition is accounted for', () => {
    const miss = result?.regressions.find((r) => r.outcome === 'miss');
    expect(miss?.status).toBe('fitted');
    expect(miss?.reference['brightness']).toBe('100..160');
    const eth = miss?.demographicTests.find((d) => d.terms === 'ethnicity');
    // without the light, black volunteers look missed more often (they were filmed in the dark more often) ...
    expect(eth?.unadjusted.pValue).toBeLessThan(0.001);
    // ... with it, no ethnicity effect is left, as none was planted
    expect(eth?.adjusted.pValue).toBeGreaterThan(0.05);
    expect(miss?.conditionTests.find((c) => c.condition === 'brightness')?.pValue).toBeLessThan(1e-6);
    const dark = miss?.coefficients.find((c) => c.term === 'brightness=0..60');
    expect(dark?.lower).toBeLessThan(Math.exp(DARK_LOG_ODDS));
    expect(dark?.upper).toBeGreaterThan(Math.exp(DARK_LOG_ODDS));
    expect(dark?.lower).toBeGreaterThan(2);
    // conditions that were not planted are not found
    for (const c of ['interEye', 'sharpness', 'camera']) expect(miss?.conditionTests.find((x) => x.condition === c)?.pValue).toBeGreaterThan(0.01);
    const fa = result?.regressions.find((r) => r.outcome === 'false-alert');
    expect(fa?.population).toBe('filler_probe');
    expect(fa?.demographicTests.find((d) => d.terms === 'ethnicity')?.adjusted.pValue).toBeGreaterThan(0.05);
  });

  it('breaks rates down by bin beside the groups, counts matching the table', () => {
    const cell = result?.rates.find((r) => r.metric === 'TPIR' && r.condition === 'brightness' && r.bin === '0..60' && r.group === 'ethnicity:black');
    expect(cell?.n).toBe(darkBlackMated);
    const bins = result?.bins.find((x) => x.condition === 'brightness');
    expect(bins?.measured).toBe(searches.length);
    expect(bins?.bins.map((x) => x.id)).toEqual(['0..60', '60..100', '100..160', '160..255']);
    // the overall rate of a bin is the sum of its sex groups'
    for (const bin of ['0..60', '100..160']) {
      const at = (group: string) => result?.rates.find((r) => r.metric === 'TPIR' && r.condition === 'brightness' && r.bin === bin && r.group === group);
      expect((at('sex:female')?.k ?? 0) + (at('sex:male')?.k ?? 0)).toBe(at('overall')?.k);
    }
  });

  it('goes into results.json, which stays schema-valid', () => {
    const file = path.join(dir, 'planted.arrow');
    writeArrowFile(file, table);
    const results = analyseCampaign(campaign, [{ id: 'planted', label: 'Planted', searches: file, candidates: null }]);
    expect(ResultsSchema.safeParse(results).success).toBe(true);
    expect(results.algorithms[0]?.conditions?.regressions).toHaveLength(2);
  });

  it('refuses a value outside the bins and a condition column of the wrong type: named error, exit 2, nothing written', () => {
    const narrow = path.join(dir, 'narrow.json');
    writeFileSync(narrow, JSON.stringify({ ...small, analysis: { conditions: { bins: { brightness: [40, 100, 200] } } } }));
    expect(() => analyseConditions(loadProtocol(narrow), buildGroups(campaign), searches)).toThrow(InputError);
    const file = path.join(dir, 'planted.arrow');
    writeArrowFile(file, table);
    const out = path.join(dir, 'never');
    const r1 = spawnSync(process.execPath, [path.join(root, 'bin/evenhand.js'), 'analyse', '--protocol', narrow, '--searches', file, '--out', out], { encoding: 'utf8' });
    expect(r1.status).toBe(2);
    expect(r1.stderr).toMatch(/planted\.arrow: row \d+ \(search_id "pass-[\d-]+"\): face_brightness: expected a value within the bins of analysis\.conditions\.bins\.brightness \(40 to 200/);
    expect(existsSync(out)).toBe(false);
    // yaw_deg as text
    const columns = Object.fromEntries(table.schema.fields.map((f) => [f.name, table.getChild(f.name)]));
    const wrong = new Table({ ...columns, yaw_deg: vectorFromArray(Array.from({ length: table.numRows }, () => 'left'), new Utf8()) });
    expect(() => checkSearches(wrong, 'wrong-type.arrow', campaign)).toThrow('wrong-type.arrow: column yaw_deg: expected a numeric column, got Utf8');
  });

  it('refuses bins that are not in ascending order, in the protocol', () => {
    const bad = path.join(dir, 'unordered.json');
    writeFileSync(bad, JSON.stringify({ ...small, analysis: { conditions: { bins: { yaw: [-90, 10, 0, 90] } } } }));
    expect(() => loadProtocol(bad)).toThrow(/analysis\.conditions\.bins\.yaw: expected bin edges in strictly ascending order/);
    writeFileSync(bad, JSON.stringify({ ...small, analysis: { conditions: { bins: { glare: [0, 1] } } } }));
    expect(() => loadProtocol(bad)).toThrow(/analysis\.conditions\.bins/);
  });
});
