// Verdicts kept between visits (IndexedDB, src/core/verify/verdict-cache.ts): a reload of
// the page (a new session, the same browser profile) shows every verdict again without
// asking the registry for a single attestation; verdicts that are not final (attestations
// unavailable) are asked again; another trusted root verifies again; "Clear cached
// results" makes the next visit verify again; and a browser without a usable IndexedDB
// still verifies, with no error.
// Requests are counted at the browser context, which sees the verifier workers' fetches.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  gotoPackage,
  holdRequests,
  readRows,
  REGISTRY,
  TAMPERED_REGISTRY,
  waitForVerification,
  type ExpectedRow,
} from '../support/app';

/** The machine is shared and sometimes very busy: generous waits on states, never on time. */
test.describe.configure({ timeout: 120_000 });
const SLOW = 60_000;

/**
 * Every attestation request the context makes (the page and its workers) to the fixture
 * registry: `name@version`, prefixed with the sub-registry (`tampered:`) if not the main one.
 */
function countAttestationRequests(context: BrowserContext): { list: string[]; reset: () => void } {
  const list: string[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    const at = url.pathname.indexOf('/-/npm/v1/attestations/');
    if (url.origin === REGISTRY && at >= 0) {
      const sub = url.pathname.slice(1, at);
      const spec = decodeURIComponent(url.pathname.slice(at + '/-/npm/v1/attestations/'.length));
      list.push(sub ? `${sub}:${spec}` : spec);
    }
  });
  return { list, reset: () => list.splice(0) };
}

/**
 * Visits of one page: `visit(open, total)` opens it (a navigation or a reload), waits
 * until its `total` versions have their verdicts, and answers with the rows and the
 * attestation requests made since the previous visit ended (the first visit: since the
 * visitor was made), in the order they were made.
 */
function visitor(page: Page, context: BrowserContext) {
  const requests = countAttestationRequests(context);
  return async (open: () => Promise<unknown>, total = 1): Promise<{ rows: ExpectedRow[]; fetched: string[] }> => {
    await open();
    await waitForVerification(page, total, SLOW);
    const rows = await readRows(page);
    const fetched = [...requests.list];
    requests.reset();
    return { rows, fetched };
  };
}

const TUF_JS_VERIFIED: ExpectedRow[] = [{ version: '1.0.0', trust: 'provenance', verification: 'verified' }];

/** Page errors and alerts: a blocked IndexedDB must show neither. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

test('a revisit of a recorded package shows every verdict without fetching its attestations again, starts no verifier, and analyses and draws its charts with the verdicts', async ({
  page,
  context,
}) => {
  const visit = visitor(page, context);
  const first = await visit(() => gotoPackage(page, 'tuf-js'));
  expect(first.rows).toEqual(TUF_JS_VERIFIED);
  expect(first.fetched).toEqual(['tuf-js@1.0.0']);

  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  // The rows on screen, and those still without a verdict, in the first frame that paints a
  // chart; the verified share the summary (the analysis's) shows when it first appears.
  // Read after that frame, not when the chart enters the DOM: the timeline may mount in
  // the chart's commit, and draws its rows in its ResizeObserver callback, after layout and
  // before paint (components/virtual-rows.tsx), so the DOM between that commit and that
  // callback has no row, which no frame shows (read there, this test saw 0 rows in one
  // full run of the suite).
  await page.addInitScript(() => {
    const at: { rows?: number; pending?: number; firstShare?: string } = {};
    (window as unknown as { chartDrawnWith: typeof at }).chartDrawnWith = at;
    let chartSeen = false;
    const observer = new MutationObserver(() => {
      const share = document.querySelector('[data-testid="verified-share"]');
      if (share && at.firstShare === undefined) at.firstShare = share.textContent ?? '';
      if (chartSeen || !document.querySelector('[data-testid="trust-chart"]')) return;
      chartSeen = true;
      requestAnimationFrame(() =>
        setTimeout(() => {
          at.rows = document.querySelectorAll('[data-testid="version-row"]').length;
          at.pending = document.querySelectorAll('[data-testid="version-row"][data-verification="pending"]').length;
          observer.disconnect();
        }),
      );
    });
    observer.observe(document, { childList: true, subtree: true });
  });
  const again = await visit(() => page.reload());
  expect(again.rows).toEqual(first.rows);
  expect(again.fetched).toEqual([]);
  await expect(page.getByTestId('trust-chart')).toBeVisible({ timeout: SLOW });
  // The first analysis waited for the kept verdict (lib/package-data/use-package-analysis.ts):
  // the summary never showed the package as unverified on its way to the verdict.
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { chartDrawnWith: object }).chartDrawnWith))
    .toEqual({ rows: 1, pending: 0, firstShare: '100%' });
  // Every verdict was kept: nothing to verify, no verifier worker started.
  expect(workers.filter((url) => url.includes('verifier'))).toEqual([]);
});

/**
 * On the verdicts' database, in the page: the keys of its `packages` store (the packages'
 * copies, core/verify/verdict-copies.ts), or its verdict records cleared behind the app's back.
 */
