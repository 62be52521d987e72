import { expect, test, type APIRequestContext } from '@playwright/test';
import {
  gotoPackage,
  readRows,
  REGISTRY,
  versionRow,
  versionRows,
  waitForVerification,
  type ExpectedRow,
} from '../support/app';

interface PackumentVersion {
  dist?: { attestations?: { url?: string } };
}
interface Packument {
  'dist-tags': Record<string, string>;
  time: Record<string, string>;
  versions: Record<string, PackumentVersion>;
}

async function fetchPackument(request: APIRequestContext, name: string): Promise<Packument> {
  const response = await request.get(`${REGISTRY}/${name.replace('/', '%2f')}`, {
    headers: { accept: 'application/json' },
  });
  expect(response.ok()).toBe(true);
  return (await response.json()) as Packument;
}

/** Newest first, the timeline's order (the recorded packuments have distinct publish times). */
function newestFirst(doc: Packument): string[] {
  return Object.keys(doc.versions).sort((a, b) => (doc.time[b] ?? '').localeCompare(doc.time[a] ?? ''));
}

test.describe('sigstore on the main fixture registry', () => {
  test.beforeEach(async ({ page }) => {
    await gotoPackage(page, 'sigstore');
    await waitForVerification(page, 5);
  });

  test('every version, the latest tag, the findings and the summary', async ({ page }) => {
    await test.step('rows: trust and verification, newest first', async () => {
      const expected: ExpectedRow[] = [
        { version: '1.3.1', trust: 'none', verification: 'absent' },
        { version: '1.3.0', trust: 'provenance', verification: 'verified' },
        { version: '1.2.0', trust: 'none', verification: 'unavailable' },
        { version: '1.1.0', trust: 'none', verification: 'unavailable' },
        { version: '1.0.0', trust: 'provenance', verification: 'verified' },
      ];
      expect(await readRows(page)).toEqual(expected);
      await expect(page.getByRole('heading', { name: /^Versions/ })).toContainText('(5 of 5, newest first)');
    });

    await test.step('the latest dist-tag is on 1.3.1 only', async () => {
      await expect(versionRow(page, '1.3.1').getByText('latest', { exact: true })).toBeVisible();
      await expect(versionRows(page).getByText('latest', { exact: true })).toHaveCount(1);
    });

    await test.step('1.3.1 dropping provenance is a high trust-downgrade finding', async () => {
      const downgrade = page.locator('[data-testid="finding"][data-kind="trust-downgrade"]');
      await expect(downgrade).toHaveCount(1);
      await expect(downgrade).toHaveAttribute('data-severity', 'high');
      await expect(downgrade).toContainText('1.3.1 vs 1.3.0');
      await expect(downgrade).toContainText('published without provenance');
      // 1.1.0 and 1.2.0 claim attestations that cannot be fetched: low, not evidence of tampering.
      const unavailable = page.locator('[data-testid="finding"][data-kind="verification-unavailable"]');
      await expect(unavailable).toHaveCount(2);
      for (const finding of await unavailable.all()) await expect(finding).toHaveAttribute('data-severity', 'low');
      await expect(page.locator('[data-testid="finding"][data-kind="verification-failed"]')).toHaveCount(0);
      await expect(page.locator('[data-severity-count="high"] span').last()).toHaveText('1');
    });

    await test.step('the summary: latest trust and the verified share', async () => {
      const summary = page.getByTestId('summary');
      await expect(summary.getByTestId('latest-trust')).toHaveAttribute('data-trust', 'none');
      await expect(summary.getByTestId('verified-share')).toHaveText('40%');
      await expect(summary).toContainText('2 of 5 versions');
      await expect(summary.getByTestId('verification-progress')).toContainText('All 5 versions checked');
    });
  });

  test('filtering by trust level reduces the rows, and All restores them', async ({ page }) => {
    const trust = page.locator('select[name="trust-level"]');
    await trust.selectOption('provenance');
    await expect(versionRows(page)).toHaveCount(2);
    expect((await readRows(page)).map((r) => r.version)).toEqual(['1.3.0', '1.0.0']);
    await expect(page.getByRole('heading', { name: /^Versions/ })).toContainText('(2 of 5, newest first)');

    await trust.selectOption('none');
    expect((await readRows(page)).map((r) => r.version)).toEqual(['1.3.1', '1.2.0', '1.1.0']);

    await trust.selectOption('trusted-publisher');
    await expect(versionRows(page)).toHaveCount(0);
    await expect(page.getByText('No version matches these filters.')).toBeVisible();

    await trust.selectOption('');
    await expect(versionRows(page)).toHaveCount(5);
  });
});

