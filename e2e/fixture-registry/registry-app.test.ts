import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NPM_PUBLISH_V01,
  SLSA_PROVENANCE_V02,
  SLSA_PROVENANCE_V1,
  firstTlogEntry,
  parseAttestationsResponse,
  readIntegratedTime,
  readStatement,
  readSubject,
  type AttestationsResponse,
} from './attestation-bundles';
import { DERIVED_KEY_ID, DERIVED_KEY_SPKI } from './derived-keys';
import { publishKeyRegistryEntries } from './publish-key-cases';
import { RECORDED_ORIGIN, loadRecordedFixtures, type RecordedFixtures } from './fixtures';
import {
  isJsonObject,
  parseJsonObject,
  readArray,
  readFirstObject,
  readObject,
  readString,
  type JsonObject,
} from './json-value';
import {
  CLONED_10MB,
  CLONED_TEMPLATE_PACKAGE,
  DEFAULT_LARGE_TARGET_BYTES,
  LARGE,
  LARGE_10MB,
  LARGE_10MB_TARGET_BYTES,
  LARGE_1MB,
  LARGE_3MB,
  SMALL_VERSION_FIELDS,
} from './large-packument';
import { MANY_ATTESTED_SOURCES, manyAttestedVersions } from './many-attested';
import { parsePackagePath, startFixtureRegistry, wantsAbbreviated, type StartedRegistry } from './registry-app';
import { MISMATCH_REPOSITORY_URL } from './sub-registries';

let registry: StartedRegistry;
let base: string;
let fixtures: RecordedFixtures;

beforeAll(async () => {
  fixtures = loadRecordedFixtures();
  registry = await startFixtureRegistry({ port: 0 });
  base = registry.url;
});

afterAll(async () => {
  await registry.close();
});

const get = (path: string, accept?: string): Promise<Response> =>
  fetch(`${base}${path}`, accept ? { headers: { Accept: accept } } : {});

async function getJson(path: string): Promise<JsonObject> {
  const response = await get(path);
  expect(response.status, path).toBe(200);
  return parseJsonObject(await response.text(), path);
}

function recorded(map: ReadonlyMap<string, string>, key: string): string {
  const text = map.get(key);
  if (text === undefined) throw new Error(`fixture ${key} missing`);
  return text;
}

function versionOf(packument: JsonObject, version: string): JsonObject {
  return readObject(readObject(packument, 'versions', 'packument'), version, 'versions');
}

function distOf(packument: JsonObject, version: string): JsonObject {
  return readObject(versionOf(packument, version), 'dist', version);
}

/** The served attestations of a version, fetched from its own `dist.attestations.url`. */
async function attestationsOf(packument: JsonObject, version: string): Promise<AttestationsResponse> {
  const url = readString(readObject(distOf(packument, version), 'attestations', 'dist'), 'url', 'attestations');
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return parseAttestationsResponse(await response.text(), url);
}

function bundleOf(response: AttestationsResponse, predicateType: string): JsonObject {
  const found = response.attestations.find((a) => a.predicateType === predicateType);
  if (!found) throw new Error(`no ${predicateType}`);
  return found.bundle;
}

/** Leaf paths where two JSON values differ. */
function diffPaths(a: unknown, b: unknown, at = ''): string[] {
  const container = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (container(a) && container(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) => diffPaths(a[key], b[key], at ? `${at}.${key}` : key));
  }
  return Object.is(a, b) ? [] : [at];
}

const withoutDerivedNotes = (paths: string[]): string[] => paths.filter((p) => !p.endsWith('_derived'));

function differingBits(a: string, b: string): number {
  const x = Buffer.from(a, 'base64');
  const y = Buffer.from(b, 'base64');
  expect(x.length).toBe(y.length);
  let bits = 0;
  x.forEach((byte, i) => {
    let v = byte ^ (y[i] ?? 0);
    for (; v; v >>= 1) bits += v & 1;
  });
  return bits;
}

