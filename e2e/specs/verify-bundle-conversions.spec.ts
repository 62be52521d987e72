// GENERATED bundles on which the browser's Buffer (the `buffer` package) and Node's convert
// otherwise (src/core/crypto/node-buffer.ts), through #/verify in the browser: a Rekor body
// whose payload digest is not clean hex, and a payloadType with unpaired surrogates. The
// differential tests hold both engines to the same verdicts on them
// (test/differential/buffer-conversions.test.ts); this is the browser's own worker.
import { expect, test, type Page } from '@playwright/test';
import { generatedRegistryKey, generatedTrustedRoot } from '../../test/support/generated-bundle';
import { bufferConversionCases } from '../../test/differential/samples';
import { appUrl } from '../support/app';

const KEY_PEM = `-----BEGIN PUBLIC KEY-----\n${(generatedRegistryKey().publicKey.match(/.{1,64}/g) ?? []).join('\n')}\n-----END PUBLIC KEY-----\n`;

async function verdictOf(page: Page, bundle: string): Promise<{ verdict: string | null; code: string | null }> {
  await page.goto(appUrl('/verify'));
  await page.locator('textarea[name="bundle"]').fill(bundle);
  await page.getByText('Advanced: trusted root and keys').click();
  await page.locator('textarea[name="trusted-root"]').fill(JSON.stringify(generatedTrustedRoot()));
  await page.locator('textarea[name="public-key"]').fill(KEY_PEM);
  await page.getByTestId('verify-bundle-submit').click();
  const verdict = page.getByTestId('bundle-verdict');
  await expect(verdict).toHaveCount(1, { timeout: 20_000 });
  return { verdict: await verdict.getAttribute('data-verdict'), code: await verdict.getAttribute('data-error-code') };
}

// The cases of the differential tests (samples.ts), with Node's verdict; here the bundle is
// checked with the signer's key given on the page, as a user would.
const CASES = bufferConversionCases();

function bundleOf(name: string): string {
  const found = CASES.find(([item]) => item.name === `GENERATED: ${name}`);
  if (!found) throw new Error(`no conversion case ${name}`);
  return found[0].bundle;
}

test.describe('GENERATED: conversions where the browser’s Buffer package and Node’s differ', () => {
  test('the payload digest as written verifies (the control)', async ({ page }) => {
    expect(await verdictOf(page, bundleOf('the digest as written'))).toEqual({ verdict: 'verified', code: null });
  });

  test('a Rekor body naming the digest with `cz` as its first pair fails as in Node (the package read 0x0c)', async ({
    page,
  }) => {
    expect(await verdictOf(page, bundleOf('the digest with its first pair `cz`'))).toEqual({
      verdict: 'failed',
      code: 'TLOG_BODY_ERROR',
    });
  });

  test('a Rekor body naming the digest followed by ` 0` verifies as in Node (the package read one byte more)', async ({
    page,
  }) => {
    expect(await verdictOf(page, bundleOf('the digest followed by ` 0`'))).toEqual({ verdict: 'verified', code: null });
  });

  test('a payloadType ending in two unpaired surrogates is signed as Node encodes it: not an in-toto statement', async ({
    page,
  }) => {
    const name = `payloadType ${JSON.stringify('application/vnd.in-toto+json\ud800\ud800')}`;
    expect(await verdictOf(page, bundleOf(name))).toEqual({ verdict: 'failed', code: 'PAYLOAD_MALFORMED' });
  });
});
