// The print-friendly audit view of one version: @playwright/cli@0.1.1 from the fixture
// registry (recorded attestations: bundle v0.3, SLSA v1, Rekor dsse entry).
import { expect, test } from '@playwright/test';
import { seriousViolations } from '../support/axe';
import { appUrl, dangerousUrls, gotoVersion, REGISTRY } from '../support/app';

const REPO = 'https://github.com/microsoft/playwright-cli';
const SHA = 'd1c6d1113932ddcee243e8b111b6d4aea553df20';

const CHAIN: [kind: string, href: string][] = [
  ['tarball', `${REGISTRY}/@playwright/cli/-/cli-0.1.1.tgz`],
  ['attestation', `${REGISTRY}/-/npm/v1/attestations/@playwright%2fcli@0.1.1`],
  ['certificate', `${REPO}/blob/${SHA}/.github/workflows/publish.yml`],
  ['rekor', 'https://search.sigstore.dev/?logIndex=953297574'],
  ['run', `${REPO}/actions/runs/22026075834/attempts/1`],
  ['commit', `${REPO}/commit/${SHA}`],
];

test.describe('audit view of @playwright/cli@0.1.1', () => {
  test('is linked from the version page and shows each link of the chain with its exact href', async ({ page }) => {
    await gotoVersion(page, '@playwright/cli', '0.1.1');
    await page.getByTestId('audit-view-link').click();
    await expect(page).toHaveURL(/#\/package\/@playwright\/cli\/v\/0\.1\.1\/audit$/);
    const view = page.getByTestId('audit-view');
    await expect(view).toHaveAttribute('data-verification', 'verified', { timeout: 20_000 });

    const links = view.getByTestId('audit-link');
    await expect(links).toHaveCount(CHAIN.length);
    const found = await links.evaluateAll((els) =>
      els.map((el) => [el.getAttribute('data-kind'), el.getAttribute('href')]),
    );
    expect(found).toEqual(CHAIN);
    for (let i = 0; i < CHAIN.length; i++) {
      await expect(links.nth(i)).toHaveAttribute('rel', /\bnoopener\b/);
      await expect(links.nth(i)).toHaveAttribute('target', '_blank');
    }

    // Each link carries its verification result.
    const step = (kind: string) => view.locator(`[data-testid="audit-step"][data-kind="${kind}"]`);
    await expect(step('attestation').locator('[data-step="subject-binding"]')).toHaveAttribute('data-outcome', 'pass');
    await expect(step('attestation').locator('[data-step="provenance-bundle"]')).toHaveAttribute(
      'data-outcome',
      'pass',
    );
    await expect(step('certificate').locator('[data-check="signing-key"]')).toHaveAttribute('data-state', 'passed');
    await expect(step('rekor').locator('[data-check="transparency-log"]')).toHaveAttribute('data-state', 'passed');
    await expect(step('certificate').locator('[data-field="issuer"]')).toHaveText(
      'https://token.actions.githubusercontent.com',
    );
    await expect(step('certificate').locator('[data-field="subjectAlternativeName"]')).toHaveText(
      `${REPO}/.github/workflows/publish.yml@refs/tags/v0.1.1`,
    );
    await expect(step('attestation')).toContainText('pkg:npm/%40playwright/cli@0.1.1');
    await expect(step('rekor')).toContainText('953297574');

    // The time of the check is stated, as a machine-readable time.
    const checked = page.getByTestId('audit-checked-at').locator('time');
    const iso = await checked.getAttribute('datetime');
    expect(Number.isNaN(Date.parse(iso ?? ''))).toBe(false);
    expect(await dangerousUrls(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('prints black on white without the app chrome, each link followed by its address', async ({ page }) => {
    await page.goto(appUrl('/package/@playwright/cli/v/0.1.1/audit'));
    const view = page.getByTestId('audit-view');
    await expect(view).toHaveAttribute('data-verification', 'verified', { timeout: 20_000 });
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    await expect(page.locator('body > #root header').first()).toBeHidden();
    await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
    await expect(view.getByRole('navigation', { name: 'Breadcrumb' })).toBeHidden();
    const link = view.locator('[data-testid="audit-link"][data-kind="commit"]');
    const after = await link.evaluate((el) => getComputedStyle(el, '::after').content);
    expect(after).toBe(`" (${REPO}/commit/${SHA})"`);
    const colors = await view.evaluate((el) => [
      getComputedStyle(el).color,
      getComputedStyle(document.body).backgroundColor,
    ]);
    expect(colors).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);

    await page.emulateMedia({ media: 'screen' });
    await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();
  });

  test('an unknown version says so', async ({ page }) => {
    await page.goto(appUrl('/package/@playwright/cli/v/9.9.9/audit'));
    await expect(page.getByTestId('error')).toHaveAttribute('data-error-code', 'VERSION_NOT_FOUND');
  });
});
