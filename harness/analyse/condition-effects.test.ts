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
import { checkSearches } from '../store/read-searches.ts';
import { writeArrowFile } from '../store/write-table.ts';
import { analyseConditions } from './analyse-conditions.ts';
import { DARK_LOG_ODDS, plantedConditionsTable as plantedTable } from './planted-conditions.ts';
import { analyseCampaign } from './analyse-campaign.ts';
import { ResultsSchema } from './results-schema.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'evenhand-conditions-'));
const small = JSON.parse(readFileSync(path.join(root, 'protocols/examples/small-simulated.json'), 'utf8')) as Record<string, unknown>;
const protocolFile = path.join(dir, 'p.json');
writeFileSync(protocolFile, JSON.stringify({ ...small, analysis: { bootstrap: { replicates: 200 } } }));
const campaign = loadProtocol(protocolFile);

describe('capture conditions beside demographics', () => {
  const { table, darkBlackMated } = plantedTable(16);
  const searches = checkSearches(table, 'planted.arrow', campaign);
  const result = analyseConditions(campaign, buildGroups(campaign), searches);

  it('recovers a planted condition effect and finds no demographic effect once the condition is accounted for', () => {
    const miss = result?.regressions.find((r) => r.outcome === 'miss');
    expect(miss?.status).toBe('fitted');
    expect(miss?.reference['brightness']).toBe('100..160');
    expect(miss?.eventsPerTerm).toBeGreaterThan(10);
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
