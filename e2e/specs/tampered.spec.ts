// The /tampered mirror alters one field per version; each must make exactly one
// verification step fail, and the version must lose its provenance (trust `none`).
// The /mismatch mirror has valid signatures but metadata that disagrees with them.
import { expect, test, type Page } from '@playwright/test';
import {
  gotoPackage,
  gotoVersion,
  MISMATCH_REGISTRY,
  readRows,
  TAMPERED_REGISTRY,
  versionRow,
  waitForVerification,
  type ExpectedRow,
} from '../support/app';

interface TamperedCase {
  name: string;
  version: string;
  failingStep: string;
  code: string;
  message: RegExp;
}

const CASES: TamperedCase[] = [
  // One bit of the provenance DSSE signature flipped: Rekor's dsse entry no longer matches.
  {
    name: '@playwright/cli',
    version: '0.1.1',
    failingStep: 'provenance-bundle',
    code: 'TLOG_BODY_ERROR',
    message: /signature mismatch/,
  },
  // The commit inside the signed provenance payload changed: the payload hash no longer matches Rekor.
  {
    name: 'tuf-js',
    version: '1.0.0',
    failingStep: 'provenance-bundle',
    code: 'TLOG_BODY_ERROR',
    message: /payload hash mismatch/,
  },
  // dist.integrity hashes other bytes: every signature is fine, the subject does not bind the tarball.
  {
    name: 'sigstore',
    version: '1.0.0',
    failingStep: 'subject-binding',
    code: 'SUBJECT_DIGEST_MISMATCH',
    message: /differs from dist\.integrity/,
  },
  // Rekor's signed entry timestamp on the publish attestation has one bit flipped.
  {
    name: 'sigstore',
    version: '1.3.0',
    failingStep: 'publish-attestation',
    code: 'TLOG_INCLUSION_PROMISE_ERROR',
    message: /inclusion promise/,
  },
];

const ALL_STEPS = ['provenance-bundle', 'publish-attestation', 'subject-binding', 'registry-signature'];

function failedFinding(page: Page, version: string) {
  return page
    .locator('[data-testid="finding"][data-kind="verification-failed"]')
    .filter({ has: page.getByRole('link', { name: version, exact: true }) });
}

test.describe('the /tampered registry', () => {
  test('sigstore: the two tampered versions fail, the others are as on the main registry', async ({ page }) => {
    await gotoPackage(page, 'sigstore', TAMPERED_REGISTRY);
    await waitForVerification(page, 5);
    const expected: ExpectedRow[] = [
      { version: '1.3.1', trust: 'none', verification: 'absent' },
      { version: '1.3.0', trust: 'none', verification: 'failed' },
      { version: '1.2.0', trust: 'none', verification: 'unavailable' },
      { version: '1.1.0', trust: 'none', verification: 'unavailable' },
      { version: '1.0.0', trust: 'none', verification: 'failed' },
    ];
    expect(await readRows(page)).toEqual(expected);
    await expect(page.locator('[data-testid="finding"][data-kind="verification-failed"]')).toHaveCount(2);
    for (const c of CASES.filter((c) => c.name === 'sigstore')) {
      const finding = failedFinding(page, c.version);
      await expect(finding).toHaveCount(1);
      await expect(finding).toHaveAttribute('data-severity', 'high');
      await expect(finding).toContainText(c.code);
      await expect(versionRow(page, c.version)).toContainText('Failed');
    }
    await expect(page.getByTestId('verified-share')).toHaveText('0%');
    await expect(page.locator('[data-severity-count="high"] span').last()).toHaveText('2');
  });

  for (const c of CASES.filter((c) => c.name !== 'sigstore')) {
    test(`${c.name}@${c.version}: failed on the timeline`, async ({ page }) => {
      await gotoPackage(page, c.name, TAMPERED_REGISTRY);
      await waitForVerification(page, 1);
      expect(await readRows(page)).toEqual([{ version: c.version, trust: 'none', verification: 'failed' }]);
      const finding = failedFinding(page, c.version);
      await expect(finding).toHaveCount(1);
      await expect(finding).toHaveAttribute('data-severity', 'high');
      await expect(finding).toContainText(c.code);
      await expect(page.getByTestId('latest-trust')).toHaveAttribute('data-trust', 'none');
    });
  }

  for (const c of CASES) {
    test(`${c.name}@${c.version}: the detail names the failing step (${c.failingStep}, ${c.code})`, async ({
      page,
    }) => {
      await gotoVersion(page, c.name, c.version, TAMPERED_REGISTRY);
      const detail = page.getByTestId('version-detail');
      await expect(detail).toHaveAttribute('data-verification', 'failed', { timeout: 20_000 });
      await expect(detail).toHaveAttribute('data-trust', 'none');

      const steps = page.getByTestId('verification-step');
      await expect(steps).toHaveCount(ALL_STEPS.length);
      expect(await steps.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.step))).toEqual(ALL_STEPS);

      const failing = page.locator(`[data-testid="verification-step"][data-step="${c.failingStep}"]`);
      await expect(failing).toHaveAttribute('data-outcome', 'fail');
      await expect(failing).toHaveAttribute('data-code', c.code);
      await expect(failing).toContainText(c.message);
      // Exactly one step fails; the fixture alters exactly one thing.
      await expect(page.locator('[data-testid="verification-step"][data-outcome="fail"]')).toHaveCount(1);
      for (const step of ['provenance-bundle', 'publish-attestation', 'subject-binding'].filter(
        (s) => s !== c.failingStep,
      )) {
        await expect(page.locator(`[data-testid="verification-step"][data-step="${step}"]`)).toHaveAttribute(
          'data-outcome',
          'pass',
        );
      }

      await expect(failedFinding(page, c.version)).toHaveAttribute('data-severity', 'high');
      // What the certificate of a failed verification says is shown, but marked as not proven.
      await expect(page.getByTestId('certificate-fields')).toBeVisible();
      await expect(page.getByText('these values are not proven')).toBeVisible();
      await expect(page.getByText('from the signing certificate (not verified)').first()).toBeVisible();
      await expect(page.getByText('from the signing certificate', { exact: true })).toHaveCount(0);
    });
  }
});

