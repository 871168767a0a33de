import { describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, findChromium } from './browser.ts';
import { printPdf } from './print-pdf.ts';

describe('findChromium', () => {
  it('honours EVENHAND_CHROMIUM, and says clearly when there is none', async () => {
    expect(findChromium({ EVENHAND_CHROMIUM: '/nonexistent/chromium' })).toBeNull();
    expect(findChromium({ EVENHAND_CHROMIUM: process.execPath })).toBe(process.execPath);
    await expect(printPdf(['x.html'], { env: { EVENHAND_CHROMIUM: '/nonexistent/chromium' }, simulated: false })).rejects.toThrow(CHROMIUM_MISSING);
    expect(CHROMIUM_MISSING).toMatch(/apt-get install chromium/);
  });
});
