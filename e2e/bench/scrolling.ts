// Scrolling the 3,000-row timeline top to bottom, and this machine's floor for it, in the
// same run.
//
// Why a floor: on the benchmark's 2 cores the app's own work in a scrolled frame is a few
// milliseconds of the 16.7 (a render of the rows that enter, their style and layout), and
// the frames that miss are not long animation frames (docs/performance.md, "2026-12-03").
// Drawing and compositing the pixels runs beside it on the same cores (the renderer's
// compositor and raster threads, the GPU process's software compositor, the harness). The
// floor scrolls the same rows the same way in a page with no script of its own: the app's
// stylesheet and the rows' markup as the app drew them, all 3,000 in the document from
// the start, so nothing is rendered, styled or laid out while it scrolls. The frames it
// misses are what the machine misses drawing those rows, whatever the app does; a blank
// page of the same height misses none (checked when the floor was added, 8 runs).
import type { Browser, Page } from '@playwright/test';
import { BENCH_VIEWPORT, ESBUILD_HELPERS, openHome, submitName, waitAllSettled } from './browser-measurements';

export interface ScrollRun {
  frames: number;
  droppedFrames: number;
  worstFrameMs: number;
  scrolledPx: number;
}

/** One run: the app's scroll, then the floor's, drawn from the rows the app showed in that run. */
export interface ScrollPair {
  app: ScrollRun;
  floor: ScrollRun;
}

export interface ScrollSummary {
  frames: number;
  droppedFrames: number;
  worstFrameMs: number;
  raw: ScrollRun[];
}

/** The app's figures (as before the floor was measured: `raw` is the app's runs) and the floor's. */
export type ScrollFigures = ScrollSummary & { floor?: ScrollSummary };

/**
 * Loads the package (submitted from the home page), waits for every verification, copies
 * the rows for the floor (`staticCopy`: the window moved to the list and back, about
 * 130 ms; before the floor, the scroll started right after the last verification, and
 * where the missed frames fall does not depend on when it starts: 5 runs each, at once
 * and 3 s later, missed frames all along the scroll), then scrolls the timeline top to
 * bottom one step per frame; then the floor, in a fresh context, the same way.
 */
export async function measureScrolling(
  browser: Browser,
  appUrl: string,
  registry: string,
  name: string,
  stepPx: number,
): Promise<ScrollPair> {
  const page = await openHome(browser, appUrl, registry);
  let app: ScrollRun;
  let floorPage: string;
  try {
    await submitName(page, name);
    await waitAllSettled(page, 180_000);
    floorPage = await page.evaluate(staticCopy);
    app = await page.evaluate(scrollThrough, stepPx);
  } finally {
    await page.context().close();
  }
  const context = await browser.newContext({ viewport: BENCH_VIEWPORT });
  try {
    const floor = await context.newPage();
    await floor.setContent(floorPage, { waitUntil: 'load' });
    // setContent writes into the blank page: no init script runs there.
    await floor.evaluate(ESBUILD_HELPERS);
    await assertFloorDrawn(floor);
    return { app, floor: await floor.evaluate(scrollThrough, stepPx) };
  } finally {
    await context.close();
  }
}

export function summarizeScrolling(runs: ScrollPair[], median: (values: number[]) => number): ScrollFigures {
  const summary = (raw: ScrollRun[]): ScrollSummary => ({
    frames: median(raw.map((r) => r.frames)),
    droppedFrames: median(raw.map((r) => r.droppedFrames)),
    worstFrameMs: median(raw.map((r) => r.worstFrameMs)),
    raw,
  });
  return { ...summary(runs.map((r) => r.app)), floor: summary(runs.map((r) => r.floor)) };
}

/**
 * In the page: scrolls the window from the top to the bottom, `step` px per animation
 * frame, and counts the frames missed (an interval of n frame budgets is n - 1 frames
 * not drawn; more than 1.5 budgets counts).
 */
