// Entry point: `npx tsx e2e/fixture-registry/server.ts [--port N]` (or
// FIXTURE_REGISTRY_PORT). Listens on 127.0.0.1 only: the data is for this machine's
// browser and tests, and nothing here is hardened for a network.
import { DEFAULT_PORT, startFixtureRegistry } from './registry-app';

function portFromArgs(args: readonly string[], env: NodeJS.ProcessEnv): number {
  let raw: string | undefined = env.FIXTURE_REGISTRY_PORT;
  args.forEach((arg, i) => {
    if (arg === '--port') raw = args[i + 1];
    else if (arg.startsWith('--port=')) raw = arg.slice('--port='.length);
  });
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`"${raw}" is not a port number (0-65535).`);
  }
  return port;
}

async function main(): Promise<void> {
  const registry = await startFixtureRegistry({ port: portFromArgs(process.argv.slice(2), process.env) });
  console.log(`fixture registry listening on ${registry.url}`);
  const stop = (): void => {
    registry.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(
    `fixture registry failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
