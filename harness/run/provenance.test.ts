import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageVersions, uncommittedChanges } from './provenance.ts';

describe('provenance', () => {
  it('lists the installed version of every dependency, packages that hide their package.json included', () => {
    const versions = packageVersions();
    const deps = Object.keys((JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }).dependencies);
    expect(Object.keys(versions)).toEqual([...deps].sort());
    const require = createRequire(path.resolve('package.json'));
    // apache-arrow and vega-lite export no ./package.json: read from their folders here, as a check
    for (const name of ['sharp', 'apache-arrow', 'vega', 'vega-lite']) {
      const dir = (require.resolve.paths(name) ?? [])[0] ?? '';
      const installed = (JSON.parse(readFileSync(path.join(dir, name, 'package.json'), 'utf8')) as { version: string }).version;
      expect(versions[name], name).toBe(installed);
    }
  });

  it('flags a working tree with uncommitted changes, and says null outside git', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-git-'));
    const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: dir, encoding: 'utf8' });
    expect(uncommittedChanges(dir)).toBeNull();
    git('init', '-q');
    writeFileSync(path.join(dir, 'a.txt'), 'one');
    git('add', 'a.txt');
    git('commit', '-qm', 'first');
    expect(uncommittedChanges(dir)).toEqual([]);
    writeFileSync(path.join(dir, 'a.txt'), 'two');
    writeFileSync(path.join(dir, 'b.txt'), 'new');
    expect(uncommittedChanges(dir)).toEqual(['a.txt', 'b.txt']);
  });
});
