// The revisit figure: a package whose versions were all verified is opened again in the
// same browser profile (a reload: a new session, the verdicts kept in IndexedDB). Measured
// on the revisit: the time from the first version row to every verdict shown, and how many
// attestation requests reached the registry (the target is none). One fresh context per
// run, so no run profits from another's stored verdicts.
//
// The TUF repository is one the app reaches and verifies (the fixture registry's `valid`
// case): a real revisit refreshes Sigstore's TUF metadata before it trusts the root its
// stored verdicts were keyed with. With the default mirror, which cannot be reached here,
// the refresh failed at once and the figure left it out (232–258 ms against 282–333 ms
// with the repository reached, in alternated runs). It starts from the repository's
// current root (`2.root.json`, given as the initial root), as the app starts from the
// public-good root bundled with it, which root rotations (rare) leave current for months;
// given by address, it is one request more than the bundled root, which the app has.
import type { Browser, Page } from '@playwright/test';
import { BENCH_VIEWPORT, ESBUILD_HELPERS } from './browser-measurements';
import { emulate, type EmulatedNetwork } from './first-row';

/** The revisits of several runs: medians of the times, the most attestation requests any run made. */
export interface RevisitFigures extends RevisitRun {
  raw: RevisitRun[];
}

export function summarizeRevisits(runs: RevisitRun[], median: (values: number[]) => number): RevisitFigures {
  const first = runs[0];
  if (!first) throw new Error('no revisit was measured');
  return {
    versions: first.versions,
    firstVisitAttestationRequests: Math.max(...runs.map((r) => r.firstVisitAttestationRequests)),
    // Any run that asked for an attestation again is what the figure reports.
    revisitAttestationRequests: Math.max(...runs.map((r) => r.revisitAttestationRequests)),
    firstRowToAllVerdictsMs: median(runs.map((r) => r.firstRowToAllVerdictsMs)),
    navigationToFirstRowMs: median(runs.map((r) => r.navigationToFirstRowMs)),
    verdicts: first.verdicts,
    ...(first.trustSource !== undefined ? { trustSource: first.trustSource } : {}),
    raw: runs,
  };
}

export interface RevisitRun {
  versions: number;
  /** The first visit's attestation requests (every attested version's, once). */
  firstVisitAttestationRequests: number;
  /** The revisit's attestation requests: 0 when every verdict came from the cache. */
  revisitAttestationRequests: number;
  /** On the revisit: the first version row → every version with its verdict shown. */
  firstRowToAllVerdictsMs: number;
  /** On the revisit: navigation start → the first version row. */
  navigationToFirstRowMs: number;
  /** Verdicts of the rows on screen (the timeline renders only those) by status, the same on both visits (else the run is an error). */
  verdicts: Record<string, number>;
  /** Where the revisit's trusted root came from: `tuf` (refreshed from the repository), else the run is an error. */
  trustSource?: string;
}

/** The app's address for `name` with the fixture registry's TUF repository (see the head of this file). */
export function revisitAddress(appUrl: string, registry: string, name: string): string {
  const query = new URLSearchParams({
    registry,
    tuf: `${registry}/tuf/valid`,
    'tuf-root': `${registry}/tuf/valid/2.root.json`,
  });
  return `${appUrl}/?${query.toString()}#/package/${name}`;
}

/**
 * Installed before the app on every load: notes (in page time, from navigation start)
 * when the first version row appears and when every version has its verdict.
 */
const WATCH_VERDICTS = `
  ${ESBUILD_HELPERS}
  window.__revisit = {};
  const watch = () => {
    const r = window.__revisit;
    if (r.firstRow === undefined && document.querySelector('[data-testid="version-row"]')) r.firstRow = performance.now();
    const progress = document.querySelector('[data-testid="verification-progress"]');
    if (
      r.firstRow !== undefined &&
      r.allVerdicts === undefined &&
      progress &&
      Number(progress.dataset.total) > 0 &&
      progress.dataset.done === progress.dataset.total &&
      // Rows with their verdicts, and none without: not a moment with no row at all (the
      // timeline's first commit), which has none without a verdict either.
      document.querySelector('[data-testid="version-row"]:not([data-verification="pending"])') &&
      !document.querySelector('[data-testid="version-row"][data-verification="pending"]')
    ) {
      r.allVerdicts = performance.now();
      return;
    }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
`;

