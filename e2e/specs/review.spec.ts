// The dependency review screen on the fixture registry's derived review tree
// (e2e/fixture-registry/review/): every lockfile format gives the rows the fixture
// definitions promise (the registry's `/__review/` index lists each case's expected
// trust, verification and integrity), the summary adds up, a spec in the address is
// reviewed, bad inputs get their own messages, a review can be cancelled, and the
// exports hold the whole review.
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { LOCKFILE_NAMES } from '../fixture-registry/review/lockfile-writers';
import { NON_REGISTRY, REVIEW_APP, REVIEW_BROKEN, REVIEW_MISSING } from '../fixture-registry/review/review-tree';
import { REVIEW_CSV_COLUMNS } from '../../src/core/review/review-export';
import { appUrl, REGISTRY, TAMPERED_REGISTRY } from '../support/app';

interface Expectation {
  trust: string;
  verification: string;
  integrity: string;
  findings?: string[];
}

interface ReviewIndex {
  expectations: Record<string, Expectation>;
}

interface ShownRow {
  key: string;
  trust: string;
  verification: string;
  integrity: string;
  findings: string[];
}

// Real verification of a few hundred packages on a machine shared with other runs.
test.describe.configure({ timeout: 120_000 });

let expectations: Map<string, Expectation>;

test.beforeAll(async () => {
  const index = (await (await fetch(`${REGISTRY}/__review/`)).json()) as ReviewIndex;
  expectations = new Map(Object.entries(index.expectations));
});

async function lockfileText(file: string, registry = REGISTRY, folder = 'lockfiles'): Promise<string> {
  const response = await fetch(`${registry}/__review/${folder}/${file}`);
  expect(response.status).toBe(200);
  return response.text();
}

/**
 * Reviews a lockfile chosen with the file input. (Playwright's `fill` of a few hundred
 * KB into any textarea takes Chromium minutes here, so pasting is tested with a small
 * lockfile below.)
 */
async function reviewLockfile(page: Page, text: string, registry = REGISTRY, name = 'package-lock.json'): Promise<void> {
  await page.goto(appUrl('/review', registry));
  await page.locator('input[type="file"][name="lockfile"]').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
  await expect(page.getByTestId('lockfile-chosen')).toContainText(name);
  await page.getByRole('button', { name: 'Review', exact: true }).click();
}

async function pasteLockfile(page: Page, text: string): Promise<void> {
  await page.goto(appUrl('/review'));
  await page.locator('textarea[name="lockfile"]').fill(text);
  await page.getByRole('button', { name: 'Review', exact: true }).click();
}

async function waitForReview(page: Page): Promise<void> {
  await expect(page.getByTestId('review-progress')).toHaveAttribute('data-status', 'done', { timeout: 100_000 });
  await expect(page.getByTestId('review-summary')).toHaveAttribute('data-complete', 'true');
}

async function shownRows(page: Page): Promise<ShownRow[]> {
  return page.getByTestId('dependency-row').evaluateAll((rows) =>
    rows.map((row) => {
      const data = (row as HTMLElement).dataset;
      return {
        key: `${data.name}@${data.version}`,
        trust: data.trust ?? '',
        verification: data.verification ?? '',
        integrity: data.integrity ?? '',
        findings: (data.findings ?? '').split(' ').filter(Boolean),
      };
    }),
  );
}

function expectRowsAsDefined(rows: ShownRow[], keys: string[], integrityOf: (e: Expectation) => string) {
  expect(rows.map((r) => r.key).sort()).toEqual([...keys].sort());
  for (const row of rows) {
    const expected = expectations.get(row.key);
    expect(expected, `${row.key} is a case of the fixture`).toBeDefined();
    if (!expected) continue;
    expect({ key: row.key, trust: row.trust, verification: row.verification, integrity: row.integrity }).toEqual({
      key: row.key,
      trust: expected.trust,
      verification: expected.verification,
      integrity: integrityOf(expected),
    });
    // The integrity finding needs a lockfile integrity to compare (not Berry's, not a spec's).
    const findings = (expected.findings ?? []).filter((kind) => kind !== 'integrity-mismatch' || integrityOf(expected) === 'mismatch');
    for (const kind of findings) expect(row.findings, `${row.key} findings`).toContain(kind);
  }
}

async function summaryCounts(page: Page) {
  const summary = page.getByTestId('review-summary');
  const number = async (locator: ReturnType<Page['locator']>, attribute: string) => Number(await locator.getAttribute(attribute));
  const byTrust: Record<string, number> = {};
  for (const level of ['staged', 'trusted-publisher', 'provenance', 'none']) {
    byTrust[level] = await number(page.locator(`[data-testid="trust-count"][data-trust="${level}"]`), 'data-count');
  }
  return {
    total: await number(summary, 'data-total'),
    verified: await number(summary, 'data-verified'),
    byTrust,
  };
}

