// `npm run bench`: the app's own work measured side by side with the best reference
// available in the same run, on this machine, with no network. Prints a table (each
// figure the median of several runs, with its ratio to its reference) and writes the
// results to bench-results/ so that two runs can be compared:
//   npm run bench -- --runs 5 --compare bench-results/latest.json
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../playwright.config';
import { CLONED_10MB, LARGE, LARGE_10MB, LARGE_1MB, LARGE_3MB } from '../fixture-registry/large-packument';
import { MANY_ATTESTED, MANY_ATTESTED_COUNT } from '../fixture-registry/many-attested';
import { startFixtureRegistry } from '../fixture-registry/registry-app';
import {
  measureFullVerification,
  measureTimeToTimeline,
  type TimelineRun,
  type VerificationRun,
} from './browser-measurements';
import { measureBundleSizes, type BundleSizes } from './bundle-sizes';
import { measureCpuBudget, type CpuBudget } from './cpu-budget';
import {
  EMULATED_NETWORK,
  measureFromNavigation,
  median,
  type EmulatedNetwork,
  type FromNavigationResults,
} from './first-row';
import { cpuBudgetRows, fromNavigationRows } from './first-row-report';
import { recordedBundles } from './recorded-bundles';
import { measureNavigation, type NavigationResults } from './navigation';
import { measureRevisit, REVISIT_REST_MS, summarizeRevisits, type RevisitFigures, type RevisitRun } from './revisit';
import { largeReviewLockfile, measureReview, type ReviewRun } from './review';
import {
  measureScrolling,
  summarizeScrolling,
  type ScrollFigures,
  type ScrollPair,
  type ScrollSummary,
} from './scrolling';
import { measureVerification, type VerificationFigures } from './verification';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT_DIR = path.join(REPO_ROOT, 'bench-results');
const BENCH_DIST = path.join(REPO_ROOT, 'node_modules/.bench-dist');

