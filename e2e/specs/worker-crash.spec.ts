// A verifier worker that dies mid-job. The crash is made from outside the app (no hook
// in the production build that a page or a registry could trigger): the test throws an
// uncaught error inside the running worker through Playwright, which is what a crash
// looks like to the page (an `error` event on the Worker). The jobs in flight are held
// there by the fixture registry: attestations that stall (hostile/stall-attestations).
//
// Timeline: the worker is replaced and its versions retried; when the replacement dies
// too, they end "unavailable" with the reason, never "Verifying". #/verify: a crashed
// bundle check is retried once on a new worker; a second crash ends in a clear error.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page, type Worker } from '@playwright/test';
import { resolveFixturesDir } from '../fixture-registry/fixtures';
import { REGISTRY, appUrl, versionRow, waitForVerification } from '../support/app';
import { hostile, pageUrl, recordRequests } from '../support/hostile';

test.describe.configure({ timeout: 120_000 });
const SLOW = { timeout: 45_000 };

/** The verifier workers the page has started and that are still running. */
function trackVerifiers(page: Page): () => Worker[] {
  const alive = new Set<Worker>();
  page.on('worker', (worker) => {
    if (!worker.url().includes('verifier.worker')) return;
    alive.add(worker);
    worker.on('close', () => alive.delete(worker));
  });
  return () => [...alive];
}

/** An uncaught error at the worker's top level, from the next task on: the worker crashes. */
async function crash(worker: Worker, busyMs = 0): Promise<void> {
  await worker
    .evaluate((ms) => {
      setTimeout(() => {
        // Busy first (messages posted meanwhile wait in the worker's queue), then die.
        const end = Date.now() + ms;
        while (Date.now() < end) {
          /* busy */
        }
        throw new Error('e2e: the verifier worker crashed');
      }, 0);
    }, busyMs)
    .catch(() => undefined); // the worker may be gone before the answer comes back
}

test('a verifier worker that dies mid-job is replaced and its versions retried; a second death ends them "unavailable"', async ({
  page,
}) => {
  const verifiers = trackVerifiers(page);
  const requests = recordRequests(page);
  const attestations = () => requests.filter((url) => url.includes('/-/npm/v1/attestations/sigstore@1.0.0')).length;
  // Attestations stall for up to 10 minutes: only a worker's death can end these jobs here.
  await page.goto(pageUrl('/package/sigstore', { registry: hostile('stall-attestations'), timeout: '600' }));
  await expect.poll(attestations, SLOW).toBe(1);
  await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-verification', 'pending');
  const first = verifiers();
  expect(first.length).toBeGreaterThan(0);
  for (const worker of first) await crash(worker);

  // Replaced, and the job runs again: its attestations are asked for a second time.
  await expect.poll(attestations, SLOW).toBe(2);
  await expect.poll(() => verifiers().filter((w) => !first.includes(w)).length, SLOW).toBeGreaterThan(0);
  await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-verification', 'pending');
  for (const worker of verifiers()) await crash(worker);

  await waitForVerification(page, 5, 60_000);
  for (const version of ['1.0.0', '1.1.0', '1.2.0', '1.3.0']) {
    await expect(versionRow(page, version)).toHaveAttribute('data-verification', 'unavailable');
  }
  await versionRow(page, '1.0.0').click();
  const step = page.locator('[data-testid="verification-step"][data-step="provenance-bundle"]');
  await expect(step).toHaveAttribute('data-code', 'ATTESTATIONS_UNAVAILABLE', SLOW);
  await expect(step).toContainText('the verification worker stopped twice while checking this version');
  await expect(step).toContainText('e2e: the verifier worker crashed');

  // The pool works on afterwards: the same package on the kind registry verifies.
  await page.goto(appUrl('/package/sigstore', REGISTRY));
  await waitForVerification(page, 5, 60_000);
  await expect(versionRow(page, '1.0.0')).toHaveAttribute('data-verification', 'verified');
});

const BUNDLE = readFileSync(path.join(resolveFixturesDir(), 'sigstore', 'bundles', 'sjs-bundleV02-dsse.json'), 'utf8');

async function submit(page: Page): Promise<void> {
  await page.locator('textarea[name="bundle"]').fill(BUNDLE);
  await page.getByTestId('verify-bundle-submit').click();
}

test('#/verify: a bundle check whose worker crashes is retried once on a new worker and verifies', async ({ page }) => {
  const verifiers = trackVerifiers(page);
  await page.goto(appUrl('/verify'));
  // A first check starts the worker.
  await submit(page);
  await expect(page.getByTestId('bundle-verdict')).toHaveAttribute('data-verdict', 'verified', SLOW);
  const first = verifiers();
  expect(first).toHaveLength(1);
  // It is busy for a while, then dies: the next check is queued in it and lost with it.
  await crash(first[0]!, 3000);
  await page.locator('textarea[name="bundle"]').fill(`${BUNDLE}\n`);
  await page.getByTestId('verify-bundle-submit').click();
  await expect(page.getByTestId('bundle-verdict')).toHaveAttribute('data-verdict', 'verified', SLOW);
  await expect(page.getByTestId('stale-result')).toHaveCount(0);
  await expect(page.getByTestId('error')).toHaveCount(0);
  expect(verifiers().filter((w) => !first.includes(w))).toHaveLength(1);
  expect(verifiers()).not.toContain(first[0]);
});

test('#/verify: a bundle check whose worker crashes twice shows a clear error, and the next check works', async ({
  page,
}) => {
  const verifiers = trackVerifiers(page);
  // Every verifier worker started from now on is busy, then dies.
  let crashing = true;
  page.on('worker', (worker) => {
    if (crashing && worker.url().includes('verifier.worker')) void crash(worker, 3000);
  });
  await page.goto(appUrl('/verify'));
  await submit(page);
  const error = page.getByTestId('error');
  await expect(error).toBeVisible(SLOW);
  await expect(error).toHaveAttribute('data-error-code', 'VERIFIER_FAILED');
  await expect(error).toContainText('The verification worker stopped twice while checking this bundle');
  await expect(error).toContainText('e2e: the verifier worker crashed');
  await expect(error).toContainText('Try again, or reload the page.');
  await expect(page.getByTestId('loading')).toHaveCount(0);

  crashing = false;
  await error.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByTestId('verify-bundle-submit').click();
  await expect(page.getByTestId('bundle-verdict')).toHaveAttribute('data-verdict', 'verified', SLOW);
  expect(verifiers().length).toBeGreaterThan(0);
});
