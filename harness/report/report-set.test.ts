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

  it('give the verdict at each operational threshold, and say when nothing was tested', () => {
    expect(pages.index).toContain('No statistically significant difference between groups (this is not proof that they are treated equally).');
    expect(pages.index).toContain('shown to be equivalent within the protocol&#39;s margin');
    expect(pages.index).toContain('Differences between groups were not tested at this threshold');
    expect(pages.index).toContain('The algorithms side by side');
  });

  it('carry the tests, corrections, regression, differential indices, DET, scores and provenance in the annex', () => {
    for (const text of ['Homogeneity tests', 'fisher-exact', 'Adjusted p', 'Equivalence p', 'Differential indices', 'GARBE',
      'Logistic regression of false-alert', 'Wald tests', 'DET curves by sex', 'Score distributions by ethnicity', 'Provenance', 'a'.repeat(64),
      'Cluster bootstrap', 'rates.arrow']) expect(pages.annex).toContain(text);
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
    expect(alpha.rows.map((r) => r.verdict.kind)).toEqual(['untested', 'significant-difference', 'no-significant-difference', 'equivalent', 'untested']);
    const eth = alpha.rows[2]!.differentials.find((d) => d.level === 'Ethnicity' && d.rate.startsWith('False match'))!;
    expect(eth.groups).toBe(2); // Other is below the minimum cell size
    expect(alpha.rows[2]!.groups.find((g) => g.label.startsWith('Other'))?.tpir?.e).toBeNull();
    expect(data.algorithms[0]!.fillerScale).toBeCloseTo(10_000 / 178_000, 12);
  });
});

describe('evenhand report', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
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
