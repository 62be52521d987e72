import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { dangerousUrls, gotoPackage, originFact, gotoVersion, REGISTRY, waitForVerification } from '../support/app';

const REPO = 'https://github.com/microsoft/playwright-cli';
const SHA = 'd1c6d1113932ddcee243e8b111b6d4aea553df20';

const fact = originFact;

test.describe('@playwright/cli@0.1.1 on the main registry', () => {
  test.beforeEach(async ({ page }) => {
    await gotoVersion(page, '@playwright/cli', '0.1.1');
    const detail = page.getByTestId('version-detail');
    await expect(detail).toHaveAttribute('data-version', '0.1.1');
    await expect(detail).toHaveAttribute('data-verification', 'verified', { timeout: 20_000 });
    await expect(detail).toHaveAttribute('data-trust', 'trusted-publisher');
  });

  test('links, origin facts, certificate fields and verification steps', async ({ page }) => {
    await test.step('links to the exact commit, workflow, run, Rekor entries and tarball', async () => {
      const expectLink = async (label: string, href: string, text?: string) => {
        const link = fact(page, label).getByRole('link');
        await expect(link, label).toHaveAttribute('href', href);
        await expect(link).toHaveAttribute('target', '_blank');
        await expect(link).toHaveAttribute('rel', /\bnoopener\b/);
        if (text) await expect(link).toHaveText(text);
      };
      await expectLink('Repository', REPO, 'microsoft/playwright-cli');
      await expectLink('Commit', `${REPO}/commit/${SHA}`, SHA);
      await expectLink(
        'Workflow file',
        `${REPO}/blob/${SHA}/.github/workflows/publish.yml`,
        '.github/workflows/publish.yml',
      );
      await expectLink('Build run', `${REPO}/actions/runs/22026075834/attempts/1`);
      await expectLink(
        'Rekor entry (provenance)',
        'https://search.sigstore.dev/?logIndex=953297574',
        'log index 953297574',
      );
      await expectLink(
        'Rekor entry (publish)',
        'https://search.sigstore.dev/?logIndex=953297582',
        'log index 953297582',
      );
      await expectLink('Tarball', `${REGISTRY}/@playwright/cli/-/cli-0.1.1.tgz`);

      // Each of these facts comes from the verified signing certificate.
      for (const label of ['Repository', 'Commit', 'Workflow file', 'Ref', 'Trigger', 'Runner']) {
        await expect(fact(page, label).getByText('from the signing certificate', { exact: true }), label).toBeVisible();
      }
      await expect(fact(page, 'Ref')).toContainText('refs/tags/v0.1.1');
      await expect(fact(page, 'Runner')).toContainText('github-hosted');
      await expect(fact(page, 'Publisher')).toContainText('GitHub Actions');
      await expect(fact(page, 'Integrity')).toContainText(
        'sha512-9k11ZfDwAfMVDDIuEVW1Wvs8SoDNXIY1dNQ+9C9/SS8ZmElkcxesu5eoL7vNa96ntibUGaq1TM2qQoqvdl/I9g==',
      );
    });

    await test.step('the certificate fields table', async () => {
      const table = page.getByTestId('certificate-fields');
      await expect(table).toBeVisible();
      await expect(page.getByText('so authoritative')).toBeVisible();
      const expected: Record<string, string> = {
        subjectAlternativeName: `${REPO}/.github/workflows/publish.yml@refs/tags/v0.1.1`,
        issuer: 'https://token.actions.githubusercontent.com',
        runnerEnvironment: 'github-hosted',
        sourceRepositoryUri: REPO,
        sourceRepositoryDigest: SHA,
        sourceRepositoryRef: 'refs/tags/v0.1.1',
        sourceRepositoryOwnerUri: 'https://github.com/microsoft',
        buildConfigUri: `${REPO}/.github/workflows/publish.yml@refs/tags/v0.1.1`,
        buildTrigger: 'release',
        runInvocationUri: `${REPO}/actions/runs/22026075834/attempts/1`,
        sourceRepositoryVisibilityAtSigning: 'public',
      };
      for (const [field, value] of Object.entries(expected)) {
        await expect(table.locator(`tr[data-field="${field}"] td`), field).toHaveText(value);
      }
      await expect(table.locator('tr[data-field="runnerEnvironment"] th')).toContainText('Runner environment');
    });

    await test.step('all four verification steps and their outcomes', async () => {
      const steps = page.getByTestId('verification-step');
      const read = () =>
        steps.evaluateAll((els) =>
          els.map((el) => {
            const d = (el as HTMLElement).dataset;
            return `${d.step} ${d.outcome} ${d.code}`;
          }),
        );
      expect(await read()).toEqual([
        'provenance-bundle pass OK',
        'publish-attestation pass OK',
        'subject-binding pass OK',
        'registry-signature skip REGISTRY_SIGNATURE_MISSING',
      ]);
      const provenance = page.locator('[data-testid="verification-step"][data-step="provenance-bundle"]');
      await expect(provenance).toContainText('logged in Rekor at index 953297574');
      // Every individual check of the provenance bundle passed.
      await expect(provenance.locator('[data-check]')).toHaveCount(6);
      await expect(provenance.locator('[data-check]:not([data-state="passed"])')).toHaveCount(0);
      await expect(page.locator('[data-testid="verification-step"][data-step="subject-binding"]')).toContainText(
        'pkg:npm/%40playwright/cli@0.1.1',
      );
    });

    await test.step('no link on the page has a javascript: or data: address', async () => {
      await expect(page.getByTestId('download-attestation')).toBeVisible();
      expect(await page.locator('a').count()).toBeGreaterThan(5);
      expect(await dangerousUrls(page)).toEqual([]);
    });
  });

  test('the raw attestations download as JSON', async ({ page }) => {
    const button = page.getByTestId('download-attestation');
    await expect(button).toHaveText('Download @playwright__cli@0.1.1.attestations.json');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('@playwright__cli@0.1.1.attestations.json');
    const path = await download.path();
    const json = JSON.parse(await readFile(path, 'utf8')) as { attestations?: { predicateType?: string }[] };
    expect(Array.isArray(json.attestations)).toBe(true);
    expect(json.attestations).toHaveLength(2);
    expect(json.attestations?.map((a) => a.predicateType).sort()).toEqual([
      'https://github.com/npm/attestation/tree/main/specs/publish/v0.1',
      'https://slsa.dev/provenance/v1',
    ]);
  });
});