test.describe('dependency review of the derived tree', () => {
  for (const [format, file] of Object.entries(LOCKFILE_NAMES)) {
    test(`the ${format} lockfile (${file}) gives every case's trust, verification and integrity`, async ({ page }) => {
      await reviewLockfile(page, await lockfileText(file), REGISTRY, file);
      await waitForReview(page);
      const rows = await shownRows(page);
      // Yarn Berry records no npm integrity (its checksum hashes Yarn's own zip).
      expectRowsAsDefined(rows, [...expectations.keys()], (e) => (format === 'yarn-berry' ? 'unknown' : e.integrity));

      const counts = await summaryCounts(page);
      expect(counts.total).toBe(expectations.size);
      expect(counts.verified).toBe([...expectations.values()].filter((e) => e.verification === 'verified').length);
      expect(counts.verified).toBe(2);
      const definedTrust: Record<string, number> = { staged: 0, 'trusted-publisher': 0, provenance: 0, none: 0 };
      for (const e of expectations.values()) definedTrust[e.trust] = (definedTrust[e.trust] ?? 0) + 1;
      expect(counts.byTrust).toEqual(definedTrust);

      // The three entries that are not registry packages, each with why.
      const others = page.getByTestId('non-registry-entry');
      expect(await others.evaluateAll((els) => els.map((el) => `${(el as HTMLElement).dataset.kind}:${(el as HTMLElement).dataset.name}`).sort())).toEqual([
        `file:${NON_REGISTRY.file.name}`,
        `git:${NON_REGISTRY.git.name}`,
        `tarball:${NON_REGISTRY.tarball.name}`,
      ]);

      // Weakest links first: the tampered attestation, then the integrity mismatch.
      const weakest = await page.getByTestId('weakest-link').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.key));
      if (format === 'yarn-berry') expect(weakest[0]).toBe('derived-review-tampered@1.0.0');
      else expect(weakest.slice(0, 2)).toEqual(['derived-review-tampered@1.0.0', 'derived-review-mismatch@1.0.0']);
    });
  }

  test('rows carry publisher, source links, why they are here, and links to the timeline and the version', async ({ page }) => {
    await reviewLockfile(page, await lockfileText(LOCKFILE_NAMES['npm-v3']));
    await waitForReview(page);
    const tuf = page.locator('[data-testid="dependency-row"][data-name="tuf-js"]');
    await expect(tuf.locator('a[href="#/package/tuf-js"]')).toHaveCount(1);
    await expect(tuf.locator('a[href="#/package/tuf-js/v/1.0.0"]')).toHaveCount(1);
    await expect(tuf.locator('a[href^="https://github.com/theupdateframework/tuf-js"]').first()).toBeVisible();
    const alias = page.locator('[data-testid="dependency-row"][data-name="derived-review-pkg-0005"]');
    await expect(alias).toContainText('installed as derived-review-alias');
    const downgrade = page.locator('[data-testid="dependency-row"][data-name="sigstore"][data-version="1.3.1"]');
    await expect(downgrade.locator('[data-testid="row-finding"][data-kind="trust-downgrade"]')).toHaveAttribute('data-severity', 'high');
    const mismatch = page.locator('[data-testid="dependency-row"][data-name="derived-review-mismatch"]');
    await expect(mismatch.locator('[data-testid="row-finding"][data-kind="integrity-mismatch"]')).toHaveAttribute('data-severity', 'high');

    // Filters: trust, verification, integrity.
    await page.locator('select[name="filter-verification"]').selectOption('verified');
    expect((await shownRows(page)).map((r) => r.key).sort()).toEqual(['@playwright/cli@0.1.1', 'tuf-js@1.0.0']);
    await page.locator('select[name="filter-verification"]').selectOption('');
    await page.locator('select[name="filter-integrity"]').selectOption('mismatch');
    expect((await shownRows(page)).map((r) => r.key)).toEqual(['derived-review-mismatch@1.0.0']);
    await page.locator('select[name="filter-integrity"]').selectOption('');
    await page.locator('select[name="filter-findings"]').selectOption('publisher-change');
    expect((await shownRows(page)).map((r) => r.key)).toEqual(['derived-review-publisher@1.2.0']);
  });

  test('on the tampered mirror the same lockfile shows the altered packages failing', async ({ page }) => {
    await reviewLockfile(page, await lockfileText(LOCKFILE_NAMES['pnpm-v9'], TAMPERED_REGISTRY), TAMPERED_REGISTRY);
    await waitForReview(page);
    const rows = new Map((await shownRows(page)).map((r) => [r.key, r]));
    expect(rows.get('tuf-js@1.0.0')?.verification).toBe('failed');
    expect(rows.get('@playwright/cli@0.1.1')?.verification).toBe('failed');
    expect(rows.get('derived-review-pkg-0000@1.1.0')?.verification).toBe('absent');
    await expect(page.getByTestId('review-summary')).toHaveAttribute('data-verified', '0');
  });

  test('a spec in the address is reviewed: the tree it installs, its peers, nothing fetched from a lockfile', async ({ page }) => {
    await page.goto(appUrl(`/review/${REVIEW_APP}`));
    await expect(page.locator('input[name="spec"]')).toHaveValue(REVIEW_APP);
    await waitForReview(page);
    const rows = await shownRows(page);
    // The spec installs the app itself and everything but the project's dev dependency.
    const keys = [...expectations.keys()].filter((k) => k !== 'lodash.merge@4.6.2');
    expectRowsAsDefined(
      rows.filter((r) => r.key !== `${REVIEW_APP}@1.0.0`),
      keys,
      () => 'unknown', // No lockfile: nothing to compare the registry's integrity with.
    );
    expect(rows.map((r) => r.key)).toContain(`${REVIEW_APP}@1.0.0`);
    await expect(page.getByTestId('review-summary')).toHaveAttribute('data-total', String(keys.length + 1));
    await expect(page.getByTestId('review-summary')).toHaveAttribute('data-verified', '2');
    await expect(page.locator('[data-testid="peer-requirement"][data-name="react"]')).toHaveAttribute('data-range', '>=18');
  });

  test('typing a spec puts it in the address', async ({ page }) => {
    await page.goto(appUrl('/review'));
    await page.locator('input[name="spec"]').fill('@playwright/cli@0.1.1');
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    await expect(page).toHaveURL(/#\/review\/%40playwright%2Fcli%400\.1\.1$/);
    await waitForReview(page);
    const rows = await shownRows(page);
    expect(rows.find((r) => r.key === '@playwright/cli@0.1.1')).toMatchObject({ trust: 'trusted-publisher', verification: 'verified' });
  });
});

