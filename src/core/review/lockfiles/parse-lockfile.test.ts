import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkLockfileSize, detectLockfileKind, LockfileError, MAX_LOCKFILE_BYTES, parseLockfile, type ParsedLockfile } from './index';

const read = (file: string) => readFileSync(new URL(`./test-data/${file}`, import.meta.url), 'utf8');

const FILES = {
  'npm-v1': 'package-lock-v1.json',
  'npm-v2': 'package-lock-v2.json',
  'npm-v3': 'package-lock-v3.json',
  'pnpm-v6': 'pnpm-lock-v6.yaml',
  'pnpm-v9': 'pnpm-lock-v9.yaml',
  'yarn-classic': 'yarn-classic.lock',
  'yarn-berry': 'yarn-berry.lock',
} as const;

const REGISTRY_KEYS = [
  'debug@4.3.4',
  'fsevents@2.3.3',
  'lru-cache@6.0.0',
  'ms@2.1.2',
  'semver@7.5.4',
  'string-width@4.2.3',
  'yallist@3.1.1',
  'yallist@4.0.0',
];

function entry(parsed: ParsedLockfile, key: string) {
  const found = parsed.entries.find((e) => e.key === key);
  if (!found) throw new Error(`${key} not among ${parsed.entries.map((e) => e.key).join(', ')}`);
  return found;
}

function assertThrowsCode(run: () => unknown, code: string) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LockfileError);
    expect((error as LockfileError).code).toBe(code);
    return error as LockfileError;
  }
  throw new Error(`expected a LockfileError ${code}`);
}

describe.each(Object.entries(FILES))('%s lockfile', (format, file) => {
  const parsed = parseLockfile(read(file));

  it('is detected as its format', () => {
    expect(parsed.format).toBe(format);
  });

  it('lists every registry package once, by its real name and version', () => {
    const keys = parsed.entries.map((e) => e.key).sort();
    // pnpm v9 records debug's optional peer supports-color as installed.
    const expected = format === 'pnpm-v9' ? [...REGISTRY_KEYS, 'supports-color@8.1.1'].sort() : REGISTRY_KEYS;
    expect(keys).toEqual(expected);
  });

  it('resolves the npm: alias to the package it names', () => {
    const aliased = entry(parsed, 'string-width@4.2.3');
    expect(aliased.name).toBe('string-width');
    expect(aliased.aliases).toEqual(['string-width-cjs']);
    expect(parsed.entries.some((e) => e.name === 'string-width-cjs')).toBe(false);
  });

  it('gives the path that pulls each package in', () => {
    expect(entry(parsed, 'yallist@4.0.0').path).toEqual(['semver@7.5.4', 'lru-cache@6.0.0', 'yallist@4.0.0']);
    expect(entry(parsed, 'yallist@4.0.0').parents).toEqual(['lru-cache@6.0.0']);
    expect(entry(parsed, 'yallist@4.0.0').direct).toBe(false);
    expect(entry(parsed, 'yallist@3.1.1').direct).toBe(true);
    expect(entry(parsed, 'ms@2.1.2').path).toEqual(['debug@4.3.4', 'ms@2.1.2']);
  });

  it('lists git and file dependencies with the reason they cannot be checked', () => {
    const kinds = Object.fromEntries(parsed.nonRegistry.map((e) => [e.name, e.kind]));
    expect(kinds).toEqual({ 'my-git': 'git', 'local-thing': 'file' });
    for (const other of parsed.nonRegistry) {
      expect(other.reason.length).toBeGreaterThan(20);
      expect(other.direct).toBe(true);
    }
  });

  it('keeps the lockfile integrity (Yarn Berry records none comparable)', () => {
    const integrity = entry(parsed, 'semver@7.5.4').integrity;
    if (format === 'yarn-berry') expect(integrity).toBeUndefined();
    else expect(integrity).toBe('sha512-1bCSESV6Pv+i21Hvpxp3Dx+pSD8lIPt8uVjRrxAUt/nbswYc+tK6Y2btiULjd4+fnq15PX+nqQDC7Oft7WkwcA==');
  });
});

