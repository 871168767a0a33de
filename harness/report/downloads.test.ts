import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { ratesArrow, ratesCsv, RATE_COLUMNS } from './downloads.ts';
import { reportFixture } from './fixture.ts';

const results = reportFixture();
const rows = results.algorithms.reduce((s, a) => s + a.rates.length, 0);

describe('rate downloads', () => {
  it('writes one CSV row per rate, quoting labels with commas or quotes', () => {
    const lines = ratesCsv(results).trimEnd().split('\r\n');
    expect(lines[0]).toBe(RATE_COLUMNS.join(','));
    expect(lines).toHaveLength(rows + 1);
    expect(lines.find((l) => l.includes('ethnicity:other'))).toContain('"Other <b>&</b> ""unlisted"""');
    expect(lines.find((l) => l.includes('ethnicity:other'))).toMatch(/,true$/);
  });
  it('neutralises labels a spreadsheet would run as formulas; numbers stay numbers', () => {
    const hostile = reportFixture();
    const labels = ['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\tcmd'];
    hostile.groups.slice(1, 1 + labels.length).forEach((g, i) => { g.label = labels[i]!; });
    hostile.algorithms[0]!.rates[0]!.population = '=cmd|calc';
    const csv = ratesCsv(hostile);
    const cells = csv.split('\r\n').flatMap((line) => line.split(','));
    expect(cells.filter((c) => /^"?[=+\-@\t]/.test(c))).toEqual([]);
    expect(csv).toContain(`"'=HYPERLINK(""http://x""`);
    expect(csv).toContain(",'+1+2,");
    expect(csv).toContain(",'=cmd|calc,");
    expect(csv).toContain(",'\tcmd,");
  });
  it('writes the same rows as a typed Arrow table', () => {
    const t = tableFromIPC(ratesArrow(results));
    expect(t.numRows).toBe(rows);
    expect(t.schema.fields.map((f) => f.name)).toEqual([...RATE_COLUMNS]);
    const first = results.algorithms[0]!.rates[0]!;
    expect(t.getChild('k')?.get(0)).toBe(first.k);
    expect(t.getChild('threshold')?.get(0)).toBe(first.threshold);
    expect(t.getChild('bootstrap_lower')?.get(rows - 1)).toBeNull();
  });
});
