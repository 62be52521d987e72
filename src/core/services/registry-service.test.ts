import { describe, expect, it, vi } from 'vitest';
import type { PackageRecord, VersionRecord } from '../model';
import {
  compactRecord,
  compactVersion,
  createRegistryService,
  decodePackage,
  decodePackageInSteps,
  encodePackage,
  VERSIONS_PER_LINE,
} from './registry-service';

function version(i: number): VersionRecord {
  return {
    name: 'demo',
    version: `1.0.${i}`,
    publishedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
    distTags: i === 0 ? ['latest'] : [],
    // A newline and a line separator inside a value: JSON escapes them, lines stay whole.
    deprecated: i % 7 === 0 ? 'use 2.x\ninstead \u2028 please' : undefined,
    dist: { integrity: `sha512-${i}`, signatures: [] },
    installScripts: {},
    dependencies: { a: '^1.0.0' },
  };
}

function record(count: number): PackageRecord {
  return {
    name: 'demo',
    description: 'line one\nline two',
    distTags: { latest: '1.0.0' },
    versions: Array.from({ length: count }, (_, i) => version(i)),
    removedVersions: [{ version: '0.0.1', publishedAt: '2023-01-01T00:00:00.000Z' }],
  };
}

describe('encodePackage / decodePackageInSteps', () => {
  it('round-trips a record, its keys in the same order', () => {
    const original = record(VERSIONS_PER_LINE * 2 + 3);
    const decoded = decodePackage(encodePackage(original));
    expect(decoded).toEqual(JSON.parse(JSON.stringify(original)));
    expect(Object.keys(decoded)).toEqual(Object.keys(original));
  });

  it('decodes one line per step: the head, then a slice of versions', () => {
    const original = record(VERSIONS_PER_LINE * 3 + 1);
    const steps = decodePackageInSteps(encodePackage(original));
    let yields = 0;
    for (;;) {
      const step = steps.next();
      if (step.done) {
        expect(step.value.versions).toHaveLength(original.versions.length);
        break;
      }
      yields += 1;
    }
    // Head + 4 lines of versions: 4 pauses between 5 lines.
    expect(yields).toBe(4);
  });

  it('decodes a package with no versions', () => {
    const empty = record(0);
    expect(decodePackage(encodePackage(empty))).toEqual(JSON.parse(JSON.stringify(empty)));
  });
});

describe('compactRecord', () => {
  it('keeps every field of every version but its dependencies, and leaves the full record alone', () => {
    const full = record(VERSIONS_PER_LINE + 5);
    const compact = compactRecord(full);
    expect(compact.versions).toHaveLength(full.versions.length);
    compact.versions.forEach((version, i) => {
      const { dependencies, ...rest } = full.versions[i]!;
      expect(dependencies).toEqual({ a: '^1.0.0' });
      expect(version).toEqual(rest);
      expect('dependencies' in version).toBe(false);
    });
    expect(full.versions[0]?.dependencies).toEqual({ a: '^1.0.0' });
    expect({ ...compact, versions: [] }).toEqual({ ...full, versions: [] });
  });

  it('round-trips through the encoding, smaller than the full record', () => {
    const full = record(VERSIONS_PER_LINE * 2);
    const bytes = encodePackage(compactRecord(full));
    expect(decodePackage(bytes)).toEqual(JSON.parse(JSON.stringify(compactRecord(full))));
    expect(bytes.length).toBeLessThan(encodePackage(full).length);
    expect(compactVersion(full.versions[1]!).version).toBe('1.0.1');
  });
});

