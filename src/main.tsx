// The entry module, kept small so that it runs as soon as it arrives. At navigation it
// starts what the address being opened needs: a shared link's packument request (in the
// registry worker), the opened screen's chunk (app/screens.ts), and the app itself
// (app/start.tsx: React and the shell, which index.html has the browser fetch in
// parallel). The screen's chunk does not wait for the app's to be evaluated.
import { showBootFailure } from './app/boot-failure';
import { preloadRoute } from './app/preload-route';
import { parseHash } from './app/routes';
import { loadScreen } from './app/screens';

preloadRoute(window.location.hash);
void loadScreen(parseHash(window.location.hash).page);
import('./app/start').catch(showBootFailure);
