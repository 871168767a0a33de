import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { SimulationSchema } from '../campaign/protocol-schema.ts';
import { InputError } from '../core/input-error.ts';
import { simulateCampaign, writeSimulation, SimulationFiles } from '../simulate/index.ts';
import { reconcileCandidates } from '../store/read-candidates.ts';
import { readSearches } from '../store/read-searches.ts';
import { candidateFindings } from './candidate-findings.ts';
import { candidatesInBackground } from './candidates-in-background.ts';
import { findingSearches } from './finding-searches.ts';
import { scalableSources } from './scaled-fpir.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'evenhand-candidates-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('candidates read on a worker thread', () => {
  const campaign = loadProtocol(path.join(root, 'protocols/npl-2023-lfr.json'));
  const sim = SimulationSchema.parse({ ...campaign.simulation, volunteers: 60, crowdSearches: 400 });
  writeSimulation(tmp, simulateCampaign(campaign, sim, 11), { protocol: campaign.id, seed: 11 });
  const searchesFile = path.join(tmp, SimulationFiles.searches);
  const candidatesFile = path.join(tmp, SimulationFiles.candidates);
  const codes = campaign.dimensions.ethnicity.map((c) => c.code);

  it('gives the findings this thread gives, on the worker when the table is large enough (here when it is small)', () => {
    const searches = readSearches(searchesFile, campaign);
    expect(searches.hasScores).toBe(true);
    const summary = reconcileCandidates(candidatesFile, searches, codes);
    expect(summary.hasGalleryEthnicity).toBe(true);
    const here = candidateFindings(campaign, findingSearches(searches), summary, scalableSources(campaign, searches));
    expect(here.rows).toBeGreaterThan(1000);
    expect(here.falseMatchPairs.length).toBeGreaterThan(0);
    expect(here.composition.map((c) => c.source)).toContain('filler_probe');
    const threaded = candidatesInBackground(campaign, candidatesFile, searches, { minBytes: 0 });
    expect(threaded()).toEqual(here);
    expect(threaded()).toBe(threaded());
    expect(threaded.ranOn()).toBe('worker');
    // the searches sent to the thread are unchanged here
    expect(candidateFindings(campaign, findingSearches(searches), reconcileCandidates(candidatesFile, searches, codes), scalableSources(campaign, searches))).toEqual(here);
    // a small table is read here at once (a refused one stops the analysis before it starts)
    const small = candidatesInBackground(campaign, candidatesFile, searches);
    expect(small.ranOn()).toBe('this thread');
    expect(small()).toEqual(here);
    // searches without scores take theirs from the candidates before the sweep: always read here
    const unscored = candidatesInBackground(campaign, candidatesFile, { ...searches, hasScores: false }, { minBytes: 0 });
    expect(unscored.ranOn()).toBe('this thread');
    expect(unscored()).toEqual(here);
    // a worker that has not answered in time is stopped and the table read here, with the same summary
    const late = candidatesInBackground(campaign, candidatesFile, searches, { minBytes: 0, waitMs: 0 });
    expect(late()).toEqual(here);
    expect(late.ranOn()).toBe('this thread');
  });

  it('refuses a bad table with the InputError this thread gives, after the worker failed on it', () => {
    const searches = readSearches(searchesFile, campaign);
    const bytes = readFileSync(candidatesFile);
    const bad = path.join(tmp, 'truncated.arrow');
    writeFileSync(bad, bytes.subarray(0, Math.floor(bytes.length / 2)));
    let direct: unknown;
    try {
      reconcileCandidates(bad, searches, codes);
    } catch (err) {
      direct = err;
    }
    expect(direct).toBeInstanceOf(InputError);
    const message = direct instanceof Error ? direct.message : '';
    expect(message).toContain('truncated.arrow');
    const threaded = candidatesInBackground(campaign, bad, searches, { minBytes: 0 });
    expect(() => threaded()).toThrow(InputError);
    expect(() => threaded()).toThrow(message);
    expect(threaded.ranOn()).toBe(null);
    expect(() => candidatesInBackground(campaign, bad, searches)).toThrow(message);
  });
});
