// The main thread's side of a held request (core/services/registry-service.ts,
// `holdAfterPreview`): a request started ahead of its screen is held, and released when
// a caller adopts it. The registry worker is a fake behind a MessageChannel, given to the
// client as the worker index.html would have started (lib/early-request.ts).
import { expose } from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackageRecord } from '../core/model';
import type { Outcome } from '../core/services/job-outcome';
import { compactRecord, encodePackage, type FetchedPackage } from '../core/services/package-encoding';
import { EARLY_WORKER_GLOBAL } from './early-request';
import { loadPackage, loadPackageBytes, preloadPackage } from './registry-client';

const BASE = 'https://r.test';

function record(name: string): PackageRecord {
  return {
    name,
    distTags: { latest: '1.0.0' },
    versions: [
      {
        name,
        version: '1.0.0',
        publishedAt: '2024-01-01T00:00:00.000Z',
        distTags: ['latest'],
        dist: { integrity: 'sha512-x', signatures: [] },
        installScripts: {},
        dependencies: {},
      },
    ],
    removedVersions: [],
  };
}

interface Call {
  jobId: string;
  name: string;
  held: boolean | undefined;
}

/** A registry worker that answers every package at once and records its calls. */
function fakeWorker() {
  const calls: Call[] = [];
  const released: string[] = [];
  const channel = new MessageChannel();
  expose(
    {
      fetchPackage(
        jobId: string,
        _base: string,
        name: string,
        _net: unknown,
        _preview: MessagePort | undefined,
        held?: boolean,
      ): Outcome<FetchedPackage> {
        calls.push({ jobId, name, held });
        return { ok: true, value: { bytes: encodePackage(compactRecord(record(name))), recordId: calls.length } };
      },
      release(jobId: string) {
        released.push(jobId);
      },
      cancel() {},
    },
    channel.port2,
  );
  return { worker: channel.port1, calls, released, close: () => channel.port1.close() };
}

describe('registry-client: a request started ahead of its screen', () => {
  // One worker for the module's one connection (taken once, as index.html's would be).
  const fake = fakeWorker();
  beforeAll(() => {
    (globalThis as Record<string, unknown>)[EARLY_WORKER_GLOBAL] = { worker: fake.worker, failed: false };
  });
  afterAll(() => fake.close());

  it('is held, and released when the package query adopts it; a load of its own is not held', async () => {
    preloadPackage(BASE, 'held-a');
    // Released only by the caller that adopts it.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.calls).toEqual([{ jobId: expect.any(String), name: 'held-a', held: true }]);
    expect(fake.released).toEqual([]);

    const loaded = await loadPackage(BASE, 'held-a');
    expect(loaded.versions.map((v) => v.version)).toEqual(['1.0.0']);
    expect(fake.calls).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.released).toEqual([fake.calls[0]!.jobId]);

    // Nothing preloaded: the query's own request, not held, nothing to release.
    await loadPackage(BASE, 'own-b');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.calls.find((call) => call.name === 'own-b')).toEqual({
      jobId: expect.any(String),
      name: 'own-b',
      held: false,
    });
    expect(fake.released).toEqual([fake.calls[0]!.jobId]);
  });

  it('is released when the review adopts it too', async () => {
    preloadPackage(BASE, 'held-c');
    const bytes = await loadPackageBytes(BASE, 'held-c');
    expect(bytes.byteLength).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const job = fake.calls.find((call) => call.name === 'held-c');
    expect(job?.held).toBe(true);
    expect(fake.released).toContain(job?.jobId);
  });
});
