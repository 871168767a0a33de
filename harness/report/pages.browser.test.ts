/** The report pages in a real browser (the system Chromium): no console errors, no network, slider works, axe-core. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, findChromium, launchChromium } from './browser.ts';
import { reportFixture } from './fixture.ts';
import { printPdf, SIMULATED_HEADER } from './print-pdf.ts';
import { renderReportSet } from './report-set.ts';

const ci = process.env.CI === 'true';
const exe = findChromium(process.env);
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PAGES = ['index.html', 'annex.html', 'explorer.html'] as const;
const results = reportFixture();
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const POPPLER = ['pdfinfo', 'pdftotext'].every((t) => spawnSync(t, ['-v']).error === undefined);
const A4_HEIGHT_PT = 841.92;

/** Runs a poppler tool and returns its standard output (throws on a non-zero exit). */
function tool(name: string, ...args: string[]): string {
  const run = spawnSync(name, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${name} ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

/** Text compared across HTML and PDF: compatibility-normalised (ligatures), without spaces, lower case. */
function plain(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** The text of an HTML fragment: tags dropped, then entities decoded. */
function htmlText(fragment: string): string {
  return fragment.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/** The headings (H1-H6) of a tagged PDF's structure tree in the order a screen reader meets them, with their text. */
function structureHeadings(file: string): string[] {
  const tree = tool('pdfinfo', '-struct-text', file).split('\n');
  const indent = (line: string): number => line.length - line.trimStart().length;
  const out: string[] = [];
  tree.forEach((line, i) => {
    if (!/^\s*H[1-6] \(block\)/.test(line)) return;
    let text = '';
    for (let j = i + 1; j < tree.length && indent(tree[j] ?? '') > indent(line); j++) text += /"(.*)"\s*$/.exec(tree[j] ?? '')?.[1] ?? '';
    out.push(plain(text));
  });
  return out;
}

function pageCount(file: string): number {
  return Number(/^Pages:\s+(\d+)$/m.exec(tool('pdfinfo', file))?.[1] ?? 0);
}

/** Per page, the bottom of the lowest word between the header and the footer (pdftotext -bbox), in points from the top. */
function textBottoms(file: string): number[] {
  return tool('pdftotext', '-bbox', file, '-').split('<page ').slice(1).map((pg) => Math.max(0, ...[...pg.matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"/g)]
    .map((m) => [Number(m[1]), Number(m[2])] as const).filter(([top, bottom]) => top > 46 && bottom < A4_HEIGHT_PT - 40).map(([, bottom]) => bottom)));
}

/** Whether a box lies within the window's height. */
function inWindow(box: { top: number; bottom: number }, height: number): boolean {
  return box.top >= 0 && box.bottom <= height;
}

interface Visit { page: Page; errors: string[]; requests: string[] }

describe.skipIf(exe === null && !ci)('report pages in Chromium', () => {
  let browser: Browser;
  let dir = '';

  beforeAll(async () => {
    if (exe === null) throw new Error(`CI=true needs a browser: ${CHROMIUM_MISSING}`);
    dir = mkdtempSync(path.join(os.tmpdir(), 'evenhand-pages-'));
    for (const [name, data] of await renderReportSet(results)) writeFileSync(path.join(dir, name), data);
    browser = await launchChromium(exe);
  });
  afterAll(async () => {
    await browser.close();
  });

  /** Opens `file`, recording console errors, page errors and every request that is not the page itself. */
  async function visit(file: string, width = 1280): Promise<Visit> {
    const page = await browser.newPage();
    await page.setViewport({ width, height: 900 });
    const errors: string[] = [];
    const requests: string[] = [];
    const url = pathToFileURL(path.join(dir, file)).href;
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warn') errors.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`pageerror: ${String(e)}`));
    page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
    await page.goto(url, { waitUntil: 'networkidle0' });
    return { page, errors, requests };
  }

  it.each(PAGES)('%s loads with no console errors and no requests beyond itself', async (file) => {
    const v = await visit(file);
    if (file === 'explorer.html') await v.page.waitForSelector('#chart svg[aria-label]', { timeout: 10_000 });
    expect(v.errors).toEqual([]);
    expect(v.requests).toEqual([]);
    await v.page.close();
  });

  /** The text of every element matching `selector`. */
  async function texts(page: Page, selector: string): Promise<string[]> {
    return await page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => e.textContent)`) as string[];
  }

  it('moves the explorer numbers, verdicts and policy answer when the slider moves', async () => {
    const v = await visit('explorer.html');
    await v.page.waitForSelector('#chart svg[aria-label]', { timeout: 10_000 });
    const read = async (): Promise<string[]> => await v.page.evaluate(`['threshold-value', 'tpir', 'fpir', 'per-hour-value', 'policy', 'summary'].map((id) => document.getElementById(id).textContent)`) as string[];
    const before = await read();
    expect(before[0]).toBe('0.60 (operational, lowest meeting the policy)');
    expect(before[4]).toMatch(/^Meets the policy: /);
    expect(await texts(v.page, '#verdicts li')).toEqual(['False alerts by ethnicity: no significant difference found (this is not proof of equal treatment)']);
    await v.page.focus('#threshold');
    await v.page.keyboard.press('ArrowRight');
    const after = await read();
    expect(after[0]).toBe('0.65 (operational)');
    expect(after[1]).not.toBe(before[1]);
    expect(after[2]).not.toBe(before[2]);
    expect(after[5]).toMatch(/^0\.65: recognised 73\.0%; false alerts about 1 in 120,000; meets the policy$/);
    expect(await texts(v.page, '#verdicts li')).toEqual(['False alerts by ethnicity: equivalent within a factor of 2']);
    const groupRows = await texts(v.page, '#groups-body tr');
    expect(groupRows.find((r) => r.startsWith('Other <b>&</b>'))).toMatch(/suppressed/);
    // group false alert rates at the watchlist size, in the words of the headline (none observed with its bound)
    expect(groupRows.find((r) => r.startsWith('Black'))).toMatch(/none observed \(fewer than 1 in [\d,]+, 95% confidence\)$/);
    await v.page.keyboard.press('Home');
    expect((await texts(v.page, '#groups-body tr')).find((r) => r.startsWith('Black'))).toMatch(/about 1 in 230 \(1 in 400 to 1 in 140\)$/);
    expect(await texts(v.page, '#verdicts li')).toEqual(['False alerts by ethnicity: a significant difference: most false alerts Black (about 1 in 230), fewest Asian (about 1 in 360)']);
    await v.page.select('#algorithm', '1');
    expect(await texts(v.page, '#verdicts li')).toEqual(['Differences between groups could not be tested at this threshold.']); // algorithm B's searches carry no comparisons
    expect(await texts(v.page, '#lowest')).toEqual(['No threshold on the slider meets the policy.']);
    expect(v.errors).toEqual([]);
    await v.page.close();
  });

  it('gives at every slider position the policy answer of evenhand thresholds, and marks the lowest threshold meeting it', async () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/evenhand.js'), 'thresholds', '--results', path.join(dir, 'results.json'), '--json'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const { choices } = JSON.parse(run.stdout) as { choices: { chosen: number | null; checks: { threshold: number; meets: boolean }[] }[] };
    const v = await visit('explorer.html');
    for (const [a, choice] of choices.entries()) {
      if (a > 0) await v.page.select('#algorithm', String(a));
      const answers: boolean[] = [];
      for (const [i, check] of choice.checks.entries()) {
        await v.page.evaluate(`(() => { const s = document.getElementById('threshold'); s.value = '${i}'; s.dispatchEvent(new Event('input')); })()`);
        const [label, policy] = await texts(v.page, '#threshold-value, #policy');
        expect(label?.startsWith(check.threshold.toFixed(2))).toBe(true);
        expect(label?.includes('lowest meeting the policy')).toBe(check.threshold === choice.chosen);
        answers.push(policy?.startsWith('Meets the policy:') ?? false);
      }
      expect(answers).toEqual(choice.checks.map((c) => c.meets));
      expect(await v.page.evaluate(`document.getElementById('lowest-mark').hidden`)).toBe(choice.chosen === null);
    }
    expect(choices[0]?.chosen).toBe(0.6);
    await v.page.close();
  });

  it('shows the verdicts between groups at every threshold in one map, the selected threshold outlined', async () => {
    const v = await visit('explorer.html');
    expect(await texts(v.page, '#map-head th')).toEqual(['Threshold', ...results.settings.thresholds.map((t) => t.toFixed(2))]);
    expect(await texts(v.page, '#map-body tr')).toEqual(['False alerts by ethnicityDDNEE']);
    expect(await texts(v.page, '#map-head th.current')).toEqual(['0.60']);
    await v.page.focus('#threshold');
    await v.page.keyboard.press('ArrowLeft');
    expect(await texts(v.page, '#map-head th.current, #map-body td.current')).toEqual(['0.55', 'D']);
    await v.page.close();
  });

  it('keeps the explorer slider and its summary on screen on a phone, and the group table inside its own scrolling box', async () => {
    const v = await visit('explorer.html', 375);
    await v.page.evaluate(`document.getElementById('groups-wrap').scrollIntoView()`);
    const boxes = await v.page.evaluate(`['threshold', 'summary', 'groups-wrap'].map((id) => { const r = document.getElementById(id).getBoundingClientRect(); return { top: r.top, bottom: r.bottom }; })`) as { top: number; bottom: number }[];
    const height = await v.page.evaluate('window.innerHeight') as number;
    expect(inWindow(boxes[0]!, height)).toBe(true);
    expect(inWindow(boxes[1]!, height)).toBe(true);
    expect(await v.page.evaluate('window.scrollY')).toBeGreaterThan(500); // the page did scroll
    expect(await v.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    const wrap = await v.page.evaluate(`(() => { const w = document.getElementById('groups-wrap'); return { fits: w.scrollWidth <= w.clientWidth, tabindex: w.getAttribute('tabindex'), overflow: getComputedStyle(w).overflowX }; })()`) as { fits: boolean; tabindex: string | null; overflow: string };
    expect(wrap.fits || (wrap.tabindex === '0' && wrap.overflow === 'auto')).toBe(true);
    await v.page.close();
  });

  it.each(PAGES)('%s draws every chart label at 10 CSS px or more at 375 px, and no wider than the screen', async (file) => {
    const v = await visit(file, 375);
    if (file === 'explorer.html') await v.page.waitForSelector('#chart svg[aria-label]', { timeout: 10_000 });
    const sizes = await v.page.evaluate(`[...document.querySelectorAll('svg text')]
      .filter((t) => t.getBoundingClientRect().width > 0 && t.getAttribute('opacity') !== '0')
      .map((t) => { const m = t.getScreenCTM(); return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); })`) as number[];
    expect(sizes.length).toBeGreaterThan(20);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(10);
    expect(await v.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    const widths = await v.page.evaluate(`[...document.querySelectorAll('figure svg, #chart svg')].filter((s) => s.getBoundingClientRect().width > 0).map((s) => s.getBoundingClientRect().width)`) as number[];
    expect(Math.max(...widths)).toBeLessThanOrEqual(345);
    await v.page.close();
  });

  describe.skipIf(!POPPLER && !ci)('printed PDFs (checked with poppler)', () => {
    const pdfs = new Map<string, string>();
    beforeAll(async () => {
      if (!POPPLER) throw new Error('CI=true needs poppler-utils (pdfinfo, pdftotext)');
      const files = [path.join(dir, 'index.html'), path.join(dir, 'annex.html')];
      const out = await printPdf(files, { env: { ...process.env, EVENHAND_CHROMIUM: exe ?? '' }, simulated: results.campaign.simulated });
      expect([...out.keys()]).toEqual(files.map((f) => f.replace(/\.html$/, '.pdf')));
      for (const [file, data] of out) {
        writeFileSync(file, data);
        pdfs.set(path.basename(file, '.pdf'), file);
      }
    });

    it.each(['index', 'annex'])('%s.pdf says "Simulated" on every page and has no near-blank page', (name) => {
      const file = pdfs.get(name) ?? '';
      const pages = pageCount(file);
      expect(pages).toBeGreaterThan(1);
      for (let p = 1; p <= pages; p++) expect(tool('pdftotext', '-f', String(p), '-l', String(p), file, '-'), `page ${p}`).toContain(SIMULATED_HEADER);
      const bottoms = textBottoms(file);
      expect(bottoms).toHaveLength(pages);
      for (const [i, bottom] of bottoms.slice(0, -1).entries()) expect(bottom, `page ${i + 1} of ${pages}`).toBeGreaterThan(A4_HEIGHT_PT / 3);
    });

    it('annex.pdf keeps every column of the wide tables (pairwise, regression, provenance)', () => {
      const text = tool('pdftotext', '-layout', pdfs.get('annex') ?? '', '-');
      for (const column of ['Equivalent', 'Equivalence', 'Odds ratio interval', 'SHA-256', 'Adjusted']) expect(text).toContain(column);
      expect(text.replace(/\s+/g, '')).toContain('a'.repeat(64));
    });

    it.each(['index', 'annex'])('%s.pdf is tagged: headings, figures with text alternatives, tables, language, title and outline', (name) => {
      const file = pdfs.get(name) ?? '';
      const info = tool('pdfinfo', file);
      expect(info).toMatch(/^Tagged:\s+yes$/m);
      const html = readFileSync(path.join(dir, `${name}.html`), 'utf8');
      const title = (/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
      expect(info).toContain(`Title:           ${title}`);
      const tags = new Set(tool('pdfinfo', '-struct', file).split('\n').map((l) => (l.trim().split(/\s/)[0] ?? '').replace(/:$/, '')));
      for (const tag of ['Document', 'H1', 'H2', 'P', 'Figure', 'Table', 'TH', 'TD', 'L', 'LI']) expect(tags.has(tag), tag).toBe(true);
      const raw = readFileSync(file).toString('latin1');
      expect(raw).toMatch(/\/Lang \(en\)/);
      expect(raw).toMatch(/\/Outlines \d+ 0 R/);
      const figures = (html.match(/class="chart-wide"/g) ?? []).length;
      expect(figures).toBeGreaterThan(0);
      expect((raw.match(/\/Alt \(/g) ?? []).length).toBe(figures);
    });

    it.each(['index', 'annex'])('%s.pdf reads in the page\'s order: the structure tree holds every heading of the page, in the page\'s order', (name) => {
      const html = readFileSync(path.join(dir, `${name}.html`), 'utf8');
      const expected = [...html.matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) => plain(htmlText(m[2] ?? '')));
      const found = structureHeadings(pdfs.get(name) ?? '');
      expect(expected.length).toBeGreaterThan(3);
      expect(found).toHaveLength(expected.length);
      // poppler's structure text stops at some ligature glyphs (the "ff" of "trade-off"), so a heading's text there is a prefix
      found.forEach((text, i) => {
        expect(text.length, `heading ${i + 1}`).toBeGreaterThan(0);
        expect(expected[i]?.startsWith(text), `heading ${i + 1}: "${text}" in the PDF, "${expected[i]}" on the page`).toBe(true);
      });
    });
  });

  it.each(PAGES)('%s has no serious or critical accessibility violations (axe-core)', async (file) => {
    for (const width of [390, 1280]) {
      const v = await visit(file, width);
      if (file === 'explorer.html') await v.page.waitForSelector('#chart svg[aria-label]', { timeout: 10_000 });
      await v.page.addScriptTag({ content: AXE });
      // Runs in the page (a string, as this project's type check has no DOM library).
      const violations = await v.page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
        r.violations.map((x) => ({ id: x.id, impact: x.impact, targets: x.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) })))`) as { id: string; impact: string | null; targets: string[] }[];
      expect(violations.filter((x) => x.impact === 'serious' || x.impact === 'critical'), `${file} at ${width}px: ${JSON.stringify(violations)}`).toEqual([]);
      await v.page.close();
    }
  });
});