/** A raw request, for what fetch hides (Host header, HEAD, content encoding). */
function rawRequest(
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      { method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('paths', () => {
  it('serves recorded packuments byte for byte with only the origin rewritten', async () => {
    for (const name of ['vue', 'next', '@types/node', 'tweetnacl']) {
      const response = await get(`/${name}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.text()).toBe(recorded(fixtures.packuments, name).replaceAll(RECORDED_ORIGIN, base));
    }
  });

  it('accepts a scoped name with a plain, %2f, %2F or fully encoded slash', async () => {
    const expected = recorded(fixtures.packuments, '@nuxt/kit').replaceAll(RECORDED_ORIGIN, base);
    for (const path of ['/@nuxt/kit', '/@nuxt%2fkit', '/@nuxt%2Fkit', '/%40nuxt%2Fkit']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toBe(expected);
    }
  });

  it('answers per-version documents, by version or dist-tag, scoped or not', async () => {
    const vue = parseJsonObject(recorded(fixtures.packuments, 'vue'), 'vue');
    const latest = readString(readObject(vue, 'dist-tags', 'vue'), 'latest', 'dist-tags');
    const byTag = await getJson('/vue/latest');
    expect(byTag.version).toBe(latest);
    expect(readString(readObject(byTag, 'dist', 'vue'), 'tarball', 'dist').startsWith(`${base}/vue/-/`)).toBe(true);
    const kit = parseJsonObject(recorded(fixtures.packuments, '@nuxt/kit'), 'kit');
    const kitVersion = Object.keys(readObject(kit, 'versions', 'kit'))[0] ?? '';
    for (const path of [`/@nuxt/kit/${kitVersion}`, `/@nuxt%2fkit/${kitVersion}`]) {
      expect((await getJson(path)).version, path).toBe(kitVersion);
    }
    expect((await get('/vue/0.0.0-missing')).status).toBe(404);
    expect((await get('/vue/1.0.0/extra')).status).toBe(404);
  });

  it('serves nano-stringify-object at /<name>/<version> only', async () => {
    const doc = fixtures.versionDocuments.get('nano-stringify-object');
    if (!doc) throw new Error('nano-stringify-object is not recognised as a per-version document');
    for (const spec of [doc.version, 'latest']) {
      const response = await get(`/nano-stringify-object/${spec}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(doc.text.replaceAll(RECORDED_ORIGIN, base));
    }
    expect((await get('/nano-stringify-object')).status).toBe(404);
  });

  it('chooses the abbreviated document by Accept header when one is recorded', async () => {
    const abbreviated = recorded(fixtures.abbreviated, 'tweetnacl').replaceAll(RECORDED_ORIGIN, base);
    const full = recorded(fixtures.packuments, 'tweetnacl').replaceAll(RECORDED_ORIGIN, base);
    const npmAccept = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*';
    const install = await get('/tweetnacl', npmAccept);
    expect(install.headers.get('content-type')).toBe('application/vnd.npm.install-v1+json');
    expect(await install.text()).toBe(abbreviated);
    expect(await (await get('/tweetnacl', 'application/vnd.npm.install-v1+json')).text()).toBe(abbreviated);
    expect(await (await get('/tweetnacl', 'application/json')).text()).toBe(full);
    expect(await (await get('/tweetnacl')).text()).toBe(full);
    // No abbreviated copy of vue is recorded: the full document answers.
    expect(await (await get('/vue', npmAccept)).text()).toBe(
      recorded(fixtures.packuments, 'vue').replaceAll(RECORDED_ORIGIN, base),
    );
  });

  it('serves recorded attestations under every encoding of the name, and 404 for unrecorded ones', async () => {
    const expected = recorded(fixtures.attestations, '@playwright/cli@0.1.1');
    for (const spec of ['%40playwright%2fcli@0.1.1', '@playwright%2Fcli@0.1.1', '@playwright/cli@0.1.1']) {
      const response = await get(`/-/npm/v1/attestations/${spec}`);
      expect(response.status, spec).toBe(200);
      expect(await response.text(), spec).toBe(expected);
    }
    expect((await get('/-/npm/v1/attestations/vue@3.5.27')).status).toBe(404);
    expect((await get('/-/npm/v1/attestations/@nuxt%2fkit@3.21.0')).status).toBe(404);
  });

  it("serves the keys on every registry: npm's recorded keys unchanged, then the derived test key", async () => {
    const recordedKeys = readArray(parseJsonObject(fixtures.keys, 'keys'), 'keys', 'keys');
    for (const prefix of ['', '/tampered', '/mismatch']) {
      const response = await get(`${prefix}/-/npm/v1/keys`);
      expect(response.status).toBe(200);
      const served = readArray(parseJsonObject(await response.text(), 'served keys'), 'keys', 'served');
      expect(served.slice(0, recordedKeys.length)).toEqual(recordedKeys);
      expect(served.slice(recordedKeys.length)).toEqual([
        {
          expires: null,
          keyid: DERIVED_KEY_ID,
          keytype: 'ecdsa-sha2-nistp256',
          scheme: 'ecdsa-sha2-nistp256',
          key: DERIVED_KEY_SPKI,
        },
        // The generated keys of the publish-key cases (publish-key-cases.ts).
        ...publishKeyRegistryEntries(),
      ]);
    }
  });

  it("answers 404 with npm's body for everything else", async () => {
    for (const path of ['/', '/no-such-package', '/-/whoami', '/@scope-only', '/vue/1/2', '/%E0%A4%A', '/tampered']) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual({ error: 'Not found' });
    }
  });

  it('parses package paths like npm', () => {
    expect(parsePackagePath('/a')).toEqual({ name: 'a' });
    expect(parsePackagePath('/a/1.0.0')).toEqual({ name: 'a', version: '1.0.0' });
    expect(parsePackagePath('/@s/a/latest')).toEqual({ name: '@s/a', version: 'latest' });
    expect(parsePackagePath('/@s%2fa/1.0.0')).toEqual({ name: '@s/a', version: '1.0.0' });
    expect(parsePackagePath('/a/')).toBeUndefined();
    expect(parsePackagePath('/@s')).toBeUndefined();
  });

  it('reads Accept like npm does', () => {
    expect(wantsAbbreviated('application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*')).toBe(true);
    expect(wantsAbbreviated('application/json, application/vnd.npm.install-v1+json; q=0.5')).toBe(false);
    expect(wantsAbbreviated('application/vnd.npm.install-v1+json; q=0')).toBe(false);
    expect(wantsAbbreviated(undefined)).toBe(false);
  });

  it('answers health and lists every case', async () => {
    const health = await get('/__health');
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok');
    const cases = (await (await get('/__cases')).json()) as Array<Record<string, unknown>>;
    const main = cases.filter((c) => c.registry === 'main').map((c) => c.name);
    for (const name of [
      ...fixtures.packuments.keys(),
      'nano-stringify-object',
      'sigstore',
      'tuf-js',
      '@playwright/cli',
    ]) {
      expect(main).toContain(name);
    }
    for (const name of [
      'derived-large',
      'derived-many-attested',
      'derived-server-error',
      'derived-malformed-json',
      'derived-rate-limited',
    ]) {
      expect(main).toContain(name);
    }
    for (const entry of cases) {
      expect(typeof entry.description).toBe('string');
      expect(['recorded', 'derived']).toContain(entry.source);
      expect((await get(String(entry.url).slice(base.length))).status, String(entry.url)).not.toBe(404);
    }
    const tampered = cases.filter((c) => c.registry === 'tampered').flatMap((c) => (c.alterations as unknown[]) ?? []);
    expect(tampered).toHaveLength(4);
  }, 60_000); // fetches every case, the ~20 MB derived-large among them: slow on a busy machine
});

describe('HTTP behaviour', () => {
  it('sends CORS headers on success and on every error', async () => {
    for (const [path, status] of [
      ['/vue', 200],
      ['/nope', 404],
      ['/derived-server-error', 500],
      ['/derived-rate-limited', 429],
    ] as const) {
      const response = await get(path);
      expect(response.status, path).toBe(status);
      expect(response.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(response.headers.get('access-control-expose-headers'), path).toBe('Retry-After');
    }
  });

  it('answers preflights with 204', async () => {
    const response = await fetch(`${base}/vue`, { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe('*');
  });

  it('refuses other methods with CORS headers', async () => {
    const response = await fetch(`${base}/vue`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers HEAD without a body', async () => {
    const { status, headers, body } = await rawRequest('/vue', { method: 'HEAD' });
    expect(status).toBe(200);
    expect(Number(headers['content-length'])).toBeGreaterThan(1000);
    expect(body.length).toBe(0);
  });

  it('compresses with gzip when asked', async () => {
    const { headers, body } = await rawRequest('/next', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(body).toString('utf8')).toBe(
      recorded(fixtures.packuments, 'next').replaceAll(RECORDED_ORIGIN, base),
    );
    const plain = await rawRequest('/next');
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('writes the origin the client used, with a sub-registry prefix', async () => {
    const { body } = await rawRequest('/vue', { headers: { Host: `localhost:${registry.port}` } });
    const text = body.toString('utf8');
    expect(text).toContain(`"http://localhost:${registry.port}/vue/-/vue-`);
    expect(text).not.toContain(RECORDED_ORIGIN);
    for (const prefix of ['', '/tampered', '/mismatch']) {
      for (const name of ['vue', 'sigstore', '@playwright%2fcli', 'derived-many-attested']) {
        const doc = await (await get(`${prefix}/${name}`)).text();
        expect(doc).not.toContain(RECORDED_ORIGIN);
        const urls = [...doc.matchAll(/"(?:tarball|url)":\s*"(http:[^"]+)"/g)].map((m) => m[1] ?? '');
        expect(urls.length, `${prefix}/${name}`).toBeGreaterThan(0);
        for (const url of urls) expect(url.startsWith(`${base}${prefix}/`), url).toBe(true);
        if (prefix)
          expect(urls.some((u) => u.startsWith(`${base}/tampered/`) || u.startsWith(`${base}/mismatch/`))).toBe(true);
      }
    }
  });
});

describe('derived packages', () => {
  const cases = [
    { name: 'sigstore', version: '1.0.0', predicateType: SLSA_PROVENANCE_V02 },
    { name: 'sigstore', version: '1.3.0', predicateType: SLSA_PROVENANCE_V02 },
    { name: 'tuf-js', version: '1.0.0', predicateType: SLSA_PROVENANCE_V02 },
    { name: '@playwright/cli', version: '0.1.1', predicateType: SLSA_PROVENANCE_V1 },
  ];

  it.each(cases)('$name@$version: integrity, gitHead and time come from its served attestations', async (c) => {
    const packument = await getJson(`/${c.name.replace('/', '%2f')}`);
    expect(typeof packument._derived).toBe('string');
    const version = versionOf(packument, c.version);
    expect(typeof version._derived).toBe('string');
    const dist = distOf(packument, c.version);
    // Only tuf-js@1.0.0 carries signatures: the ones npm/cli's tests recorded (recorded/README.md).
    if (c.name === 'tuf-js') {
      expect(dist.signatures).toEqual([
        {
          keyid: 'SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA',
          sig: 'MEYCIQDgGQeY2QLkLuoO9YxOqFZ+a6zYuaZpXhc77kUfdCUXDQIhAJp/vV+9Xg1bfM5YlTvKIH9agUEOu5T76+tQaHY2vZyO',
        },
      ]);
    } else {
      expect(dist.signatures).toBeUndefined();
    }
    expect(readObject(readObject(dist, 'attestations', 'dist'), 'provenance', 'attestations').predicateType).toBe(
      c.predicateType,
    );

    const response = await attestationsOf(packument, c.version);
    expect(response.attestations.map((a) => a.predicateType).sort()).toEqual([NPM_PUBLISH_V01, c.predicateType].sort());
    const provenance = bundleOf(response, c.predicateType);
    const statement = readStatement(provenance, 'provenance');
    const subject = readSubject(statement, 'provenance');
    expect(subject).toEqual({ name: c.name, version: c.version, integrity: dist.integrity });
    expect(readSubject(readStatement(bundleOf(response, NPM_PUBLISH_V01), 'publish'), 'publish').integrity).toBe(
      dist.integrity,
    );
    expect(JSON.stringify(statement.predicate)).toContain(String(version.gitHead));

    const published = Date.parse(readString(readObject(packument, 'time', 'packument'), c.version, 'time'));
    const signed = readIntegratedTime(provenance, 'provenance') * 1000;
    expect(published - signed).toBeGreaterThanOrEqual(0);
    expect(published - signed).toBeLessThan(60_000);
  });

  it('sigstore shows missing, malformed and dropped provenance beside intact versions', async () => {
    const packument = await getJson('/sigstore');
    expect(Object.keys(readObject(packument, 'versions', 'sigstore'))).toEqual([
      '1.0.0',
      '1.1.0',
      '1.2.0',
      '1.3.0',
      '1.3.1',
    ]);
    expect(readObject(packument, 'dist-tags', 'sigstore').latest).toBe('1.3.1');
    const attestationsStatus = async (version: string): Promise<[number, string]> => {
      const url = readString(readObject(distOf(packument, version), 'attestations', 'dist'), 'url', 'attestations');
      const response = await fetch(url);
      return [response.status, await response.text()];
    };
    expect((await attestationsStatus('1.1.0'))[0]).toBe(404);
    const [status, body] = await attestationsStatus('1.2.0');
    expect(status).toBe(200);
    expect(() => JSON.parse(body)).toThrow();
    expect(distOf(packument, '1.3.1').attestations).toBeUndefined();
    const time = readObject(packument, 'time', 'sigstore');
    expect(Date.parse(String(time['1.3.1'])) - Date.parse(String(time['1.3.0']))).toBe(24 * 60 * 60 * 1000);
    expect(versionOf(packument, '1.3.1')._npmUser).toEqual(versionOf(packument, '1.3.0')._npmUser);
  });

  it('@playwright/cli is published by (assumed) trusted publishing', async () => {
    const version = versionOf(await getJson('/@playwright%2fcli'), '0.1.1');
    expect(readObject(readObject(version, '_npmUser', 'v'), 'trustedPublisher', '_npmUser').id).toBe('github');
    expect(readObject(version, 'repository', 'v').url).toBe('git+https://github.com/microsoft/playwright-cli.git');
  });

  it('derived-many-attested serves real recorded attestations per version, in rotation', async () => {
    const packument = await getJson('/derived-many-attested');
    const versions = manyAttestedVersions();
    expect(Object.keys(readObject(packument, 'versions', 'p'))).toHaveLength(300);
    for (const { version, source } of versions.slice(0, MANY_ATTESTED_SOURCES.length)) {
      const url = readString(readObject(distOf(packument, version), 'attestations', 'dist'), 'url', 'a');
      expect(url).toBe(`${base}/-/npm/v1/attestations/derived-many-attested@${version}`);
      const served = await (await fetch(url)).text();
      const original = await (await get(`/-/npm/v1/attestations/${source.replace('/', '%2f')}`)).text();
      expect(served).toBe(original);
      expect(parseAttestationsResponse(served, url).attestations).toHaveLength(2);
    }
  });

  it.each([
    [LARGE, DEFAULT_LARGE_TARGET_BYTES],
    [LARGE_10MB, LARGE_10MB_TARGET_BYTES],
  ])('%s has 3,000 versions and about %d bytes', { timeout: 60_000 }, async (name, target) => {
    const response = await get(`/${name}`);
    const text = await response.text();
    expect(Math.abs(Buffer.byteLength(text) - target)).toBeLessThan(target * 0.05);
    const packument = parseJsonObject(text, 'large');
    const versions = readObject(packument, 'versions', 'large');
    expect(Object.keys(versions)).toHaveLength(3000);
    expect(Object.keys(readObject(packument, 'time', 'large'))).toHaveLength(3002);
    for (const version of Object.values(versions)) {
      if (!isJsonObject(version)) throw new Error('not a version');
      expect(version.name).toBe(name);
      expect(readObject(version, 'dist', 'v').signatures).toBeUndefined();
    }
  });

  it.each([
    [LARGE_3MB, 3_000_000, 3_700_000],
    [LARGE_1MB, 1_100_000, 1_400_000],
  ])('%s has 3,000 versions of only the small fields, between %d and %d bytes', async (name, min, max) => {
    const text = await (await get(`/${name}`)).text();
    expect(Buffer.byteLength(text)).toBeGreaterThan(min);
    expect(Buffer.byteLength(text)).toBeLessThan(max);
    const versions = readObject(parseJsonObject(text, name), 'versions', name);
    expect(Object.keys(versions)).toHaveLength(3000);
    const fields = new Set(SMALL_VERSION_FIELDS[name]);
    for (const version of Object.values(versions)) {
      if (!isJsonObject(version)) throw new Error('not a version');
      expect(Object.keys(version).every((field) => fields.has(field))).toBe(true);
      expect(version.name).toBe(name);
      expect(readObject(version, 'dist', 'v').integrity).toMatch(/^sha512-/);
    }
  });

  it(`${CLONED_10MB} has 3,000 versions cloned from vue's recorded ones, in about 10.6 MB`, async () => {
    const text = await (await get(`/${CLONED_10MB}`)).text();
    expect(Buffer.byteLength(text)).toBeGreaterThan(10_000_000);
    expect(Buffer.byteLength(text)).toBeLessThan(11_500_000);
    const versions = readObject(parseJsonObject(text, CLONED_10MB), 'versions', CLONED_10MB);
    expect(Object.keys(versions)).toHaveLength(3000);
    const recorded = readObject(
      parseJsonObject(loadRecordedFixtures().packuments.get(CLONED_TEMPLATE_PACKAGE) ?? '{}', 'vue'),
      'versions',
      'vue',
    );
    const integrities = new Set(
      Object.values(recorded).map((v) => (isJsonObject(v) ? readObject(v, 'dist', 'vue').integrity : undefined)),
    );
    for (const [number, version] of Object.entries(versions)) {
      if (!isJsonObject(version)) throw new Error('not a version');
      expect(version.name).toBe(CLONED_10MB);
      expect(version.version).toBe(number);
      const dist = readObject(version, 'dist', number);
      expect(integrities.has(dist.integrity)).toBe(true);
      expect(String(dist.tarball)).toContain(`/${CLONED_10MB}/-/`);
    }
  });
});

describe('error cases', () => {
  it('derived-server-error answers 500 with JSON', async () => {
    for (const path of ['/derived-server-error', '/derived-server-error/1.0.0']) {
      const response = await get(path);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: 'Internal Server Error' });
    }
  });

  it('derived-rate-limited answers 429 with Retry-After', async () => {
    const response = await get('/derived-rate-limited');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toEqual({ error: 'Too Many Requests' });
  });

  it('derived-malformed-json answers 200 with a truncated real packument', async () => {
    const response = await get('/derived-malformed-json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = await response.text();
    expect(recorded(fixtures.packuments, 'is-odd').replaceAll(RECORDED_ORIGIN, base).startsWith(body)).toBe(true);
    expect(() => JSON.parse(body)).toThrow();
  });
});

describe('sub-registries', () => {
  async function attestationsPair(spec: string): Promise<[AttestationsResponse, AttestationsResponse]> {
    const path = `/-/npm/v1/attestations/${spec.replace('/', '%2f')}`;
    const read = async (prefix: string): Promise<AttestationsResponse> =>
      parseAttestationsResponse(await (await get(`${prefix}${path}`)).text(), `${prefix}${path}`);
    return [await read(''), await read('/tampered')];
  }

  // URLs differ by the prefix; compare with the recorded origin written back.
  const normalise = (doc: JsonObject, prefix: string): unknown =>
    JSON.parse(JSON.stringify(doc).replaceAll(`${base}${prefix}`, RECORDED_ORIGIN));

  function indexOf(response: AttestationsResponse, predicateType: string): number {
    return response.attestations.findIndex((a) => a.predicateType === predicateType);
  }

  it('tampered @playwright/cli@0.1.1: one bit of the provenance DSSE signature', async () => {
    const [original, tampered] = await attestationsPair('@playwright/cli@0.1.1');
    const i = indexOf(original, SLSA_PROVENANCE_V1);
    expect(diffPaths(original, tampered)).toEqual([`attestations.${i}.bundle.dsseEnvelope.signatures.0.sig`]);
    const sig = (r: AttestationsResponse): string => {
      const envelope = readObject(bundleOf(r, SLSA_PROVENANCE_V1), 'dsseEnvelope', 'bundle');
      return readString(readFirstObject(envelope, 'signatures', 'dsseEnvelope'), 'sig', 'signatures[0]');
    };
    expect(differingBits(sig(original), sig(tampered))).toBe(1);
  });

  it('tampered tuf-js@1.0.0: the provenance payload names another commit, subject unchanged', async () => {
    const [original, tampered] = await attestationsPair('tuf-js@1.0.0');
    const i = indexOf(original, SLSA_PROVENANCE_V02);
    expect(diffPaths(original, tampered)).toEqual([`attestations.${i}.bundle.dsseEnvelope.payload`]);
    const before = readStatement(bundleOf(original, SLSA_PROVENANCE_V02), 'before');
    const after = readStatement(bundleOf(tampered, SLSA_PROVENANCE_V02), 'after');
    expect(after.subject).toEqual(before.subject);
    const changed = diffPaths(before, after);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((p) => p.startsWith('predicate.'))).toBe(true);
  });

  it('tampered sigstore@1.0.0: only dist.integrity differs and no longer binds the subject', async () => {
    const original = await getJson('/sigstore');
    const tampered = await getJson('/tampered/sigstore');
    expect(withoutDerivedNotes(diffPaths(normalise(original, ''), normalise(tampered, '/tampered')))).toEqual([
      'versions.1.0.0.dist.integrity',
    ]);
    const subject = readSubject(
      readStatement(bundleOf(await attestationsOf(tampered, '1.0.0'), SLSA_PROVENANCE_V02), 's'),
      's',
    );
    expect(subject.integrity).toBe(distOf(original, '1.0.0').integrity);
    expect(subject.integrity).not.toBe(distOf(tampered, '1.0.0').integrity);
  });

  it("tampered sigstore@1.3.0: one bit of the publish attestation's signed entry timestamp", async () => {
    const [original, tampered] = await attestationsPair('sigstore@1.3.0');
    const i = indexOf(original, NPM_PUBLISH_V01);
    const field = `attestations.${i}.bundle.verificationMaterial.tlogEntries.0.inclusionPromise.signedEntryTimestamp`;
    expect(diffPaths(original, tampered)).toEqual([field]);
    const set = (r: AttestationsResponse): string => {
      const entry = firstTlogEntry(bundleOf(r, NPM_PUBLISH_V01), 'bundle');
      return readString(
        readObject(entry, 'inclusionPromise', 'tlogEntries[0]'),
        'signedEntryTimestamp',
        'inclusionPromise',
      );
    };
    expect(differingBits(set(original), set(tampered))).toBe(1);
  });

  it('mismatch tuf-js@1.0.0: repository and gitHead disagree with the provenance; attestations untouched', async () => {
    const original = await getJson('/tuf-js');
    const mismatched = await getJson('/mismatch/tuf-js');
    expect(withoutDerivedNotes(diffPaths(normalise(original, ''), normalise(mismatched, '/mismatch'))).sort()).toEqual([
      'repository.url',
      'versions.1.0.0.gitHead',
      'versions.1.0.0.repository.url',
    ]);
    expect(readObject(versionOf(mismatched, '1.0.0'), 'repository', 'v').url).toBe(MISMATCH_REPOSITORY_URL);
    const path = '/-/npm/v1/attestations/tuf-js@1.0.0';
    expect(await (await get(`/mismatch${path}`)).text()).toBe(await (await get(path)).text());
  });

  it("unaltered packages on a sub-registry equal the main registry's", async () => {
    const main = await (await get('/@playwright%2fcli')).text();
    const mirrored = await (await get('/mismatch/@playwright%2fcli')).text();
    expect(mirrored.replaceAll(`${base}/mismatch`, base)).toBe(main);
    expect(await (await get('/tampered/vue')).text()).toBe(
      recorded(fixtures.packuments, 'vue').replaceAll(RECORDED_ORIGIN, `${base}/tampered`),
    );
  });
});
