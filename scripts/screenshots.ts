/**
 * Screenshots of the report pages at phone and desktop widths through the system Chromium, to look at them:
 * `node --import tsx scripts/screenshots.ts [reportDir] [outDir]` (default reports/demo -> reports/out/screenshots).
 * Not a test: it writes PNGs and prints their paths.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_MISSING, findChromium, launchChromium } from '../harness/report/browser.ts';

const dir = process.argv[2] ?? 'reports/demo';
const out = process.argv[3] ?? 'reports/out/screenshots';
const WIDTHS = { phone: { width: 390, height: 844, deviceScaleFactor: 2 }, desktop: { width: 1280, height: 900, deviceScaleFactor: 1 } } as const;
const PAGES = ['index.html', 'annex.html', 'explorer.html'] as const;

const exe = findChromium(process.env);
if (exe === null) {
  console.error(CHROMIUM_MISSING);
  process.exit(3);
}
mkdirSync(out, { recursive: true });
const browser = await launchChromium(exe);
try {
  for (const [name, viewport] of Object.entries(WIDTHS)) {
    for (const file of PAGES) {
      const page = await browser.newPage();
      await page.setViewport(viewport);
      await page.goto(pathToFileURL(path.resolve(dir, file)).href, { waitUntil: 'load' });
      if (file === 'explorer.html') await page.waitForSelector('#chart svg[aria-label]', { timeout: 10_000 });
      const png = path.join(out, `${file.replace('.html', '')}-${name}.png`);
      await page.screenshot({ path: png, fullPage: true });
      console.log(png);
      await page.close();
    }
  }
} finally {
  await browser.close();
}