interface Marks {
  firstRow?: number;
  allVerdicts?: number;
}

async function waitForAllVerdicts(page: Page, timeoutMs: number): Promise<Required<Marks>> {
  await page.waitForFunction(
    () => (window as unknown as { __revisit: Marks }).__revisit.allVerdicts !== undefined,
    undefined,
    {
      timeout: timeoutMs,
      polling: 50,
    },
  );
  return page.evaluate(() => (window as unknown as { __revisit: Required<Marks> }).__revisit);
}

async function verdictCounts(page: Page): Promise<Record<string, number>> {
  return page.$$eval('[data-testid="version-row"]', (rows) => {
    const counts: Record<string, number> = {};
    for (const row of rows) {
      const status = (row as HTMLElement).dataset.verification ?? '?';
      counts[status] = (counts[status] ?? 0) + 1;
    }
    return counts;
  });
}

/** See `measureRevisit`'s `restMs`. */
export const REVISIT_REST_MS = 1000;

export async function measureRevisit(
  browser: Browser,
  appUrl: string,
  registry: string,
  name: string,
  /** The revisit over this network (Chromium's emulation, page and workers); the first visit on loopback. */
  network?: EmulatedNetwork,
  timeoutMs = 180_000,
  /**
   * How long the first visit's page stays open after its last verdict before the reload
   * (REVISIT_REST_MS): a revisit comes after a visit, and the app writes a package's copy of
   * its verdicts once its verifier workers have been idle for 500 ms
   * (core/verify/verdict-copies.ts). Runs before 2026-12-02 12:30 UTC reloaded at once.
   */
  restMs = REVISIT_REST_MS,
): Promise<RevisitRun> {
  const context = await browser.newContext({ viewport: BENCH_VIEWPORT });
  try {
    let attestationRequests = 0;
    // The context sees the verifier workers' requests too.
    context.on('request', (request) => {
      if (request.url().includes('/-/npm/v1/attestations/')) attestationRequests += 1;
    });
    await context.addInitScript(WATCH_VERDICTS);
    const page = await context.newPage();
    await page.goto(revisitAddress(appUrl, registry, name));
    await waitForAllVerdicts(page, timeoutMs);
    const first = await verdictCounts(page);
    const firstVisitAttestationRequests = attestationRequests;
    await page.waitForTimeout(restMs);

    attestationRequests = 0;
    await emulate(page, network);
    await page.reload();
    const marks = await waitForAllVerdicts(page, timeoutMs);
    const again = await verdictCounts(page);
    // The revisit's root must have been refreshed from the repository: a fallback (the
    // bundled root, a copy kept from the first visit) is a run that did not measure that.
    const status = page.getByTestId('trusted-root-status');
    await status.waitFor();
    const trustSource = (await status.getAttribute('data-source')) ?? undefined;
    if (trustSource !== 'tuf') {
      throw new Error(`the revisit's trusted root did not come from the TUF repository: ${trustSource ?? 'no source'}`);
    }
    if (JSON.stringify(again) !== JSON.stringify(first)) {
      throw new Error(`the revisit shows other verdicts: ${JSON.stringify(again)}, first ${JSON.stringify(first)}`);
    }
    // Unavailable verdicts are never kept: the package must have none for the figure to mean anything.
    if (first.unavailable || first.pending) {
      throw new Error(`the revisit benchmark needs a package whose verdicts are all final: ${JSON.stringify(first)}`);
    }
    return {
      versions: await page
        .getByTestId('verification-progress')
        .evaluate((el) => Number((el as HTMLElement).dataset.total)),
      firstVisitAttestationRequests,
      revisitAttestationRequests: attestationRequests,
      firstRowToAllVerdictsMs: marks.allVerdicts - marks.firstRow,
      navigationToFirstRowMs: marks.firstRow,
      verdicts: first,
      trustSource,
    };
  } finally {
    await context.close();
  }
}