function onVerdictDb(page: Page, action: 'copy keys' | 'clear verdicts'): Promise<unknown[]> {
  return page.evaluate(
    (action) =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open('provenance-explorer-verdicts');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          const store = action === 'copy keys' ? 'packages' : 'verdicts';
          const tx = db.transaction(store, action === 'copy keys' ? 'readonly' : 'readwrite');
          const request = action === 'copy keys' ? tx.objectStore(store).getAllKeys() : tx.objectStore(store).clear();
          tx.oncomplete = () => {
            db.close();
            resolve(action === 'copy keys' ? (request.result as unknown[]) : []);
          };
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
      }),
    action,
  );
}

/** Until the package's copy of its verdicts is written (what a revisit reads them from). */
async function verdictCopyWritten(page: Page): Promise<void> {
  await expect
    .poll(() => onVerdictDb(page, 'copy keys').then((found) => found.length), { timeout: SLOW })
    .toBeGreaterThan(0);
}

test('once the verifiers are idle, a package’s verdicts are kept as one copy, and a revisit reads them from it', async ({
  page,
  context,
}) => {
  const visit = visitor(page, context);
  const first = await visit(() => gotoPackage(page, 'tuf-js'));
  expect(first.fetched).toEqual(['tuf-js@1.0.0']);
  // The copy's header and its one chunk, written by the worker that wrote the verdict.
  await expect
    .poll(() => onVerdictDb(page, 'copy keys').then((keys) => keys.map((key) => (key as unknown[])[1])), {
      timeout: SLOW,
    })
    .toEqual([0, 1]);
  // The verdict records deleted behind the app's back, the copy left: only a read of the copy finds the verdict.
  await onVerdictDb(page, 'clear verdicts');
  const again = await visit(() => page.reload());
  expect(again.rows).toEqual(first.rows);
  expect(again.fetched).toEqual([]);
});

test('only final verdicts are kept: unavailable attestations are asked for again on a revisit', async ({
  page,
  context,
}) => {
  const visit = visitor(page, context);
  const first = await visit(() => gotoPackage(page, 'sigstore'), 5);
  // 1.3.1 claims no attestations; 1.1.0 answers 404 and 1.2.0 truncated JSON (unavailable).
  expect(first.fetched.sort()).toEqual(['sigstore@1.0.0', 'sigstore@1.1.0', 'sigstore@1.2.0', 'sigstore@1.3.0']);

  const again = await visit(() => page.reload(), 5);
  expect(again.rows).toEqual(first.rows);
  expect(again.fetched.sort()).toEqual(['sigstore@1.1.0', 'sigstore@1.2.0']);
});

test('a verdict kept for one registry is never reused for another (the tampered registry fails it)', async ({
  page,
  context,
}) => {
  const visit = visitor(page, context);
  expect((await visit(() => gotoPackage(page, 'tuf-js'))).rows).toEqual(TUF_JS_VERIFIED);

  // Same name, version and integrity on another registry, whose provenance is tampered with.
  // Another address (?registry=): a new document, a new session.
  const tampered = await visit(() => gotoPackage(page, 'tuf-js', TAMPERED_REGISTRY));
  // A failed provenance proves nothing: the trust level is none.
  expect(tampered.rows).toEqual([{ version: '1.0.0', trust: 'none', verification: 'failed' }]);
  expect(tampered.fetched).toEqual(['tampered:tuf-js@1.0.0']);

  // And back: each registry's verdict is its own, both kept.
  const back = await visit(() => gotoPackage(page, 'tuf-js'));
  expect(back.rows).toEqual(TUF_JS_VERIFIED);
  expect(back.fetched).toEqual([]);
});

test('a verdict kept under one trusted root is not reused under another: verified again, then found again', async ({
  page,
  context,
}) => {
  const visit = visitor(page, context);
  // The TUF CDN has no route here: the root bundled with the build.
  const first = await visit(() => gotoPackage(page, 'tuf-js'));
  expect(first.fetched).toEqual(['tuf-js@1.0.0']);

  // The fixture's private repository serves another trusted root (and npm keys): a new key.
  const tuf = `${REGISTRY}/tuf/publish-keys`;
  const params = new URLSearchParams({ registry: REGISTRY, tuf, 'tuf-root': `${tuf}/root.json`, 'tuf-timeout': '30' });
  const otherRoot = await visit(async () => {
    await page.goto(`/?${params.toString()}#/package/tuf-js`);
    await expect(page.getByTestId('trusted-root-status')).toHaveAttribute('data-source', 'tuf', { timeout: SLOW });
  });
  expect(otherRoot.fetched).toEqual(['tuf-js@1.0.0']);

  // Back under the bundled root: its verdict is still kept.
  const back = await visit(() => gotoPackage(page, 'tuf-js'));
  expect(back.rows).toEqual(first.rows);
  expect(back.fetched).toEqual([]);
});

