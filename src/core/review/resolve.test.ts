import { describe, expect, it } from 'vitest';
import { RegistryError } from '../net/http-errors';
import { pickVersion } from './pick-version';
import { resolveSpec, ResolveError, type FetchPackument, type ManifestLike, type PackumentLike } from './resolve';
import { parseSpec } from './spec';

// A registry written in the test: name → versions, each with its dependencies.
type Spec = Record<string, { latest?: string; versions: Record<string, Partial<ManifestLike>> }>;

function registry(spec: Spec) {
  const docs = new Map<string, PackumentLike>();
  for (const [name, { latest, versions }] of Object.entries(spec)) {
    const all = Object.keys(versions);
    docs.set(name, {
      name,
      'dist-tags': { latest: latest ?? all[all.length - 1] ?? '' },
      versions: Object.fromEntries(
        Object.entries(versions).map(([version, manifest]) => [
          version,
          { name, version, dist: { tarball: `https://registry.example/${name}/-/${name}-${version}.tgz` }, ...manifest },
        ]),
      ),
    });
  }
  const requests: string[] = [];
  let active = 0;
  let maxActive = 0;
  const fetchPackument: FetchPackument = async (name) => {
    requests.push(name);
    active += 1;
    maxActive = Math.max(maxActive, active);
    // Answer a few turns of the event loop later, in an order that varies with the name.
    for (let i = 0; i < (name.length % 4) + 1; i++) await Promise.resolve();
    active -= 1;
    const doc = docs.get(name);
    if (!doc) throw new RegistryError({ code: 'NOT_FOUND', message: 'not found', status: 404 });
    return structuredClone(doc);
  };
  return { fetchPackument, requests, maxActive: () => maxActive };
}

const TREE: Spec = {
  app: {
    versions: {
      '1.0.0': {},
      '2.0.0': {
        dependencies: { lib: '^1.0.0', util: '~1.2.0', 'cjs-lib': 'npm:lib@^1.1.0', gone: '^1.0.0', 'from-git': 'github:a/b#abc' },
        optionalDependencies: { native: '^3.0.0' },
        peerDependencies: { react: '>=18', vue: '^3' },
        peerDependenciesMeta: { vue: { optional: true } },
      },
      '3.0.0-beta.1': {},
    },
    latest: '2.0.0',
  },
  lib: { versions: { '1.0.0': {}, '1.1.0': { dependencies: { util: '^1.0.0' } }, '1.2.0': { deprecated: 'use 1.1' } }, latest: '1.1.0' },
  util: { versions: { '1.2.3': { dependencies: { lib: '^1.0.0' } }, '1.3.0': {} }, latest: '1.3.0' },
  native: { versions: { '3.1.0': { dependencies: { util: '^1.3.0' } } } },
  react: { versions: { '18.3.1': {} } },
};

describe('pickVersion (as npm-pick-manifest decides)', () => {
  const doc: PackumentLike = {
    'dist-tags': { latest: '1.4.0', next: '2.0.0-rc.1' },
    versions: Object.fromEntries(
      ['1.3.0', '1.4.0', '1.5.0', '1.6.0', '2.0.0-rc.1'].map((v) => [v, { version: v, ...(v === '1.6.0' ? { deprecated: 'bad' } : {}) }]),
    ),
  };
  it('prefers latest when it satisfies the range, even over higher versions', () => {
    expect(pickVersion(doc, '^1.0.0', 'range')).toBe('1.4.0');
    expect(pickVersion(doc, '*', 'range')).toBe('1.4.0');
  });
  it('otherwise the highest satisfying version that is not deprecated', () => {
    expect(pickVersion(doc, '>=1.5.0 <2', 'range')).toBe('1.5.0');
    expect(pickVersion(doc, '1.6.x', 'range')).toBe('1.6.0');
  });
  it('prereleases only for ranges that name one; tags and exact versions as named', () => {
    expect(pickVersion(doc, '>=2.0.0-rc.0', 'range')).toBe('2.0.0-rc.1');
    expect(pickVersion(doc, '^2.0.0', 'range')).toBeUndefined();
    expect(pickVersion(doc, 'next', 'tag')).toBe('2.0.0-rc.1');
    expect(pickVersion(doc, '1.3.0', 'version')).toBe('1.3.0');
    expect(pickVersion(doc, '9.9.9', 'version')).toBeUndefined();
  });
});

describe('parseSpec', () => {
  it('reads names, versions, ranges and tags, scoped too', () => {
    expect(parseSpec('vue')).toMatchObject({ name: 'vue', fetchSpec: 'latest', type: 'tag' });
    expect(parseSpec('@nuxt/kit@4.3.0')).toMatchObject({ name: '@nuxt/kit', fetchSpec: '4.3.0', type: 'version' });
    expect(parseSpec('@nuxt/kit@^4')).toMatchObject({ name: '@nuxt/kit', fetchSpec: '^4', type: 'range' });
    expect(parseSpec(' vite@next ')).toMatchObject({ name: 'vite', fetchSpec: 'next', type: 'tag' });
  });
});

