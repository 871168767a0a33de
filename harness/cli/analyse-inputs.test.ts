import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { InputError } from '../core/input-error.ts';
import { simulateCampaign, SimulationFiles, writeSimulation } from '../simulate/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'evenhand-analyse-inputs-'));
const small = JSON.parse(readFileSync(path.join(root, 'protocols/examples/small-simulated.json'), 'utf8')) as Record<string, unknown>;

function evenhand(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [path.join(root, 'bin/evenhand.js'), ...args], { encoding: 'utf8' });
}

/** The message loading a protocol with `change` applied gives (empty when it loads). */
function refusal(change: Record<string, unknown>): string {
  const file = path.join(dir, 'p.json');
  writeFileSync(file, JSON.stringify({ ...small, ...change }));
  try {
    loadProtocol(file);
    return '';
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
}

describe('analyse: protocol policy and analysis settings out of range', () => {
  it('refuses each with the file, the field and what was expected', () => {
    const file = path.join(dir, 'p.json');
    expect(refusal({ policy: { passersByPerHour: 0 } })).toBe(`${file}: policy.passersByPerHour: expected a value > 0, got 0`);
    expect(refusal({ policy: { maxFpirOneIn: 0.5 } })).toBe(`${file}: policy.maxFpirOneIn: expected a value >= 1, got 0.5`);
    expect(refusal({ policy: { minTpir: 1.2 } })).toBe(`${file}: policy.minTpir: expected a value <= 1, got 1.2`);
    expect(refusal({ policy: { minTpir: -0.1 } })).toBe(`${file}: policy.minTpir: expected a value >= 0, got -0.1`);
    expect(refusal({ policy: { equity: 'fair' } })).toMatch(/policy\.equity: expected one of "none", "no-significant-difference", "equivalence"/);
    expect(refusal({ policy: { maxFpirOneIn: 6000, bound: 1 } })).toMatch(/policy: expected no unknown fields, got "bound"$/);
    expect(refusal({ analysis: { confidenceLevel: 0.3 } })).toBe(`${file}: analysis.confidenceLevel: expected a value >= 0.5, got 0.3`);
    expect(refusal({ analysis: { confidenceLevel: 1 } })).toBe(`${file}: analysis.confidenceLevel: expected a value < 1, got 1`);
    expect(refusal({ analysis: { rank: 0 } })).toBe(`${file}: analysis.rank: expected a value >= 1, got 0`);
    expect(refusal({ analysis: { rank: 1.5 } })).toMatch(/analysis\.rank: expected/);
    expect(refusal({ analysis: { bootstrap: { replicates: 10 } } })).toBe(`${file}: analysis.bootstrap.replicates: expected a value >= 100, got 10`);
    expect(refusal({ analysis: { bootstrap: { seed: -1 } } })).toBe(`${file}: analysis.bootstrap.seed: expected a value >= 0, got -1`);
    expect(refusal({ analysis: { correction: 'bonferonni' } })).toMatch(/analysis\.correction: expected one of "holm", "benjamini-hochberg", "none"/);
    expect(refusal({ report: { minCellSize: 0 } })).toBe(`${file}: report.minCellSize: expected a value >= 1, got 0`);
    expect(refusal({ policy: { passersByPerHour: 120 }, analysis: { confidenceLevel: 0.9 } })).toBe('');
  });

  it('from the command line: exit 2, the message, and no output folder; the same for a bad exclusions file', () => {
    const bad = path.join(dir, 'bad-policy.json');
    writeFileSync(bad, JSON.stringify({ ...small, policy: { passersByPerHour: -5 } }));
    const out = path.join(dir, 'never');
    const run = evenhand('analyse', '--protocol', bad, '--searches', path.join(dir, 'none.arrow'), '--out', out);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${bad}: policy.passersByPerHour: expected a value > 0`);
    expect(existsSync(out)).toBe(false);
    const exclusions = path.join(dir, 'exclusions.json');
    writeFileSync(exclusions, JSON.stringify([{ algorithm: null, reason: 'fell-asleep', count: 2, byGroup: {} }]));
    const ex = evenhand('analyse', '--protocol', path.join(root, 'protocols/examples/small-simulated.json'), '--searches', path.join(dir, 'none.arrow'), '--exclusions', exclusions, '--out', out);
    expect(ex.status).toBe(2);
    expect(ex.stderr).toContain(`${exclusions}: [0].reason: expected one of "failed-to-enrol"`);
    expect(existsSync(out)).toBe(false);
  });

  it('records the protocol\'s policy and the exclusions it is given in results.json', () => {
    const campaign = loadProtocol(path.join(root, 'protocols/examples/small-simulated.json'));
    const data = path.join(dir, 'data');
    if (campaign.simulation === null) throw new Error('the example protocol has a simulation block');
    writeSimulation(data, simulateCampaign(campaign, campaign.simulation, 3), { protocol: campaign.id, seed: 3 });
    const exclusions = path.join(dir, 'ok-exclusions.json');
    const list = [{ algorithm: 'simulated-small', reason: 'failed-to-enrol', count: 2, byGroup: { 'female/black': 2 } }];
    writeFileSync(exclusions, JSON.stringify(list));
    const out = path.join(dir, 'analysis');
    const run = evenhand('analyse', '--protocol', path.join(root, 'protocols/examples/small-simulated.json'), '--searches', path.join(data, SimulationFiles.searches), '--exclusions', exclusions, '--out', out);
    expect(run.status, run.stderr).toBe(0);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as { schemaVersion: number; runInputs: { policy: unknown; exclusions: unknown } };
    expect(results.schemaVersion).toBe(3);
    expect(results.runInputs).toEqual({ policy: { maxFpirOneIn: 6000, minTpir: 0.8, equity: 'no-significant-difference', passersByPerHour: 3770 }, exclusions: list });
  });
});
