// npm's own client as the reference for a version's verdict: pacote, the library behind
// `npm install` and `npm audit signatures`, asked for each version's manifest with the
// options `npm audit signatures` gives it (verifySignatures, verifyAttestations, the
// registry's keys under `//host/:_keys`). Run as a child process (`node --import tsx`)
// by npm-client.test.ts, which serves the registry: pacote runs on Node's own Buffer and
// crypto, away from the browser-crypto test project's shims.
//
// stdin: a RunInput as JSON; stdout: one NpmClientResult per spec, as JSON.
import { createRequire } from 'node:module';

export interface RunInput {
  /** The keys as `npm audit signatures` builds them from the registry's keys endpoint. */
  keys: { keyid: string; pemkey: string; expires: string | null }[];
  /** A TUF cache holding the repository's metadata (pacote verifies with `tufForceCache`). */
  tufCache: string;
  /** An empty folder for pacote's HTTP cache. */
  cache: string;
  /** Each version asked for (`name@version`), and the registry's base URL (ending with a slash). */
  specs: { spec: string; registry: string }[];
}

/** `OK`, or the code of the error pacote threw, with its message. */
export interface NpmClientResult {
  spec: string;
  code: string;
  message?: string;
}

type Manifest = (spec: string, options: Record<string, unknown>) => Promise<unknown>;

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RunInput;
  const { manifest } = createRequire(import.meta.url)('pacote') as { manifest: Manifest };
  const results: NpmClientResult[] = [];
  for (const { spec, registry } of input.specs) {
    const host = new URL(registry);
    const options = {
      registry,
      [`//${host.host}${host.pathname}:_keys`]: input.keys,
      verifySignatures: true,
      verifyAttestations: true,
      tufCache: input.tufCache,
      cache: input.cache,
      preferOnline: true,
      retry: { retries: 0 },
    };
    try {
      await manifest(spec, options);
      results.push({ spec, code: 'OK' });
    } catch (error) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      results.push({ spec, code: typeof code === 'string' ? code : 'ERROR', message: String(message) });
    }
  }
  process.stdout.write(JSON.stringify(results));
}

await main();
