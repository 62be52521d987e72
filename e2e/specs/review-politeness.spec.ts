// The dependency review is polite to the registry: the concurrency setting bounds how
// many package documents are in flight at once (counted at the fixture registry, whose
// metered mode delays each answer so that requests overlap), nothing is fetched twice,
// and a 429 or 503 with Retry-After is retried after the wait it asks for, with the
// rows still right.
import { expect, test, type Page } from '@playwright/test';
import type { MeteredStats } from '../fixture-registry/metered';
import { appUrl, REGISTRY } from '../support/app';

test.describe.configure({ timeout: 180_000 });

interface Expectation {
  trust: string;
  verification: string;
  integrity: string;
}

let expectations: Map<string, Expectation>;

test.beforeAll(async () => {
  const index = (await (await fetch(`${REGISTRY}/__review/`)).json()) as { expectations: Record<string, Expectation> };
  expectations = new Map(Object.entries(index.expectations));
});

async function stats(id: string): Promise<MeteredStats> {
  return (await (await fetch(`${REGISTRY}/__metered/${id}`)).json()) as MeteredStats;
}

async function reviewLockfile(page: Page, registry: string): Promise<void> {
  const text = await (await fetch(`${registry}/__review/lockfiles/package-lock.json`)).text();
  await page.goto(appUrl('/review', registry));
  await page.locator('input[type="file"][name="lockfile"]').setInputFiles({ name: 'package-lock.json', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await expect(page.getByTestId('lockfile-chosen')).toBeVisible();
  await page.getByRole('button', { name: 'Review', exact: true }).click();
  await expect(page.getByTestId('review-progress')).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
}

async function shownRows(page: Page): Promise<Map<string, Expectation>> {
  const rows = await page.getByTestId('dependency-row').evaluateAll((elements) =>
    elements.map((element) => {
      const data = (element as HTMLElement).dataset;
      return [`${data.name}@${data.version}`, { trust: data.trust ?? '', verification: data.verification ?? '', integrity: data.integrity ?? '' }] as const;
    }),
  );
  return new Map(rows);
}

test('the concurrency setting is validated, saved, and bounds the review to that many registry requests at once', async ({ page }) => {
  const id = `concurrency-${test.info().workerIndex}-${Date.now()}`;
  const registry = `${REGISTRY}/metered/${id}`;
  await page.goto(appUrl('/review', registry));
  await page.getByRole('button', { name: /^Registry/ }).click();
  const field = page.locator('input[name="registry-concurrency"]');
  await expect(field).toHaveValue('8');
  for (const wrong of ['0', '33', '2.5', 'two']) {
    await field.fill(wrong);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('alert')).toContainText('whole number from 1 to 32');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
  }
  expect(await page.evaluate(() => localStorage.getItem('provenance-explorer.review-concurrency'))).toBeNull();
  await field.fill('2');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(field).toBeHidden();
  expect(await page.evaluate(() => localStorage.getItem('provenance-explorer.review-concurrency'))).toBe('2');

  await reviewLockfile(page, registry);
  const rows = await shownRows(page);
  expect(rows.size).toBe(expectations.size);
  const counted = await stats(id);
  // Every package of the tree was asked for, each once, never more than 2 at a time.
  const names = new Set([...expectations.keys()].map((key) => key.slice(0, key.lastIndexOf('@'))));
  expect(counted.packageRequests.length).toBeGreaterThanOrEqual(names.size);
  expect(new Set(counted.packageRequests).size).toBe(counted.packageRequests.length);
  expect(counted.maxInFlight).toBeGreaterThan(0);
  expect(counted.maxInFlight).toBeLessThanOrEqual(2);

  // Saved in this browser: a reload keeps it.
  await page.reload();
  await page.getByRole('button', { name: /^Registry/ }).click();
  await expect(page.locator('input[name="registry-concurrency"]')).toHaveValue('2');
});

test('a 429 and a 503 with Retry-After (seconds, then an HTTP date) are retried after the wait, and their rows end right', async ({ page }) => {
  const id = `retry-${test.info().workerIndex}-${Date.now()}`;
  await reviewLockfile(page, `${REGISTRY}/metered-retry/${id}`);
  const counted = await stats(id);
  expect(counted.rateLimited.map((r) => r.status)).toEqual([429, 503]);
  for (const limited of counted.rateLimited) {
    expect(limited.retriedAt, `${limited.path} was asked again`).toBeDefined();
    // Server clock on both ends; a few milliseconds of slack for timer granularity.
    expect((limited.retriedAt ?? 0) - limited.at, `${limited.path} waited as asked`).toBeGreaterThanOrEqual(limited.waitSeconds * 1000 - 20);
  }
  const rows = await shownRows(page);
  expect(rows.size).toBe(expectations.size);
  for (const limited of counted.rateLimited) {
    const name = decodeURIComponent(limited.path.slice(1));
    const keys = [...expectations.keys()].filter((key) => key.slice(0, key.lastIndexOf('@')) === name);
    expect(keys.length, `${name} is in the tree`).toBeGreaterThan(0);
    for (const key of keys) {
      const expected = expectations.get(key);
      expect({ key, ...rows.get(key) }).toEqual({ key, trust: expected?.trust, verification: expected?.verification, integrity: expected?.integrity });
    }
  }
});
