// A verifier worker that dies mid-job, made by the test from outside the app; nothing
// in the production build can trigger it (no page, packument or registry answer
// reaches this code).
//
// - #/verify: Playwright serves the built worker script with a few lines prepended: the
//   worker asks the test at start whether it is to crash, and if so, when it is handed
//   a job (a comlink call of `verifyBundle`) it swallows it and throws an uncaught error:
//   a real crash, an `error` event on the Worker with the job in flight.
// - Timeline: routing requests would also intercept the workers' cross-origin fetches
//   of attestations (they then fail as network errors), so there an init script wraps
//   the page's `Worker`: the first verifier workers, when handed a `verify` job, are
//   terminated and an `error` event is fired on them, which is how the page sees a
//   worker whose script crashed.
//
// Timeline: the worker is replaced and its versions retried; when the retry dies too,
// they end "unavailable" with the reason, never "Verifying". #/verify: a crashed bundle
// check is retried once on a new worker; a second crash ends in a clear error.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { resolveFixturesDir } from '../fixture-registry/fixtures';
import { REGISTRY, appUrl, versionRow, waitForVerification } from '../support/app';

test.describe.configure({ timeout: 120_000 });
const SLOW = { timeout: 45_000 };
const WORKER_SCRIPT = '**/verifier.worker-*.js';

/** Where a starting worker asks (synchronously) whether it is one that crashes: answered by the test. */
const DECISION_PATH = '/__e2e/verifier-crash-decision';

/**
 * Prepended to the worker script. At start the worker asks the test whether it is to
 * crash (one answer per worker: workers of one script may share one download); if so,
 * a job for `method` makes it die (a capture listener runs before comlink's).
 */
function crashOn(method: 'verifyBundle'): string {
  return `(() => {
  let crash = false;
  try {
    const request = new XMLHttpRequest();
    request.open('GET', ${JSON.stringify(DECISION_PATH)}, false);
    request.send();
    crash = request.responseText === 'crash';
  } catch {}
  if (!crash) return;
  self.addEventListener('message', (event) => {
    const data = event.data;
    if (data && data.type === 'APPLY' && Array.isArray(data.path) && data.path[0] === ${JSON.stringify(method)}) {
      event.stopImmediatePropagation();
      setTimeout(() => { throw new Error('e2e: the verifier worker crashed'); }, 0);
    }
  }, { capture: true });
})();
`;
}

/**
 * Serves the verifier worker script so that the first `crashing` workers started die on
 * their first job. Returns how many started.
 */