describe('fetchAbbreviatedPackument (the review resolver\'s packument)', () => {
  it('asks for npm\'s install document and answers only what the resolver reads, as UTF-8 JSON', async () => {
    const requests: { url: string; accept: string | null }[] = [];
    const body = {
      name: 'demo',
      modified: '2024-01-01T00:00:00.000Z',
      'dist-tags': { latest: '1.0.1' },
      versions: {
        '1.0.0': { name: 'demo', version: '1.0.0', dependencies: { a: '^1' }, dist: { integrity: 'sha512-x', tarball: 'https://r.test/demo-1.0.0.tgz', fileCount: 3, signatures: [{ sig: 's' }] }, engines: { node: '>=18' } },
        '1.0.1': { name: 'demo', version: '1.0.1', peerDependencies: { b: '2' }, peerDependenciesMeta: { b: { optional: true } }, optionalDependencies: { c: '1' }, deprecated: 'no', _hasShrinkwrap: false },
      },
    };
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      requests.push({ url: String(input), accept: new Headers(init?.headers).get('accept') });
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/vnd.npm.install-v1+json' } });
    }) as typeof fetch;
    try {
      const outcome = await createRegistryService().fetchAbbreviatedPackument('job-1', 'https://r.test', 'demo');
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      expect(JSON.parse(new TextDecoder().decode(outcome.value))).toEqual({
        name: 'demo',
        'dist-tags': { latest: '1.0.1' },
        versions: {
          '1.0.0': { name: 'demo', version: '1.0.0', dependencies: { a: '^1' }, dist: { integrity: 'sha512-x', tarball: 'https://r.test/demo-1.0.0.tgz' } },
          '1.0.1': { name: 'demo', version: '1.0.1', peerDependencies: { b: '2' }, peerDependenciesMeta: { b: { optional: true } }, optionalDependencies: { c: '1' }, deprecated: 'no' },
        },
      });
      expect(requests).toEqual([{ url: 'https://r.test/demo', accept: expect.stringContaining('application/vnd.npm.install-v1+json') }]);
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('a missing package is NOT_FOUND as data (it crosses the worker boundary)', async () => {
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async () => new Response('{"error":"Not found"}', { status: 404 })) as typeof fetch;
    try {
      const outcome = await createRegistryService().fetchAbbreviatedPackument('job-2', 'https://r.test', 'gone');
      expect(outcome).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', status: 404 } });
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});

describe('fetchPackage: the newest versions, sent ahead of the record', () => {
  /** DERIVED: a packument of `count` small versions, one a minute, as npm writes it. */
  function packument(count: number): string {
    const versions: Record<string, unknown> = {};
    const time: Record<string, string> = { created: '2020-01-01T00:00:00.000Z' };
    for (let i = 0; i < count; i++) {
      const v = `1.${Math.floor(i / 100)}.${i % 100}`;
      versions[v] = {
        name: 'demo',
        version: v,
        dist: {
          integrity: `sha512-${'a'.repeat(86)}${String(i).padStart(6, '0')}==`,
          tarball: `https://r.test/demo/-/demo-${v}.tgz`,
        },
      };
      time[v] = new Date(Date.UTC(2020, 0, 1) + (i + 1) * 60_000).toISOString();
    }
    return JSON.stringify({ name: 'demo', 'dist-tags': { latest: `1.0.0` }, versions, time });
  }

  async function load(text: string) {
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async () => new Response(text, { status: 200 })) as typeof fetch;
    const previews: { versions: string[]; versionCount?: number }[] = [];
    try {
      const outcome = await createRegistryService().fetchPackage(
        'job-1',
        'https://r.test',
        'demo',
        undefined,
        (bytes, versionCount) =>
          previews.push({
            versions: decodePackage(bytes).versions.map((v) => v.version),
            ...(versionCount === undefined ? {} : { versionCount }),
          }),
      );
      if (!outcome.ok) throw new Error(outcome.error.message);
      return { previews, versions: decodePackage(outcome.value.bytes).versions.map((v) => v.version) };
    } finally {
      globalThis.fetch = realFetch;
    }
  }

  it('for a package of a few versions too: all of them, newest first, with their count', async () => {
    // The package screen's first render shows them from the preview's store, where the
    // record comes only through the query, a render later.
    const { previews, versions } = await load(packument(3));
    expect(versions).toEqual(['1.0.2', '1.0.1', '1.0.0']);
    expect(previews).toEqual([{ versions, versionCount: 3 }]);
  });

  it('the newest 50 of a larger one', async () => {
    const { previews, versions } = await load(packument(120));
    expect(previews).toEqual([{ versions: versions.slice(0, 50), versionCount: 120 }]);
  });

  it('none for a package without versions', async () => {
    const { previews, versions } = await load(packument(0));
    expect(versions).toEqual([]);
    expect(previews).toEqual([]);
  });

  it('a document of over a megabyte: its newest are read from its end first, then checked on the whole', async () => {
    const text = packument(4_200);
    expect(text.length).toBeGreaterThan(1024 * 1024);
    expect(text.length).toBeLessThan(2 * 1024 * 1024);
    const { previews, versions } = await load(text);
    // Provisional (no count) from the end, then the same from the whole document.
    expect(previews).toEqual([
      { versions: versions.slice(0, 50) },
      { versions: versions.slice(0, 50), versionCount: 4_200 },
    ]);
  });

  describe('a request sent ahead of its screen (held): the rest of the work waits for release', () => {
    /** Starts a held load of `text`, recording its previews' counts and whether it ended. */
    function start(text: string, previewHoldMs = 60_000) {
      const realFetch = globalThis.fetch;
      globalThis.fetch = (async () => new Response(text, { status: 200 })) as typeof fetch;
      const service = createRegistryService({ previewHoldMs });
      const previews: (number | undefined)[] = [];
      let ended = false;
      const outcome = service
        .fetchPackage(
          'job-1',
          'https://r.test',
          'demo',
          undefined,
          (_, versionCount) => previews.push(versionCount),
          true,
        )
        .finally(() => {
          ended = true;
          globalThis.fetch = realFetch;
        });
      return { service, outcome, previews, ended: () => ended };
    }
    const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

    it('its preview is sent, the record only once released', async () => {
      const held = start(packument(120));
      await settle();
      expect(held.previews).toEqual([120]);
      expect(held.ended()).toBe(false);
      held.service.release('job-1');
      const outcome = await held.outcome;
      expect(outcome.ok && decodePackage(outcome.value.bytes).versions).toHaveLength(120);
    });

    it('read from the end: the whole document is parsed only once released', async () => {
      const held = start(packument(4_200));
      await settle();
      // The provisional preview only: the checked one comes from the whole parse.
      expect(held.previews).toEqual([undefined]);
      held.service.release('job-1');
      expect((await held.outcome).ok).toBe(true);
      expect(held.previews).toEqual([undefined, 4_200]);
    });

    it('not released: it goes on after PREVIEW_HOLD_MS', async () => {
      const held = start(packument(3), 150);
      await settle();
      expect(held.ended()).toBe(false);
      expect((await held.outcome).ok).toBe(true);
    });

    it('read from the end and not released: one wait, not one per preview', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        const held = start(packument(4_200), 1_000);
        for (let i = 0; i < 100 && held.previews.length === 0; i++) await vi.advanceTimersByTimeAsync(0);
        expect(held.previews).toEqual([undefined]);
        await vi.advanceTimersByTimeAsync(999);
        expect(held.previews).toEqual([undefined]);
        // The wait ends: the whole document is parsed, its preview sent, and nothing waits again.
        await vi.advanceTimersByTimeAsync(1);
        for (let i = 0; i < 100 && !held.ended(); i++) await vi.advanceTimersByTimeAsync(0);
        expect(held.previews).toEqual([undefined, 4_200]);
        expect(held.ended()).toBe(true);
      } finally {
        vi.useRealTimers();
      }
    });

    it('cancelled while it waits: ABORTED at once', async () => {
      const held = start(packument(3));
      await settle();
      held.service.cancel('job-1');
      expect(await held.outcome).toMatchObject({ ok: false, error: { code: 'ABORTED' } });
    });

    it('nothing to wait for without a preview (a package without versions), nor when not held', async () => {
      const empty = start(packument(0));
      expect((await empty.outcome).ok).toBe(true);
      expect(empty.previews).toEqual([]);
      // load() does not hold: it ends without release.
      expect((await load(packument(3))).previews).toHaveLength(1);
    });
  });
});
