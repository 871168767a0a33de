/** The report pages in a real browser (the system Chromium): no console errors, no network, slider works, axe-core. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, findChromium, launchChromium } from './browser.ts';
import { reportFixture } from './fixture.ts';
import { printPdf } from './print-pdf.ts';
import { renderReportSet } from './report-set.ts';

const ci = process.env.CI === 'true';
const exe = findChromium(process.env);
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PAGES = ['index.html', 'annex.html', 'explorer.html'] as const;
const results = reportFixture();

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
    if (file === 'explorer.html') await v.page.waitForSelector('#chart canvas', { timeout: 10_000 });
    expect(v.errors).toEqual([]);
    expect(v.requests).toEqual([]);
    await v.page.close();
  });

  it('moves the explorer numbers when the slider moves', async () => {
    const v = await visit('explorer.html');
    await v.page.waitForSelector('#chart canvas', { timeout: 10_000 });
    const texts = async (selector: string): Promise<string[]> =>
      await v.page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => e.textContent)`) as string[];
    const read = (): Promise<string[]> => texts('#threshold-value, #tpir, #fpir, #per-hour-value, #verdict');
    const before = await read();
    expect(before[0]).toBe('0.60 (operational)');
    expect(before[4]).toMatch(/No statistically significant difference/);
    await v.page.focus('#threshold');
    await v.page.keyboard.press('ArrowRight');
    const after = await read();
    expect(after[0]).toBe('0.65 (operational)');
    expect(after[1]).not.toBe(before[1]);
    expect(after[2]).not.toBe(before[2]);
    expect(after[4]).toMatch(/equivalent/);
    const groupRows = await texts('#groups-body tr');
    expect(groupRows.find((r) => r.startsWith('Other <b>&</b>'))).toMatch(/suppressed/);
    await v.page.select('#algorithm', '1');
    expect((await read())[4]).toMatch(/could not be tested/); // algorithm B's searches carry no comparisons
    expect(v.errors).toEqual([]);
    await v.page.close();
  });

  it('prints the public report and the annex to PDF', async () => {
    const files = [path.join(dir, 'index.html'), path.join(dir, 'annex.html')];
    const pdfs = await printPdf(files, { env: { ...process.env, EVENHAND_CHROMIUM: exe ?? '' }, simulated: results.campaign.simulated });
    expect([...pdfs.keys()]).toEqual(files.map((f) => f.replace(/\.html$/, '.pdf')));
    for (const pdf of pdfs.values()) expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  });

  it.each(PAGES)('%s has no serious or critical accessibility violations (axe-core)', async (file) => {
    for (const width of [390, 1280]) {
      const v = await visit(file, width);
      if (file === 'explorer.html') await v.page.waitForSelector('#chart canvas', { timeout: 10_000 });
      await v.page.addScriptTag({ content: AXE });
      // Runs in the page (a string, as this project's type check has no DOM library).
      const violations = await v.page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
        r.violations.map((x) => ({ id: x.id, impact: x.impact, targets: x.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) })))`) as { id: string; impact: string | null; targets: string[] }[];
      expect(violations.filter((x) => x.impact === 'serious' || x.impact === 'critical'), `${file} at ${width}px`).toEqual([]);
      await v.page.close();
    }
  });
});
