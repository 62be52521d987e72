// What the npm-client differential runs: a loopback registry serving the cases, npm's client
// (pacote-run.ts, a child process) and the app's verifier service asked about each version,
// and a TUF cache from which npm's client takes the trusted root offline.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTufRepositories } from '../../../e2e/fixture-registry/tuf-repository';
import type { VersionVerification } from '../../../src/core/model';
import type { RegistryKey } from '../../../src/core/registry/npm-keys';
import { parsePackument } from '../../../src/core/registry/npm-packument';
import { createVerifierService } from '../../../src/core/services/verifier-service';
import type { NpmClientResult, RunInput } from './pacote-run';

export interface ClientCase {
  what: string;
  name: string;
  version: string;
  packument: Record<string, unknown>;
  /** The attestations response's text; undefined: the registry answers 404. */
  attestations: string | undefined;
}

export interface Compared {
  what: string;
  /** `OK` or the code of pacote's error. */
  npm: string;
  /** `verified`, `absent`, or the app's failing steps and codes (`unavailable` when it could not fetch). */
  app: string;
  /** The app's failing steps. */
  failures: { step: string; code: string; message: string }[];
}

export interface Trust {
  trustedRoot: unknown;
  /** npm's keys as the app holds them. */
  appKeys: RegistryKey[];
  /** The same keys as `npm audit signatures` hands them to pacote. */
  npmKeys: RunInput['keys'];
}

/** The cases (made with the registry's origin, known once it listens), both verdicts of each. */
export async function compareWithNpm(makeCases: (origin: string) => ClientCase[], trust: Trust): Promise<Compared[]> {
  const cases: ClientCase[] = [];
  const server = await serve(cases);
  const folder = mkdtempSync(join(tmpdir(), 'npm-client-'));
  try {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Each case is a registry of its own (`/c<index>`), so that cases may share a name.
    const base = (i: number) => `${origin}/c${i}`;
    cases.push(...makeCases(origin).map((c, i) => atPrefix(c, `/c${i}`)));
    const npm = await runNpmClient({
      keys: trust.npmKeys,
      tufCache: tufCache(folder, trust.trustedRoot),
      cache: join(folder, 'cache'),
      specs: cases.map((c, i) => ({ spec: `${c.name}@${c.version}`, registry: `${base(i)}/` })),
    });
    const verifier = createVerifierService(trust.trustedRoot, { nativeSignatures: true });
    verifier.configure(trust.appKeys);
    const compared: Compared[] = [];
    for (const [i, c] of cases.entries()) {
      const record = parsePackument(c.packument, c.name).versions.find((v) => v.version === c.version);
      if (!record) throw new Error(`${c.what}: the app finds no ${c.version} in the packument`);
      const outcome = await verifier.verify(`case-${i}`, base(i), record);
      if (!outcome.ok) throw new Error(`${c.what}: ${outcome.error.message}`);
      const failures = outcome.value.steps
        .filter((s) => s.outcome === 'fail')
        .map(({ step, code, message }) => ({ step, code, message }));
      compared.push({ what: c.what, npm: npm[i]?.code ?? 'MISSING', app: appVerdict(outcome.value), failures });
    }
    return compared;
  } finally {
    server.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * The case with its claimed attestations URL under `prefix`. npm's client fetches that URL's
 * path from the registry's origin (`new URL(path, registry)`), the app from the registry's
 * base with its path: with the prefix in the claimed path, both reach the case's registry.
 */
function atPrefix(c: ClientCase, prefix: string): ClientCase {
  const packument = structuredClone(c.packument) as {
    versions?: Record<string, { dist?: { attestations?: { url?: unknown } } }>;
  };
  const claim = packument.versions?.[c.version]?.dist?.attestations;
  if (claim && typeof claim.url === 'string') {
    const url = new URL(claim.url);
    claim.url = `${url.origin}${prefix}${url.pathname}`;
  }
  return { ...c, packument };
}

function appVerdict(result: VersionVerification): string {
  const failed = result.steps.filter((s) => s.outcome === 'fail').map((s) => `${s.step} ${s.code}`);
  return failed.length > 0 ? failed.join(', ') : result.status;
}

/** A loopback registry serving case i's packument and attestations under `/c<i>/` at npm's paths. */
function serve(cases: ClientCase[]): Promise<Server> {
  const server = createServer((request, response) => {
    const full = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const [, index, path = ''] = /^\/c(\d+)(\/.*)$/.exec(full) ?? [];
    const c = index === undefined ? undefined : cases[Number(index)];
    const prefix = '/-/npm/v1/attestations/';
    const found = !c
      ? undefined
      : path.startsWith(prefix)
        ? path.slice(prefix.length) === `${c.name}@${c.version}`
          ? c.attestations
          : undefined
        : path.slice(1) === c.name
          ? JSON.stringify(c.packument)
          : undefined;
    response.writeHead(found === undefined ? 404 : 200, { 'content-type': 'application/json' });
    response.end(found ?? '{"error":"Not found"}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function runNpmClient(input: RunInput): Promise<NpmClientResult[]> {
  const script = join(import.meta.dirname, 'pacote-run.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as NpmClientResult[])
        : reject(new Error(`pacote-run exited ${code}: ${err}`)),
    );
    child.stdin.end(JSON.stringify(input));
  });
}

/**
 * A TUF repository (the fixture registry's builder, e2e/fixture-registry/tuf-repository.ts)
 * whose trusted root is `trustedRoot`, laid out as @sigstore/tuf caches the default mirror's
 * metadata: pacote verifies with `tufForceCache`, so it reads this and reaches no network.
 */
function tufCache(folder: string, trustedRoot: unknown): string {
  const set = buildTufRepositories({
    trustedRoot: JSON.stringify(trustedRoot),
    npmKeys: JSON.stringify({ keys: [] }),
    keyType: 'ecdsa-p256',
  });
  const dir = join(folder, 'tuf', 'tuf-repo-cdn.sigstore.dev');
  mkdirSync(join(dir, 'targets'), { recursive: true });
  for (const [path, text] of set.cases.valid) {
    if (path === '2.root.json') writeFileSync(join(dir, 'root.json'), text);
    else if (/^targets\/[0-9a-f]+\.trusted_root\.json$/.test(path))
      writeFileSync(join(dir, 'targets', 'trusted_root.json'), text);
    else if (/^(\d+\.)?(timestamp|snapshot|targets)\.json$/.test(path))
      writeFileSync(join(dir, path.replace(/^\d+\./, '')), text);
  }
  return join(folder, 'tuf');
}
