import { describe, expect, it } from 'vitest';
import type { PackageRecord, VersionRecord } from '../model';
import { RegistryError } from '../net/http-errors';
import { loadPackument } from '../../../test/support/derived-record';
import { absentVerification, verifiedVerification } from '../../../test/support/derived-verification';
import type { FetchPackument } from './resolve';
import { parseLockfile } from './lockfiles/parse-lockfile';
import { startReview, type ReviewPhase, type ReviewRunOptions } from './run-review';

const vue = loadPackument('vue');
const isOdd = loadPackument('is-odd');
const RECORDS = new Map<string, PackageRecord>([
  ['vue', vue],
  ['is-odd', isOdd],
]);

function integrity(pkg: PackageRecord, version: string): string {
  return pkg.versions.find((v) => v.version === version)?.dist.integrity ?? '';
}

const LOCKFILE = JSON.stringify({
  name: 'derived-project',
  lockfileVersion: 3,
  packages: {
    '': { name: 'derived-project', dependencies: { vue: '^3.5.0', 'is-odd': '^3.0.0', gone: '^1.0.0' } },
    'node_modules/vue': { version: '3.5.27', resolved: 'https://registry.example/vue/-/vue-3.5.27.tgz', integrity: integrity(vue, '3.5.27') },
    'node_modules/is-odd': { version: '3.0.1', resolved: 'https://registry.example/is-odd/-/is-odd-3.0.1.tgz', integrity: integrity(isOdd, '3.0.1') },
    'node_modules/gone': { version: '1.0.0', resolved: 'https://registry.example/gone/-/gone-1.0.0.tgz', integrity: 'sha512-AAAA' },
  },
});

const fetchPackage: ReviewRunOptions['fetchPackage'] = async (name) => {
  await Promise.resolve();
  const record = RECORDS.get(name);
  if (!record) throw new RegistryError({ code: 'NOT_FOUND', message: `The registry has no package named "${name}".`, status: 404 });
  return record;
};
const verify: ReviewRunOptions['verify'] = async (record: VersionRecord) => {
  await Promise.resolve();
  return record.dist.attestations ? verifiedVerification(record) : absentVerification(record);
};
const noPackuments: FetchPackument = () => Promise.reject(new Error('not used'));

describe('startReview (derived verification results on recorded packuments)', () => {
  it('derived: reads the lockfile, fetches each history once, verifies entries and continuity versions', async () => {
    const fetched: string[] = [];
    const verified: string[] = [];
    const phases: ReviewPhase[] = [];
    const run = startReview({
      input: { kind: 'lockfile', text: LOCKFILE },
      fetchPackage: (name, signal) => {
        fetched.push(name);
        return fetchPackage(name, signal);
      },
      fetchPackument: noPackuments,
      verify: (record, signal) => {
        verified.push(`${record.name}@${record.version}`);
        return verify(record, signal);
      },
      onUpdate: (phase) => {
        if (phases.at(-1) !== phase) phases.push(phase);
      },
    });
    const last = await run.done;
    expect(phases).toEqual(['fetching', 'verifying', 'done']);
    expect(fetched.sort()).toEqual(['gone', 'is-odd', 'vue']);
    // vue 3.5.27's continuity needs 3.5.26 (the previous version of its line with provenance).
    expect(verified.sort()).toEqual(['is-odd@3.0.1', 'vue@3.5.26', 'vue@3.5.27']);
    expect(last.progress).toEqual({ resolved: 3, fetched: 3, packages: 3, verified: 3, verifications: 3 });
    const byKey = Object.fromEntries(last.review.rows.map((r) => [r.key, `${r.status}/${r.verification}/${r.integrity.status}`]));
    expect(byKey).toEqual({ 'vue@3.5.27': 'ready/verified/match', 'is-odd@3.0.1': 'ready/absent/match', 'gone@1.0.0': 'error/unavailable/unknown' });
    expect(last.review.summary).toMatchObject({ total: 3, verified: 1, settled: 3, errors: 1 });
    expect(run.snapshot().phase).toBe('done');
  });

  it('derived: a verifier that cannot run leaves that row unavailable with the reason; the rest goes on', async () => {
    const run = startReview({
      input: { kind: 'lockfile', text: LOCKFILE },
      fetchPackage,
      fetchPackument: noPackuments,
      verify: (record, signal) => (record.name === 'is-odd' ? Promise.reject(new Error('worker crashed')) : verify(record, signal)),
    });
    const rows = (await run.done).review.rows;
    expect(rows.find((r) => r.name === 'is-odd')).toMatchObject({ verification: 'unavailable' });
    expect(rows.find((r) => r.name === 'vue')).toMatchObject({ verification: 'verified' });
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const run = startReview({
      input: { kind: 'lockfile', text: LOCKFILE },
      fetchPackage: (name, signal) => {
        controller.abort();
        return fetchPackage(name, signal);
      },
      fetchPackument: noPackuments,
      verify,
      concurrency: 1,
      signal: controller.signal,
    });
    await expect(run.done).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('derived: a lockfile parsed elsewhere (in a worker) reviews as its text does', async () => {
    const fromText = await startReview({ input: { kind: 'lockfile', text: LOCKFILE }, fetchPackage, fetchPackument: noPackuments, verify }).done;
    const parsed = startReview({ input: { kind: 'parsed', lockfile: parseLockfile(LOCKFILE) }, fetchPackage, fetchPackument: noPackuments, verify });
    const last = await parsed.done;
    expect(last.source).toEqual({ kind: 'lockfile', format: 'npm-v3' });
    expect(last.review.rows).toEqual(fromText.review.rows);
    expect(last.review.summary).toEqual(fromText.review.summary);
  });

  it('rejects input it cannot read with the lockfile error', async () => {
    const run = startReview({ input: { kind: 'lockfile', text: 'not a lockfile' }, fetchPackage, fetchPackument: noPackuments, verify });
    await expect(run.done).rejects.toMatchObject({ name: 'LockfileError', code: 'UNKNOWN_FORMAT' });
  });

  it('derived: resolves a spec, then reviews its tree', async () => {
    const fetchPackument: FetchPackument = async (name) => {
      if (name !== 'is-odd') throw new RegistryError({ code: 'NOT_FOUND', message: 'nope', status: 404 });
      // The abbreviated form of the recorded packument, as far as the resolver reads it.
      return {
        name,
        'dist-tags': isOdd.distTags,
        versions: Object.fromEntries(isOdd.versions.map((v) => [v.version, { version: v.version, dependencies: { 'is-number': '^6.0.0' } }])),
      };
    };
    const run = startReview({ input: { kind: 'spec', spec: 'is-odd@^3' }, fetchPackage, fetchPackument, verify });
    const last = await run.done;
    expect(last.source).toEqual({ kind: 'spec', spec: 'is-odd@^3', root: 'is-odd@3.0.1' });
    expect(last.unresolved.map((u) => `${u.code}:${u.name}`)).toEqual(['NOT_FOUND:is-number']);
    expect(last.review.rows.map((r) => `${r.key}:${r.verification}:${r.integrity.status}`)).toEqual(['is-odd@3.0.1:absent:unknown']);
    expect(last.review.summary.unresolved).toBe(1);
  });
});
