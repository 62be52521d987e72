// The opened screen's chunks, fetched at navigation without being evaluated: index.html
// lists, for each screen, its chunk and the imports the page does not already preload
// (scripts/preload-app-plugin.ts); the entry adds them as module preloads, a few per
// task. The screen is imported (evaluated) later, once React and the shell are
// (app/route-screen.tsx): its evaluation is then its own modules' only, in a task of its
// own, instead of React's, the query library's and the screen's in one.
import { nextTask } from '../lib/next-task';
import { SCREEN_MODULES, type ScreenName } from './screens';

/** The id of index.html's JSON element (SCREEN_PRELOADS_ID in scripts/preload-app-plugin.ts). */
const SCREEN_PRELOADS_ID = 'screen-preloads';
/** Links added per task: each starts a request, which costs the main thread a little. */
const LINKS_PER_TASK = 3;

/** The files to preload for `screen`, or undefined without the build's list (the dev server). */
export function screenPreloads(
  screen: ScreenName,
  doc: Pick<Document, 'getElementById'> = document,
): string[] | undefined {
  const text = doc.getElementById(SCREEN_PRELOADS_ID)?.textContent;
  if (!text) return undefined;
  try {
    const lists = JSON.parse(text) as Record<string, unknown>;
    const files = lists[SCREEN_MODULES[screen]];
    return Array.isArray(files) && files.every((file) => typeof file === 'string') ? files : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts fetching `screen`'s chunks: true when done by preloads (the screen is imported
 * later), false when the build has no list for it (the caller imports it now).
 */
export function preloadScreen(screen: ScreenName): boolean {
  const files = screenPreloads(screen);
  if (!files) return false;
  const add = (from: number) => {
    for (const href of files.slice(from, from + LINKS_PER_TASK)) {
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      link.crossOrigin = '';
      link.href = href;
      document.head.append(link);
    }
    if (from + LINKS_PER_TASK < files.length) nextTask(() => add(from + LINKS_PER_TASK));
  };
  add(0);
  return true;
}
