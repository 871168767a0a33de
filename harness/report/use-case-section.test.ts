import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseCampaign } from '../analyse/analyse-campaign.ts';
import { writeTestTables } from '../analyse/test-tables.ts';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { cmcCsv } from './downloads.ts';
import { renderExplorer } from './explorer.ts';
import { annexUseCaseSection, explorerUseCaseLine, publicUseCaseSection } from './use-case-section.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-words-'));
const file = path.join(dir, 'rfr.json');
writeFileSync(file, JSON.stringify({
  id: 'words', title: 'Words', useCase: 'rfr', candidateList: { length: 2, reviewThreshold: 0.5 }, algorithms: [{ id: 'alg' }],
  thresholds: [0.5], operationalThresholds: [0.5], watchlist: { size: 4 }, report: { minCellSize: 1 }, analysis: { bootstrap: { replicates: 100 } },
}));
// Four mated searches: mates at rank 1, 1 and 2, one not in the list (its best candidate 0.6, above review); one with no face.
const g = 4;
const files = writeTestTables(dir, [
  { id: 'a', source: 'volunteer', mated: true, subject: 'p1', sex: 'female', ethnicity: 'white', gallerySize: g, candidates: [['p1', 0.9, true], ['q', 0.2, false]] },
  { id: 'b', source: 'volunteer', mated: true, subject: 'p2', sex: 'female', ethnicity: 'white', gallerySize: g, candidates: [['p2', 0.8, true], ['q', 0.2, false]] },
  { id: 'c', source: 'volunteer', mated: true, subject: 'p3', sex: 'male', ethnicity: 'white', gallerySize: g, candidates: [['q', 0.4, false], ['p3', 0.3, true]] },
  { id: 'd', source: 'volunteer', mated: true, subject: 'p4', sex: 'male', ethnicity: 'white', gallerySize: g, candidates: [['q', 0.6, false], ['r', 0.3, false]] },
  { id: 'e', source: 'volunteer', mated: true, subject: 'p5', sex: 'male', ethnicity: 'white', gallerySize: g, candidates: [] },
]);
const results = analyseCampaign(loadProtocol(file), [{ id: 'alg', label: 'alg', ...files }]);
const a = results.algorithms[0];

describe('the still-image use cases in words', () => {
  it('says the CMC at L as "the right person was in the first L candidates for N of every 100 searches"', () => {
    if (a === undefined) throw new Error('no algorithm');
    const html = publicUseCaseSection(results, a);
    expect(html).toContain('the right person was in the first 2 candidates for <strong>60 of every 100</strong> searches (60.0%;');
    expect(html).toContain('3 of 5)');
    expect(html).toContain('The right person was the first candidate for <strong>40 of every 100</strong> searches (2 of 5)');
    expect(html).toContain('In 1 of 5 searches (20.0%) the list did not hold the right person but did hold someone else scoring at or above the review threshold 0.50');
    expect(html).toContain('No face was found in 1 of 5 images searched');
    expect(html).toMatch(/Female \(Sex\): the right person was in the first 2 candidates for <strong>100 of every 100<\/strong>/);
  });

  it('puts the CMC, the mate ranks and the failures to enrol in the annex, and the list length in the explorer', () => {
    if (a === undefined) throw new Error('no algorithm');
    const annex = annexUseCaseSection(results, a);
    expect(annex).toContain('Lists of 2 candidates; rates at rank R = 2; review threshold 0.50');
    expect(annex).toContain('<th scope="row">Everyone</th><td>5</td><td>2</td><td>1</td><td>1</td><td>1</td>'); // ranks 1, 2; not in list; no face
    expect(explorerUseCaseLine(results.settings.useCase)).toContain('candidate lists of 2');
    expect(explorerUseCaseLine(undefined)).toBe('');
    const csv = cmcCsv(results)?.split('\r\n') ?? [];
    expect(csv[0]).toBe('algorithm,group,group_label,rank,k,n,estimate,cp_lower,cp_upper,wilson_lower,wilson_upper,below_min_cell');
    expect(csv.filter((l) => l.startsWith('alg,overall,')).map((l) => l.split(',').slice(3, 6).join(' '))).toEqual(['1 2 5', '2 3 5']);
  });

  it('speaks of searched photos in the explorer, not of passers-by and deployment-hours', () => {
    const html = renderExplorer(results, { passersByPerHour: 3770, libraries: '' });
    expect(html).toContain('<span>Someone wrong at or above the threshold (4 in the reference set)</span>');
    expect(html).toContain('<th scope="col">Not in the reference set, a candidate at or above the threshold (FPIR)</th>');
    expect(html).toContain('<p hidden><label for="per-hour">Passers-by per deployment-hour</label>');
    expect(html).not.toContain('false alerts the public would see');
    expect(html).not.toContain('otherwise from filler searches scaled to the watchlist');
    const data = JSON.parse(/<script type="application\/json" id="explorer-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}') as { words: { recognised: string; perHour: boolean } };
    expect(data.words).toMatchObject({ perHour: false, recognised: 'searches of people in the reference set with the right person in the first 2 candidates at or above the threshold' });
    const spec = /<script type="application\/json" id="explorer-spec">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    expect(spec).toContain('People not in the reference set with a candidate at or above the threshold (%)');
    expect(spec).not.toContain('deployment-hour');
  });
});
