// The #/verify page: recorded bundles (read from the fixtures folder at run time, never
// copied) pasted, loaded through the file input and dropped on the page; copies derived
// from them in the test (tampered, retyped, wrapped); and the input errors.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from '../support/axe';
import { resolveFixturesDir } from '../fixture-registry/fixtures';
import { appUrl } from '../support/app';

const FIXTURES = resolveFixturesDir();
const fixtureText = (...segments: string[]) => readFileSync(path.join(FIXTURES, ...segments), 'utf8');

const PROVENANCE_FILE = 'sigstore@1.3.0-provenance.json';
const PROVENANCE_TEXT = fixtureText('sigstore', 'bundles', PROVENANCE_FILE);
/** Recorded: the certificate of sigstore@1.3.0's provenance names this workflow. */
const SIGSTORE_SAN = 'https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main';
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

interface BundleJson {
  mediaType: string;
  dsseEnvelope: { payload: string; signatures: { sig: string }[] };
}

/** The sha512 of the statement's first subject, read from the recorded bundle. */
function subjectSha512(text: string): string {
  const bundle = JSON.parse(text) as BundleJson;
  const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8')) as {
    subject: { digest: { sha512: string } }[];
  };
  const digest = statement.subject[0]?.digest.sha512;
  if (!digest) throw new Error('the recorded statement has a sha512 subject');
  return digest;
}

/** DERIVED: the bundle with one bit of its DSSE signature flipped. */
function tampered(text: string): string {
  const bundle = JSON.parse(text) as BundleJson;
  const signature = bundle.dsseEnvelope.signatures[0];
  if (!signature) throw new Error('no signature');
  const bytes = Buffer.from(signature.sig, 'base64');
  bytes[20] = (bytes[20] ?? 0) ^ 1;
  signature.sig = bytes.toString('base64');
  return JSON.stringify(bundle);
}

async function open(page: Page): Promise<void> {
  await page.goto(appUrl('/verify'));
  await expect(page.getByRole('heading', { name: 'Verify a Sigstore bundle' })).toBeVisible();
}

async function paste(page: Page, text: string): Promise<void> {
  await page.locator('textarea[name="bundle"]').fill(text);
}

async function verify(page: Page): Promise<void> {
  await page.getByTestId('verify-bundle-submit').click();
  await expect(page.getByTestId('bundle-verdict').first()).toBeVisible({ timeout: 20_000 });
}

function verdicts(page: Page) {
  return page.getByTestId('bundle-verdict');
}

async function checkStates(page: Page, index = 0): Promise<string[]> {
  return verdicts(page)
    .nth(index)
    .getByTestId('bundle-check')
    .evaluateAll((els) => els.map((el) => `${(el as HTMLElement).dataset.check}:${(el as HTMLElement).dataset.state}`));
}

