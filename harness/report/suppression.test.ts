import { describe, expect, it } from 'vitest';
import type { Results } from '../analyse/results-schema.ts';
import { clopperPearson, wilson } from '../stats/index.ts';
import { reportFixture } from './fixture.ts';
import { renderReportSet } from './report-set.ts';

/** The fixture with every rate of groups below the minimum cell size set from `k / n = share` at this `n`. */
function withSmallCells(n: number, share: number): Results {
  const results = reportFixture();
  for (const a of results.algorithms) {
    for (const r of a.rates) {
      if (r.group === 'overall' || r.n >= results.settings.minCellSize) continue;
      const k = Math.round(share * n);
      Object.assign(r, { k, n, estimate: k / n, oneIn: k === 0 ? null : n / k, intervals: { 'clopper-pearson': clopperPearson(k, n, 0.95), wilson: wilson(k, n, 0.95) } });
    }
  }
  return results;
}

const text = (v: string | Uint8Array | undefined): string => (typeof v === 'string' ? v : Buffer.from(v ?? new Uint8Array()).toString('utf8'));

describe('suppression of small groups in the public pages', () => {
  it("a suppressed cell's numbers appear nowhere in the public pages' bytes: the pages do not change when they do", async () => {
    const a = await renderReportSet(withSmallCells(11, 3 / 11), { libraries: '' });
    const b = await renderReportSet(withSmallCells(17, 13 / 17), { libraries: '' });
    for (const page of ['index.html', 'explorer.html'] as const) {
      expect(text(a.get(page)), page).toBe(text(b.get(page)));
      // and none of the small cell's figures, in any form the pages use
      const html = text(b.get(page));
      for (const token of ['"k":13,"n":17', String(13 / 17), '13 of 17']) expect(html, `${page}: ${token}`).not.toContain(token);
    }
    // The annex and the downloads keep them, flagged, for scientists: the test above can fail.
    expect(text(a.get('annex.html'))).not.toBe(text(b.get('annex.html')));
    expect(text(b.get('rates.csv'))).toMatch(/ethnicity:other,.*,13,17,.*,true\r\n/);
  });
});