describe('what each format can tell', () => {
  it('package-lock v2/v3 and pnpm: dev and optional from the project\'s own dependencies', () => {
    for (const file of [FILES['npm-v3'], FILES['npm-v2'], FILES['pnpm-v6'], FILES['pnpm-v9']]) {
      const parsed = parseLockfile(read(file));
      expect(entry(parsed, 'debug@4.3.4')).toMatchObject({ dev: true, optional: false, direct: true });
      expect(entry(parsed, 'ms@2.1.2')).toMatchObject({ dev: true, direct: false });
      expect(entry(parsed, 'fsevents@2.3.3')).toMatchObject({ dev: false, optional: true });
      expect(entry(parsed, 'semver@7.5.4')).toMatchObject({ dev: false, optional: false });
    }
  });

  it('package-lock v1: the flags it records; direct inferred, with a warning', () => {
    const parsed = parseLockfile(read(FILES['npm-v1']));
    expect(entry(parsed, 'debug@4.3.4').dev).toBe(true);
    expect(entry(parsed, 'fsevents@2.3.3').optional).toBe(true);
    expect(entry(parsed, 'semver@7.5.4').dev).toBeUndefined();
    expect(parsed.warnings.join(' ')).toMatch(/does not record the project's own dependencies/);
  });

  it('yarn Berry: its checksum hashes Yarn\'s zip, so no integrity is kept; a missing dependency is a warning', () => {
    const parsed = parseLockfile(read(FILES['yarn-berry']));
    expect(parsed.entries.every((e) => e.integrity === undefined)).toBe(true);
    expect(entry(parsed, 'fsevents@2.3.3').optional).toBe(true);
    expect(entry(parsed, 'debug@4.3.4').dev).toBeUndefined();
    expect(parsed.warnings).toEqual(['fsevents@npm:~2.3.2 depends on node-gyp@npm:latest, which the lockfile does not list.']);
  });

  it('npm: nested node_modules resolve to the nearest copy', () => {
    const parsed = parseLockfile(read(FILES['npm-v3']));
    expect(entry(parsed, 'yallist@4.0.0').resolved).toBe('https://registry.npmjs.org/yallist/-/yallist-4.0.0.tgz');
  });
});

describe('more entry kinds (derived from the test lockfiles)', () => {
  it('npm v3: workspaces, bundled dependencies, tarball URLs and a cycle', () => {
    const lock = {
      name: 'mono',
      lockfileVersion: 3,
      packages: {
        '': { name: 'mono', workspaces: ['packages/*'], dependencies: { a: '^1.0.0', tar: 'https://example.com/tar-1.0.0.tgz' } },
        'node_modules/a': { version: '1.0.0', resolved: 'https://registry.example/a/-/a-1.0.0.tgz', integrity: 'sha512-AAAA', dependencies: { b: '^1.0.0' }, bundleDependencies: ['inner'] },
        'node_modules/a/node_modules/inner': { version: '2.0.0', inBundle: true },
        'node_modules/b': { version: '1.0.0', resolved: 'https://registry.example/b/-/b-1.0.0.tgz', dependencies: { a: '^1.0.0' } },
        'node_modules/tar': { version: '1.0.0', resolved: 'https://example.com/tar-1.0.0.tgz' },
        'node_modules/@mono/ws': { resolved: 'packages/ws', link: true },
        'packages/ws': { name: '@mono/ws', version: '0.0.1', dependencies: { b: '^1.0.0' } },
      },
    };
    const parsed = parseLockfile(JSON.stringify(lock));
    expect(parsed.entries.map((e) => e.key)).toEqual(['a@1.0.0', 'b@1.0.0']);
    expect(entry(parsed, 'a@1.0.0').parents).toEqual(['b@1.0.0']);
    expect(entry(parsed, 'b@1.0.0').path).toEqual(['a@1.0.0', 'b@1.0.0']);
    const kinds = Object.fromEntries(parsed.nonRegistry.map((e) => [e.name, e.kind]));
    expect(kinds).toEqual({ tar: 'tarball', inner: 'bundled', '@mono/ws': 'workspace' });
  });

  it('pnpm v9: link: dependencies and a workspace importer', () => {
    const yaml = [
      "lockfileVersion: '9.0'",
      'importers:',
      '  .:',
      '    dependencies:',
      '      sibling:',
      '        specifier: link:../sibling',
      '        version: link:../sibling',
      '  packages/app:',
      '    dependencies:',
      '      ms:',
      '        specifier: ^2.1.0',
      '        version: 2.1.3',
      'packages:',
      '  ms@2.1.3:',
      '    resolution: {integrity: sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==}',
      'snapshots:',
      '  ms@2.1.3: {}',
      '',
    ].join('\n');
    const parsed = parseLockfile(yaml);
    expect(entry(parsed, 'ms@2.1.3')).toMatchObject({ direct: true, dev: false });
    expect(parsed.nonRegistry).toMatchObject([{ name: 'sibling', kind: 'link', source: 'link:../sibling' }]);
  });

  it('pnpm v9 and yarn classic: a cycle (a → b → a) gives each entry once, with both parents', () => {
    const pnpm = [
      "lockfileVersion: '9.0'",
      'importers:',
      '  .:',
      '    dependencies:',
      '      a:',
      '        specifier: ^1.0.0',
      '        version: 1.0.0',
      'packages:',
      '  a@1.0.0:',
      '    resolution: {integrity: sha512-AAAA}',
      '  b@1.0.0:',
      '    resolution: {integrity: sha512-BBBB}',
      'snapshots:',
      '  a@1.0.0:',
      '    dependencies:',
      '      b: 1.0.0',
      '  b@1.0.0:',
      '    dependencies:',
      '      a: 1.0.0',
      '',
    ].join('\n');
    const yarn = [
      '# yarn lockfile v1',
      '',
      'a@^1.0.0:',
      '  version "1.0.0"',
      '  resolved "https://registry.yarnpkg.com/a/-/a-1.0.0.tgz"',
      '  integrity sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==',
      '  dependencies:',
      '    b "^1.0.0"',
      '',
      'b@^1.0.0:',
      '  version "1.0.0"',
      '  resolved "https://registry.yarnpkg.com/b/-/b-1.0.0.tgz"',
      '  integrity sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==',
      '  dependencies:',
      '    a "^1.0.0"',
      '',
    ].join('\n');
    for (const text of [pnpm, yarn]) {
      const parsed = parseLockfile(text);
      expect(parsed.entries.map((e) => e.key).sort()).toEqual(['a@1.0.0', 'b@1.0.0']);
      expect(entry(parsed, 'a@1.0.0').parents).toEqual(['b@1.0.0']);
      expect(entry(parsed, 'b@1.0.0').parents).toEqual(['a@1.0.0']);
    }
    // pnpm names the project's own dependencies: the path runs from there.
    expect(entry(parseLockfile(pnpm), 'b@1.0.0').path).toEqual(['a@1.0.0', 'b@1.0.0']);
  });
});

describe('bad input', () => {
  it('refuses a lockfile over 50 MB by its size, before reading it', () => {
    const error = assertThrowsCode(() => checkLockfileSize(MAX_LOCKFILE_BYTES + 1), 'TOO_LARGE');
    expect(error.message).toMatch(/50 MB/);
    expect(() => checkLockfileSize(MAX_LOCKFILE_BYTES)).not.toThrow();
  });

  it('refuses a 50 MB text without parsing it', () => {
    // Not JSON at all: were it parsed, the error would be MALFORMED.
    const huge = '{' + 'x'.repeat(MAX_LOCKFILE_BYTES + 10);
    assertThrowsCode(() => parseLockfile(huge), 'TOO_LARGE');
  });

  it('counts UTF-8 bytes, not characters', () => {
    const text = '{"lockfileVersion": 3, "x": "' + 'é'.repeat(Math.ceil(MAX_LOCKFILE_BYTES / 2)) + '"}';
    expect(text.length).toBeLessThan(MAX_LOCKFILE_BYTES);
    assertThrowsCode(() => parseLockfile(text), 'TOO_LARGE');
  });

  it('says when a text is not a supported lockfile', () => {
    assertThrowsCode(() => parseLockfile('{"name": "x", "version": "1.0.0", "dependencies": {}}'), 'UNKNOWN_FORMAT');
    assertThrowsCode(() => parseLockfile('hello: world\n'), 'UNKNOWN_FORMAT');
    assertThrowsCode(() => parseLockfile('   \n'), 'EMPTY');
    expect(detectLockfileKind('just text')).toBeUndefined();
  });

  it('says when a lockfile version is not supported', () => {
    assertThrowsCode(() => parseLockfile('{"lockfileVersion": 7, "packages": {}}'), 'UNSUPPORTED_VERSION');
    assertThrowsCode(() => parseLockfile("lockfileVersion: '5.4'\npackages: {}\n"), 'UNSUPPORTED_VERSION');
  });

  it.each([
    ['package-lock.json', FILES['npm-v3']],
    ['pnpm-lock.yaml', FILES['pnpm-v9']],
    ['yarn.lock (classic)', FILES['yarn-classic']],
  ])('says a %s cut in the middle of an entry is truncated', (_label, file) => {
    const text = read(file);
    // Cut inside an integrity value (`{integrity: sha512-…` in pnpm, a JSON string in npm).
    const cut = text.slice(0, text.indexOf('sha512-Jo6dJ') + 20);
    assertThrowsCode(() => parseLockfile(cut), 'TRUNCATED');
  });

  it('says a yarn.lock (classic) cut inside a quoted value or after a key is truncated', () => {
    const text = read(FILES['yarn-classic']);
    const inUrl = text.slice(0, text.indexOf('lru-cache-6.0.0.tgz'));
    assertThrowsCode(() => parseLockfile(inUrl), 'TRUNCATED');
    const afterKey = text.slice(0, text.indexOf('  version "6.0.0"'));
    assertThrowsCode(() => parseLockfile(afterKey), 'TRUNCATED');
  });

  it('says a yarn.lock that is not valid is malformed', () => {
    const text = '# yarn lockfile v1\n\nfoo@^1.0.0:\n  version "1.0.0\n  resolved "x"\n\nbar@^1:\n  version "1"\n';
    const error = assertThrowsCode(() => parseLockfile(text), 'MALFORMED');
    expect(error.message).toMatch(/yarn\.lock/);
  });

  it('says a package-lock.json with broken JSON is malformed', () => {
    assertThrowsCode(() => parseLockfile('{"lockfileVersion": 3, "packages": {,}}'), 'MALFORMED');
  });

  it('carries its code across the worker boundary as plain data', () => {
    const error = assertThrowsCode(() => parseLockfile('{"lockfileVersion": 3}'), 'MALFORMED');
    expect(structuredClone(error.toData())).toEqual({ code: 'MALFORMED', format: 'npm-v3', message: error.message });
  });
});
