// What the address being opened will need, started before React renders: a shared link
// to a package starts its packument request at navigation, in parallel with the app's
// first render, and the package query adopts that request (lib/registry-client.ts).
// Without React (lib/registry-setting-value.ts, app/routes.ts): the entry module's first
// task evaluates only what the request needs.
import { currentNetSettings } from '../lib/net-settings';
import { currentRegistrySetting } from '../lib/registry-setting-value';
import { afterTask } from '../lib/next-task';
import { preloadPackage } from '../lib/registry-client';
import type { Route } from './routes';

/**
 * The settings the packument request reads (the registry, the network settings), read
 * once and kept: the boot's third task (src/main.tsx). It holds the page's first access to
 * `localStorage` (10–40 ms on the benchmark's machine) and the first URL parsing, not
 * the task that starts the worker nor the one that sends the request.
 */
export function readSettings(): void {
  currentRegistrySetting();
  currentNetSettings();
}

/** The packument request of a package's route, with the settings read just before: the boot's fourth task. */
export function preloadRoute(route: Route): void {
  const setting = currentRegistrySetting();
  // An unusable registry address loads nothing: the screen says why.
  if ('name' in route && !setting.invalid) preloadPackage(setting.base, route.name);
}

/**
 * Its verifications' trust material (the TUF client's worker takes the longest to
 * start), npm's keys and stored verdicts (a chunk of its own): a later task of the boot,
 * as they are needed only once the versions are there.
 *
 * Not for a package's timeline: its screen starts them once it has rendered, the trust
 * material once its first rows are there unless it is a revisit
 * (lib/package-data/use-package-verifications.ts says why). Started here, the TUF
 * client's worker (created on the main thread, 10–40 ms; its code compiled and evaluated
 * on a core) competed with the app's start, and the package screen came later: in
 * alternated loads (6 each) it first rendered at 316 against 255 ms on the derived 10 MB
 * packument, 250 against 199 ms for a package of few versions. A version, its audit or
 * a comparison still start them here: their screens show a verification first.
 */
export function preloadVerifications(route: Route): void {
  const setting = currentRegistrySetting();
  if (!('name' in route) || route.page === 'package' || setting.invalid) return;
  // Imported here, not by the entry: the TUF client's code is not evaluated in the boot's
  // first task. The verdicts' store in a task of its own after it: evaluating both chunks
  // and starting their requests made one task of 50 ms.
  void import('../lib/trust-client')
    .then((trust) => {
      void trust.trustedRootState();
      return afterTask();
    })
    .then(() => import('../lib/package-data/verification-store'))
    .then((store) => store.preloadVerifications(setting.base, route.name));
}
