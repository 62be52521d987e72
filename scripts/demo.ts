// `npm run demo`: the app with no network. Builds the production bundle, starts the
// fixture registry (recorded real data plus derived cases, on loopback) and serves the
// app pointed at it through `?registry=`, the same code path a user's setting takes.
import { build, preview } from 'vite';
import { startFixtureRegistry } from '../e2e/fixture-registry/registry-app';

const REGISTRY_PORT = Number(process.env.FIXTURE_REGISTRY_PORT ?? 4873);
const APP_PORT = Number(process.env.DEMO_PORT ?? 4173);

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) await build({ logLevel: 'warn' });
  const registry = await startFixtureRegistry({ port: REGISTRY_PORT });
  const server = await preview({ preview: { port: APP_PORT, strictPort: true, host: '127.0.0.1' } });
  const app = `http://127.0.0.1:${APP_PORT}/?registry=${encodeURIComponent(registry.url)}`;
  console.log(`
Provenance Explorer demo (offline)
  fixture registry  ${registry.url}   (cases: ${registry.url}/__cases)
  app               ${app}

Try:
  ${app}#/package/sigstore            verified, unavailable and absent versions; a downgrade
  ${app}#/package/@playwright/cli     trusted publishing, bundle v0.3, Rekor dsse entry
  ${app}#/package/vue                 the move to trusted publishing (attestations not recorded)
  http://127.0.0.1:${APP_PORT}/?registry=${encodeURIComponent(`${registry.url}/tampered`)}#/package/sigstore   tampered attestations
  http://127.0.0.1:${APP_PORT}/?registry=${encodeURIComponent(`${registry.url}/mismatch`)}#/package/tuf-js    certificate vs metadata mismatch

Ctrl-C stops both.`);
  const stop = () => {
    void Promise.allSettled([registry.close(), server.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`demo failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
