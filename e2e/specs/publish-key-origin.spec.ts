// Who vouches for the key of npm's publish attestation, end to end. GENERATED cases
// (e2e/fixture-registry/publish-key-cases.ts): key-signed publish attestations logged in
// a generated log, verified with the trusted root and npm key of the fixture's TUF
// repository /tuf/publish-keys/ (a private instance: its initial root is given).
// - a key only the registry serves: the attestation passes, flagged registry-only;
// - a key the registry serves under the TUF key's id with other material: refused, the
//   TUF key is used and the attestation the served key signed fails.
import { expect, test, type Page } from '@playwright/test';
import { REGISTRY } from '../support/app';
import { pageUrl } from '../support/hostile';

const TUF = `${REGISTRY}/tuf/publish-keys`;
const SLOW = { timeout: 45_000 };
test.describe.configure({ timeout: 120_000 });

async function openVersion(page: Page, name: string): Promise<void> {
  await page.goto(
    pageUrl(`/package/${name}/v/1.0.0`, {
      registry: REGISTRY,
      tuf: TUF,
      'tuf-root': `${TUF}/root.json`,
      'tuf-timeout': '30',
    }),
  );
  await expect(page.getByTestId('trusted-root-status')).toHaveAttribute('data-source', 'tuf', SLOW);
}

function publishStep(page: Page) {
  return page.locator('[data-testid="verification-step"][data-step="publish-attestation"]');
}

test('generated: a publish attestation signed by a key only the registry serves passes, flagged registry-only', async ({
  page,
}) => {
  await openVersion(page, 'derived-publish-registry-only');
  await expect(page.getByTestId('version-detail')).toHaveAttribute('data-verification', 'verified', SLOW);
  const step = publishStep(page);
  await expect(step).toHaveAttribute('data-outcome', 'pass');
  await expect(step).toHaveAttribute('data-code', 'OK');
  await expect(step).toHaveAttribute('data-key-origin', 'registry');
  await expect(step.getByTestId('registry-only-key')).toHaveText('key vouched for by the registry only');
  await expect(step).toContainText('is vouched for only by the registry being browsed');
});

test('generated: a publish attestation signed by a registry key that conflicts with the TUF key of the same id is refused', async ({
  page,
}) => {
  await openVersion(page, 'derived-publish-key-conflict');
  await expect(page.getByTestId('version-detail')).toHaveAttribute('data-verification', 'failed', SLOW);
  const step = publishStep(page);
  await expect(step).toHaveAttribute('data-outcome', 'fail');
  await expect(step).toHaveAttribute('data-code', 'SIGNATURE_ERROR');
  await expect(step).toHaveAttribute('data-key-origin', 'tuf');
  await expect(step.getByTestId('registry-only-key')).toHaveCount(0);
  await expect(step).toContainText('other key material a registry serves under the same id is refused');
});
