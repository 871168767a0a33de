import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkGolden, normaliseHtml } from './golden.ts';

describe('checkGolden', () => {
  it('writes a missing file, passes on a match, writes -changed and fails on a mismatch', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'golden-'));
    expect(checkGolden('a.html', 'one', { ci: false, dir })).toEqual({ ok: true });
    expect(checkGolden('a.html', 'one', { ci: false, dir })).toEqual({ ok: true });
    const out = checkGolden('a.html', 'two', { ci: false, dir });
    expect(out.ok).toBe(false);
    expect(readFileSync(path.join(dir, 'a-changed.html'), 'utf8')).toBe('two');
    expect(checkGolden('a.html', 'one', { ci: false, dir }).ok).toBe(true);
    expect(existsSync(path.join(dir, 'a-changed.html'))).toBe(false);
  });
  it('fails on a missing golden file under CI', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'golden-'));
    const out = checkGolden('b.json', '{}', { ci: true, dir });
    expect(out.ok).toBe(false);
    expect(existsSync(path.join(dir, 'b.json'))).toBe(false);
  });
  it('replaces chart bodies by their text alternative and masks the version', () => {
    expect(normaliseHtml('<svg role="img" aria-label="A chart" width="3"><g><path d="M0"/></g></svg> Made with Evenhand 1.2.3, an'))
      .toBe('<svg aria-label="A chart">[chart]</svg> Made with Evenhand VERSION, an');
    expect(normaliseHtml('<ul><li>a</li><li>b</li></ul>')).toBe('<ul><li>a</li>\n<li>b</li>\n</ul>\n');
  });
});
