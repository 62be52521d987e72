// The package page's audit exports, on `sigstore` from the fixture registry (derived
// from recorded bundles: see README's demo table): after verification both downloads
// parse and hold exactly the versions the timeline shows.
import { readFile } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import { gotoPackage, readRows, REGISTRY, waitForVerification, type ExpectedRow } from '../support/app';

/** A strict RFC 4180 reader: CRLF records, quoted fields, doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (char === '"' || char === '\r' || char === '\n')
      throw new Error(`unquoted ${JSON.stringify(char)} at ${i}`);
    else field += char;
  }
  if (quoted || field !== '' || row.length) throw new Error('the CSV does not end with CRLF');
  return rows;
}

async function downloadText(page: Page, testId: string): Promise<{ download: Download; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const file = await download.path();
  return { download, text: await readFile(file, 'utf8') };
}

interface ExportedVersion {
  version: string;
  status: string;
  trust: string;
  verification?: { steps: { step: string; code: string; checks?: unknown[] }[] };
  failedStep?: { step: string; code: string };
}

test.describe('audit export of sigstore', () => {
  let rows: ExpectedRow[];

  test.beforeEach(async ({ page }) => {
    await gotoPackage(page, 'sigstore');
    await waitForVerification(page);
    rows = await readRows(page);
    expect(rows.length).toBeGreaterThan(3);
    await expect(page.getByTestId('export')).toHaveAttribute('data-complete', 'true');
  });

  test('the JSON holds every version shown, each with its status, trust and steps, plus the trust material', async ({
    page,
  }) => {
    const before = Date.now();
    const { download, text } = await downloadText(page, 'export-json');
    expect(download.suggestedFilename()).toMatch(/^sigstore-audit-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}\.json$/);
    const doc = JSON.parse(text) as {
      formatVersion: number;
      complete: boolean;
      registry: string;
      checkedAt: string;
      generator: { name: string; version: string };
      package: { name: string };
      versions: ExportedVersion[];
      findings: unknown[];
      summary: { versionCount: number };
      trustMaterial: {
        trustedRoot: { mediaType: string; tlogs: unknown[] };
        npmKeys: { keys: { keyId: string }[]; source: string };
      };
    };
    expect(doc.formatVersion).toBe(1);
    expect(doc.complete).toBe(true);
    expect(doc.registry).toBe(REGISTRY);
    expect(doc.package.name).toBe('sigstore');
    expect(doc.generator.name).toBe('provenance-explorer');
    expect(Date.parse(doc.checkedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(doc.versions.map((v) => ({ version: v.version, trust: v.trust, verification: v.status }))).toEqual(rows);
    expect(doc.summary.versionCount).toBe(rows.length);
    expect(doc.trustMaterial.trustedRoot.mediaType).toMatch(/^application\/vnd\.dev\.sigstore\.trustedroot/);
    expect(doc.trustMaterial.trustedRoot.tlogs.length).toBeGreaterThan(0);
    expect(doc.trustMaterial.npmKeys.keys.length).toBeGreaterThan(0);

    // Each settled version has its four steps; a failed one names the step that failed.
    for (const version of doc.versions) {
      expect(
        version.verification?.steps.map((s) => s.step),
        version.version,
      ).toEqual(['provenance-bundle', 'publish-attestation', 'subject-binding', 'registry-signature']);
      if (version.status === 'failed') expect(version.failedStep?.code, version.version).toMatch(/^[A-Z_]+$/);
      else expect(version.failedStep, version.version).toBeUndefined();
    }
    const verified = doc.versions.find((v) => v.status === 'verified');
    expect(verified?.verification?.steps[0]?.checks?.length).toBe(6);
  });

  test('the CSV has one row per version shown, in order, with trust and verification', async ({ page }) => {
    const { download, text } = await downloadText(page, 'export-csv');
    expect(download.suggestedFilename()).toMatch(/^sigstore-audit-.*\.csv$/);
    const [header, ...body] = parseCsv(text);
    expect(header?.slice(0, 8)).toEqual([
      'version',
      'published',
      'publisher',
      'trusted publisher provider',
      'trust',
      'verification',
      'failed step',
      'failed code',
    ]);
    const at = (name: string) => header?.indexOf(name) ?? -1;
    expect(body.map((r) => ({ version: r[0], trust: r[at('trust')], verification: r[at('verification')] }))).toEqual(
      rows,
    );
    for (const row of body) expect(row).toHaveLength(header?.length ?? 0);
    // The failed code column agrees with the verification column.
    for (const row of body) {
      expect(row[at('failed code')] !== '', row[0]).toBe(row[at('verification')] === 'failed');
    }
  });
});
