// What the address being opened will need, started before React renders: a shared link
// to a package starts its packument request at navigation, in parallel with the app's
// first render, and the package query adopts that request (lib/registry-client.ts).
import { currentRegistrySetting } from '../lib/registry-setting';
import { preloadPackage, prewarmRegistryWorker } from '../lib/registry-client';
import { trustedRootState } from '../lib/trust-client';
import { parseHash } from './routes';

export function preloadRoute(hash: string): void {
  const route = parseHash(hash);
  const setting = currentRegistrySetting();
  // An unusable registry address loads nothing: the screen says why.
  if ('name' in route && !setting.invalid) preloadPackage(setting.base, route.name);
  else prewarmRegistryWorker();
  // Its verifications' trust material (the TUF client's worker takes the longest to
  // start), npm's keys and stored verdicts (a chunk of its own).
  if ('name' in route && !setting.invalid) {
    void trustedRootState();
    void import('../lib/package-data/verification-store').then((store) =>
      store.preloadVerifications(setting.base, route.name),
    );
  }
}
