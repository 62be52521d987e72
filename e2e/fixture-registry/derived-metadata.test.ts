// The derived metadata cases and the derived registry key, read over HTTP from the
// fixture registry and fed to the explorer's own core (parsing, key merging, registry
// signature, and the full verification of tuf-js@1.0.0 on recorded real data).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePackument } from '../../src/core/registry/npm-packument';
import { mergeRegistryKeys, parseRegistryKeysResponse, type RegistryKey } from '../../src/core/registry/npm-keys';
import { tufKeys, publicGoodRoot } from '../../test/support/derived-record';
import { checkRegistrySignature } from '../../src/core/verify/registry-signature';
import { createVerificationContext } from '../../src/core/verify/verification-context';
import { verifyVersion } from '../../src/core/verify/verify-version';
import { DERIVED_KEY_ID } from './derived-keys';
import {
  APPROVER_CLAIM,
  BAD_SIGNATURE_VERSION,
  BIDI_TAG,
  BIDI_VERSION,
  HOSTILE_DESCRIPTION,
  HOSTILE_METADATA,
  INVALID_TIME_VERSION,
  LONG_VERSION,
  LONG_VERSION_STRING,
  REGISTRY_SIGNED,
} from './derived-metadata';
import { startFixtureRegistry, type StartedRegistry } from './registry-app';

let registry: StartedRegistry;
let keys: RegistryKey[];

beforeAll(async () => {
  registry = await startFixtureRegistry({ port: 0 });
  const served = parseRegistryKeysResponse(await (await fetch(`${registry.url}/-/npm/v1/keys`)).json());
  keys = mergeRegistryKeys(served, tufKeys()).keys;
});

afterAll(async () => {
  await registry.close();
});

async function packument(name: string) {
  const response = await fetch(`${registry.url}/${name}`);
  expect(response.status).toBe(200);
  return parsePackument(JSON.parse(await response.text()) as unknown, name);
}

describe('derived registry key', () => {
  it('derived: the served key is new to the TUF keys, so the explorer marks it as vouched for by the registry only', () => {
    expect(keys.find((k) => k.keyId === DERIVED_KEY_ID)?.origin).toBe('registry');
    expect(keys.filter((k) => k.origin === 'tuf').map((k) => k.keyId)).toEqual(tufKeys().map((k) => k.keyId));
  });

  it('derived: derived-registry-signed signatures verify with it, flagged registry-only; 1.2.0 covers other bytes and fails', async () => {
    const pkg = await packument(REGISTRY_SIGNED);
    const results = pkg.versions.map((record) => [record.version, checkRegistrySignature(record, keys)] as const);
    for (const [version, step] of results) {
      if (version === BAD_SIGNATURE_VERSION) {
        expect(step).toMatchObject({ outcome: 'fail', code: 'REGISTRY_SIGNATURE_INVALID', keyId: DERIVED_KEY_ID });
      } else {
        expect(step).toMatchObject({ outcome: 'pass', code: 'OK', keyId: DERIVED_KEY_ID, keyOrigin: 'registry' });
        expect(step.message).toContain('a key only the registry itself vouches for');
      }
    }
    expect(results).toHaveLength(3);
  });

  it('derived: derived-approver-claim 1.0.0 is signed with it; 1.1.0 claims an approver with no signature and no attestation', async () => {
    const pkg = await packument(APPROVER_CLAIM);
    const v100 = pkg.versions.find((v) => v.version === '1.0.0')!;
    const v110 = pkg.versions.find((v) => v.version === '1.1.0')!;
    expect(checkRegistrySignature(v100, keys)).toMatchObject({ outcome: 'pass', keyOrigin: 'registry' });
    expect(v110.publisher?.approver?.name).toBe('derived-approver');
    expect(v110.dist.signatures).toEqual([]);
    expect(v110.dist.attestations).toBeUndefined();
  });
});

describe('recorded real data: tuf-js@1.0.0', () => {
  it('all four steps pass: provenance, publish attestation (TUF key), subject binding, registry signature (TUF key)', async () => {
    const pkg = await packument('tuf-js');
    const record = pkg.versions.find((v) => v.version === '1.0.0')!;
    const body = (await (await fetch(`${registry.url}/-/npm/v1/attestations/tuf-js@1.0.0`)).json()) as unknown;
    const ctx = createVerificationContext({ trustedRoot: publicGoodRoot(), npmKeys: keys });
    const result = verifyVersion(ctx, record, { kind: 'fetched', body });
    expect(result.status).toBe('verified');
    expect(result.steps.map((s) => `${s.step} ${s.outcome} ${s.code} ${s.keyOrigin ?? '-'}`)).toEqual([
      'provenance-bundle pass OK -',
      'publish-attestation pass OK tuf',
      'subject-binding pass OK -',
      'registry-signature pass OK tuf',
    ]);
  });
});

describe('derived hostile metadata', () => {
  it('derived: served as written: U+202E in the description, a version, a tag and the publisher; a __proto__ dist-tag; time "1"', async () => {
    const pkg = await packument(HOSTILE_METADATA);
    expect(pkg.description).toBe(HOSTILE_DESCRIPTION);
    expect(Object.keys(pkg.distTags)).toEqual(['latest', '__proto__', BIDI_TAG]);
    expect(pkg.versions.find((v) => v.version === '1.0.0')?.distTags).toEqual(['__proto__']);
    expect(pkg.versions.find((v) => v.version === BIDI_VERSION)?.publisher?.name).toContain('\u202E');
    expect(pkg.versions.find((v) => v.version === INVALID_TIME_VERSION)).toMatchObject({
      publishedAt: undefined,
      invalidTime: '1',
    });
  });

  it('derived: derived-long-version holds a 100,006-character version', async () => {
    const pkg = await packument(LONG_VERSION);
    expect(pkg.versions.map((v) => v.version.length).sort((a, b) => a - b)).toEqual([5, LONG_VERSION_STRING.length]);
    expect(LONG_VERSION_STRING.length).toBe(100_006);
  });
});

describe('/__cases', () => {
  it('derived: lists the new derived packages as derived', async () => {
    const cases = (await (await fetch(`${registry.url}/__cases`)).json()) as unknown;
    const text = JSON.stringify(cases);
    for (const name of [APPROVER_CLAIM, REGISTRY_SIGNED, HOSTILE_METADATA, LONG_VERSION]) {
      expect(text).toContain(`"name":"${name}"`);
    }
  });
});
