// parsePackument on every recorded packument, and on garbage (derived) that must never
// make it throw.
import { describe, expect, it } from 'vitest';
import { listFixtures, readFixture } from '../../../test/support/fixtures';
import { clone } from '../../../test/support/derived-record';
import { buildLargePackumentText, LARGE } from '../../../e2e/fixture-registry/large-packument';
import { makeRng } from '../../../test/support/rng';
import {
  isoTimeByDateParse,
  parseNewestOfEnd,
  parseNewestVersions,
  parsePackument,
  parseVersion,
  strictIsoTime,
} from './npm-packument';
import type { PackageRecord } from '../model';

type Doc = {
  name: string;
  'dist-tags': Record<string, string>;
  time: Record<string, string>;
  versions: Record<string, Record<string, unknown>>;
};

const FILES = listFixtures('registry/packuments');

function load(name: string) {
  const file = `${name.replace('/', '_')}.json`;
  const doc = readFixture<Doc>('registry/packuments', file);
  return { doc, pkg: parsePackument(doc, name) };
}

describe('parsePackument on every recorded packument', () => {
  it.each(FILES)('%s: all versions, newest publish first, tags and times mapped', (file) => {
    const doc = readFixture<Doc>('registry/packuments', file);
    const pkg = parsePackument(doc, doc.name);
    expect(pkg.name).toBe(doc.name);
    expect(pkg.versions.map((v) => v.version).sort()).toEqual(Object.keys(doc.versions).sort());
    // Newest first, and every recorded version has its publish time.
    const times = pkg.versions.map((v) => v.publishedAt);
    expect(times.every((t) => typeof t === 'string')).toBe(true);
    expect([...times].sort().reverse()).toEqual(times);
    for (const v of pkg.versions) expect(v.publishedAt).toBe(doc.time[v.version]);
    expect(pkg.distTags).toEqual(doc['dist-tags']);
    for (const [tag, version] of Object.entries(doc['dist-tags'])) {
      const record = pkg.versions.find((v) => v.version === version);
      if (record) expect(record.distTags).toContain(tag);
    }
    expect(pkg.createdAt).toBe(doc.time.created);
    expect(pkg.modifiedAt).toBe(doc.time.modified);
    for (const v of pkg.versions) {
      expect(v.name).toBe(doc.name);
      // Old records (tweetnacl before 2017) have only a shasum.
      if (v.dist.integrity !== undefined) expect(v.dist.integrity).toMatch(/^sha(1|512)-/);
      else expect(v.dist.shasum).toMatch(/^[0-9a-f]{40}$/);
      expect(v.dist.tarball).toMatch(/^https:\/\/registry\.example\//);
    }
  });

  it('vue: dist-tags, trusted publisher, attestations url and predicate type, repository', () => {
    const { pkg } = load('vue');
    expect(pkg.versions.map((v) => v.version)).toEqual([
      '3.6.0-beta.5',
      '3.6.0-beta.4',
      '3.5.27',
      '3.6.0-beta.3',
      '3.6.0-beta.2',
      '3.6.0-beta.1',
      '3.5.26',
      '3.6.0-alpha.7',
      '3.6.0-alpha.6',
      '3.6.0-alpha.5',
      '3.5.0-rc.1',
      '2.7.16',
      '1.0.28-csp',
    ]);
    expect(pkg.distTags.latest).toBe('3.5.27');
    expect(pkg.repositoryUrl).toBe('git+https://github.com/vuejs/core.git');
    expect(pkg.description).toBe('The progressive JavaScript framework for building modern web UI.');
    const latest = pkg.versions.find((v) => v.version === '3.5.27')!;
    expect(latest.distTags).toEqual(['latest']);
    expect(latest.publisher).toEqual({
      name: 'GitHub Actions',
      email: 'user1@example.com',
      trustedPublisher: { id: 'github', oidcConfigId: 'oidc:d56cba3e-2e34-4b01-9442-d2f0981e3993' },
    });
    expect(latest.dist.attestations).toEqual({
      url: 'https://registry.example/-/npm/v1/attestations/vue@3.5.27',
      provenancePredicateType: 'https://slsa.dev/provenance/v1',
    });
    expect(latest.repositoryUrl).toBe('git+https://github.com/vuejs/core.git');
    expect(latest.dist.signatures).toHaveLength(1);

    const legacy = pkg.versions.find((v) => v.version === '2.7.16')!;
    expect(legacy.distTags.sort()).toEqual(['legacy', 'v2-latest']);
    expect(legacy.publisher).toEqual({ name: 'yyx990803', email: 'user2@example.com' });
    expect(legacy.dist.attestations).toBeUndefined();
    expect(legacy.repositoryUrl).toBe('git+https://github.com/vuejs/vue.git');
    expect(legacy.deprecated).toContain('Vue 2 has reached EOL');
    expect(pkg.versions.find((v) => v.version === '1.0.28-csp')!.gitHead).toMatch(/^c45cfee2/);
  });

  it('nuxt: actor, install scripts, repository directory', () => {
    const { pkg } = load('nuxt');
    const rc = pkg.versions.find((v) => v.version === '4.0.0-rc.0')!;
    expect(rc.publisher).toEqual({
      name: 'danielroe',
      email: 'user5@example.com',
      actor: { name: 'danielroe', type: 'user' },
    });
    const two = pkg.versions.find((v) => v.version === '2.18.1')!;
    expect(two.installScripts).toEqual({ postinstall: 'opencollective || exit 0' });
    expect(two.repositoryDirectory).toBe('distributions/nuxt');
    const one = pkg.versions.find((v) => v.version === '1.4.5')!;
    expect(one.installScripts).toEqual({ postinstall: 'opencollective postinstall || exit 0' });
    expect(one.repositoryUrl).toBe('git+https://github.com/nuxt/nuxt.js.git');
    // Only install-time lifecycle scripts are kept.
    const latest = pkg.versions.find((v) => v.version === '4.3.1')!;
    expect(latest.installScripts).toEqual({});
    expect(latest.repositoryDirectory).toBe('packages/nuxt');
  });

  it('create-next-app: the release bot has no trusted publisher; 12.3.7 has no attestations; v0.2 predicate types', () => {
    const { pkg } = load('create-next-app');
    expect(pkg.versions).toHaveLength(24);
    expect(pkg.versions.every((v) => v.publisher?.name === 'vercel-release-bot' && !v.publisher.trustedPublisher)).toBe(
      true,
    );
    const backport = pkg.versions.find((v) => v.version === '12.3.7')!;
    expect(backport.publishedAt).toBe('2025-03-28T22:09:41.752Z');
    expect(backport.dist.attestations).toBeUndefined();
    expect(backport.distTags).toEqual(['next-12-3-2']);
    expect(pkg.versions.find((v) => v.version === '13.5.11')!.dist.attestations?.provenancePredicateType).toBe(
      'https://slsa.dev/provenance/v0.2',
    );
    expect(pkg.versions.filter((v) => v.dist.attestations)).toHaveLength(21);
  });

  it('tweetnacl: 0.9.0 is in `time` but not in `versions`: a removed version', () => {
    const { pkg } = load('tweetnacl');
    expect(pkg.removedVersions).toEqual([{ version: '0.9.0', publishedAt: '2014-07-08T17:17:59.887Z' }]);
    expect(pkg.versions).toHaveLength(25);
    expect(pkg.versions.every((v) => v.dist.signatures.length === 0)).toBe(true);
    expect(pkg.versions[0]?.version).toBe('1.0.3');
  });

  it('no other recorded packument lists removed versions', () => {
    for (const file of FILES.filter((f) => f !== 'tweetnacl.json')) {
      const doc = readFixture<Doc>('registry/packuments', file);
      expect(parsePackument(doc, doc.name).removedVersions, file).toEqual([]);
    }
  });

  it('@types/node keeps even a dist-tag named "undefined"', () => {
    const { pkg } = load('@types/node');
    expect(pkg.distTags.undefined).toBe('20.19.31');
    expect(pkg.distTags.latest).toBe('25.2.0');
  });

  it('nano-stringify-object (a per-version document with a versions map) still parses', () => {
    const { pkg } = load('nano-stringify-object');
    expect(pkg.versions.map((v) => v.version)).toEqual(['0.0.0']);
    expect(pkg.versions[0]?.publisher?.name).toBe('gameroman');
  });
});

describe('parsePackument on derived garbage never throws', () => {
  const vue = readFixture<Doc>('registry/packuments', 'vue.json');

  it.each([
    null,
    undefined,
    0,
    'x',
    true,
    [],
    {},
    { versions: null },
    { versions: [] },
    { versions: 'x' },
    { name: 5 },
  ])('%j gives an empty record under the requested name', (doc) => {
    const pkg = parsePackument(doc, 'requested');
    expect(pkg.name).toBe('requested');
    expect(pkg.versions).toEqual([]);
    expect(pkg.removedVersions).toEqual([]);
    expect(pkg.distTags).toEqual({});
  });

  it('derived: versions that are strings, null, numbers or arrays are skipped; the others survive', () => {
    const doc = clone(vue) as unknown as Record<string, Record<string, unknown>>;
    doc.versions!['9.0.0'] = 'not a manifest' as never;
    doc.versions!['9.0.1'] = null as never;
    doc.versions!['9.0.2'] = 42 as never;
    doc.versions!['9.0.3'] = [] as never;
    const pkg = parsePackument(doc, 'vue');
    expect(pkg.versions.map((v) => v.version)).not.toContain('9.0.0');
    expect(pkg.versions).toHaveLength(13);
    // A skipped version is still in `versions`, so it is not reported as removed.
    expect(pkg.removedVersions).toEqual([]);
  });

  it('derived: without `time`, versions have no publish time and fall back to semver order', () => {
    const doc = clone(vue) as Partial<Doc>;
    delete doc.time;
    const pkg = parsePackument(doc, 'vue');
    expect(pkg.versions.every((v) => v.publishedAt === undefined)).toBe(true);
    expect(pkg.versions.map((v) => v.version).slice(0, 4)).toEqual([
      '3.6.0-beta.5',
      '3.6.0-beta.4',
      '3.6.0-beta.3',
      '3.6.0-beta.2',
    ]);
    expect(pkg.versions.at(-1)?.version).toBe('1.0.28-csp');
    expect(pkg.createdAt).toBeUndefined();
    expect(pkg.removedVersions).toEqual([]);
  });

  it('derived: unparseable times are dropped; dated versions come before undated ones', () => {
    const doc = clone(vue);
    doc.time['3.5.27'] = 'yesterday';
    (doc.time as Record<string, unknown>)['3.5.26'] = 12345;
    const pkg = parsePackument(doc, 'vue');
    const undated = pkg.versions.filter((v) => !v.publishedAt).map((v) => v.version);
    expect(undated.sort()).toEqual(['3.5.26', '3.5.27']);
    expect(pkg.versions.slice(-2).map((v) => v.version)).toEqual(['3.5.27', '3.5.26']);
  });

  it('derived: `time` is strict ISO 8601: "1" is rejected (not 2001-01-01), kept as the invalid value, never charted', () => {
    const doc = clone(vue);
    doc.time['3.5.27'] = '1';
    doc.time['3.5.26'] = '2025-12-18';
    doc.time['3.6.0-beta.5'] = '2026-02-30T00:00:00.000Z';
    doc.time['3.6.0-beta.4'] = '2026-01-23T08:38:47+02:00';
    const pkg = parsePackument(doc, 'vue');
    const at = (v: string) => pkg.versions.find((r) => r.version === v)!;
    expect(at('3.5.27')).toMatchObject({ publishedAt: undefined, invalidTime: '1' });
    expect(at('3.5.26')).toMatchObject({ publishedAt: undefined, invalidTime: '2025-12-18' });
    expect(at('3.6.0-beta.5')).toMatchObject({ publishedAt: undefined, invalidTime: '2026-02-30T00:00:00.000Z' });
    // A zone offset is ISO 8601 too: normalised to UTC so that times sort as text.
    expect(at('3.6.0-beta.4').publishedAt).toBe('2026-01-23T06:38:47.000Z');
    expect(at('3.6.0-beta.4').invalidTime).toBeUndefined();
    expect(at('3.6.0-beta.3').invalidTime).toBeUndefined();
  });

  it.each([
    ['2026-01-30T05:56:48.375Z', '2026-01-30T05:56:48.375Z'],
    ['2026-01-30T05:56:48Z', '2026-01-30T05:56:48.000Z'],
    ['2026-01-30T05:56Z', '2026-01-30T05:56:00.000Z'],
    ['2024-02-29T00:00:00.000Z', '2024-02-29T00:00:00.000Z'],
    ['1', undefined],
    ['2001', undefined],
    ['2026-01-30', undefined],
    ['2026-01-30T05:56:48', undefined],
    ['2023-02-29T00:00:00.000Z', undefined],
    ['2026-13-01T00:00:00.000Z', undefined],
    ['2026-01-30T24:00:00.000Z', undefined],
    ['Fri, 30 Jan 2026 05:56:48 GMT', undefined],
    [' 2026-01-30T05:56:48.375Z', undefined],
    ['', undefined],
  ])('strictIsoTime(%j) → %j', (value, expected) => {
    expect(strictIsoTime(value)).toBe(expected);
  });

  it("reads a time in toISOString's form as Date.parse does, valid or not (its fast path)", () => {
    // Every field a little past its range, years where the leap rule turns (1900, 2000,
    // 2100) and years the fast path leaves to Date.parse (before 1000).
    const { int, pick } = makeRng(20261201);
    const two = (max: number) => String(int(max + 1)).padStart(2, '0');
    const years = [
      '0000',
      '0004',
      '0099',
      '0100',
      '0400',
      '0999',
      '1000',
      '1600',
      '1900',
      '2000',
      '2023',
      '2024',
      '2100',
      '9999',
    ];
    let valid = 0;
    let invalid = 0;
    for (let i = 0; i < 20_000; i++) {
      const year = int(2) === 0 ? pick(years) : String(1000 + int(9000));
      const month = int(3) === 0 ? '02' : two(14);
      const day = int(3) === 0 ? pick(['28', '29', '30', '31']) : two(33);
      const time = `${two(25)}:${two(61)}:${two(61)}.${String(int(1000)).padStart(3, '0')}`;
      const value = `${year}-${month}-${day}T${time}Z`;
      const expected = isoTimeByDateParse(value);
      expect(strictIsoTime(value), value).toBe(expected);
      if (expected === undefined) invalid += 1;
      else valid += 1;
    }
    // Both outcomes, often: the comparison means something either way.
    expect(valid).toBeGreaterThan(2_000);
    expect(invalid).toBeGreaterThan(2_000);
  });

  it('derived: a dist-tag, a version and a time named __proto__ or constructor are ordinary entries', () => {
    // Written as text: in an object literal `__proto__` would set the prototype instead.
    const text =
      '{"name":"p","dist-tags":{"latest":"1.0.0","__proto__":"1.0.0","constructor":"2.0.0"},' +
      '"versions":{"1.0.0":{"dist":{}},"2.0.0":{"dist":{}}},' +
      '"time":{"1.0.0":"2020-01-01T00:00:00.000Z","2.0.0":"2020-02-01T00:00:00.000Z","toString":"2019-01-01T00:00:00.000Z"}}';
    // JSON.parse makes `__proto__` an own property, as a registry response would.
    const doc = JSON.parse(text) as unknown;
    const pkg = parsePackument(doc, 'p');
    expect(Object.keys(pkg.distTags)).toEqual(['latest', '__proto__', 'constructor']);
    expect(Object.hasOwn(pkg.distTags, '__proto__')).toBe(true);
    expect(pkg.distTags['__proto__']).toBe('1.0.0');
    expect(pkg.versions.find((v) => v.version === '1.0.0')?.distTags).toEqual(['latest', '__proto__']);
    expect(pkg.versions.find((v) => v.version === '2.0.0')?.distTags).toEqual(['constructor']);
    // `toString` is in `time` but not in `versions`: a removed version, not Object.prototype.toString.
    expect(pkg.removedVersions).toEqual([{ version: 'toString', publishedAt: '2019-01-01T00:00:00.000Z' }]);
    // And it survives JSON (the export) as an own key.
    expect(JSON.parse(JSON.stringify(pkg.distTags))).toEqual(
      JSON.parse('{"latest":"1.0.0","__proto__":"1.0.0","constructor":"2.0.0"}'),
    );
    expect(structuredClone(pkg.distTags)['__proto__']).toBe('1.0.0');
  });

  it('derived: a version named constructor with no time has no time (no lookup on the prototype)', () => {
    const doc = JSON.parse('{"versions":{"constructor":{"dist":{}},"__proto__":{"dist":{}}},"time":{}}') as unknown;
    const pkg = parsePackument(doc, 'p');
    expect(pkg.versions.map((v) => [v.version, v.publishedAt, v.invalidTime]).sort()).toEqual([
      ['__proto__', undefined, undefined],
      ['constructor', undefined, undefined],
    ]);
  });

  it('derived: a manifest without dist, with odd publisher, scripts and repository fields', () => {
    const manifest: Record<string, unknown> = {
      _npmUser: { name: 'x', trustedPublisher: { id: 5 }, approver: { email: 'no-name' }, actor: 'y' },
      scripts: { postinstall: 7, preinstall: 'node hack.js', install: null, test: 'jest' },
      repository: { url: 12 },
      dependencies: { a: '^1', b: 2, c: null },
      deprecated: false,
      gitHead: ['x'],
    };
    const v = parseVersion('pkg', '1.0.0', manifest, 'not a date', ['latest']);
    expect(v).toEqual({
      name: 'pkg',
      version: '1.0.0',
      publishedAt: undefined,
      distTags: ['latest'],
      publisher: { name: 'x' },
      dist: { integrity: undefined, shasum: undefined, tarball: undefined, signatures: [], attestations: undefined },
      repositoryUrl: undefined,
      repositoryDirectory: undefined,
      gitHead: undefined,
      installScripts: { preinstall: 'node hack.js' },
      dependencies: { a: '^1' },
      deprecated: undefined,
    });
  });

  it("derived: the packument key wins over the manifest's own name and version", () => {
    const doc = clone(vue);
    (doc.versions['3.5.27'] as Record<string, unknown>).name = 'evil';
    (doc.versions['3.5.27'] as Record<string, unknown>).version = '9.9.9';
    const v = parsePackument(doc, 'vue').versions.find((r) => r.version === '3.5.27');
    expect(v?.name).toBe('vue');
  });

  it('derived: malformed signatures and attestations are dropped entry by entry', () => {
    const v = parseVersion(
      'pkg',
      '1.0.0',
      {
        dist: {
          integrity: 'sha512-x',
          signatures: [null, { keyid: 'k' }, { sig: 's' }, { keyid: 1, sig: 's' }, { keyid: 'k', sig: 's' }, 'x'],
          attestations: { url: 7, provenance: { predicateType: 'p' } },
        },
      },
      '2024-01-01T00:00:00.000Z',
      [],
    );
    expect(v.dist.signatures).toEqual([{ keyid: 'k', sig: 's' }]);
    expect(v.dist.attestations).toBeUndefined();
    const w = parseVersion(
      'pkg',
      '1.0.0',
      { dist: { attestations: { url: 'https://r/x', provenance: 'p' } } },
      undefined,
      [],
    );
    expect(w.dist.attestations).toEqual({ url: 'https://r/x', provenancePredicateType: undefined });
  });

  it('derived: repository as a shorthand string, an empty string, or with a directory', () => {
    expect(parseVersion('p', '1.0.0', { repository: 'github:o/r' }, undefined, []).repositoryUrl).toBe('github:o/r');
    expect(parseVersion('p', '1.0.0', { repository: '' }, undefined, []).repositoryUrl).toBeUndefined();
    const withDir = parseVersion(
      'p',
      '1.0.0',
      { repository: { url: 'git+https://x/y.git', directory: 'packages/p' } },
      undefined,
      [],
    );
    expect([withDir.repositoryUrl, withDir.repositoryDirectory]).toEqual(['git+https://x/y.git', 'packages/p']);
    expect(parsePackument({ name: 'p', repository: 'o/r', versions: {} }, 'p').repositoryUrl).toBe('o/r');
  });

  it('derived: a version published at the same instant as another sorts by semver, then by text', () => {
    const t = '2024-01-01T00:00:00.000Z';
    const doc = {
      name: 'p',
      time: { '1.0.0': t, '1.10.0': t, '1.2.0': t, banana: t, apple: t },
      versions: { '1.0.0': {}, '1.10.0': {}, '1.2.0': {}, banana: {}, apple: {} },
    };
    const order = parsePackument(doc, 'p').versions.map((v) => v.version);
    expect(order.filter((v) => /^\d/.test(v))).toEqual(['1.10.0', '1.2.0', '1.0.0']);
    expect(order.indexOf('banana')).toBeLessThan(order.indexOf('apple'));
  });

  it('derived: removed versions are sorted newest first and exclude created/modified', () => {
    const doc = {
      name: 'p',
      time: {
        created: '2020-01-01T00:00:00.000Z',
        modified: '2024-01-01T00:00:00.000Z',
        '1.0.0': '2020-01-02T00:00:00.000Z',
        '2.0.0': '2021-01-01T00:00:00.000Z',
        '3.0.0': '2022-01-01T00:00:00.000Z',
      },
      versions: { '2.0.0': {} },
    };
    expect(parsePackument(doc, 'p').removedVersions).toEqual([
      { version: '3.0.0', publishedAt: '2022-01-01T00:00:00.000Z' },
      { version: '1.0.0', publishedAt: '2020-01-02T00:00:00.000Z' },
    ]);
  });
});

describe('parseNewestVersions', () => {
  const equalsFullParse = (name: string, doc: unknown, count: number) => {
    const full = parsePackument(doc, name);
    const newest = parseNewestVersions(doc, name, count);
    expect(newest.versionCount).toBe(full.versions.length);
    expect(newest.record.versions).toEqual(full.versions.slice(0, count));
    expect({ ...newest.record, versions: [] }).toEqual({ ...full, versions: [] });
  };

  it('gives the first versions of parsePackument, for every recorded packument', () => {
    for (const file of listFixtures('registry/packuments')) {
      const doc = readFixture<{ name: string }>('registry/packuments', file);
      for (const count of [1, 5, 50]) equalsFullParse(doc.name, doc, count);
    }
  });

  it('orders ties, missing and invalid times as parsePackument does (DERIVED times)', () => {
    const same = '2024-01-01T00:00:00.000Z';
    const doc = {
      name: 'ties',
      'dist-tags': { latest: '1.0.0' },
      versions: Object.fromEntries(
        ['1.0.0', '1.0.10', '1.0.2', 'not-semver', 'also-not', '0.9.0', '2.0.0', '3.0.0'].map((v) => [
          v,
          { version: v },
        ]),
      ),
      time: {
        '1.0.0': same,
        '1.0.10': same,
        '1.0.2': same,
        'not-semver': same,
        'also-not': 'yesterday',
        '0.9.0': same,
      },
    };
    for (let count = 1; count <= 8; count++) equalsFullParse('ties', doc, count);
  });

  it(`DERIVED: the newest 50 of ${LARGE}`, () => {
    const doc: unknown = JSON.parse(buildLargePackumentText({ name: LARGE }));
    equalsFullParse(LARGE, doc, 50);
  }, 60_000);
});

describe('parseNewestOfEnd: the newest versions from a document holding only the last of them', () => {
  /** The record parseNewestOfEnd gave, if it gave one. */
  const recordOf = (newest: PackageRecord | number | undefined) => (typeof newest === 'object' ? newest : undefined);
  /** `doc` with only its last `kept` versions, as a provisional reading of its end has it. */
  const endOf = (doc: Doc, kept: number): Doc => ({
    ...doc,
    versions: Object.fromEntries(Object.entries(doc.versions).slice(-kept)),
  });

  it('every recorded packument: parseNewestVersions of the whole, how many more an end needs, or nothing', () => {
    let given = 0;
    let short = 0;
    for (const file of FILES) {
      const doc = readFixture<Doc>('registry/packuments', file);
      const all = Object.keys(doc.versions ?? {}).length;
      for (const kept of [1, 3, all]) {
        for (const count of [1, 3, 5]) {
          const newest = parseNewestOfEnd(endOf(doc, kept), doc.name, count);
          if (typeof newest === 'number') {
            // Fewer held than asked for, and they are the newest of all: at most as many more as are missing.
            const held = Object.keys(endOf(doc, kept).versions);
            expect(held.length).toBeLessThan(count);
            expect(newest).toBeGreaterThanOrEqual(1);
            expect(newest).toBeLessThanOrEqual(count - held.length);
            const whole = parseNewestVersions(doc, doc.name, held.length).record.versions.map((v) => v.version);
            expect(whole.sort()).toEqual(held.sort());
            short += 1;
            continue;
          }
          if (!newest) continue;
          given += 1;
          expect(newest.versions).toEqual(parseNewestVersions(doc, doc.name, count).record.versions);
          expect(newest.distTags).toEqual(parsePackument(doc, doc.name).distTags);
        }
      }
    }
    // Not vacuous: most documents keep their newest versions last.
    expect(given).toBeGreaterThan(FILES.length * 3);
    expect(short).toBeGreaterThan(FILES.length / 2);
  });

  it(`DERIVED: the newest 50 of ${LARGE} from its last 100 versions`, () => {
    const doc = JSON.parse(buildLargePackumentText({ name: LARGE })) as Doc;
    const newest = parseNewestOfEnd(endOf(doc, 100), LARGE, 50);
    expect(recordOf(newest)?.versions).toEqual(parseNewestVersions(doc, LARGE, 50).record.versions);
    // From its last 30: 20 more.
    expect(parseNewestOfEnd(endOf(doc, 30), LARGE, 50)).toBe(20);
  }, 60_000);

  it('nothing when a version not held may be among the newest (DERIVED times)', () => {
    const at = (day: number) => `2024-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;
    const doc: Doc = {
      name: 'p',
      'dist-tags': { latest: '1.0.3' },
      versions: { '1.0.0': {}, '1.0.1': {}, '1.0.2': {}, '1.0.3': {} },
      time: { created: at(1), modified: at(9), '1.0.0': at(1), '1.0.1': at(2), '1.0.2': at(3), '1.0.3': at(4) },
    };
    // The last two are the newest two.
    expect(recordOf(parseNewestOfEnd(endOf(doc, 2), 'p', 2))?.versions.map((v) => v.version)).toEqual([
      '1.0.3',
      '1.0.2',
    ]);
    // Fewer held than asked for, the newest of all: how many more, as many as there are at most.
    expect(parseNewestOfEnd(endOf(doc, 2), 'p', 3)).toBe(1);
    expect(parseNewestOfEnd(endOf(doc, 2), 'p', 10)).toBe(2);
    // ...but not when one not held is newer, nor when all are held.
    expect(parseNewestOfEnd({ ...endOf(doc, 2), time: { ...doc.time, '0.9.9': at(5) } }, 'p', 3)).toBeUndefined();
    expect(parseNewestOfEnd(doc, 'p', 10)).toBeUndefined();
    // A version not held (not read yet, or removed) published later.
    expect(parseNewestOfEnd(endOf(doc, 2), 'p', 2)).toBeDefined();
    expect(parseNewestOfEnd({ ...endOf(doc, 2), time: { ...doc.time, '0.9.9': at(5) } }, 'p', 2)).toBeUndefined();
    // ...or at the same time as the last one (ties are ordered by version).
    expect(parseNewestOfEnd({ ...endOf(doc, 2), time: { ...doc.time, '1.0.1': at(3) } }, 'p', 2)).toBeUndefined();
    // ...in another form of the same instant.
    expect(
      parseNewestOfEnd({ ...endOf(doc, 2), time: { ...doc.time, '1.0.1': '2024-01-05T01:00:00+01:00' } }, 'p', 2),
    ).toBeUndefined();
    // A version not held with an invalid time sorts after every valid one: no matter.
    expect(parseNewestOfEnd({ ...endOf(doc, 2), time: { ...doc.time, '1.0.1': 'yesterday' } }, 'p', 2)).toBeDefined();
    // The last one held has no valid time: nothing can be told.
    expect(parseNewestOfEnd({ ...endOf(doc, 2), time: { ...doc.time, '1.0.2': 'soon' } }, 'p', 2)).toBeUndefined();
    // No version known to be removed: the rest are not read.
    expect(recordOf(parseNewestOfEnd(endOf(doc, 2), 'p', 2))?.removedVersions).toEqual([]);
    // Not an object.
    expect(parseNewestOfEnd('x', 'p', 2)).toBeUndefined();
  });

  it('derived: a time that is not a string is no time, for a version held or not', () => {
    const at = (day: number) => `2024-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;
    const time = { '1.0.0': at(1), '1.0.1': at(2), '1.0.2': at(3), '1.0.3': at(4) };
    const doc: Doc = {
      name: 'p',
      'dist-tags': {},
      versions: { '1.0.0': {}, '1.0.1': {}, '1.0.2': {}, '1.0.3': {} },
      time,
    };
    // A version not held whose time is a number, an object or null: not known to be newer.
    for (const odd of [Date.parse(at(9)), { at: at(9) }, null, [at(9)]]) {
      const end = { ...endOf(doc, 2), time: { ...time, '1.0.1': odd, '9.0.0': odd } };
      expect(recordOf(parseNewestOfEnd(end, 'p', 2))?.versions.map((v) => v.version)).toEqual(['1.0.3', '1.0.2']);
      // The last one held has no time: nothing can be told.
      expect(parseNewestOfEnd({ ...endOf(doc, 2), time: { ...time, '1.0.2': odd } }, 'p', 2)).toBeUndefined();
    }
  });
});

describe('parsePackument: the times of the document', () => {
  it('derived: a time that is not a string is neither a publish time, an invalid time nor a removed version', () => {
    const doc = JSON.parse(
      '{"versions":{"1.0.0":{"dist":{}},"2.0.0":{"dist":{}}},' +
        '"time":{"created":7,"modified":{"at":"2024-01-01T00:00:00.000Z"},"1.0.0":1704067200000,' +
        '"2.0.0":"2024-01-02T00:00:00.000Z","0.1.0":null,"0.2.0":["2023-01-01T00:00:00.000Z"],"0.3.0":"2023-01-01T00:00:00.000Z"}}',
    ) as unknown;
    const pkg = parsePackument(doc, 'p');
    expect(pkg.versions.map((v) => [v.version, v.publishedAt, v.invalidTime])).toEqual([
      ['2.0.0', '2024-01-02T00:00:00.000Z', undefined],
      ['1.0.0', undefined, undefined],
    ]);
    expect(pkg.removedVersions).toEqual([{ version: '0.3.0', publishedAt: '2023-01-01T00:00:00.000Z' }]);
    expect([pkg.createdAt, pkg.modifiedAt]).toEqual([undefined, undefined]);
  });
});