describe('resolveSpec', () => {
  it('resolves the tree npm would install: latest, ranges, aliases, dedupe by name@version', async () => {
    const reg = registry(TREE);
    const tree = await resolveSpec('app', { fetchPackument: reg.fetchPackument });
    expect(tree.root).toBe('app@2.0.0');
    expect(tree.entries.map((e) => e.key).sort()).toEqual(['app@2.0.0', 'lib@1.1.0', 'native@3.1.0', 'util@1.2.3', 'util@1.3.0']);
    // The alias npm:lib@^1.1.0 reuses lib@1.1.0, which lib@^1.0.0 already chose.
    expect(tree.entries.find((e) => e.key === 'lib@1.1.0')?.aliases).toEqual(['cjs-lib']);
    // Every packument is fetched once, whatever number of edges name it.
    expect(new Set(reg.requests).size).toBe(reg.requests.length);
  });

  it('marks optional dependencies and gives the path that pulls each entry in', async () => {
    const tree = await resolveSpec('app@^2', { fetchPackument: registry(TREE).fetchPackument });
    const byKey = new Map(tree.entries.map((e) => [e.key, e]));
    expect(byKey.get('native@3.1.0')).toMatchObject({ optional: true, path: ['app@2.0.0', 'native@3.1.0'] });
    expect(byKey.get('util@1.3.0')).toMatchObject({ optional: true, path: ['app@2.0.0', 'native@3.1.0', 'util@1.3.0'] });
    expect(byKey.get('util@1.2.3')).toMatchObject({ optional: false, direct: false });
    expect(byKey.get('app@2.0.0')).toMatchObject({ direct: true, path: ['app@2.0.0'] });
  });

  it('survives a cycle (lib → util → lib)', async () => {
    const tree = await resolveSpec('app', { fetchPackument: registry(TREE).fetchPackument });
    expect(tree.entries.find((e) => e.key === 'lib@1.1.0')?.parents.sort()).toEqual(['app@2.0.0', 'util@1.2.3']);
  });

  it('lists peers as required but not installed, and whether the tree satisfies them', async () => {
    const tree = await resolveSpec('app', { fetchPackument: registry(TREE).fetchPackument });
    expect(tree.peers).toEqual([
      { name: 'react', range: '>=18', requiredBy: 'app@2.0.0', optional: false },
      { name: 'vue', range: '^3', requiredBy: 'app@2.0.0', optional: true },
    ]);
    expect(tree.entries.some((e) => e.name === 'react')).toBe(false);
  });

  it('records a 404 midway on that dependency and resolves the rest', async () => {
    const tree = await resolveSpec('app', { fetchPackument: registry(TREE).fetchPackument });
    expect(tree.unresolved).toEqual([
      {
        name: 'gone',
        range: '^1.0.0',
        requiredBy: 'app@2.0.0',
        optional: false,
        path: ['app@2.0.0', 'gone@^1.0.0'],
        code: 'NOT_FOUND',
        message: 'The registry has no package named "gone".',
      },
    ]);
    expect(tree.nonRegistry).toMatchObject([{ name: 'from-git', kind: 'git', source: 'github:a/b#abc' }]);
  });

  it('says when the spec itself does not resolve', async () => {
    const { fetchPackument } = registry(TREE);
    await expect(resolveSpec('nope', { fetchPackument })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(resolveSpec('app@^9', { fetchPackument })).rejects.toMatchObject({ code: 'NO_MATCHING_VERSION' });
    await expect(resolveSpec('app@beta', { fetchPackument })).rejects.toBeInstanceOf(ResolveError);
    await expect(resolveSpec('Bad Name!', { fetchPackument })).rejects.toMatchObject({ code: 'INVALID_NAME' });
  });

  it('keeps at most `concurrency` packument requests in flight', async () => {
    const wide: Spec = {
      root: { versions: { '1.0.0': { dependencies: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`dep-${i}`, '^1.0.0'])) } } },
      ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`dep-${i}`, { versions: { '1.0.0': {} } }])),
    };
    const reg = registry(wide);
    const tree = await resolveSpec('root', { fetchPackument: reg.fetchPackument, concurrency: 3 });
    expect(tree.entries).toHaveLength(21);
    expect(reg.maxActive()).toBe(3);
    const defaults = registry(wide);
    await resolveSpec('root', { fetchPackument: defaults.fetchPackument });
    expect(defaults.maxActive()).toBe(8);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const reg = registry(TREE);
    const fetchPackument: FetchPackument = async (name, options) => {
      if (name === 'lib') controller.abort();
      return reg.fetchPackument(name, options);
    };
    await expect(resolveSpec('app', { fetchPackument, signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('reports progress until every packument is fetched', async () => {
    const seen: { fetched: number; resolved: number; pending: number }[] = [];
    await resolveSpec('app', { fetchPackument: registry(TREE).fetchPackument, onProgress: (p) => seen.push(p) });
    // app, lib, util, native and the 404 of gone; peers are not fetched.
    expect(seen.at(-1)).toEqual({ fetched: 5, resolved: 5, pending: 0 });
  });
});