test.describe('the /mismatch registry', () => {
  test('tuf-js stays verified, with an identity-mismatch finding', async ({ page }) => {
    await gotoPackage(page, 'tuf-js', MISMATCH_REGISTRY);
    await waitForVerification(page, 1);
    expect(await readRows(page)).toEqual([{ version: '1.0.0', trust: 'provenance', verification: 'verified' }]);
    const mismatch = page.locator('[data-testid="finding"][data-kind="identity-mismatch"]');
    await expect(mismatch).toHaveCount(1);
    await expect(mismatch).toHaveAttribute('data-severity', 'medium');
    await expect(mismatch).toContainText('derived-example/not-tuf-js');
    await expect(mismatch).toContainText('https://github.com/theupdateframework/tuf-js');
    await expect(page.locator('[data-testid="finding"][data-kind="verification-failed"]')).toHaveCount(0);
    // The links follow the certificate, not the metadata.
    await expect(page.locator('a[href*="not-tuf-js"]')).toHaveCount(0);
    await expect(
      page.locator(
        'a[href="https://github.com/theupdateframework/tuf-js/commit/99624cc7ce39872e6bd08a0df59229a48562dbca"]',
      ),
    ).toBeVisible();
  });

  test('the identity-mismatch finding shows the two commits so that they visibly differ', async ({ page }) => {
    // The fixture's gitHead differs from the certificate's commit only in its last character.
    await gotoPackage(page, 'tuf-js', MISMATCH_REGISTRY);
    await waitForVerification(page, 1);
    const mismatch = page.locator('[data-testid="finding"][data-kind="identity-mismatch"]');
    const text = (await mismatch.textContent()) ?? '';
    const shown = /gitHead is ([0-9a-f]+)\b.*?commit ([0-9a-f]+)\b/.exec(text);
    expect(shown, `commit comparison in: ${text}`).not.toBeNull();
    const [, gitHead, certified] = shown as RegExpExecArray;
    expect(gitHead, 'the shown gitHead differs from the shown certificate commit').not.toBe(certified);
    expect('99624cc7ce39872e6bd08a0df59229a48562dbc0'.startsWith(gitHead as string)).toBe(true);
    expect('99624cc7ce39872e6bd08a0df59229a48562dbca'.startsWith(certified as string)).toBe(true);
  });

  test('the sigstore control on /mismatch is unaltered', async ({ page }) => {
    await gotoPackage(page, 'sigstore', MISMATCH_REGISTRY);
    await waitForVerification(page, 5);
    const rows = await readRows(page);
    expect(rows.map((r) => `${r.version} ${r.verification}`)).toEqual([
      '1.3.1 absent',
      '1.3.0 verified',
      '1.2.0 unavailable',
      '1.1.0 unavailable',
      '1.0.0 verified',
    ]);
    await expect(page.locator('[data-testid="finding"][data-kind="identity-mismatch"]')).toHaveCount(0);
  });
});
