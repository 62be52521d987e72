// Comparing two versions side by side, on the derived `sigstore` package of the main
// fixture registry: 1.0.0 and 1.3.0 verify (different workflows and commits), 1.1.0 and
// 1.2.0 are unavailable, and 1.3.1 drops provenance.
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from '../support/axe';
import { appUrl, gotoPackage, REGISTRY, versionRow, waitForVerification } from '../support/app';
import { BIDI_VERSION, HOSTILE_METADATA, RLO } from '../fixture-registry/derived-metadata';

function gotoCompare(page: Page, name: string, from: string, to: string): Promise<unknown> {
  return page.goto(appUrl(`/package/${name}/compare/${encodeURIComponent(from)}/${encodeURIComponent(to)}`));
}

/** Every compared row: field → changed. */
async function changedByField(page: Page): Promise<Record<string, boolean>> {
  const rows = await page
    .getByTestId('compare-row')
    .evaluateAll((nodes) => nodes.map((n) => [(n as HTMLElement).dataset.field, (n as HTMLElement).dataset.changed]));
  return Object.fromEntries(rows.map(([field, changed]) => [field, changed === 'true']));
}

function row(page: Page, field: string) {
  return page.locator(`[data-testid="compare-row"][data-field="${field}"]`);
}

async function settled(page: Page, from: string, to: string): Promise<void> {
  const compare = page.getByTestId('compare');
  await expect(compare).toHaveAttribute('data-from', from);
  await expect(compare).toHaveAttribute('data-to', to);
  await expect(compare).toHaveAttribute('data-pending', 'false', { timeout: 20_000 });
}

