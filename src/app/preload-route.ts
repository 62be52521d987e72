// What the address being opened will need, started before React renders: a shared link
// to a package starts its packument request at navigation, in parallel with the app's
// first render, and the package query adopts that request (lib/registry-client.ts).
// Without React (lib/registry-setting-value.ts, app/routes.ts): the entry module's first
// task evaluates only what the request needs.
import { currentRegistrySetting } from '../lib/registry-setting-value';
import { nextTask } from '../lib/next-task';
import { preloadPackage } from '../lib/registry-client';
import type { Route } from './routes';

/**
 * The packument request of a package's route: the boot's third task (src/main.tsx). Reading the
 * settings is the page's first access to `localStorage` (10–30 ms on the benchmark's
 * machine), not in the task that evaluates the entry and starts the worker.
 */
export function preloadRoute(route: Route): void {
  const setting = currentRegistrySetting();
  // An unusable registry address loads nothing: the screen says why.
  if ('name' in route && !setting.invalid) preloadPackage(setting.base, route.name);
}

/**
 * Its verifications' trust material (the TUF client's worker takes the longest to
 * start), npm's keys and stored verdicts (a chunk of its own): a later task of the boot,
 * as they are needed only once the versions are there.
 */
export function preloadVerifications(route: Route): void {
  const setting = currentRegistrySetting();
  if (!('name' in route) || setting.invalid) return;
  // Imported here, not by the entry: the TUF client's code is not evaluated in the boot's
  // first task. The verdicts' store in a task of its own after it: evaluating both chunks
  // and starting their requests made one task of 50 ms.
  void import('../lib/trust-client')
    .then((trust) => {
      void trust.trustedRootState();
      return new Promise<void>((resolve) => nextTask(resolve));
    })
    .then(() => import('../lib/package-data/verification-store'))
    .then((store) => store.preloadVerifications(setting.base, route.name));
}
