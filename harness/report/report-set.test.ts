import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderAnnex } from './annex.ts';
import { chartCache, type ChartRenderer } from './chart-cache.ts';
import { renderExplorer } from './explorer.ts';
import { chooseThreshold } from '../policy/index.ts';
import { explorerData } from './explorer-data.ts';
import { reportFixture } from './fixture.ts';
import { checkGolden, GOLDEN_DIR, normaliseHtml } from './golden.ts';
import { renderPublicReport } from './public-report.ts';

const ci = process.env.CI === 'true';
const results = reportFixture();
const pages: Record<'index' | 'annex' | 'explorer', string> = { index: '', annex: '', explorer: '' };
const specs: TopLevelSpec[] = [];

beforeAll(async () => {
  const cache = chartCache();
  const recording: ChartRenderer = (spec) => {
    specs.push(spec);
    return cache(spec);
  };
  pages.index = await renderPublicReport(results, recording);
  pages.annex = await renderAnnex(results, recording);
  pages.explorer = renderExplorer(results, { passersByPerHour: 3770, libraries: '' });
});

function expectGolden(name: string, text: string): void {
  const out = checkGolden(name, text, { ci, dir: GOLDEN_DIR });
  if (!out.ok) throw new Error(out.message);
}

describe('report pages of the fixture', () => {
  it('match their golden files (Vega-Lite specs and normalised HTML)', () => {
    expectGolden('fixture-specs.json', `${JSON.stringify(specs, null, 1)}\n`);
    expectGolden('fixture-index.html', normaliseHtml(pages.index));
    expectGolden('fixture-annex.html', normaliseHtml(pages.annex));
    expectGolden('fixture-explorer.html', normaliseHtml(pages.explorer));
  });

  it('escape labels that contain HTML, everywhere', () => {
    for (const html of Object.values(pages)) {
      expect(html).not.toContain('<script>alert(1)');
      expect(html).not.toContain('<b>&</b>');
      expect(html).not.toContain('Algorithm <B>');
    }
    expect(pages.index).toContain('Fixture campaign &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(pages.explorer).toContain('Algorithm \\u003cB>');
  });

  it('suppress groups below the minimum cell size in the public report, and say so', () => {
    expect(pages.index).toContain('Not shown because fewer than 20 searches: Other &lt;b&gt;&amp;&lt;/b&gt; &quot;unlisted&quot;.');
    const otherRow = /<tr><th scope="row">Other &lt;b&gt;[^]*?<\/tr>/.exec(pages.index)?.[0] ?? '';
    expect(otherRow).toContain('suppressed');
    expect(otherRow).not.toMatch(/\d+\.\d+%/);
  });

  it('give one plain line per grouping and error type at each operational threshold, and say when nothing could be tested', () => {
    expect(pages.index).toContain('<li class="verdict no-significant-difference"><span class="subject">False alerts by ethnicity:</span> no significant difference found (this is not proof of equal treatment)</li>');
    expect(pages.index).toContain('<li class="verdict equivalent"><span class="subject">False alerts by ethnicity:</span> equivalent within a factor of 2</li>');
    expect(pages.index).toContain('Differences between groups could not be tested at this threshold');
    // p-values and power are for the annex
    const headlines = [...pages.index.matchAll(/<div class="headline">[^]*?<\/div>/g)].map((m) => m[0]).join('');
    expect(headlines).not.toMatch(/p = 0|power/);
    expect(pages.index).toContain('The algorithms side by side');
    expect(pages.index).toContain('tested at every threshold swept');
  });

  it('put the exclusions recorded in results.json into words, with counts by group', () => {
    expect(pages.index).toContain('Excluded (Algorithm A): 2 volunteers who failed to enrol (no face found in any enrolment image): their passes are analysed as non-mated (by sex/ethnicity: female/black: 1, male/asian: 1).');
    expect(pages.index).not.toContain('single image'); // a count of 0 is not listed
  });

  it('carry the tests, corrections, regression, differential indices, DET, scores and provenance in the annex', () => {
    for (const text of ['Homogeneity tests', 'fisher-exact', 'Adjusted p', 'Equivalence p', 'Differential indices', 'GARBE',
      'Logistic regression of false-alert', 'Wald tests', 'DET curves by sex', 'Score distributions by ethnicity', 'Provenance', 'a'.repeat(64),
      'Cluster bootstrap', 'rates.arrow']) expect(pages.annex).toContain(text);
  });

  it('show group false alert rates at the watchlist size as "1 in N", with charts at every operational threshold', () => {
    for (const t of ['0.60', '0.65']) {
      expect(pages.index).toContain(`<figcaption>Share of passes by people on the watchlist that were recognised, by group, at threshold ${t} (Algorithm A)</figcaption>`);
      expect(pages.index).toContain(`<figcaption>False alerts by group at threshold ${t}, for a watchlist of 10,000 people (Algorithm A)</figcaption>`);
    }
    // Black volunteers' filler-gallery rate at 0.60 scaled by 10,000 / 178,000 to the watchlist
    expect(pages.index).toContain('Black: about 1 in 1,700 (1 in 14,000 to 1 in 470)');
    expect(pages.index).toMatch(/Black: none observed \(fewer than 1 in [\d,]+, 95% confidence\)/);
    expect(pages.index).not.toMatch(/1 in 1[^,\d]/);
    // one population per chart: "Everyone" is the filler rate scaled too (2 of 380 x 10,000 / 178,000 = 1 in 3,382), not the crowd's
    expect(pages.index).toContain('for a watchlist of 10,000 people (Algorithm A). Everyone: about 1 in 3,400 (1 in 28,000 to 1 in 940)');
    expect(pages.index).toContain('this chart and its "Everyone" row come from these searches');
    // the crowd headline to two significant figures
    expect(pages.index).toContain('About <strong>1 in 60,000</strong> passers-by raised a false alert');
  });

  it('give the annex a table per operational threshold, failure to acquire, the methods and the verdict map', () => {
    expect(pages.annex).toContain('Rates by group at threshold 0.60 (Algorithm A): estimate (k/n; 95% clopper-pearson interval)');
    expect(pages.annex).toContain('Rates by group at threshold 0.65 (Algorithm A)');
    expect(pages.annex).toContain('<th scope="row">Everyone</th><td>81.0% <span class="kn">(324/400; 76.8% to 84.7%)</span></td><td>19.0% <span class="kn">(76/400; 15.3% to 23.2%)</span></td><td>0.526% <span class="kn">(2/380; 0.0638% to 1.89%)</span></td>');
    expect(pages.annex).toContain('about 1 in 60,000 <span class="kn">(1 in 500,000 to 1 in 17,000; from crowd)</span>');
    expect(pages.annex).toContain('Searches with no candidate (failure to acquire), by group (Algorithm A)');
    expect(pages.annex).toMatch(/<th scope="row">Female<\/th><td>Sex<\/td><td>mated<\/td><td>3 of 200<\/td><td>1\.50%<\/td>/);
    expect(pages.annex).toContain('is a miss at every threshold');
    for (const text of ['Significance level (alpha)</th><td>0.05', 'Holm step-down (family-wise error rate; Holm 1979)', '±5 percentage points', 'a ratio between 1/2 and 2',
      'Minimum power</th><td>80%', '2,000 replicates resampling whole volunteers, seed 2023; BCa intervals of the rates', 'pooled over the compared groups&#39; volunteers', 'largest here 1.25',
      'Exclusions before the analysis, by group (sex/ethnicity)', 'female/black: 1, male/asian: 1']) expect(pages.annex).toContain(text);
    expect(pages.annex).toContain('<figcaption>Verdicts between groups at every threshold (Algorithm A)</figcaption>');
    expect(pages.annex).toContain('False alerts by ethnicity: significant at 0.50, 0.55; equity from 0.60');
  });

  it('give the annex NISTIR 8280-style views: error rates against threshold, DET with operating points, who matched whom', () => {
    expect(pages.annex).toContain('<figcaption>Error rates against threshold by ethnicity (Algorithm A)</figcaption>');
    expect(pages.annex).toContain('diamonds mark the operational thresholds (0.60, 0.65)');
    expect(pages.annex).toContain('False matches by ethnicity of the person searched and of the gallery entry, filler_probe searches at threshold 0.60 (Algorithm A): 2 false alerts; Asian matched to Asian: 1; Black matched to Black: 1.');
    expect(pages.annex).toContain('No false alerts among filler_probe searches at threshold 0.65: nobody to show.');
    const det = specs.find((x) => x.description === 'DET curves by ethnicity (Algorithm A)');
    expect(JSON.stringify(det)).toContain('"shape":"diamond"');
  });

  it('give in the annex where equity starts, every verdict across thresholds, and the sentences behind the verdicts', () => {
    // alpha: FPIR by ethnicity significant at 0.50 and 0.55, not from 0.60 up
    expect(pages.annex).toMatch(/<th scope="row">FPIR \(filler_probe\) by Ethnicity<\/th><td>0\.60<\/td><td>0\.50, 0\.55<\/td><td>5<\/td><td>0\.25<\/td>/);
    expect(pages.annex).toContain('Verdicts at every threshold (Algorithm A): 5 comparisons');
    expect(pages.annex).toContain('At threshold 0.60, no statistically significant difference in FPIR between ethnicity groups (p = 0.410), but equivalence within a factor of 2 was not shown');
    expect(pages.annex).toContain('counts divided by the design effect 1.25 pooled over the groups&#39; volunteers (Rao &amp; Scott 1992; 35 degrees of freedom)');
    expect(pages.annex).toContain('Wald test of sex not reported: it involves a term with separation');
    expect(pages.annex).toContain('Reference categories: sex=female, ethnicity=asian');
  });

  it('make no reference to anything outside the page', () => {
    for (const html of Object.values(pages)) {
      expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
      expect(html).not.toMatch(/<link\b/);
    }
  });

  it('give the explorer one row per threshold, with differential indices and verdicts', () => {
    const data = explorerData(results, 3770);
    const alpha = data.algorithms[0]!;
    expect(alpha.rows.map((r) => r.t)).toEqual(results.settings.thresholds);
    expect(alpha.rows.map((r) => r.verdict.kind)).toEqual(['significant-difference', 'significant-difference', 'no-significant-difference', 'equivalent', 'equivalent']);
    // 1 in 13 and 1 in 20 of filler searches, scaled by 10,000 / 178,000 to the watchlist: 1 in 231 and 1 in 356
    expect(alpha.rows[0]?.verdict.lines).toEqual([{ subject: 'False alerts by ethnicity', verdict: 'significant-difference', text: 'a significant difference: most false alerts Black (about 1 in 230), fewest Asian (about 1 in 360)' }]);
    expect(data.algorithms[1]?.rows.every((r) => r.verdict.kind === 'untested')).toBe(true);
    expect(data.operationalIndex).toEqual([2, 3]);
    expect(data.passersByPerHour).toBe(3770);
    const eth = alpha.rows[2]!.differentials.find((d) => d.level === 'Ethnicity' && d.rate.startsWith('False match'))!;
    expect(eth.groups).toBe(2); // Other is below the minimum cell size
    expect(alpha.rows[2]!.groups.find((g) => g.label.startsWith('Other'))?.tpir?.e).toBeNull();
    // the group false alert rates at the watchlist size: none observed comes with its bound
    expect(alpha.rows[3]!.groups.find((g) => g.label === 'Black')?.fpirText).toMatch(/^none observed \(fewer than 1 in [\d,]+, 95% confidence\)$/);
    expect(alpha.rows[1]!.groups.find((g) => g.label === 'Black')?.fpirText).toBe('about 1 in 850 (1 in 3,100 to 1 in 340)');
  });

  it('give the explorer the policy answer of evenhand thresholds at every threshold, and the lowest meeting it', () => {
    const data = explorerData(results, 3770);
    results.algorithms.forEach((a, i) => {
      const choice = chooseThreshold(results, a, results.runInputs.policy);
      const rows = data.algorithms[i]!.rows;
      expect(rows.map((r) => r.policy.meets)).toEqual(choice.checks.map((c) => c.meets));
      expect(data.algorithms[i]!.lowestMeeting).toBe(choice.chosen === null ? -1 : results.settings.thresholds.indexOf(choice.chosen));
    });
    expect(data.algorithms[0]!.lowestMeeting).toBe(2);
    expect(data.algorithms[0]!.rows[1]!.policy.text).toBe('Does not meet the policy: false alerts at most 1 in 7,613 with 95% confidence (within the limit of 1 in 6,000); recognition 89.0% (at least 70.0%); 1 of 1 comparisons between groups found a significant difference.');
    expect(data.algorithms[1]!.rows[2]!.policy.text).toMatch(/no test between groups was possible\.$/);
  });
});

describe('evenhand report', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  it('refuses a results.json of an older schema version, naming the version it needs, writing nothing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'report-old-'));
    const old = path.join(dir, 'results.json');
    // version 2 as it was written: the pairwise differences without their bootstrap interval
    const v2 = { ...results, schemaVersion: 2, algorithms: results.algorithms.map((a) => ({ ...a, comparisons: a.comparisons.map((c) => ({ ...c, pairwise: c.pairwise.map(({ bootstrap: _dropped, ...p }) => p) })) })) };
    writeFileSync(old, JSON.stringify(v2));
    const out = path.join(dir, 'out');
    const run = spawnSync(process.execPath, [path.join(root, 'bin/evenhand.js'), 'report', '--results', old, '--out', out], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${old}: schemaVersion: expected results schema version 3`);
    expect(run.stderr).toContain('run evenhand analyse again');
    expect(run.stderr).toContain('got 2');
    expect(run.stderr).not.toContain('bootstrap');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a results.json that fails its schema with a clear error, writing nothing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'report-bad-'));
    const bad = path.join(dir, 'results.json');
    writeFileSync(bad, JSON.stringify({ ...results, settings: { ...results.settings, confidenceLevel: 2 } }));
    const out = path.join(dir, 'out');
    const run = spawnSync(process.execPath, [path.join(root, 'bin/evenhand.js'), 'report', '--results', bad, '--out', out], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${bad}: settings.confidenceLevel: expected`);
    expect(existsSync(out)).toBe(false);
  });
});