test('a version without attestations: metadata facts are marked unverified, nothing to download', async ({ page }) => {
  await gotoVersion(page, 'sigstore', '1.3.1');
  const detail = page.getByTestId('version-detail');
  await expect(detail).toHaveAttribute('data-verification', 'absent', { timeout: 20_000 });
  await expect(detail).toHaveAttribute('data-trust', 'none');
  await expect(fact(page, 'Repository')).toContainText('from the package metadata, not verified');
  await expect(fact(page, 'Commit')).toHaveText('not recorded');
  await expect(fact(page, 'Dist-tags')).toHaveText('latest');
  const codes = await page
    .getByTestId('verification-step')
    .evaluateAll((els) =>
      els.map(
        (el) =>
          `${(el as HTMLElement).dataset.step} ${(el as HTMLElement).dataset.outcome} ${(el as HTMLElement).dataset.code}`,
      ),
    );
  expect(codes).toEqual([
    'provenance-bundle skip NOT_PRESENT',
    'publish-attestation skip NOT_PRESENT',
    'subject-binding skip NOT_PRESENT',
    'registry-signature skip REGISTRY_SIGNATURE_MISSING',
  ]);
  await expect(page.getByTestId('certificate-fields')).toHaveCount(0);
  await expect(page.getByTestId('download-attestation')).toHaveCount(0);
});

test('a version whose attestations answer 404 is unavailable, and its download says why', async ({ page }) => {
  await gotoVersion(page, 'sigstore', '1.1.0');
  const detail = page.getByTestId('version-detail');
  await expect(detail).toHaveAttribute('data-verification', 'unavailable', { timeout: 20_000 });
  await expect(
    page.locator('[data-testid="verification-step"][data-outcome="skip"][data-code="ATTESTATIONS_UNAVAILABLE"]'),
  ).toHaveCount(3);
  await expect(page.getByText('Could not fetch them: Not found (HTTP 404).')).toBeVisible();
  await expect(page.getByTestId('download-attestation')).toHaveCount(0);
});

test('a version that does not exist shows VERSION_NOT_FOUND with a way back', async ({ page }) => {
  await gotoVersion(page, '@playwright/cli', '9.9.9');
  const error = page.getByTestId('error');
  await expect(error).toHaveAttribute('data-error-code', 'VERSION_NOT_FOUND');
  await expect(error).toContainText('@playwright/cli has no version 9.9.9');
  await expect(page.getByTestId('version-detail')).toHaveCount(0);
  await error.getByRole('link', { name: 'See all versions of @playwright/cli' }).click();
  await expect(page.getByTestId('package-page')).toHaveAttribute('data-package', '@playwright/cli');
});

test('no link on a timeline has a javascript: or data: address', async ({ page }) => {
  await gotoPackage(page, 'sigstore');
  await waitForVerification(page, 5);
  expect(await page.locator('a').count()).toBeGreaterThan(10);
  expect(await dangerousUrls(page)).toEqual([]);
});