test.describe('bad input', () => {
  test('a package that 404s midway is listed as unresolved; the rest of the tree is reviewed', async ({ page }) => {
    await page.goto(appUrl(`/review/${REVIEW_BROKEN}`));
    await waitForReview(page);
    await expect(page.locator(`[data-testid="unresolved-entry"][data-name="${REVIEW_MISSING}"]`)).toHaveAttribute('data-code', 'NOT_FOUND');
    expect(Number(await page.getByTestId('review-summary').getAttribute('data-total'))).toBeGreaterThan(1);
    await expect(page.getByTestId('review-summary')).toHaveAttribute('data-unresolved', '1');
  });

  test('a spec that does not resolve says so', async ({ page }) => {
    await page.goto(appUrl('/review/derived-review-no-such-package'));
    await expect(page.getByTestId('review-error')).toHaveAttribute('data-error-code', 'NOT_FOUND');
    await expect(page.getByTestId('review-error')).toContainText('derived-review-no-such-package');
    await expect(page.getByTestId('review-progress')).toHaveAttribute('data-status', 'failed');
    await page.goto(appUrl('/review/tuf-js@99.0.0'));
    await expect(page.getByTestId('review-error')).toHaveAttribute('data-error-code', 'NO_MATCHING_VERSION');
  });

  test('text that is no lockfile, and truncated JSON and YAML, each get their own message', async ({ page }) => {
    await pasteLockfile(page, 'This is a README, not a lockfile.\n');
    await expect(page.getByTestId('review-error')).toHaveAttribute('data-error-code', 'UNKNOWN_FORMAT');

    const json = await lockfileText(LOCKFILE_NAMES['npm-v3']);
    await reviewLockfile(page, json.slice(0, Math.floor(json.length / 2)));
    await expect(page.getByTestId('review-error')).toHaveAttribute('data-error-code', 'TRUNCATED');

    const yaml = await lockfileText(LOCKFILE_NAMES['pnpm-v9']);
    const cut = yaml.slice(0, Math.floor(yaml.length / 2));
    await reviewLockfile(page, cut.slice(0, cut.lastIndexOf('integrity: ') + 'integrity: {'.length));
    await expect(page.getByTestId('review-error')).toHaveAttribute('data-error-code', /^(TRUNCATED|MALFORMED)$/);
    await expect(page.getByTestId('review-error')).toContainText(/pnpm/);
  });

  test('a 50 MB file and a binary file are refused before they are read', async ({ page }, testInfo) => {
    await page.goto(appUrl('/review'));
    const fileInput = page.locator('input[type="file"][name="lockfile"]');
    // A sparse 50 MB file on disk (the page refuses it by its size, before reading a byte).
    const big = testInfo.outputPath('package-lock.json');
    await writeFile(big, '');
    await truncate(big, 50 * 1000 * 1000);
    await fileInput.setInputFiles(big);
    await expect(page.getByTestId('field-error')).toContainText('package-lock.json is 47.7 MiB: larger than the 16.0 MiB');
    await fileInput.setInputFiles({ name: 'yarn.lock', mimeType: 'application/gzip', buffer: Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]) });
    await expect(page.getByTestId('field-error')).toContainText('yarn.lock was not read: it is gzip-compressed');
    await expect(page.getByTestId('lockfile-chosen')).toHaveCount(0);
    // Nothing to review yet: the button says what it needs.
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    await expect(page.getByTestId('field-error')).toContainText('Paste or choose a lockfile');
  });

  test('a pasted lockfile is reviewed', async ({ page }) => {
    // A small lockfile cut from the fixture's: the project, two cases and a bulk package.
    const full = JSON.parse(await lockfileText(LOCKFILE_NAMES['npm-v3'])) as { packages: Record<string, unknown> };
    const keep = ['', 'node_modules/tuf-js', 'node_modules/derived-review-mismatch', 'node_modules/derived-review-pkg-0000'];
    const small = { ...full, packages: Object.fromEntries(keep.map((key) => [key, full.packages[key]])) };
    await pasteLockfile(page, JSON.stringify(small, null, 2));
    await waitForReview(page);
    const rows = await shownRows(page);
    const keys = ['tuf-js@1.0.0', 'derived-review-mismatch@1.0.0', 'derived-review-pkg-0000@1.1.0'];
    expectRowsAsDefined(rows, keys, (e) => e.integrity);
    await expect(page.getByTestId('review-summary')).toHaveAttribute('data-total', '3');
    await expect(page.getByTestId('review-summary')).toHaveAttribute('data-verified', '1');
    // The progress counts checks, whatever their verdict: it never says "verified" (one
    // version of three is, while every check is done).
    const progress = page.getByTestId('review-progress');
    const checks = await progress.getAttribute('data-verifications');
    await expect(progress).toContainText(`${checks} of ${checks} checked`);
    await expect(progress).not.toContainText('verified');
  });
});