async function crashingWorkers(page: Page, method: 'verifyBundle', crashing: number): Promise<() => number> {
  let started = 0;
  await page.route(WORKER_SCRIPT, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${crashOn(method)}${await response.text()}` });
  });
  await page.route(`**${DECISION_PATH}`, async (route) => {
    started += 1;
    await route.fulfill({ status: 200, contentType: 'text/plain', body: started <= crashing ? 'crash' : 'live' });
  });
  return () => started;
}

/** The first `crashing` verifier workers the page starts die when handed their first job. */
async function crashingTimelineWorkers(page: Page, crashing: number): Promise<() => Promise<number>> {
  await page.addInitScript((limit: number) => {
    const Native = window.Worker;
    let started = 0;
    (window as unknown as { verifierWorkersStarted: () => number }).verifierWorkersStarted = () => started;
    window.Worker = class extends Native {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (options?.name !== 'verifier') return;
        started += 1;
        if (started > limit) return;
        const post = this.postMessage.bind(this) as (message: unknown, transfer: Transferable[]) => void;
        let dead = false;
        this.postMessage = (message: unknown, transfer?: unknown) => {
          if (dead) return;
          const call = message as { type?: unknown; path?: unknown[] } | null;
          if (call?.type === 'APPLY' && Array.isArray(call.path) && call.path[0] === 'verify') {
            dead = true;
            this.terminate();
            setTimeout(() => {
              this.dispatchEvent(
                new ErrorEvent('error', { message: 'Uncaught Error: e2e: the verifier worker crashed' }),
              );
            }, 0);
            return;
          }
          post(message, (transfer as Transferable[] | undefined) ?? []);
        };
      }
    };
  }, crashing);
  return () =>
    page.evaluate(() => (window as unknown as { verifierWorkersStarted: () => number }).verifierWorkersStarted());
}

test('timeline: a verifier worker that dies mid-job is replaced and its versions are retried and verified', async ({
  page,
}) => {
  const started = await crashingTimelineWorkers(page, 1);
  await page.goto(appUrl('/package/sigstore', REGISTRY));
  await waitForVerification(page, 5, 60_000);
  await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-verification', 'verified');
  await expect(versionRow(page, '1.3.0')).toHaveAttribute('data-verification', 'verified');
  // The first worker died; its jobs ran on another one.
  expect(await started()).toBeGreaterThan(1);
});

test('timeline: versions whose worker dies twice end "unavailable" with the reason, never "Verifying"; later workers work', async ({
  page,
}) => {
  const started = await crashingTimelineWorkers(page, 1000);
  await page.goto(appUrl('/package/sigstore', REGISTRY));
  await waitForVerification(page, 5, 60_000);
  // Every version goes through a worker (1.3.1 too, which claims no attestations).
  for (const version of ['1.0.0', '1.1.0', '1.2.0', '1.3.0', '1.3.1']) {
    await expect(versionRow(page, version)).toHaveAttribute('data-verification', 'unavailable');
  }
  expect(await started()).toBeGreaterThanOrEqual(2);

  // The version page (a new page load: its own pool, whose workers die the same way).
  await page.goto(appUrl('/package/sigstore/v/1.0.0', REGISTRY));
  await expect(page.getByTestId('version-detail')).toHaveAttribute('data-verification', 'unavailable', SLOW);
  const step = page.locator('[data-testid="verification-step"][data-step="provenance-bundle"]');
  await expect(step).toHaveAttribute('data-code', 'ATTESTATIONS_UNAVAILABLE', SLOW);
  await expect(step).toContainText('the verification worker stopped twice while checking this version');
  await expect(step).toContainText('e2e: the verifier worker crashed');

  // Workers that do not crash verify again (a new page without the wrapper, a new pool).
  const fresh = await page.context().newPage();
  await fresh.goto(appUrl('/package/sigstore', REGISTRY));
  await waitForVerification(fresh, 5, 60_000);
  await expect(versionRow(fresh, '1.0.0')).toHaveAttribute('data-verification', 'verified');
});

const BUNDLE = readFileSync(path.join(resolveFixturesDir(), 'sigstore', 'bundles', 'sjs-bundleV02-dsse.json'), 'utf8');

async function submit(page: Page): Promise<void> {
  await page.locator('textarea[name="bundle"]').fill(BUNDLE);
  await page.getByTestId('verify-bundle-submit').click();
}

test('#/verify: a bundle check whose worker crashes is retried once on a new worker and verifies', async ({ page }) => {
  const loaded = await crashingWorkers(page, 'verifyBundle', 1);
  await page.goto(appUrl('/verify'));
  await submit(page);
  await expect(page.getByTestId('bundle-verdict')).toHaveAttribute('data-verdict', 'verified', SLOW);
  await expect(page.getByTestId('error')).toHaveCount(0);
  expect(loaded()).toBe(2);
});

test('#/verify: a bundle check whose worker crashes twice shows a clear error, and the next check works', async ({
  page,
}) => {
  const loaded = await crashingWorkers(page, 'verifyBundle', 2);
  await page.goto(appUrl('/verify'));
  await submit(page);
  const error = page.getByTestId('error');
  await expect(error).toBeVisible(SLOW);
  await expect(error).toHaveAttribute('data-error-code', 'VERIFIER_FAILED');
  await expect(error).toContainText('The verification worker stopped twice while checking this bundle');
  await expect(error).toContainText('e2e: the verifier worker crashed');
  await expect(error).toContainText('Try again, or reload the page.');
  await expect(page.getByTestId('loading')).toHaveCount(0);
  expect(loaded()).toBe(2);

  // The third worker does not crash: the same check, asked again, verifies.
  await error.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByTestId('verify-bundle-submit').click();
  await expect(page.getByTestId('bundle-verdict')).toHaveAttribute('data-verdict', 'verified', SLOW);
  expect(loaded()).toBe(3);
});
