import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { InputError } from '../core/input-error.ts';
import { recordSimulation, simulateCampaign, writeSimulation } from '../simulate/index.ts';
import { RUN_RECORD_FILE } from '../store/run-record.ts';
import { combineRuns, type CombinedStudy } from './combine-runs.ts';
import type { SiteComparison } from './site-analysis-schema.ts';

const root = mkdtempSync(path.join(tmpdir(), 'evenhand-combine-'));
const bin = path.resolve('bin/evenhand.js');

/** A small protocol: 300 volunteers x 8 passes at two deployments, a thin threshold grid, a short bootstrap. */
function protocol(id: string, simulation: Record<string, unknown>): Record<string, unknown> {
  return {
    id, title: `Site ${id}`, algorithms: [{ id: 'sim', kind: 'simulated' }],
    thresholds: { from: 0.5, to: 0.7, step: 0.05 }, operationalThresholds: [0.6], watchlist: { size: 2000 },
    report: { minCellSize: 20 }, analysis: { bootstrap: { replicates: 200 } },
    simulation: { volunteers: 300, passesPerVolunteer: 8, crowdSearches: 1000, fillerGallerySize: 5000, deployments: 2, candidatesPerSearch: 3, ...simulation },
  };
}

/** Simulates `p` into a run folder (as `evenhand simulate --site` does); returns the folder. */
function simulateRun(name: string, p: Record<string, unknown>, seed: number, site: string): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  const file = path.join(root, `${name}.json`);
  writeFileSync(file, JSON.stringify(p));
  const campaign = loadProtocol(file);
  const sim = campaign.simulation;
  if (sim === null) throw new Error('no simulation block');
  writeSimulation(dir, simulateCampaign(campaign, sim, seed), { protocol: campaign.id, seed });
  recordSimulation({ dir, protocolFile: file, campaign, sim, site });
  return dir;
}

function comparison(study: CombinedStudy, metric: 'TPIR' | 'FPIR', level: SiteComparison['level']): SiteComparison {
  const c = study.siteAnalysis.algorithms[0]?.comparisons.find((x) => x.metric === metric && x.level === level);
  if (c === undefined) throw new Error(`no ${metric} comparison by ${level}`);
  return c;
}

