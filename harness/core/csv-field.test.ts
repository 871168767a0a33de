import { describe, expect, it } from 'vitest';
import { csvField, csvRow } from './csv-field.ts';

describe('CSV guard', () => {
  it('writes text a spreadsheet would run as text, quotes where RFC 4180 needs it, and leaves numbers alone', () => {
    expect(csvRow(['=1+1', '+a', '-b', '@c', '\tx', 'plain', -3, 0.25, null, true])).toBe("'=1+1,'+a,'-b,'@c,'\tx,plain,-3,0.25,,true");
    expect(csvField('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvField('a,b')).toBe('"a,b"');
  });
});
