// The entry module, kept small so that it runs as soon as it arrives: it starts what the
// address being opened needs (a shared link's packument request, in the registry worker)
// and then imports the app, which index.html has the browser fetch in parallel.
import { preloadRoute } from './app/preload-route';

preloadRoute(window.location.hash);
void import('./app/start');
