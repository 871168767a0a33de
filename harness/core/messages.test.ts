import { describe, expect, it } from 'vitest';
import { errnoCode, formatBytes, fsReason, unreadable } from './messages.ts';

describe('the message catalogue', () => {
  it('says filesystem errors in words, with the code kept', () => {
    expect(fsReason(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe('no such file or folder (ENOENT)');
    expect(fsReason(Object.assign(new Error('x'), { code: 'EWHATEVER' }))).toBe('a filesystem error (EWHATEVER)');
    expect(fsReason(new Error('first line\nsecond'))).toBe('first line');
    expect(errnoCode({ code: 'not-errno' })).toBeNull();
    expect(unreadable({ code: 'EACCES' })).toEqual({ path: '', expected: 'a readable file', got: 'permission denied (EACCES)' });
    expect([formatBytes(512), formatBytes(256 * 1024 * 1024), formatBytes(1536)]).toEqual(['512 bytes', '256 MiB', '1.5 KiB']);
  });
});