test('@playwright/cli 0.1.1 is verified and published by a trusted publisher', async ({ page }) => {
  await gotoPackage(page, '@playwright/cli');
  await waitForVerification(page, 1);
  expect(await readRows(page)).toEqual([{ version: '0.1.1', trust: 'trusted-publisher', verification: 'verified' }]);
  await expect(page.getByTestId('latest-trust')).toHaveAttribute('data-trust', 'trusted-publisher');
  await expect(page.getByTestId('verified-share')).toHaveText('100%');
  await expect(versionRow(page, '0.1.1')).toContainText('GitHub Actions');
  await expect(page.getByTestId('finding')).toHaveCount(0);
});

test('tuf-js 1.0.0 is verified with provenance', async ({ page }) => {
  await gotoPackage(page, 'tuf-js');
  await waitForVerification(page, 1);
  expect(await readRows(page)).toEqual([{ version: '1.0.0', trust: 'provenance', verification: 'verified' }]);
  await expect(page.getByTestId('finding')).toHaveCount(0);
});

test('vue (recorded): every version, unavailable where attestations are claimed, absent elsewhere', async ({
  page,
  request,
}) => {
  const doc = await fetchPackument(request, 'vue');
  const order = newestFirst(doc);
  expect(order.length).toBeGreaterThan(5);
  const claiming = order.filter((v) => doc.versions[v]?.dist?.attestations);
  expect(claiming.length, 'vue fixture has versions claiming attestations').toBeGreaterThan(0);
  expect(claiming.length, 'vue fixture has versions without attestations').toBeLessThan(order.length);

  await gotoPackage(page, 'vue');
  await waitForVerification(page, order.length);
  const rows = await readRows(page);
  // The recorded attestations are not recorded, so nothing can be verified: all `none`.
  expect(rows).toEqual(
    order.map((version) => ({
      version,
      trust: 'none',
      verification: doc.versions[version]?.dist?.attestations ? 'unavailable' : 'absent',
    })),
  );
  await expect(page.locator('[data-testid="finding"][data-kind="verification-unavailable"]')).toHaveCount(
    claiming.length,
  );
  await expect(page.locator('[data-testid="finding"][data-kind="verification-failed"]')).toHaveCount(0);
  await expect(versionRow(page, doc['dist-tags'].latest as string).getByText('latest', { exact: true })).toBeVisible();

  // Release lines: one option per major, with its count.
  const majors = new Map<string, number>();
  for (const v of order) majors.set(v.split('.')[0] as string, (majors.get(v.split('.')[0] as string) ?? 0) + 1);
  const line = page.locator('select[name="release-line"]');
  await expect(line.locator('option')).toHaveText([
    'All',
    ...[...majors.keys()].sort((a, b) => Number(b) - Number(a)).map((m) => `${m}.x (${majors.get(m)})`),
  ]);
  await line.selectOption('2');
  expect((await readRows(page)).map((r) => r.version)).toEqual(order.filter((v) => v.startsWith('2.')));
  await line.selectOption('3');
  expect((await readRows(page)).map((r) => r.version)).toEqual(order.filter((v) => v.startsWith('3.')));

  // Both filters at once: no vue version has a verified trusted publisher here.
  await page.locator('select[name="trust-level"]').selectOption('trusted-publisher');
  await expect(versionRows(page)).toHaveCount(0);
  await page.locator('select[name="trust-level"]').selectOption('none');
  await expect(versionRows(page)).toHaveCount(majors.get('3') as number);
  await line.selectOption('');
  await expect(versionRows(page)).toHaveCount(order.length);
});

test('tweetnacl (no signatures, no attestations): every row absent', async ({ page, request }) => {
  const doc = await fetchPackument(request, 'tweetnacl');
  const order = newestFirst(doc);
  await gotoPackage(page, 'tweetnacl');
  await waitForVerification(page, order.length);
  expect(await readRows(page)).toEqual(order.map((version) => ({ version, trust: 'none', verification: 'absent' })));
  await expect(page.getByTestId('verified-share')).toHaveText('0%');
  // The recorded `time` lists 0.9.0, which `versions` no longer has: published, then removed.
  const findings = page.getByTestId('finding');
  await expect(findings).toHaveCount(1);
  await expect(findings).toHaveAttribute('data-kind', 'version-removed');
  await expect(findings).toHaveAttribute('data-severity', 'low');
  await expect(findings).toContainText('0.9.0');
});

test('@types/node: all 34 rows present and absent', async ({ page, request }) => {
  const doc = await fetchPackument(request, '@types/node');
  const order = newestFirst(doc);
  expect(order).toHaveLength(34);
  await gotoPackage(page, '@types/node');
  await waitForVerification(page, 34);
  expect(await readRows(page)).toEqual(order.map((version) => ({ version, trust: 'none', verification: 'absent' })));
  await expect(page.getByRole('heading', { name: /^Versions/ })).toContainText('(34 of 34, newest first)');
});
