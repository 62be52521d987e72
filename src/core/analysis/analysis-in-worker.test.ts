// The analysis as the registry worker runs it (core/services/registry-service.ts: the
// full record held there, verification results forwarded in batches, only the facts
// sent back and joined on the main thread with the compact records) against
// analyzePackage run directly on the full record: the same views, findings and summary,
// over every recorded packument and the DERIVED 3,000-version packument of the benchmark.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildLargePackumentText, LARGE } from '../../../e2e/fixture-registry/large-packument';
import { listFixtures, readFixture } from '../../../test/support/fixtures';
import { derivedLookup, failedVerification } from '../../../test/support/derived-verification';
import type { PackageAnalysis, PackageRecord, VersionVerification } from '../model';
import { parsePackument } from '../registry/npm-packument';
import { compactRecord, compactVersion, createRegistryService, decodePackage } from '../services/registry-service';
import { applyAnalysisDelta } from './analysis-facts';
import { cadenceSeries, trustSeries } from './chart-series';
import { analyzePackage, PREVIEW_VERSIONS } from './analyze-package';

const BASE = 'http://registry.test';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The registry answers with `text` for the packument. */
function serve(text: string) {
  const requests: string[] = [];
  vi.stubGlobal('fetch', (url: string) => {
    requests.push(url);
    return Promise.resolve(new Response(text, { headers: { 'content-type': 'application/json' } }));
  });
  return requests;
}

/**
 * What analyzePackage makes of the full record, with the records as the main thread
 * holds them, and the charts' series computed from it.
 */
function direct(full: PackageRecord, lookup: (version: string) => VersionVerification | undefined): PackageAnalysis {
  const analysis = analyzePackage(full, lookup);
  return {
    ...analysis,
    versions: analysis.versions.map((view) => ({ ...view, record: compactVersion(view.record) })),
    charts: { trust: trustSeries(analysis.versions), cadence: cadenceSeries(full.versions) },
  };
}

async function differential(name: string, text: string) {
  serve(text);
  const full = parsePackument(JSON.parse(text), name);
  const service = createRegistryService();
  const outcome = await service.fetchPackage('job-1', BASE, name);
  if (!outcome.ok) throw new Error(outcome.error.message);
  const compact = decodePackage(outcome.value.bytes);
  expect(compact).toEqual(JSON.parse(JSON.stringify(compactRecord(full))));
  expect(compact.versions.every((record) => record.dependencies === undefined)).toBe(true);

  // Derived verifications, one failed, sent in two batches: the first half, then the rest.
  const failing = full.versions[Math.floor(full.versions.length / 3)];
  const all = derivedLookup(full, failing ? { [failing.version]: failedVerification(failing) } : {});
  const results = full.versions.map((record) => all(record.version)).filter((r) => r !== undefined);
  const half = results.slice(0, Math.ceil(results.length / 2));
  const seen = new Map<string, VersionVerification>();
  const lookup = (version: string) => seen.get(version);

  const indexes = new Map(compact.versions.map((record, index) => [record.version, index]));
  let shown: PackageAnalysis | undefined;
  const send = (batch: VersionVerification[]) => {
    for (const result of batch) seen.set(result.version, result);
    const delta = service.analyze('session', outcome.value.recordId, batch);
    if (!delta) throw new Error('the record is held');
    const touched = batch.map((result) => indexes.get(result.version) ?? -1);
    const before = shown;
    shown = applyAnalysisDelta(shown, delta, compact.versions, lookup, touched);
    return { delta, before };
  };

  const first = send([]);
  expect(first.delta.changed).toHaveLength(compact.versions.length);
  expect(shown).toEqual(direct(full, lookup));

  const second = send(half);
  expect(shown).toEqual(direct(full, lookup));
  // Only what changed crossed over; an untouched, unchanged version kept its view object.
  expect(second.delta.changed.length).toBeLessThanOrEqual(compact.versions.length);
  const untouched = compact.versions.findIndex((record) => !seen.has(record.version));
  const sameIndexes =
    JSON.stringify(shown?.versions[untouched]?.findingIndexes) ===
    JSON.stringify(second.before?.versions[untouched]?.findingIndexes);
  if (untouched >= 0 && sameIndexes && !second.delta.changed.some(([index]) => index === untouched)) {
    expect(shown?.versions[untouched]).toBe(second.before?.versions[untouched]);
  }

  send(results.slice(half.length));
  const joined = shown;
  expect(joined).toEqual(direct(full, lookup));
  // Nothing new: nothing changes.
  const again = send([]);
  expect(again.delta.changed).toEqual([]);
  expect(again.delta.findings).toBeUndefined();
  expect(again.delta.charts).toBeUndefined();
  expect(shown).toEqual(direct(full, lookup));
  return { full, compact, joined, service };
}