// Site effects planted in simulated runs whose true rates are known.
describe('evenhand combine on two simulated sites', () => {
  // Women are recognised less often at Cardiff only (their mate scores 0.08 lower there): the group difference varies by site.
  const london = simulateRun('london', protocol('london', {}), 11, 'London');
  const cardiff = simulateRun('cardiff', protocol('cardiff', { differentials: [{ dimension: 'sex', code: 'female', genuineMeanShift: -0.08 }] }), 12, 'Cardiff');
  // Cardiff's cameras are worse for everyone (mate scores 0.08 lower), and most of its volunteers are women, most of
  // London's men: no group difference anywhere, but pooling the sites makes one appear.
  const north = simulateRun('north', protocol('north', { volunteerMix: { sex: { female: 0.2, male: 0.8 } } }), 21, 'North');
  const south = simulateRun('south', protocol('south', { volunteerMix: { sex: { female: 0.8, male: 0.2 } }, genuine: { mean: 0.66 } }), 22, 'South');

  it('finds a group difference present at one site only, says the sites disagree, and raises no false alarm elsewhere', () => {
    const study = combineRuns({ runs: [london, cardiff] });
    expect(study.sites.map((s) => s.label)).toEqual(['London', 'Cardiff']);
    const sex = comparison(study, 'TPIR', 'sex');
    console.log(`planted at one site: heterogeneity p ${sex.heterogeneity?.pValue.toExponential(2)} (${sex.heterogeneity?.method}), Breslow-Day p ${sex.breslowDay?.taronePValue.toExponential(2)}, by site ${sex.bySite.map((s) => `${s.site} ${s.verdict}`).join(', ')}`);
    expect(sex.agreement).toBe('sites-disagree');
    expect(sex.heterogeneity?.method).toBe('interaction');
    expect(sex.heterogeneity?.pAdjusted).toBeLessThan(0.05);
    expect(sex.breslowDay?.taronePValue).toBeLessThan(0.05);
    expect(sex.bySite.find((s) => s.site === 'cardiff')?.verdict).toBe('significant-difference');
    expect(sex.bySite.find((s) => s.site === 'london')?.verdict).not.toBe('significant-difference');
    // Ethnicity and age band carry no planted effect: the sites agree on them.
    for (const level of ['ethnicity', 'ageBand'] as const) expect(comparison(study, 'TPIR', level).agreement).toBe('consistent');
    // The site breakdown's rates are each site's own: women at Cardiff below women in London.
    const rate = (site: string, group: string): number => study.siteAnalysis.algorithms[0]?.rates.find((r) => r.site === site && r.group === group && r.metric === 'TPIR')?.estimate ?? NaN;
    expect(rate('cardiff', 'sex:female')).toBeLessThan(rate('london', 'sex:female') - 0.1);
    expect(Math.abs(rate('cardiff', 'sex:male') - rate('london', 'sex:male'))).toBeLessThan(0.05);
    // Deployments as strata: four of them (two per run); the difference still varies between them.
    const byDeployment = combineRuns({ runs: [london, cardiff], strata: 'deployment' });
    expect(byDeployment.sites.map((s) => s.label)).toEqual(['London, london/d1', 'London, london/d2', 'Cardiff, cardiff/d1', 'Cardiff, cardiff/d2']);
    const sexByDeployment = comparison(byDeployment, 'TPIR', 'sex');
    expect(sexByDeployment.regression.interaction?.df).toBe(3);
    expect(sexByDeployment.agreement).toBe('sites-disagree');
  }, 120_000);

  it('does not let a site effect pass for a group difference: the pooled test finds one, the stratified tests find the site instead', () => {
    const study = combineRuns({ runs: [north, south] });
    const sex = comparison(study, 'TPIR', 'sex');
    console.log(`site effect and mix: pooled ${sex.pooled?.verdict} p ${sex.pooled?.pValue?.toExponential(2)}; stratified p ${sex.regression.stratified?.pValue.toFixed(3)}, CMH p ${sex.cmh?.pValue.toFixed(3)}; site effect p ${sex.regression.siteEffect?.pValue.toExponential(2)}`);
    expect(sex.pooled?.verdict).toBe('significant-difference');
    expect(sex.regression.stratified?.pValue).toBeGreaterThan(0.05);
    expect(sex.cmh?.pValue).toBeGreaterThan(0.05);
    expect(sex.regression.siteEffect?.pValue).toBeLessThan(0.001);
    expect(sex.heterogeneity?.pAdjusted).toBeGreaterThan(0.05);
    expect(sex.agreement).toBe('explained-by-site');
  }, 120_000);

  it('writes the combined study from the command line: results, sites, each site, a site section in the annex and a sentence on the public page', () => {
    const out = path.join(root, 'combined');
    const r = spawnSync(process.execPath, [bin, 'combine', `london=${london}`, `cardiff=${cardiff}`, '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/combined 2 runs at 2 sites \(London, Cardiff\): comparisons 1 sites-disagree/);
    for (const f of ['results.json', 'sites.json', 'sites/london/results.json', 'sites/cardiff/results.json', 'report/index.html', 'report/annex.html', 'provenance.json', RUN_RECORD_FILE, 'protocol.json']) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    const index = readFileSync(path.join(out, 'report', 'index.html'), 'utf8');
    expect(index).toMatch(/This study combines 2 sites \(London; Cardiff\)\. <strong>The sites did not agree\.<\/strong> The difference between groups in how often people on the watchlist were recognised by sex at threshold 0\.60 varied from site to site more than chance explains \(a significant difference at Cardiff\)/);
    const annex = readFileSync(path.join(out, 'report', 'annex.html'), 'utf8');
    expect(annex).toContain('<h2 id="sites">Sites</h2>');
    expect(annex).toMatch(/Comparisons between groups, pooled and stratified by site/);
    // No search-level table is kept in the combined folder, and pooled ids are qualified by run.
    expect(existsSync(path.join(out, 'sim'))).toBe(false);
    const record = JSON.parse(readFileSync(path.join(out, RUN_RECORD_FILE), 'utf8')) as { kind: string; runs: { label: string }[]; deployments: { id: string }[] };
    expect(record.kind).toBe('combined');
    expect(record.runs.map((x) => x.label)).toEqual(['london', 'cardiff']);
    expect(record.deployments.map((d) => d.id)).toContain('cardiff/d2');
  }, 120_000);

  it('refuses runs that cannot be combined, naming the difference, with exit 2 and no output', () => {
    const refuse = (runs: string[]): string => {
      try {
        combineRuns({ runs });
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
      throw new Error('combined');
    };
    // a folder that is not a run
    const plain = path.join(root, 'not-a-run');
    mkdirSync(plain, { recursive: true });
    expect(refuse([london, plain])).toMatch(/not-a-run: expected a run folder made by evenhand run, simulate or combine \(with evenhand-run\.json\), got a folder without a run record/);
    // incompatible protocols: a different minimum cell size changes which groups are compared
    const other = simulateRun('other-cells', { ...protocol('other', {}), report: { minCellSize: 50 } }, 13, 'Leeds');
    expect(refuse([london, other])).toMatch(/other-cells: protocol\.json: report\.minCellSize: expected 20 \(as in london's protocol\): incompatible protocols, got 50/);
    // a different algorithm version
    const copy = path.join(root, 'cardiff-old-tool');
    cpSync(cardiff, copy, { recursive: true });
    const file = path.join(copy, RUN_RECORD_FILE);
    const rec = JSON.parse(readFileSync(file, 'utf8')) as { algorithms: { version: Record<string, string> }[] };
    (rec.algorithms[0] as { version: Record<string, string> }).version.tool = '0.0.1';
    writeFileSync(file, JSON.stringify(rec));
    expect(refuse([london, copy])).toMatch(/algorithms\[sim\]\.version\.tool: expected .* \(as in london\): runs made with different algorithm versions cannot be combined, got 0\.0\.1/);
    // one run, or the same label twice
    expect(refuse([london])).toMatch(/at least two run folders/);
    expect(refuse([`x=${london}`, `x=${cardiff}`])).toMatch(/a label not used by another run/);
    // from the command line: exit 2, the message, no output folder
    const out = path.join(root, 'refused');
    const r = spawnSync(process.execPath, [bin, 'combine', london, copy, '--out', out], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/version\.tool/);
    expect(existsSync(out)).toBe(false);
  }, 120_000);
});
