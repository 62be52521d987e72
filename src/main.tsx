// The entry module, kept small so that it runs as soon as it arrives. At navigation it
// starts what the address being opened needs: a shared link's packument request (in the
// registry worker), the opened screen's chunk (app/screens.ts), and the app itself
// (app/start.tsx: React, then the shell, which index.html has the browser fetch in
// parallel). The screen's chunk does not wait for the app's to be evaluated.
//
// The boot is a sequence of short tasks (lib/next-task.ts), so that no task of it holds
// the main thread for long:
//   1. this module: read the settings, start the packument request (worker creation);
//   2. start the screen's chunk (Vite's preload helper adds its imports' preloads);
//   3. a package's trust material and stored verdicts (app/preload-route.ts);
//   4. React and react-dom evaluate (app/start.tsx);
//   5. the shell's modules evaluate and render (app/shell.tsx), as a transition.
import { showBootFailure } from './app/boot-failure';
import { nextTask } from './lib/next-task';
import { preloadRoute, preloadVerifications } from './app/preload-route';
import { parseHash } from './app/routes';
import { loadScreen } from './app/screens';

const route = parseHash(window.location.hash);
preloadRoute(route);
nextTask(() => {
  void loadScreen(route.page);
  nextTask(() => {
    preloadVerifications(route);
    nextTask(() => {
      import('./app/start')
        .then((start) => new Promise<void>((resolve) => nextTask(() => resolve(start.startApp()))))
        .catch(showBootFailure);
    });
  });
});