test.describe('verify a bundle', () => {
  test('every input has a visible label and a stable name; the empty state shows first', async ({ page }) => {
    await open(page);
    await expect(page.getByTestId('empty')).toBeVisible();
    for (const name of ['bundle', 'artifact', 'digest', 'identity', 'issuer']) {
      const input = page.locator(`[name="${name}"]`);
      await expect(input, name).toBeVisible();
      const id = await input.getAttribute('id');
      await expect(page.locator(`label[for="${id}"]`), name).toBeVisible();
    }
    await page.getByText('Advanced: trusted root and keys').click();
    for (const name of ['trusted-root', 'public-key']) {
      const input = page.locator(`[name="${name}"]`);
      await expect(input, name).toBeVisible();
      await expect(page.locator(`label[for="${await input.getAttribute('id')}"]`)).toBeVisible();
    }
    await expect(page.locator('input[name="npm-key"]:checked')).not.toHaveCount(0);
  });

  test('a recorded bundle, pasted, verifies; with its digest and signer it is bound to both', async ({ page }) => {
    await open(page);
    await paste(page, PROVENANCE_TEXT);
    await verify(page);
    const verdict = verdicts(page);
    await expect(verdict).toHaveCount(1);
    await expect(verdict).toHaveAttribute('data-verdict', 'verified');
    await expect(verdict).not.toHaveAttribute('data-error-code');
    expect(await checkStates(page)).toEqual([
      'bundle-format:passed',
      'timestamps:passed',
      'signing-key:passed',
      'transparency-log:passed',
      'signature:passed',
      'statement:passed',
      'artifact:not-run',
      'identity:not-run',
    ]);
    await expect(
      verdict.getByTestId('certificate-fields').locator('tr[data-field="subjectAlternativeName"] td'),
    ).toHaveText(SIGSTORE_SAN);
    // The statement is shown as text in a <pre>, never as markup.
    const statement = verdict.getByTestId('bundle-statement');
    await verdict.locator('summary', { hasText: 'In-toto statement' }).click();
    await expect(statement).toContainText('"name": "pkg:npm/sigstore@1.3.0"');
    expect(await statement.evaluate((el) => el.tagName + el.children.length)).toBe('PRE0');

    await page.locator('[name="digest"]').fill(`sha512:${subjectSha512(PROVENANCE_TEXT)}`);
    await page.locator('[name="identity"]').fill('sigstore/sigstore-js:release.yml');
    await verify(page);
    await expect(verdict).toHaveAttribute('data-verdict', 'verified');
    expect((await checkStates(page)).slice(-2)).toEqual(['artifact:passed', 'identity:passed']);
    await expect(
      verdict.getByTestId('identity-comparison').locator('[data-field="issuer"] [data-side="expected"]'),
    ).toContainText(GITHUB_ISSUER);
  });

  test('a recorded bundle loaded through the file input, and dropped on the page, verifies', async ({ page }) => {
    await open(page);
    await page.locator('input[name="bundle-file"]').setInputFiles({
      name: PROVENANCE_FILE,
      mimeType: 'application/json',
      buffer: Buffer.from(PROVENANCE_TEXT),
    });
    await expect(page.locator('textarea[name="bundle"]')).toHaveValue(PROVENANCE_TEXT);
    await expect(page.getByText(`Loaded from ${PROVENANCE_FILE}.`)).toBeVisible();
    await verify(page);
    await expect(verdicts(page)).toHaveAttribute('data-verdict', 'verified');

    await paste(page, '');
    await page.getByTestId('verify-bundle-page').evaluate((target, text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'dropped.sigstore.json', { type: 'application/json' }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, PROVENANCE_TEXT);
    await expect(page.locator('textarea[name="bundle"]')).toHaveValue(PROVENANCE_TEXT);
    await verify(page);
    await expect(verdicts(page)).toHaveAttribute('data-verdict', 'verified');
  });

  test('derived: a tampered copy fails at the transparency log with the library code', async ({ page }) => {
    await open(page);
    await paste(page, tampered(PROVENANCE_TEXT));
    await verify(page);
    const verdict = verdicts(page);
    await expect(verdict).toHaveAttribute('data-verdict', 'failed');
    await expect(verdict).toHaveAttribute('data-error-code', 'TLOG_BODY_ERROR');
    await expect(verdict.locator('[data-check="transparency-log"]')).toHaveAttribute('data-state', 'failed');
    await expect(verdict.locator('[data-check="transparency-log"]')).toHaveAttribute('data-code', 'TLOG_BODY_ERROR');
    await expect(verdict.locator('[data-check="signature"]')).toHaveAttribute('data-state', 'not-run');
    await expect(verdict.getByTestId('bundle-verdict-message')).toContainText(
      'Transparency log check failed (TLOG_BODY_ERROR)',
    );
  });

  test('malformed JSON says where', async ({ page }) => {
    await open(page);
    await paste(page, '{\n  "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",\n  oops\n}');
    await verify(page);
    const verdict = verdicts(page);
    await expect(verdict).toHaveAttribute('data-verdict', 'failed');
    await expect(verdict).toHaveAttribute('data-error-code', 'JSON_MALFORMED');
    await expect(verdict.getByTestId('bundle-verdict-message')).toHaveText(
      'The input is not valid JSON at line 3, column 3 (character 69): expected a property name in double quotes, not "o".',
    );
    await expect(page.locator('textarea[name="bundle"]')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('field-error')).toContainText('line 3, column 3');
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('derived: an unknown bundle version names the supported ones', async ({ page }) => {
    await open(page);
    const bundle = JSON.parse(PROVENANCE_TEXT) as BundleJson;
    bundle.mediaType = 'application/vnd.dev.sigstore.bundle.v0.9+json';
    await paste(page, JSON.stringify(bundle));
    await verify(page);
    const verdict = verdicts(page);
    await expect(verdict).toHaveAttribute('data-error-code', 'BUNDLE_UNSUPPORTED_VERSION');
    const message = verdict.getByTestId('bundle-verdict-message');
    await expect(message).toContainText('"application/vnd.dev.sigstore.bundle.v0.9+json"');
    await expect(message).toContainText('application/vnd.dev.sigstore.bundle+json;version=0.1');
    await expect(message).toContainText('application/vnd.dev.sigstore.bundle.v0.3+json');
  });

  test('derived: a bundle for another artifact shows both digests', async ({ page }) => {
    await open(page);
    const real = subjectSha512(PROVENANCE_TEXT);
    const other = `${'0'.repeat(8)}${real.slice(8)}`;
    await paste(page, PROVENANCE_TEXT);
    await page.locator('[name="digest"]').fill(`sha512:${other}`);
    await verify(page);
    const verdict = verdicts(page);
    await expect(verdict).toHaveAttribute('data-verdict', 'failed');
    await expect(verdict).toHaveAttribute('data-error-code', 'ARTIFACT_MISMATCH');
    const table = verdict.getByTestId('artifact-comparison');
    await expect(table.locator('[data-digest="artifact"]')).toHaveText(other);
    await expect(table.locator('[data-digest="bundle"]')).toHaveText(real);

    // The same with a file that is not the tarball: its digests are computed in the worker.
    await page.locator('[name="digest"]').fill('');
    await page
      .locator('input[name="artifact"]')
      .setInputFiles({ name: 'sigstore-1.3.0.tgz', mimeType: 'application/gzip', buffer: Buffer.from('abc') });
    await verify(page);
    await expect(verdict).toHaveAttribute('data-error-code', 'ARTIFACT_MISMATCH');
    await expect(table.locator('[data-digest="artifact"]')).toContainText([
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    ]);
  });

  test('derived: another expected signer shows expected and actual side by side', async ({ page }) => {
    await open(page);
    await paste(page, PROVENANCE_TEXT);
    await page
      .locator('[name="identity"]')
      .fill('https://github.com/evil/sigstore-js/.github/workflows/release.yml@refs/heads/main');
    await page.locator('[name="issuer"]').fill('https://gitlab.com');
    await verify(page);
    const verdict = verdicts(page);
    await expect(verdict).toHaveAttribute('data-error-code', 'IDENTITY_MISMATCH');
    const table = verdict.getByTestId('identity-comparison');
    await expect(table.locator('[data-field="san"] [data-side="expected"]')).toHaveText(
      'exactly https://github.com/evil/sigstore-js/.github/workflows/release.yml@refs/heads/main',
    );
    await expect(table.locator('[data-field="san"] [data-side="actual"]')).toHaveText(SIGSTORE_SAN);
    await expect(table.locator('[data-field="issuer"] [data-side="expected"]')).toHaveText('https://gitlab.com');
    await expect(table.locator('[data-field="issuer"] [data-side="actual"]')).toHaveText(GITHUB_ISSUER);
  });

  test('another trusted root, loaded from a file under Advanced, is used and named', async ({ page }) => {
    await open(page);
    await paste(page, fixtureText('sigstore', 'bundles', 'sjs-bundleV02-dsse.json'));
    await page.getByText('Advanced: trusted root and keys').click();
    await page.locator('input[name="trusted-root-file"]').setInputFiles({
      name: 'public-good-older.json',
      mimeType: 'application/json',
      buffer: Buffer.from(fixtureText('sigstore', 'trusted-roots', 'public-good-older.json')),
    });
    await expect(page.getByText('Loaded from public-good-older.json.')).toBeVisible();
    await verify(page);
    await expect(verdicts(page)).toHaveAttribute('data-verdict', 'verified');
    await expect(page.getByTestId('trust-context')).toContainText('the one you gave');

    // Not a trusted root at all: the field says so.
    await page.locator('textarea[name="trusted-root"]').fill('{"mediaType": "application/json"}');
    await verify(page);
    await expect(verdicts(page)).toHaveAttribute('data-error-code', 'TRUSTED_ROOT_INVALID');
    await expect(page.locator('textarea[name="trusted-root"]')).toHaveAttribute('aria-invalid', 'true');
  });

  test('an npm attestations response with two bundles gives two verdicts, in order', async ({ page }) => {
    const text = fixtureText('registry', 'attestations', '@playwright_cli@0.1.1.json');
    const order = (JSON.parse(text) as { attestations: { predicateType: string }[] }).attestations.map(
      (a) => a.predicateType,
    );
    await open(page);
    await paste(page, text);
    await verify(page);
    await expect(verdicts(page)).toHaveCount(2);
    for (let i = 0; i < 2; i++) {
      await expect(verdicts(page).nth(i)).toHaveAttribute('data-verdict', 'verified');
      await expect(verdicts(page).nth(i)).toContainText(`Attestation ${i + 1} of 2`);
      await expect(verdicts(page).nth(i)).toContainText(`Listed as ${order[i]}`);
    }
    await expect(page.getByTestId('bundle-summary')).toHaveText(
      '2 of 2 bundles in the attestations response verified.',
    );
    expect(await seriousViolations(page)).toEqual([]);

    // Without npm's keys, the publish attestation cannot be checked; the provenance still verifies.
    await page.getByText('Advanced: trusted root and keys').click();
    for (const box of await page.locator('input[name="npm-key"]').all()) await box.uncheck();
    await verify(page);
    const publishIndex = order.indexOf('https://github.com/npm/attestation/tree/main/specs/publish/v0.1');
    await expect(verdicts(page).nth(publishIndex)).toHaveAttribute('data-error-code', 'KEY_NOT_FOUND');
    await expect(verdicts(page).nth(1 - publishIndex)).toHaveAttribute('data-verdict', 'verified');
  });
});
