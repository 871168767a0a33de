/**
 * Candidate-list import: a vendor's lists for a campaign's probes, on a 0-100 scale, become the same searches and
 * candidates the lists were made from, and the same rates; unusable rows and unknown probes are named and counted.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseCampaign } from '../analyse/analyse-campaign.ts';
import { loadManifest } from '../campaign/load-manifest.ts';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { InputError } from '../core/input-error.ts';
import { importAlerts, importCandidates, loadLogFormat, loadScoreScale, writeImport, type ScoreScale } from './index.ts';

const dir = path.resolve('datasets/examples/alert-logs');
const campaign = loadProtocol('protocols/npl-2023-lfr.json');
const tmp = mkdtempSync(path.join(tmpdir(), 'evenhand-candidates-'));

describe('evenhand import-candidates', () => {
  it('gives back the searches and rates the lists were made from; bad rows and unknown probes counted', async () => {
    // searches with candidates, as a run would leave them (here: vendor B's log, imported)
    const run = await importAlerts({
      manifest: loadManifest(path.join(dir, 'manifest.json'), campaign.dimensions, { filesMustExist: false }), manifestFile: 'manifest.json', log: path.join(dir, 'vendor-b.jsonl'), format: loadLogFormat(path.join(dir, 'vendor-b.yaml')),
      formatSource: 'vendor-b.yaml', faceCounts: path.join(dir, 'vendor-b-faces.csv'), offsetMs: 0, toleranceMs: 1000, maxShiftMs: 600_000, topK: 10, strict: false,
    });
    await writeImport(path.join(tmp, 'run'), run);
    const rows = ['probe_id,rank,gallery_id,score', ...run.candidates.map((c) => `${c.searchId},${c.rank},${c.galleryId},${(c.score * 100).toFixed(4)}`)];
    const first = run.candidates[0];
    expect(first).toBeDefined();
    rows.push(`${first?.searchId},9,${first?.galleryId},1.5`); // the same gallery id again, lower: kept once at its best
    rows.push('not-a-probe,1,v01,70', `${first?.searchId},1,v02,high`, `${first?.searchId},0,v02,50`);
    writeFileSync(path.join(tmp, 'lists.csv'), `${rows.join('\n')}\n`);
    const scale: ScoreScale = { kind: 'linear', vendor: [0, 100], evenhand: [0, 1] };
    const lists = { searches: path.join(tmp, 'run', 'searches.arrow'), lists: path.join(tmp, 'lists.csv'), scale, topK: 10 };
    const r = await importCandidates({ ...lists, strict: false });
    expect(r.summary.excluded.unknownProbes).toBe(1);
    expect(r.summary.excluded.malformedRows).toBe(2);
    expect(r.problemLines).toEqual([
      `${lists.lists}: line ${rows.length - 1}: field "score": expected a number (the vendor's score), got "high"`,
      `${lists.lists}: line ${rows.length}: field "rank": expected a rank: a whole number >= 1, got "0"`,
    ]);
    const round = <T extends { score: number }>(c: T): T => ({ ...c, score: Number(c.score.toFixed(9)) });
    expect(r.candidates.map((c) => round({ ...c, decision: null }))).toEqual(run.candidates.map((c) => round({ ...c, decision: null })));
    expect(r.searches.map((s) => [s.searchId, s.mateRank, s.topNonmateId])).toEqual(run.searches.map((s) => [s.searchId, s.mateRank, s.topNonmateId]));
    await writeImport(path.join(tmp, 'lists'), r);
    const rates = (d: string) => analyseCampaign(campaign, [{ id: 'x', label: 'x', searches: path.join(tmp, d, 'searches.arrow'), candidates: path.join(tmp, d, 'candidates.arrow') }]).algorithms[0]?.rates.map((x) => `${x.metric}/${x.population}/${x.group}/${x.threshold}: ${x.k}/${x.n}`);
    expect(rates('lists')).toEqual(rates('run'));
    await expect(importCandidates({ ...lists, strict: true })).rejects.toThrow(InputError);

    // the score mapping of a mapping file (one implementation with the alert-log import): vendor A's alert-log
    // mapping file as it is (linear 0-100), and a table through the same line, map the lists the same way
    expect(loadScoreScale(path.join(dir, 'vendor-a.yaml'))).toEqual(scale);
    writeFileSync(path.join(tmp, 'table.yaml'), 'score:\n  scale: { kind: table, points: [[0, 0], [50, 0.5], [100, 1]] }\n');
    const byTable = await importCandidates({ ...lists, scale: loadScoreScale(path.join(tmp, 'table.yaml')), strict: false });
    expect(byTable.candidates).toEqual(r.candidates);
    writeFileSync(path.join(tmp, 'bad-table.yaml'), 'score:\n  scale: { kind: table, points: [[0, 0], [50, 0.7], [100, 0.6]] }\n');
    expect(() => loadScoreScale(path.join(tmp, 'bad-table.yaml'))).toThrow(/bad-table\.yaml[\s\S]*score\.scale[\s\S]*points\[2\] is not above points\[1\]/);
    writeFileSync(path.join(tmp, 'no-scale.yaml'), 'fields: {}\n');
    expect(() => loadScoreScale(path.join(tmp, 'no-scale.yaml'))).toThrow(/no-scale\.yaml[\s\S]*score/);
  });
});
