import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseCampaign, plantedConditionsTable } from '../analyse/index.ts';
import { loadProtocol } from '../campaign/index.ts';
import { writeArrowFile } from '../store/index.ts';
import { adjustmentWords, conditionsSection } from './conditions-section.ts';

describe('the annex section on capture conditions', () => {
  it('says in words that the planted difference by ethnicity comes from the light, and shows rates by bin', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'evenhand-conditions-report-'));
    const small = JSON.parse(readFileSync(path.resolve('protocols/examples/small-simulated.json'), 'utf8')) as Record<string, unknown>;
    const protocol = path.join(dir, 'p.json');
    writeFileSync(protocol, JSON.stringify({ ...small, analysis: { bootstrap: { replicates: 200 } } }));
    const searches = path.join(dir, 'searches.arrow');
    writeArrowFile(searches, plantedConditionsTable(16).table);
    const results = analyseCampaign(loadProtocol(protocol), [{ id: 'planted', label: 'Planted', searches, candidates: null }]);
    const a = results.algorithms[0];
    if (a === undefined) throw new Error('no algorithm');
    const html = conditionsSection(results, a);
    expect(html).toContain('<h3>Capture conditions</h3>');
    expect(html).toContain('A difference by ethnicity is no longer significant once the conditions are accounted for');
    expect(html).toContain('TPIR by Face brightness (mean luma 0-255)');
    expect(html).toContain('Caveats');
    expect(html).not.toContain('Few outcomes');
    expect(conditionsSection(results, { ...a, conditions: undefined })).toBe('');
    const c = a.conditions;
    if (c === undefined) throw new Error('no conditions');
    const sparse = { ...c, regressions: c.regressions.map((r) => ({ ...r, eventsPerTerm: 3 })) };
    expect(conditionsSection(results, { ...a, conditions: sparse })).toContain('Few outcomes for this model: 3 of the rarer outcome per term');
  });

  it('words each outcome of the two tests', () => {
    expect(adjustmentWords(0.001, 0.002, 'sex', 0.05)).toMatch(/remains/);
    expect(adjustmentWords(0.001, 0.4, 'sex', 0.05)).toMatch(/no longer significant/);
    expect(adjustmentWords(0.3, 0.01, 'sex', 0.05)).toMatch(/only once/);
    expect(adjustmentWords(0.3, 0.4, 'sex', 0.05)).toMatch(/No significant difference by sex/);
    expect(adjustmentWords(null, 0.4, 'sex', 0.05)).toMatch(/No test/);
  });
});