test('"Clear cached results" in the settings makes the next visit verify again', async ({ page, context }) => {
  const visit = visitor(page, context);
  await visit(() => gotoPackage(page, 'tuf-js'));
  await visit(() => page.reload());

  await page.getByRole('button', { name: /^Trusted root/ }).click();
  await page.getByRole('button', { name: 'Clear cached results' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Cleared' })).toHaveText(
    'Cleared 1 cached result: versions are verified again on the next visit.',
  );

  // What is counted starts before the clearing, as the visit before it ended.
  const after = await visit(() => page.reload());
  expect(after.rows).toEqual(TUF_JS_VERIFIED);
  expect(after.fetched).toEqual(['tuf-js@1.0.0']);
});

for (const [what, script] of [
  [
    'indexedDB.open throws',
    () => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      };
    },
  ],
  [
    'there is no indexedDB',
    () => {
      Object.defineProperty(globalThis, 'indexedDB', { value: undefined, configurable: true });
    },
  ],
] as const) {
  test(`IndexedDB unusable (${what}): verification works, with no error, and the session still caches`, async ({
    page,
    context,
  }) => {
    await context.addInitScript(script);
    const errors = collectErrors(page);
    const visit = visitor(page, context);
    expect((await visit(() => gotoPackage(page, 'tuf-js'))).rows).toEqual(TUF_JS_VERIFIED);
    await expect(page.getByRole('alert')).toHaveCount(0);

    // Within the session, the verdict is kept: back to the package, nothing is fetched again.
    const inSession = await visit(async () => {
      await page.goto(`/?registry=${encodeURIComponent(REGISTRY)}#/`);
      await gotoPackage(page, 'tuf-js');
    });
    expect(inSession.fetched).toEqual([]);
    // A new session cannot read what the page could not store: verified again, no error.
    const newSession = await visit(() => page.reload());
    expect(newSession.rows).toEqual(TUF_JS_VERIFIED);
    expect(newSession.fetched).toEqual(['tuf-js@1.0.0']);

    await page.getByRole('button', { name: /^Trusted root/ }).click();
    await page.getByRole('button', { name: 'Clear cached results' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Cleared' })).toHaveText(
      'Cleared 0 cached results: versions are verified again on the next visit.',
    );
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(errors).toEqual([]);
  });
}

test("the trust material: on a first visit once the package's first rows are there, on a revisit at once", async ({
  page,
  context,
}) => {
  // The packument held until released; the order of what the page asks for meanwhile.
  const packument = await holdRequests(context, `${REGISTRY}/tuf-js`);
  const keys = `${REGISTRY}/-/npm/v1/keys`;
  const events: string[] = [];
  const release = () => {
    events.push('packument released');
    packument.release();
  };
  context.on('request', (request) => {
    if (request.url() === keys) events.push('keys');
  });

  // A first visit: the screen loading its package asks for no key while it has no row.
  await gotoPackage(page, 'tuf-js');
  await expect(page.getByTestId('cancel-loading')).toBeVisible({ timeout: SLOW });
  await expect.poll(packument.held, { timeout: SLOW }).toBe(1);
  // An absence, given time to show: the screen's effects run right after its first commit.
  await page.waitForTimeout(1_000);
  expect(events).toEqual([]);
  release();
  await waitForVerification(page, 1, SLOW);
  expect(events[0]).toBe('packument released');
  expect(events).toContain('keys');

  // The verdict kept (the package's copy written), then a revisit: the keys are asked for
  // while its packument is still held, since the kept verdicts wait for them.
  await verdictCopyWritten(page);
  events.splice(0);
  await page.reload();
  await expect.poll(packument.held, { timeout: SLOW }).toBe(2);
  await expect.poll(() => [...events], { timeout: SLOW }).toEqual(['keys']);
  release();
  await waitForVerification(page, 1, SLOW);
  expect(await readRows(page)).toEqual(TUF_JS_VERIFIED);
});

test("a revisit whose kept verdicts wait for npm's keys does not hold the page's analysis for them", async ({
  page,
  context,
}) => {
  const visit = visitor(page, context);
  expect((await visit(() => gotoPackage(page, 'tuf-js'))).rows).toEqual(TUF_JS_VERIFIED);
  await verdictCopyWritten(page);

  // The keys (which the kept verdicts' lookup needs) held: the analysis waits for the kept
  // verdicts at most STORED_VERDICTS_WAIT_MS (2 s), then shows the package without them.
  const keys = await holdRequests(context, `${REGISTRY}/-/npm/v1/keys`);
  await page.reload();
  await expect.poll(keys.held, { timeout: SLOW }).toBe(1);
  await expect(page.getByTestId('summary')).toBeVisible({ timeout: SLOW });
  expect(keys.held()).toBe(1);
  await expect(page.getByTestId('verified-share')).toHaveText('0%');
  await expect(page.getByTestId('verification-progress')).toHaveAttribute('data-done', '0');

  keys.release();
  const again = await visit(async () => undefined);
  expect(again.rows).toEqual(TUF_JS_VERIFIED);
  expect(again.fetched).toEqual([]);
  await expect(page.getByTestId('verified-share')).toHaveText('100%', { timeout: SLOW });
});
