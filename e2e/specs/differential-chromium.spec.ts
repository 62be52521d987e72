// The differential guard's corpus (test/differential/samples.ts: every recorded bundle and
// attestations response, the 70 sigstore-conformance cases, generated bundles of every key
// type, the Buffer conversions, and the guard's seeded bit flips, structural mutations of
// bundles and trusted roots, and signer edits) through the app's own verifier workers in
// Chromium, against @sigstore/verify on Node's native crypto: the same verdict and code on
// every item. The Vitest guard runs the browser pipeline under Node; this is the browser:
// its WebCrypto (BoringSSL, not OpenSSL), its engine and the production build. The workers
// are reached through the benchmark's page (src/bench/bench-page.ts, built here into a
// folder of its own: it is never part of the site).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import type { WireRequest } from '../../src/bench/bench-page';
import { CARVED_OUT_VERDICTS, carveOutOf } from '../../test/differential/carve-outs';
import { conformanceItems, recordedItems } from '../../test/differential/corpus';
import { nativeVerdict, type Item } from '../../test/differential/engines';
import { bufferConversionCases, keyTypeItems, seededSamples } from '../../test/differential/samples';

const REPOSITORY = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const CONFIG = path.join(REPOSITORY, 'vite.config.ts');
const BATCH = 50;

test.describe.configure({ mode: 'serial', timeout: 600_000 });

let outDir: string;
let server: PreviewServer;
let pageUrl: string;

test.beforeAll(async () => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'provenance-explorer-bench-page-'));
  process.env.BENCH_PAGE = '1';
  try {
    await build({ root: REPOSITORY, configFile: CONFIG, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  } finally {
    delete process.env.BENCH_PAGE;
  }
  server = await preview({
    root: REPOSITORY,
    configFile: CONFIG,
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1' },
    logLevel: 'warn',
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('the preview server has no port');
  pageUrl = `http://127.0.0.1:${address.port}/bench.html`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  rmSync(outDir, { recursive: true, force: true });
});

function wire(item: Item): WireRequest {
  const { artifact, ...request } = item;
  delete (request as Partial<Item>).name;
  return {
    ...request,
    npmKeys: item.npmKeys ?? [],
    ...(artifact ? { artifactBase64: Buffer.from(artifact).toString('base64') } : {}),
  };
}

test('the guard’s corpus: the same verdicts in the app’s verifier workers as in @sigstore/verify on Node', async ({
  page,
}) => {
  const samples = seededSamples();
  const items: Item[] = [
    ...recordedItems(),
    ...conformanceItems(),
    ...keyTypeItems().map(([item]) => item),
    ...bufferConversionCases().map(([item]) => item),
    ...samples.bitFlips,
    ...samples.structural,
    // As in the Vitest guard: a root that is the carve-out and also breaks the bundle
    // otherwise is no pair to compare.
    ...samples.trustedRoot.filter((item) => !carveOutOf(item)),
    ...samples.signer,
  ];
  const native = items.map((item) => nativeVerdict(item));

  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pageUrl);
  await page.waitForFunction(() => 'provenanceBench' in window);
  const chromium: string[][] = [];
  for (let at = 0; at < items.length; at += BATCH) {
    const batch = items.slice(at, at + BATCH).map(wire);
    chromium.push(
      ...(await page.evaluate(
        (requests) =>
          (
            window as unknown as {
              provenanceBench: { verifyRequests(r: WireRequest[]): Promise<string[][]> };
            }
          ).provenanceBench.verifyRequests(requests),
        batch,
      )),
    );
  }
  expect(errors).toEqual([]);
  expect(chromium).toHaveLength(items.length);

  const differences: { name: string; native: string[]; chromium: string[] }[] = [];
  const codes = new Set<string>();
  items.forEach((item, i) => {
    const ours = chromium[i] ?? [];
    const theirs = native[i] ?? [];
    theirs.forEach((code) => codes.add(code));
    // The one documented carve-out (test/differential/carve-outs.ts), asserted both ways.
    const expected = carveOutOf(item) ? theirs.map(() => CARVED_OUT_VERDICTS.browser) : theirs;
    if (carveOutOf(item) && !theirs.every((code) => code === CARVED_OUT_VERDICTS.native)) {
      differences.push({ name: `${item.name} (carve-out: the library accepts)`, native: theirs, chromium: ours });
    } else if (JSON.stringify(ours) !== JSON.stringify(expected)) {
      differences.push({ name: item.name, native: theirs, chromium: ours });
    }
  });
  expect(differences).toEqual([]);
  // Not a comparison of failures alone: verdicts across the checks.
  for (const code of [
    'OK',
    'BUNDLE_MALFORMED',
    'CERTIFICATE_ERROR',
    'TIMESTAMP_ERROR',
    'TLOG_BODY_ERROR',
    'TLOG_INCLUSION_PROOF_ERROR',
    'TLOG_INCLUSION_PROMISE_ERROR',
    'SIGNATURE_ERROR',
    'PAYLOAD_MALFORMED',
    'TRUSTED_ROOT_INVALID',
    'IDENTITY_MISMATCH',
  ]) {
    expect(codes, code).toContain(code);
  }
});