interface Options {
  runs: number;
  compare?: string;
  skipBuild: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { runs: 5, skipBuild: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--runs') options.runs = Math.max(1, Number(argv[++i] ?? 5));
    else if (arg === '--compare') options.compare = argv[++i];
    else if (arg === '--no-build') options.skipBuild = true;
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  log(
    `Provenance Explorer benchmark: ${options.runs} runs per figure, ${os.cpus().length} cores, Node ${process.version}`,
  );

  if (!options.skipBuild) {
    log('building the production bundle, then the benchmark page beside it…');
    delete process.env.BENCH_PAGE;
    await build({ logLevel: 'warn', build: { outDir: BENCH_DIST, emptyOutDir: true } });
    // Its own build, into the same directory (bench-assets/): the site's files are the
    // production build's (vite.config.ts).
    process.env.BENCH_PAGE = '1';
    await build({ logLevel: 'warn', build: { outDir: BENCH_DIST, emptyOutDir: false } });
  }
  const sizes = measureBundleSizes(BENCH_DIST);

  const registry = await startFixtureRegistry({ port: 0 });
  const server = await preview({
    build: { outDir: BENCH_DIST },
    preview: { port: 0, host: '127.0.0.1' },
    logLevel: 'warn',
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  const appUrl = `http://127.0.0.1:${address.port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
  });

  try {
    log(
      '1. verification, distinct bundles: one worker against Node on one thread, the pool against as many worker_threads',
    );
    const verification = await measureVerification(browser, appUrl, options.runs, median);

    log(`2. time to timeline: ${LARGE} (3,000 versions, ~20 MB, derived)`);
    await fetch(`${registry.url}/${LARGE}`).then((r) => r.arrayBuffer()); // the fixture builds it once
    const timelineRuns: TimelineRun[] = [];
    for (let run = 0; run < options.runs; run++) {
      timelineRuns.push(await measureTimeToTimeline(browser, appUrl, registry.url, LARGE));
    }

    log(`3. full verification: ${MANY_ATTESTED} (${MANY_ATTESTED_COUNT} attested versions, derived)`);
    const verificationRuns: VerificationRun[] = [];
    for (let run = 0; run < options.runs; run++) {
      verificationRuns.push(
        await measureFullVerification(browser, appUrl, registry.url, MANY_ATTESTED, MANY_ATTESTED_COUNT * 2),
      );
    }

    log(`4. scrolling ${LARGE} top to bottom; then its floor, the same rows in a page without script (scrolling.ts)`);
    const scrollRuns: ScrollPair[] = [];
    for (let run = 0; run < Math.min(options.runs, 3); run++) {
      scrollRuns.push(await measureScrolling(browser, appUrl, registry.url, LARGE, 240));
    }

    log(
      `6. from navigation: first row of ${LARGE} (and of ${LARGE_10MB}, ${LARGE_3MB}, ${LARGE_1MB}, ${CLONED_10MB}) and its floor; longest task per screen`,
    );
    // Built on their first request (a second of the server's work): not in the first run's floor.
    for (const name of [LARGE_10MB, LARGE_3MB, LARGE_1MB, CLONED_10MB])
      await fetch(`${registry.url}/${name}`).then((r) => r.arrayBuffer());
    const fromNavigation = await measureFromNavigation(
      browser,
      appUrl,
      registry.url,
      LARGE,
      options.runs,
      JSON.stringify(recordedBundles()[0]?.bundle),
      LARGE_10MB,
      [LARGE_3MB, LARGE_1MB, CLONED_10MB],
    );

    log('6b. processor time of the first row, of the boot and of the download alone (cpu-budget.ts)');
    const cpuBudget = await measureCpuBudget(
      browser,
      appUrl,
      registry.url,
      [LARGE, LARGE_10MB, LARGE_3MB, LARGE_1MB, CLONED_10MB],
      Math.min(options.runs, 3),
    );
    if (!cpuBudget) log("    not measured: it reads Linux's /proc, which this system does not have");

    log(
      `7. revisit: ${MANY_ATTESTED} verified, then reloaded ${REVISIT_REST_MS} ms after its last verdict (verdicts kept in IndexedDB)`,
    );
    const revisits = async (network?: EmulatedNetwork): Promise<RevisitFigures> => {
      const runs: RevisitRun[] = [];
      for (let run = 0; run < options.runs; run++) {
        runs.push(await measureRevisit(browser, appUrl, registry.url, MANY_ATTESTED, network));
      }
      return summarizeRevisits(runs, median);
    };
    const revisit = await revisits();
    log(
      `   again with the network emulated for the revisit (${EMULATED_NETWORK.mbitPerSecond} Mbit/s, ${EMULATED_NETWORK.latencyMs} ms): the TUF refresh's round trips`,
    );
    const revisitEmulated = { network: EMULATED_NETWORK, ...(await revisits(EMULATED_NETWORK)) };

    log('8. dependency review of the 1,000-entry derived lockfile (one run)');
    const large = await largeReviewLockfile(registry.url);
    const review = await measureReview(browser, appUrl, registry.url, large.lockfile, large.entries);

    log(`9. in-app navigation on ${MANY_ATTESTED}, verified: → a version, back, → a comparison`);
    const navigation = await measureNavigation(browser, appUrl, registry.url, MANY_ATTESTED, options.runs, median);

    const results = {
      ...summarize({ verification, timelineRuns, verificationRuns, scrollRuns, sizes, runs: options.runs, review }),
      fromNavigation,
      ...(cpuBudget ? { cpuBudget } : {}),
      revisit,
      revisitEmulated,
      navigation,
    };
    printTable(results, options.compare ? readPrevious(options.compare) : undefined);
    mkdirSync(OUT_DIR, { recursive: true });
    const stamp = results.date.replace(/[:.]/g, '-');
    writeFileSync(path.join(OUT_DIR, `bench-${stamp}.json`), JSON.stringify(results, null, 2));
    writeFileSync(path.join(OUT_DIR, 'latest.json'), JSON.stringify(results, null, 2));
    log(`results written to bench-results/latest.json and bench-results/bench-${stamp}.json`);
  } finally {
    await browser.close();
    await registry.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}

interface SummaryInput {
  verification: VerificationFigures;
  timelineRuns: TimelineRun[];
  verificationRuns: VerificationRun[];
  scrollRuns: ScrollPair[];
  sizes: BundleSizes;
  runs: number;
  review: ReviewRun;
}

export interface BenchResults {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; chromium: string };
  runs: number;
  verification: Omit<VerificationFigures, 'userAgent'>;
  timeToTimeline: {
    appMs: number;
    fetchParseMs: number;
    ratio: number;
    firstVerifiedMs: number;
    longestTaskUntilRowsMs: number;
    longestTaskMs: number;
    longTasksOver50: number;
    rowsBeforeVerification: boolean;
    raw: TimelineRun[];
  };
  fullVerification: {
    bundles: number;
    allSettledMs: number;
    mainHeapPeakMiB: number;
    mainHeapEndMiB: number;
    rendererPeakRssMiB?: number;
    raw: VerificationRun[];
  };
  /** The app's scroll; `floor` (runs from 2026-12-03 10:57 UTC on): the same rows without script. */
  scrolling: ScrollFigures;
  sizes: BundleSizes;
  fromNavigation?: FromNavigationResults;
  cpuBudget?: CpuBudget[];
  /** Medians of `runs` revisits (one revisit, without `raw`, in runs before 2026-12-01 05:00 UTC). */
  revisit?: RevisitFigures | RevisitRun;
  /** The same with the network emulated for the revisit (runs from 2026-12-01 06:30 UTC on). */
  revisitEmulated?: RevisitFigures & { network: EmulatedNetwork };
  review: ReviewRun;
  navigation?: NavigationResults;
}

function summarize(input: SummaryInput): BenchResults {
  const { userAgent, ...verification } = input.verification;
  const appMs = median(input.timelineRuns.map((r) => r.timeToTimelineMs));
  const fetchParseMs = median(input.timelineRuns.map((r) => r.fetchParseMs));
  const firstVerifiedMs = median(input.timelineRuns.map((r) => r.firstVerifiedMs));
  const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const rss = input.verificationRuns.map((r) => r.rendererPeakRssBytes).filter((v): v is number => v !== undefined);
  return {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
      node: process.version,
      chromium: userAgent,
    },
    runs: input.runs,
    verification,
    timeToTimeline: {
      appMs,
      fetchParseMs,
      ratio: appMs / fetchParseMs,
      firstVerifiedMs,
      longestTaskUntilRowsMs: Math.max(...input.timelineRuns.map((r) => r.longestTaskUntilRowsMs)),
      longestTaskMs: Math.max(...input.timelineRuns.map((r) => r.longestTaskMs)),
      longTasksOver50: median(input.timelineRuns.map((r) => r.longTasksOver50)),
      rowsBeforeVerification: input.timelineRuns.every((r) => r.firstVerifiedMs >= r.timeToTimelineMs),
      raw: input.timelineRuns,
    },
    fullVerification: {
      bundles: input.verificationRuns[0]?.bundles ?? 0,
      allSettledMs: median(input.verificationRuns.map((r) => r.allSettledMs)),
      mainHeapPeakMiB: mib(median(input.verificationRuns.map((r) => r.mainHeapPeakBytes))),
      mainHeapEndMiB: mib(median(input.verificationRuns.map((r) => r.mainHeapEndBytes))),
      ...(rss.length ? { rendererPeakRssMiB: mib(median(rss)) } : {}),
      raw: input.verificationRuns,
    },
    scrolling: summarizeScrolling(input.scrollRuns, median),
    sizes: input.sizes,
    review: input.review,
  };
}

