/** The system Chromium, found and launched headless for PDF printing, browser tests and screenshots (no download). */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';

/** Where a Chromium is looked for, in order, after the EVENHAND_CHROMIUM environment variable. */
export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'] as const;

/** The message when no Chromium is installed. */
export const CHROMIUM_MISSING = `No Chromium found (looked at $EVENHAND_CHROMIUM, ${CHROMIUM_PATHS.join(', ')}). Install one (Debian: apt-get install chromium fonts-dejavu-core) or set EVENHAND_CHROMIUM to its path.`;

/** The path of an installed Chromium, or null. @example findChromium(process.env) // '/usr/bin/chromium' */
export function findChromium(env: NodeJS.ProcessEnv): string | null {
  const own = env.EVENHAND_CHROMIUM;
  if (own !== undefined && own !== '') return existsSync(own) ? own : null;
  return CHROMIUM_PATHS.find((p) => existsSync(p)) ?? null;
}

/** Launches `executablePath` headless with no network side channels (no sandbox: CI runs as root). */
export function launchChromium(executablePath: string): Promise<Browser> {
  return puppeteer.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--font-render-hinting=none'],
  });
}
