// The analysis's answer as the main thread now takes it: the changed facts encoded as JSON
// lines in the registry worker, decoded and applied a step at a time between tasks. Checked
// against the answer applied in one go (applyAnalysisDelta on the delta as the service
// returns it), on the DERIVED 3,000-version packument of the benchmark, over three batches
// of DERIVED verification results (the first answer covers every version).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildLargePackumentText, LARGE } from '../../../e2e/fixture-registry/large-packument';
import { derivedLookup, failedVerification } from '../../../test/support/derived-verification';
import type { PackageAnalysis, VersionVerification } from '../model';
import { parsePackument } from '../registry/npm-packument';
import { createRegistryService, decodePackage } from '../services/registry-service';
import {
  applyAnalysisDelta,
  applyAnalysisDeltaInSteps,
  decodeAnalysisDeltaInSteps,
  encodeAnalysisDelta,
  encodedDeltaBuffers,
  FACTS_PER_LINE,
  type AnalysisDelta,
} from './analysis-facts';

const BASE = 'http://registry.test';

afterEach(() => vi.unstubAllGlobals());

/** Runs a generator to its end, counting its steps. */
function run<T>(steps: Generator<void, T>): { value: T; steps: number } {
  let count = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { value: step.value, steps: count };
    count += 1;
  }
}

describe('the analysis delta in steps (DERIVED 3,000-version packument)', () => {
  it('decodes to the delta sent and applies to the same analysis as in one go', async () => {
    const text = buildLargePackumentText({ name: LARGE, origin: BASE });
    vi.stubGlobal('fetch', () =>
      Promise.resolve(new Response(text, { headers: { 'content-type': 'application/json' } })),
    );
    const full = parsePackument(JSON.parse(text), LARGE);
    const service = createRegistryService();
    const outcome = await service.fetchPackage('job', BASE, LARGE);
    if (!outcome.ok) throw new Error(outcome.error.message);
    const records = decodePackage(outcome.value.bytes).versions;
    const failing = full.versions[100];
    const all = derivedLookup(full, failing ? { [failing.version]: failedVerification(failing) } : {});
    const results = full.versions.map((record) => all(record.version)).filter((r) => r !== undefined);
    expect(results.length).toBeGreaterThan(1000);
    const indexes = new Map(records.map((record, index) => [record.version, index]));

    const seen = new Map<string, VersionVerification>();
    const lookup = (version: string) => seen.get(version);
    let inOneGo: PackageAnalysis | undefined;
    let inSteps: PackageAnalysis | undefined;
    const batches = [[], results.slice(0, 700), results.slice(700)];
    for (const [i, batch] of batches.entries()) {
      for (const result of batch) seen.set(result.version, result);
      const delta = service.analyze('session', outcome.value.recordId, batch) as AnalysisDelta;
      expect(delta).toBeDefined();
      const touched = batch.map((result) => indexes.get(result.version) ?? -1);

      const encoded = encodeAnalysisDelta(delta);
      // The long lists cross as bytes (transferred), never as thousands of objects.
      expect(encodedDeltaBuffers(encoded)).toHaveLength(1 + (delta.findings ? 1 : 0) + (delta.charts ? 1 : 0));
      const decoded = run(decodeAnalysisDeltaInSteps(encoded));
      expect(decoded.value).toEqual(delta);
      // At least one step per line of facts, and per line of findings and marks.
      const lines =
        Math.ceil(delta.changed.length / FACTS_PER_LINE) +
        Math.ceil((delta.findings?.length ?? 0) / 100) +
        Math.ceil((delta.charts?.trust.marks.length ?? 0) / 250);
      expect(decoded.steps).toBe(lines);

      const before = inSteps;
      const applied = run(applyAnalysisDeltaInSteps(inSteps, decoded.value, records, lookup, touched));
      inOneGo = applyAnalysisDelta(inOneGo, delta, records, lookup, touched);
      inSteps = applied.value;
      expect(inSteps).toEqual(inOneGo);
      if (i === 0) {
        // The first answer: every version, in many steps.
        expect(delta.changed).toHaveLength(3000);
        expect(applied.steps).toBeGreaterThanOrEqual(30);
      } else {
        // An unchanged, untouched view keeps its object; the previous analysis is never changed.
        const untouched = records.findIndex(
          (record, index) =>
            !seen.has(record.version) && !delta.changed.some(([changed]) => changed === index) && !delta.findings,
        );
        if (untouched >= 0) expect(inSteps.versions[untouched]).toBe(before?.versions[untouched]);
        expect(before?.versions.some((view, index) => view !== inSteps?.versions[index])).toBe(true);
      }
    }
    // Every verification in: a verdict on each row that has one.
    expect(inSteps?.versions.filter((view) => view.verification !== undefined)).toHaveLength(results.length);
  }, 180_000);

  it('encodes nothing when nothing changed', () => {
    const delta: AnalysisDelta = {
      versionCount: 0,
      changed: [],
      summary: {} as AnalysisDelta['summary'],
    };
    const encoded = encodeAnalysisDelta(delta);
    expect(encoded.changed.byteLength).toBe(0);
    expect(encoded.findings).toBeUndefined();
    expect(run(decodeAnalysisDeltaInSteps(encoded))).toEqual({ value: delta, steps: 0 });
  });
});
