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

  it('give the verdict at each operational threshold, and say when nothing could be tested', () => {
    expect(pages.index).toContain('No statistically significant difference between groups (this is not proof that they are treated equally).');
    expect(pages.index).toContain('shown to be equivalent within the protocol&#39;s margin');
    expect(pages.index).toContain('Differences between groups could not be tested at this threshold');
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
    expect(alpha.rows[0]?.verdict.text).toMatch(/^A statistically significant difference between groups: At threshold 0\.50, FPIR \(filler_probe false alerts\) differed significantly between ethnicity groups \(p = 0\.004\): highest Black 1 in 13, lowest Asian 1 in 20\.$/);
    expect(data.algorithms[1]?.rows.every((r) => r.verdict.kind === 'untested')).toBe(true);
    expect(data.operationalIndex).toEqual([2, 3]);
    expect(data.passersByPerHour).toBe(3770);
    const eth = alpha.rows[2]!.differentials.find((d) => d.level === 'Ethnicity' && d.rate.startsWith('False match'))!;
    expect(eth.groups).toBe(2); // Other is below the minimum cell size
    expect(alpha.rows[2]!.groups.find((g) => g.label.startsWith('Other'))?.tpir?.e).toBeNull();
    expect(data.algorithms[0]!.fillerScale).toBeCloseTo(10_000 / 178_000, 12);
  });
});

describe('evenhand report', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  it('refuses a results.json of the previous schema version, naming the version it needs, writing nothing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'report-old-'));
    const old = path.join(dir, 'results.json');
    writeFileSync(old, JSON.stringify({ ...results, schemaVersion: 1 }));
    const out = path.join(dir, 'out');
    const run = spawnSync(process.execPath, [path.join(root, 'bin/evenhand.js'), 'report', '--results', old, '--out', out], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${old}: schemaVersion: expected results schema version 2`);
    expect(run.stderr).toContain('run evenhand analyse again');
    expect(run.stderr).toContain('got 1');
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
