import { describe, expect, it } from 'vitest';
import { listFixtures, readFixture } from '../../../test/support/fixtures';
import { checkPackageName } from './package-name';

describe('checkPackageName', () => {
  it.each([
    'vue',
    'create-next-app',
    'lodash.merge',
    '@nuxt/kit',
    '@types/node',
    '@ljharb/has-package-exports-patterns',
    'a',
    'x-1_2.3~',
  ])('%s is valid and kept as typed', (name) => {
    expect(checkPackageName(name)).toEqual({ ok: true, name });
  });

  it('accepts the name of every recorded packument', () => {
    for (const file of listFixtures('registry/packuments')) {
      const doc = readFixture<{ name: string }>('registry/packuments', file);
      expect(checkPackageName(doc.name), doc.name).toEqual({ ok: true, name: doc.name });
    }
  });

  it('trims surrounding white space', () => {
    expect(checkPackageName('  vue\t\n')).toEqual({ ok: true, name: 'vue' });
    expect(checkPackageName(' @nuxt/kit ')).toEqual({ ok: true, name: '@nuxt/kit' });
  });

  it.each(['JSONStream', 'Babel', '@Scope/Name', 'a'.repeat(215), 'crazy!', 'fs', 'http'])(
    'accepts %s, legal for old packages (upper case, over 214 characters, special characters, core module names)',
    (name) => {
      expect(checkPackageName(name)).toEqual({ ok: true, name });
    },
  );

  it.each([
    ['', ['Name length must be greater than zero.']],
    ['   ', ['Name length must be greater than zero.']],
    ['has space', ['Name can only contain URL-friendly characters.']],
    ['../x', ['Name cannot start with a period.', 'Name can only contain URL-friendly characters.']],
    ['.hidden', ['Name cannot start with a period.']],
    ['_private', ['Name cannot start with an underscore.']],
    ['node_modules', ['node_modules is not a valid package name.']],
    ['@scope/', ['Name can only contain URL-friendly characters.']],
    ['a:b', ['Name can only contain URL-friendly characters.']],
    ['ünïcode', ['Name can only contain URL-friendly characters.']],
  ])('refuses %j with the validator’s problems as sentences', (input, problems) => {
    const result = checkPackageName(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.name).toBe(input.trim());
    expect(result.problems).toEqual(problems);
  });

  it('every problem is a sentence: capitalised (unless it starts with a name) and ending with a full stop', () => {
    for (const input of [
      '',
      ' x y ',
      '../../etc/passwd',
      '.a',
      '_a',
      '@/x',
      'a/b',
      'favicon.ico',
      'node_modules',
      '~/x',
      'a\u0000b',
    ]) {
      const result = checkPackageName(input);
      expect(result.ok, input).toBe(false);
      if (result.ok) continue;
      expect(result.problems.length).toBeGreaterThan(0);
      for (const problem of result.problems) expect(problem, input).toMatch(/^([A-Z]|node_modules |favicon\.ico ).*[.!?]$/);
    }
  });
});