test('"compare with previous" on 1.3.1 compares it with 1.3.0, and flags the lost provenance', async ({ page }) => {
  await gotoPackage(page, 'sigstore');
  await waitForVerification(page, 5);
  await versionRow(page, '1.3.1').getByTestId('compare-previous').click();

  await expect(page).toHaveURL(/#\/package\/sigstore\/compare\/1\.3\.0\/1\.3\.1$/);
  await settled(page, '1.3.0', '1.3.1');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Compare sigstore 1.3.0 → 1.3.1');
  await expect(page.locator('input[name="compare-from"]')).toHaveValue('1.3.0');
  await expect(page.locator('input[name="compare-to"]')).toHaveValue('1.3.1');

  await test.step('every field is compared; what differs is flagged', async () => {
    expect(await changedByField(page)).toEqual({
      publisher: false,
      trust: true,
      verification: true,
      repository: false,
      commit: true,
      workflow: true,
      ref: true,
      trigger: true,
      runner: true,
      'trusted-publisher-config': false,
      'registry-key': true,
      dependencies: false,
      'install-scripts': false,
    });
  });

  await test.step('the difference is said in words, not only in colour', async () => {
    const trust = row(page, 'trust');
    await expect(trust.locator('td').nth(0)).toHaveText('Provenance');
    await expect(trust.locator('td').nth(1)).toHaveText('No provenance');
    await expect(trust.getByTestId('changed-label')).toHaveText('≠changed(weaker)');
    const verification = row(page, 'verification');
    await expect(verification.locator('td').nth(0)).toHaveText('Verified');
    await expect(verification.locator('td').nth(1)).toHaveText('No attestation');
    await expect(verification.getByTestId('changed-label')).toContainText('changed');
    await expect(row(page, 'publisher').locator('td').last()).toHaveText('same');
    await expect(page.getByTestId('compare-summary')).toHaveText(
      '8 of 13 compared fields differ between 1.3.0 and 1.3.1: trust level, verification, commit, workflow file, ' +
        'ref, trigger, runner and npm keys used.',
    );
  });

  await test.step('1.3.1 has no commit: no diff link', async () => {
    await expect(row(page, 'commit').locator('td').nth(1)).toHaveText('not recorded');
    await expect(row(page, 'commit').getByRole('link', { name: /diff/ })).toHaveCount(0);
    // The repository of 1.3.1 is a claim of its package.json, and says so.
    await expect(row(page, 'repository').locator('td').nth(1)).toContainText('from the package metadata, not verified');
  });
});

test('the version fields navigate to the new pair, and the back button returns through the pairs', async ({ page }) => {
  await gotoCompare(page, 'sigstore', '1.3.0', '1.3.1');
  await settled(page, '1.3.0', '1.3.1');
  // Both fields offer every version of the package, newest first.
  await expect(page.getByTestId('compare-versions').locator('option')).toHaveCount(5);
  await expect(page.getByTestId('compare-versions').locator('option').first()).toHaveAttribute('value', '1.3.1');

  // Enter commits what was typed.
  await page.locator('input[name="compare-from"]').fill('1.0.0');
  await page.locator('input[name="compare-from"]').press('Enter');
  await expect(page).toHaveURL(/#\/package\/sigstore\/compare\/1\.0\.0\/1\.3\.1$/);
  await settled(page, '1.0.0', '1.3.1');
  await expect(row(page, 'trust')).toHaveAttribute('data-changed', 'true');

  // So does leaving the field (the native change event, as a pick from the list fires).
  await page.locator('input[name="compare-to"]').fill('1.3.0');
  await page.locator('input[name="compare-to"]').blur();
  await expect(page).toHaveURL(/#\/package\/sigstore\/compare\/1\.0\.0\/1\.3\.0$/);
  await settled(page, '1.0.0', '1.3.0');

  await test.step('two verified versions: same trust, new workflow, and a diff link between the commits', async () => {
    expect(await changedByField(page)).toMatchObject({
      trust: false,
      verification: false,
      repository: false,
      commit: true,
      workflow: true,
      'registry-key': false,
    });
    await expect(row(page, 'workflow').locator('td').nth(0)).toContainText('.github/workflows/publish.yml');
    await expect(row(page, 'workflow').locator('td').nth(1)).toContainText('.github/workflows/release.yml');
    const from = (await row(page, 'commit').locator('td').nth(0).locator('a').textContent())?.trim();
    const to = (await row(page, 'commit').locator('td').nth(1).locator('a').textContent())?.trim();
    expect(from).toMatch(/^[0-9a-f]{40}$/);
    expect(to).toMatch(/^[0-9a-f]{40}$/);
    const diff = row(page, 'commit').getByRole('link', { name: 'See the diff between the two commits' });
    await expect(diff).toHaveAttribute('href', `https://github.com/sigstore/sigstore-js/compare/${from}...${to}`);
    await expect(diff).toHaveAttribute('rel', /\bnoopener\b/);
  });

  await page.goBack();
  await expect(page).toHaveURL(/#\/package\/sigstore\/compare\/1\.0\.0\/1\.3\.1$/);
  await settled(page, '1.0.0', '1.3.1');
  await expect(page.locator('input[name="compare-to"]')).toHaveValue('1.3.1');
  await page.goBack();
  await expect(page).toHaveURL(/#\/package\/sigstore\/compare\/1\.3\.0\/1\.3\.1$/);
  await settled(page, '1.3.0', '1.3.1');

  await page.getByTestId('compare-swap').click();
  await expect(page).toHaveURL(/#\/package\/sigstore\/compare\/1\.3\.1\/1\.3\.0$/);
  await settled(page, '1.3.1', '1.3.0');
  await expect(row(page, 'trust').getByTestId('changed-label')).toHaveText('≠changed(stronger)');
});

test('an unknown version says which one, and the fields still lead to a comparison', async ({ page }) => {
  await gotoCompare(page, 'sigstore', '1.3.0', '9.9.9');
  const error = page.getByTestId('error');
  await expect(error).toHaveAttribute('data-error-code', 'VERSION_NOT_FOUND');
  await expect(error).toContainText('sigstore has no version 9.9.9');
  await expect(error).toContainText('The registry does not list it.');
  await expect(page.getByTestId('compare')).toHaveCount(0);
  const field = page.locator('input[name="compare-to"]');
  await expect(field).toHaveValue('9.9.9');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('compare-to-message')).toHaveText('Not found: the registry does not list it.');

  await test.step('a typed version the package does not have is refused, and the address stays', async () => {
    await field.fill('7.0.0');
    await field.press('Enter');
    await expect(page.getByTestId('compare-to-message')).toHaveText('sigstore has no version “7.0.0”.');
    await expect(field).toHaveAccessibleDescription('sigstore has no version “7.0.0”.');
    await expect(page).toHaveURL(/#\/package\/sigstore\/compare\/1\.3\.0\/9\.9\.9$/);
  });

  await field.fill('1.3.1');
  await field.press('Enter');
  await expect(page).toHaveURL(/#\/package\/sigstore\/compare\/1\.3\.0\/1\.3\.1$/);
  await settled(page, '1.3.0', '1.3.1');
  await expect(page.getByTestId('error')).toHaveCount(0);
});

test('an unknown package is the NOT_FOUND error', async ({ page }) => {
  await gotoCompare(page, 'derived-no-such-package', '1.0.0', '2.0.0');
  await expect(page.getByTestId('error')).toHaveAttribute('data-error-code', 'NOT_FOUND');
  await expect(page.getByTestId('compare')).toHaveCount(0);
});

test('while a compared version verifies, the page says so and shows the claimed trust', async ({ page }) => {
  // Hold 1.3.0's attestations until the pending state has been seen.
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.context().route(`${REGISTRY}/-/npm/v1/attestations/sigstore@1.3.0`, async (route) => {
    await released;
    await route.continue();
  });
  await gotoCompare(page, 'sigstore', '1.3.0', '1.3.1');
  const compare = page.getByTestId('compare');
  await expect(compare).toHaveAttribute('data-pending', 'true');
  await expect(page.getByTestId('compare-pending')).toContainText('Verifying 1.3.0');
  await expect(row(page, 'verification').locator('td').nth(0)).toHaveText('Verifying…');
  await expect(row(page, 'trust').locator('td').nth(0)).toContainText('claimed by the registry');
  release();
  await settled(page, '1.3.0', '1.3.1');
  await expect(page.getByTestId('compare-pending')).toHaveCount(0);
  await expect(row(page, 'verification').locator('td').nth(0)).toHaveText('Verified');
});

test('the compare page has no serious or critical accessibility violations', async ({ page }) => {
  await gotoCompare(page, 'sigstore', '1.0.0', '1.3.0');
  await settled(page, '1.0.0', '1.3.0');
  expect(await seriousViolations(page)).toEqual([]);
});

test('vue (recorded) 3.5.0-rc.1 → 3.6.0-alpha.5: the dependencies, asked of the registry worker on demand, are compared by name', async ({
  page,
}) => {
  // The package's records on the main thread are compact (no dependencies): the compare
  // screen gets these two versions' full records from the registry worker.
  await gotoCompare(page, 'vue', '3.5.0-rc.1', '3.6.0-alpha.5');
  const dependencies = row(page, 'dependencies');
  await expect(dependencies).toHaveAttribute('data-changed', 'true', { timeout: 20_000 });
  await expect(dependencies.locator('td').nth(0)).toContainText('5 dependencies');
  await expect(dependencies.locator('td').nth(1)).toContainText('6 dependencies');
  const changes = dependencies.getByTestId('dependency-changes').locator('li');
  await expect(changes).toHaveCount(6);
  await expect(dependencies.locator('li[data-name="@vue/runtime-vapor"]')).toHaveAttribute('data-kind', 'added');
  await expect(dependencies.locator('li[data-name="@vue/shared"]')).toContainText('3.5.0-rc.1 → 3.6.0-alpha.5');
});

test('derived: a version with a right-to-left override is shown escaped in the fields, and its escaped text leads to it', async ({
  page,
}) => {
  await gotoCompare(page, HOSTILE_METADATA, '1.0.0', '1.0.0');
  await settled(page, '1.0.0', '1.0.0');
  const list = page.getByTestId('compare-versions').locator('option');
  const values = await list.evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  expect(values).toContain('1.0.1-\\u202egnp');
  expect(values.join('')).not.toContain(RLO);

  const to = page.locator('input[name="compare-to"]');
  await to.fill('1.0.1-\\u202egnp');
  await to.press('Enter');
  await expect(page).toHaveURL(
    new RegExp(`/compare/1\\.0\\.0/${encodeURIComponent(BIDI_VERSION).replace(/[.]/g, '\\.')}$`),
  );
  await settled(page, '1.0.0', BIDI_VERSION);
  await expect(to).toHaveValue('1.0.1-\\u202egnp');
});