describe('the analysis in the registry worker equals analyzePackage on the full record', () => {
  const names = listFixtures('registry/packuments').map((file) => file.replace(/\.json$/, ''));

  it('covers the recorded packuments', () => {
    expect(names.length).toBeGreaterThan(5);
  });

  for (const file of listFixtures('registry/packuments')) {
    it(`recorded: ${file}`, async () => {
      const doc = readFixture<{ name: string }>('registry/packuments', file);
      await differential(doc.name, JSON.stringify(doc));
    });
  }

  it(`DERIVED: ${LARGE}, 3,000 versions`, async () => {
    const text = buildLargePackumentText({ name: LARGE, origin: BASE });
    // Without a preview listener, no provisional reading of the document's end either.
    const parse = vi.spyOn(JSON, 'parse');
    const { full, joined, service } = await differential(LARGE, text);
    const provisional = parse.mock.calls.filter(([argument]) => argument.startsWith('{"\\u0000":{'));
    parse.mockRestore();
    expect(provisional).toHaveLength(0);
    expect(full.versions).toHaveLength(3000);
    expect(joined?.findings.length).toBeGreaterThan(0);
    // The full records, dependencies included, on demand.
    const wanted = [full.versions[0]!.version, full.versions[2999]!.version];
    const outcome = await service.versionRecords('job-2', BASE, LARGE, [...wanted, 'not-a-version']);
    expect(outcome.ok && outcome.value).toEqual(full.versions.filter((v) => wanted.includes(v.version)));

    // The preview: the newest versions, compact. The body is there at once (a fast link):
    // they are first read from the document's end (provisional: no count), then sent
    // again, with the count, once the whole document is parsed; both before the record.
    const previews: { bytes: Uint8Array; versionCount?: number }[] = [];
    await createRegistryService().fetchPackage('job-3', BASE, LARGE, undefined, (bytes, versionCount) =>
      previews.push({ bytes, ...(versionCount === undefined ? {} : { versionCount }) }),
    );
    expect(previews.map((preview) => preview.versionCount)).toEqual([undefined, 3000]);
    const newest = JSON.parse(JSON.stringify(compactRecord(full).versions.slice(0, PREVIEW_VERSIONS))) as unknown;
    for (const preview of previews) expect(decodePackage(preview.bytes).versions).toEqual(newest);
  }, 180_000);
});

describe('the worker session', () => {
  it('answers undefined for a record it does not hold, and forgets a session when it ends', async () => {
    const doc = readFixture<{ name: string }>('registry/packuments', listFixtures('registry/packuments')[0]!);
    const text = JSON.stringify(doc);
    serve(text);
    const full = parsePackument(JSON.parse(text), doc.name);
    const service = createRegistryService();
    const outcome = await service.fetchPackage('job-1', BASE, doc.name);
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(service.analyze('s', outcome.value.recordId + 1, [])).toBeUndefined();

    const all = derivedLookup(full);
    const results = full.versions.map((record) => all(record.version)).filter((r) => r !== undefined);
    service.analyze('s', outcome.value.recordId, results);
    service.endAnalysis('s');
    // After the end, the session starts again with nothing verified.
    const fresh = service.analyze('s', outcome.value.recordId, []);
    expect(fresh?.summary.settledCount).toBe(0);
    expect(fresh?.changed).toHaveLength(full.versions.length);
    expect(results.length).toBeGreaterThan(0);
  });

  it('fetches the document again for full records it no longer holds', async () => {
    const doc = readFixture<{ name: string }>('registry/packuments', listFixtures('registry/packuments')[0]!);
    const requests = serve(JSON.stringify(doc));
    const service = createRegistryService();
    const first = await service.versionRecords('job-1', BASE, doc.name, []);
    expect(first.ok).toBe(true);
    await service.versionRecords('job-2', BASE, doc.name, []);
    // Held after the first fetch: one request for both.
    expect(requests).toHaveLength(1);
  });
});