async function scrollThrough(step: number): Promise<ScrollRun> {
  window.scrollTo(0, 0);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const stamps: number[] = [];
  let stuck = 0;
  await new Promise<void>((resolve) => {
    const frame = (time: number) => {
      stamps.push(time);
      // The page's height may change (the app's content above the rows): re-read it.
      const max = document.documentElement.scrollHeight - window.innerHeight;
      const before = window.scrollY;
      if (before >= max - 1 || stuck > 10) {
        resolve();
        return;
      }
      window.scrollBy(0, step);
      stuck = window.scrollY === before ? stuck + 1 : 0;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  const budget = 1000 / 60;
  let dropped = 0;
  let worst = 0;
  for (let i = 1; i < stamps.length; i++) {
    const interval = (stamps[i] ?? 0) - (stamps[i - 1] ?? 0);
    worst = Math.max(worst, interval);
    if (interval > budget * 1.5) dropped += Math.round(interval / budget) - 1;
  }
  return { frames: stamps.length, droppedFrames: dropped, worstFrameMs: worst, scrolledPx: window.scrollY };
}

/**
 * In the app's page, before it scrolls (it leaves the window at the list's top; the
 * scroll starts from the page's top): the floor's document. The same height above the
 * rows and below them, the rows at the same place and width, each as the app drew it (its
 * markup; its placement style replaced by its fixed height in the flow), the ones in the
 * DOM repeated in their order up to the list's count; the app's stylesheets by address
 * and the classes of <html> and <body>. No script.
 */
async function staticCopy(): Promise<string> {
  const list = document.querySelector<HTMLElement>('[data-testid="package-page"] [data-row-count]');
  if (!list) throw new Error('no timeline list');
  // Its first rows on screen, so that the window's and the overscan's are drawn (at the
  // top of the page only the few nearest are): more rows to repeat.
  window.scrollTo(0, Math.round(list.getBoundingClientRect().top + window.scrollY));
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 100))));
  const count = Number(list.dataset.rowCount);
  const rows = [...list.querySelectorAll<HTMLElement>(':scope > [data-testid="version-row"]')];
  if (rows.length === 0 || !(count > 0)) throw new Error('the timeline has no rows');
  const height = rows[0]!.offsetHeight;
  const markup = rows.map((row) => {
    const copy = row.cloneNode(true) as HTMLElement;
    copy.removeAttribute('style');
    copy.style.height = `${height}px`;
    copy.style.contain = 'strict';
    return copy.outerHTML;
  });
  const box = list.getBoundingClientRect();
  const top = Math.round(box.top + window.scrollY);
  const below = Math.max(0, document.documentElement.scrollHeight - top - count * height);
  const sheets = [...document.styleSheets].map((sheet) =>
    sheet.href
      ? `<link rel="stylesheet" href="${sheet.href}">`
      : `<style>${[...sheet.cssRules].map((rule) => rule.cssText).join('\n')}</style>`,
  );
  const body: string[] = [];
  for (let i = 0; i < count; i++) body.push(markup[i % markup.length]!);
  return [
    `<!doctype html><html class="${document.documentElement.className}"><head><meta charset="utf-8">`,
    ...sheets,
    `</head><body class="${document.body.className}">`,
    `<div style="height:${top}px"></div>`,
    `<div data-floor-rows="${count}" style="margin-left:${Math.round(box.left)}px;width:${Math.round(box.width)}px">`,
    ...body,
    `</div><div style="height:${below}px"></div></body></html>`,
  ].join('');
}

/** The floor must draw what the app drew: its rows styled (the stylesheet loaded), as tall as the app's list. */
async function assertFloorDrawn(page: Page): Promise<void> {
  const drawn = await page.evaluate(() => {
    const rows = document.querySelector<HTMLElement>('[data-floor-rows]');
    const first = rows?.firstElementChild;
    return {
      rows: rows?.childElementCount ?? 0,
      expected: Number(rows?.dataset.floorRows ?? -1),
      display: first ? getComputedStyle(first).display : '',
    };
  });
  if (drawn.rows !== drawn.expected || drawn.display !== 'grid') {
    throw new Error(`the scrolling floor's page is not the app's rows: ${JSON.stringify(drawn)}`);
  }
}