function readPrevious(file: string): BenchResults | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
  } catch (error) {
    log(`cannot read ${file} to compare with: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** "n of frames (per run a, b, c)": a scroll's missed frames, the median and each run's. */
function droppedPerRun(s: ScrollSummary): string {
  return `${s.droppedFrames} of ${s.frames} (per run ${s.raw.map((run) => run.droppedFrames).join(', ')})`;
}

function printTable(r: BenchResults, previous?: BenchResults): void {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
  const was = (_now: number, before: number | undefined, format: (v: number) => string) =>
    before === undefined ? '' : `  (was ${format(before)})`;
  const p = previous;
  const v = r.verification;
  const rows: [string, string, string, string][] = [
    ['', 'app', 'reference', 'ratio (target)'],
    [
      `1. verify, per bundle (${v.distinctBundles} distinct), 1 worker`,
      ms(v.oneWorker.browserMsPerBundle) +
        was(v.oneWorker.browserMsPerBundle, p?.verification?.oneWorker.browserMsPerBundle, ms),
      `${ms(v.oneWorker.nodeMsPerBundle)} Node, 1 thread`,
      `${v.oneWorker.ratio.toFixed(2)} (≤ 1.0)`,
    ],
    [
      `   the pool, ${v.pool.workers} workers`,
      ms(v.pool.browserMsPerBundle) + was(v.pool.browserMsPerBundle, p?.verification?.pool.browserMsPerBundle, ms),
      `${ms(v.pool.nodeMsPerBundle)} Node, ${v.pool.workers} worker_threads`,
      `${v.pool.ratio.toFixed(2)} (≤ 1.0)`,
    ],
    [`   recorded real bundles, each verified once`, `${v.recordedChecked} of ${v.recordedChecked} verified`, '', ''],
    [
      '2. time to timeline, 3,000 versions',
      ms(r.timeToTimeline.appMs) + was(r.timeToTimeline.appMs, p?.timeToTimeline.appMs, ms),
      `${ms(r.timeToTimeline.fetchParseMs)} fetch+parse`,
      `${r.timeToTimeline.ratio.toFixed(2)} (≤ 1.5)`,
    ],
    ['   longest main-thread task', ms(r.timeToTimeline.longestTaskMs), '', '(≤ 50 ms)'],
    [
      '   first rows before verification starts',
      r.timeToTimeline.rowsBeforeVerification ? 'yes' : 'no',
      `first result at ${ms(r.timeToTimeline.firstVerifiedMs)}`,
      '',
    ],
    [
      `3. full verification, ${r.fullVerification.bundles} bundles`,
      ms(r.fullVerification.allSettledMs) + was(r.fullVerification.allSettledMs, p?.fullVerification.allSettledMs, ms),
      '',
      '(< 10,000 ms)',
    ],
    [
      '   JS heap (main thread), peak / end',
      `${r.fullVerification.mainHeapPeakMiB} / ${r.fullVerification.mainHeapEndMiB} MiB`,
      r.fullVerification.rendererPeakRssMiB ? `renderer peak RSS ${r.fullVerification.rendererPeakRssMiB} MiB` : '',
      '',
    ],
    [
      '4. scrolling 3,000 versions: dropped frames',
      droppedPerRun(r.scrolling) + was(r.scrolling.droppedFrames, p?.scrolling.droppedFrames, String),
      `worst frame ${ms(r.scrolling.worstFrameMs)}`,
      '(0)',
    ],
    ...(r.scrolling.floor
      ? [
          [
            '   floor: the same rows, no script (scrolling.ts)',
            droppedPerRun(r.scrolling.floor),
            `worst frame ${ms(r.scrolling.floor.worstFrameMs)}`,
            '',
          ] as [string, string, string, string],
        ]
      : []),
    [
      '5. initial page, gzipped: JS / CSS',
      `${kb(r.sizes.initial.jsGzipTotal)} / ${kb(r.sizes.initial.cssGzipTotal)}` +
        was(r.sizes.initial.jsGzipTotal, p?.sizes.initial.jsGzipTotal, kb),
      '',
      '(JS ≤ 150 KB)',
    ],
    ...(r.sizes.heaviestOpenedJsGzip === undefined
      ? []
      : [
          [
            '   initial JS + the heaviest screen opened first',
            kb(r.sizes.heaviestOpenedJsGzip),
            (r.sizes.atNavigation ?? [])
              .map((a) => `+${kb(a.addedJsGzip)} ${a.file.replace(/-[\w-]{8}\.js$/, '')}`)
              .join(', '),
            '',
          ] as [string, string, string, string],
        ]),
    ...r.sizes.lazy.map((a): [string, string, string, string] => [`   lazy: ${a.file}`, kb(a.gzipBytes), '', '']),
    ...(r.fromNavigation ? fromNavigationRows(r.fromNavigation, p?.fromNavigation) : []),
    ...(r.fromNavigation && r.cpuBudget ? cpuBudgetRows(r.cpuBudget, r.fromNavigation) : []),
    ...(r.revisit
      ? [
          [
            `7. revisit, ${r.revisit.versions} versions: first row → all verdicts (reloaded ${REVISIT_REST_MS} ms after the first visit's last verdict; at once before 2026-12-02 12:30 UTC)`,
            ms(r.revisit.firstRowToAllVerdictsMs),
            `${'raw' in r.revisit ? `per run ${r.revisit.raw.map((run) => ms(run.firstRowToAllVerdictsMs)).join(', ')}; ` : ''}${r.revisit.revisitAttestationRequests} attestation requests at most (first visit ${r.revisit.firstVisitAttestationRequests})${r.revisit.trustSource ? `; trusted root: ${r.revisit.trustSource === 'tuf' ? 'refreshed from the TUF repository' : r.revisit.trustSource}` : '; TUF repository not reached (runs before 2026-12-01 06:00 UTC)'}`,
            '(≤ 300 ms, 0)',
          ] as [string, string, string, string],
        ]
      : []),
    ...(r.revisitEmulated
      ? [
          [
            `   the same, network emulated (${r.revisitEmulated.network.mbitPerSecond} Mbit/s, ${r.revisitEmulated.network.latencyMs} ms)`,
            ms(r.revisitEmulated.firstRowToAllVerdictsMs),
            `per run ${r.revisitEmulated.raw.map((run) => ms(run.firstRowToAllVerdictsMs)).join(', ')}; ${r.revisitEmulated.revisitAttestationRequests} attestation requests at most`,
            '(≤ 300 ms, 0)',
          ] as [string, string, string, string],
        ]
      : []),
    [
      `8. review, ${r.review.entries} entries: all listed / all verified`,
      `${ms(r.review.allListedMs)} / ${ms(r.review.allVerifiedMs)}`,
      `heap peak ${(r.review.mainHeapPeakBytes / 1024 / 1024).toFixed(1)} MiB, longest task ${ms(r.review.longestTaskMs)}`,
      '(< 30,000 ms, task ≤ 50 ms)',
    ],
    ...(r.navigation
      ? [
          [
            '9. in-app: → a version / back / → a comparison',
            `${ms(r.navigation.toVersionMs)} / ${ms(r.navigation.backToPackageMs)} / ${ms(r.navigation.toCompareMs)}` +
              (p?.navigation
                ? `  (was ${ms(p.navigation.toVersionMs)} / ${ms(p.navigation.backToPackageMs)} / ${ms(p.navigation.toCompareMs)})`
                : ''),
            'click → the screen in the DOM',
            '',
          ] as [string, string, string, string],
        ]
      : []),
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]?.length ?? 0)));
  console.log();
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  │  '));
  console.log();
}

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
