import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInside } from './path-rule.ts';

describe('the path rule', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'evenhand-paths-'));
  const data = path.join(root, 'data');
  const other = path.join(root, 'other');
  mkdirSync(path.join(data, 'img'), { recursive: true });
  mkdirSync(other);
  writeFileSync(path.join(data, 'img', 'a.png'), 'x');
  writeFileSync(path.join(other, 'b.png'), 'x');
  symlinkSync(path.join(other, 'b.png'), path.join(data, 'img', 'link.png'));
  const roots = { base: data, allowed: [] };

  it('resolves paths inside the folder, and refuses those outside it, by name or through a link', () => {
    expect(resolveInside('img/a.png', roots, 'file')).toEqual({ ok: true, file: path.join(data, 'img', 'a.png') });
    expect(resolveInside('../other/b.png', roots, 'file')).toMatchObject({ ok: false, got: `"../other/b.png" (${path.join(other, 'b.png')}, outside it)` });
    expect(resolveInside('/etc/passwd', roots, 'file')).toMatchObject({ ok: false });
    expect(resolveInside('img/link.png', roots, 'file')).toMatchObject({ ok: false, got: expect.stringMatching(/a link to .*b\.png, outside it/) as unknown });
  });

  it('allows a folder given with --allow-root, and refuses what is missing or of the wrong kind', () => {
    const allowed = { base: data, allowed: [other] };
    expect(resolveInside('img/link.png', allowed, 'file')).toMatchObject({ ok: true });
    expect(resolveInside(path.join(other, 'b.png'), allowed, 'file')).toMatchObject({ ok: true });
    expect(resolveInside('img/none.png', roots, 'file')).toMatchObject({ ok: false, got: '"img/none.png": no such file or folder (ENOENT)' });
    expect(resolveInside('img/none.png', roots, 'file', false)).toMatchObject({ ok: true });
    expect(resolveInside('img', roots, 'file')).toMatchObject({ ok: false, got: '"img": a folder' });
    expect(resolveInside('img', roots, 'file-or-folder')).toMatchObject({ ok: true });
  });
});
