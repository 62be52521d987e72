// resolveFixturesDir: the one place that says where the recorded fixtures are.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveFixturesDir } from './fixtures';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('resolveFixturesDir', () => {
  it('uses $FIXTURES_DIR when it is set', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fixtures-'));
    try {
      expect(resolveFixturesDir({ FIXTURES_DIR: dir })).toBe(dir);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('refuses a $FIXTURES_DIR that is not a directory, and says which variable to fix', () => {
    const missing = path.join(tmpdir(), 'no-such-fixtures-dir-for-this-test');
    expect(() => resolveFixturesDir({ FIXTURES_DIR: missing })).toThrow(/FIXTURES_DIR is set to/);
  });

  it('else ../shared/fixtures beside the repository', () => {
    const expected = path.resolve(repoRoot, '../shared/fixtures');
    let found: string | undefined;
    try {
      found = resolveFixturesDir({});
    } catch (error) {
      expect(String(error)).toContain('../shared/fixtures');
      return;
    }
    expect(found).toBe(expected);
  });
});