test('a running review can be cancelled: what is known stays, nothing spins', async ({ page }) => {
  await reviewLockfile(page, await lockfileText(LOCKFILE_NAMES['npm-v3'], REGISTRY, 'large'));
  await expect(page.getByTestId('review-summary')).toBeVisible();
  await page.getByTestId('review-cancel').click();
  await expect(page.getByTestId('review-progress')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('review-cancel')).toHaveCount(0);
  await expect(page.getByTestId('review-summary')).toHaveAttribute('data-complete', 'false');
  // It stays cancelled: no more results arrive.
  const verified = await page.getByTestId('review-progress').getAttribute('data-verified');
  await page.waitForTimeout(1_000);
  await expect(page.getByTestId('review-progress')).toHaveAttribute('data-verified', verified ?? '');
});

test('JSON and CSV exports hold the whole review', async ({ page }) => {
  await reviewLockfile(page, await lockfileText(LOCKFILE_NAMES['npm-v2']));
  await waitForReview(page);

  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('review-export-json').click()]);
  expect(jsonDownload.suggestedFilename()).toMatch(/^package-lock\.json-review-.*\.json$/);
  const doc = JSON.parse(await readFile(await jsonDownload.path(), 'utf8')) as {
    complete: boolean;
    source: { kind: string; format: string };
    summary: { total: number; verified: number };
    rows: { key: string; trust: string; verification: string; integrity: { status: string } }[];
    nonRegistry: { name: string }[];
  };
  expect(doc.complete).toBe(true);
  expect(doc.source).toEqual({ kind: 'lockfile', format: 'npm-v2', fileName: 'package-lock.json' });
  expect(doc.summary).toMatchObject({ total: expectations.size, verified: 2 });
  expect(doc.rows).toHaveLength(expectations.size);
  for (const row of doc.rows) {
    const expected = expectations.get(row.key);
    expect({ key: row.key, trust: row.trust, verification: row.verification, integrity: row.integrity.status }).toEqual({
      key: row.key,
      trust: expected?.trust,
      verification: expected?.verification,
      integrity: expected?.integrity,
    });
  }
  expect(doc.nonRegistry).toHaveLength(3);

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('review-export-csv').click()]);
  const lines = (await readFile(await csvDownload.path(), 'utf8')).split('\r\n').filter(Boolean);
  expect(lines[0]).toBe(REVIEW_CSV_COLUMNS.join(','));
  // A header, a line per registry row, a line per entry not from the registry.
  expect(lines).toHaveLength(1 + expectations.size + 3);
  expect(lines.filter((l) => l.startsWith('derived-review-mismatch,1.0.0,registry,'))[0]).toContain(',mismatch,');
});
