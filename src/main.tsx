// The entry module, kept small so that it runs as soon as it arrives. At navigation it
// starts what the address being opened needs: a shared link's packument request (in the
// registry worker; adopting the one index.html sent, if it did), the opened screen's
// chunk (app/screens.ts), and the app itself (app/start.tsx: React, then the shell,
// which index.html has the browser fetch in parallel). The screen's chunks are fetched
// at once, evaluated after the app's.
//
// The boot is a sequence of short tasks (lib/next-task.ts), so that no task of it holds
// the main thread for long:
//   1. this module: evaluate, read the address;
//   2. start the registry worker (its script is requested at once; creating a worker
//      costs the main thread 10–40 ms, not added to the entry's evaluation), or take the
//      one index.html's inline script started with the link's packument request already
//      on its way (lib/early-request.ts);
//   3. read the settings (the page's first localStorage access);
//   4. start the packument request in the worker;
//   5. start fetching the screen's chunks (module preloads, a few per task: app/preload-screen.ts;
//      the screen is evaluated after the shell, app/route-screen.tsx);
//   6. a package's trust material, then its stored verdicts (app/preload-route.ts); the
//      connection to the TUF repository, for a screen that verifies (app/preconnect-trust.ts);
//   7. React and react-dom evaluate (app/start.tsx);
//   8. the shell's modules evaluate and render (app/shell.tsx), as a transition.
import { showBootFailure } from './app/boot-failure';
import { afterTask, inTasks } from './lib/next-task';
import { prewarmRegistryWorker } from './lib/registry-client';
import { preloadRoute, preloadVerifications, readSettings } from './app/preload-route';
import { parseHash } from './app/routes';
import { preloadScreen } from './app/preload-screen';
import { preconnectTrust } from './app/preconnect-trust';
import { loadScreen } from './app/screens';

const route = parseHash(window.location.hash);
inTasks([
  prewarmRegistryWorker,
  readSettings,
  () => preloadRoute(route),
  // Fetched now, evaluated once the app is (app/preload-screen.ts); imported now when the
  // build has no list (the dev server).
  () => {
    if (!preloadScreen(route.page)) void loadScreen(route.page);
  },
  () => preloadVerifications(route),
  () => preconnectTrust(route),
  () => {
    import('./app/start')
      .then(async (start) => {
        await afterTask();
        await start.startApp();
      })
      .catch(showBootFailure);
  },
]);
