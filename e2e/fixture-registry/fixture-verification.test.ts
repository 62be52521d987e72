// Proves that the cases do what /__cases says, with the real Sigstore verifier: the
// derived attestations verify on the main registry, and each tampered bundle fails with
// the error code its alteration documents while the untouched bundle beside it verifies.
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAttestationsResponse, type AttestationsResponse } from './attestation-bundles';
import { loadRecordedFixtures } from './fixtures';
import { MANY_ATTESTED_SOURCES } from './many-attested';
import { startFixtureRegistry, type StartedRegistry } from './registry-app';
import type { Alteration } from './sub-registries';

interface NpmKey {
  keyid: string;
  key: string;
  expires: string | null;
}

let registry: StartedRegistry;
let verifier: Verifier;

beforeAll(async () => {
  const fixtures = loadRecordedFixtures();
  const root = TrustedRoot.fromJSON(
    JSON.parse(readFileSync(path.join(fixtures.dir, 'sigstore/trusted-roots/public-good.json'), 'utf8')),
  );
  const { keys } = JSON.parse(fixtures.keys) as { keys: NpmKey[] };
  verifier = new Verifier(
    toTrustMaterial(root, (hint: string) => {
      const key = keys.find((k) => k.keyid === hint);
      if (!key) throw new Error(`no npm key ${hint}`);
      return {
        publicKey: createPublicKey({ key: Buffer.from(key.key, 'base64'), format: 'der', type: 'spki' }),
        // Checked against the log's time, not today: the old key expired in 2025.
        validFor: (date: Date) => key.expires === null || date < new Date(key.expires),
      };
    }),
  );
  registry = await startFixtureRegistry({ port: 0 });
});

afterAll(async () => {
  await registry.close();
});

/** 'OK' or the @sigstore/verify error code. */
function verify(bundle: unknown): string {
  try {
    verifier.verify(toSignedEntity(bundleFromJSON(bundle)));
    return 'OK';
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : String(error);
  }
}

async function attestations(prefix: string, spec: string): Promise<AttestationsResponse> {
  const url = `${registry.url}${prefix}/-/npm/v1/attestations/${spec.replace('/', '%2f')}`;
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return parseAttestationsResponse(await response.text(), url);
}

describe('fixture cases under @sigstore/verify', () => {
  it.each(MANY_ATTESTED_SOURCES)('main registry: every bundle of %s verifies', async (spec) => {
    const response = await attestations('', spec);
    expect(response.attestations).toHaveLength(2);
    for (const { predicateType, bundle } of response.attestations)
      expect(verify(bundle), predicateType).toBe('OK');
  });

  it('mismatch registry: tuf-js@1.0.0 still verifies (only its metadata disagrees)', async () => {
    const response = await attestations('/mismatch', 'tuf-js@1.0.0');
    for (const { bundle } of response.attestations) expect(verify(bundle)).toBe('OK');
  });

  it('tampered registry: each altered bundle fails with its documented code, its neighbour verifies', async () => {
    const cases = (await (await fetch(`${registry.url}/__cases`)).json()) as Array<{
      registry: string;
      alterations?: Alteration[];
    }>;
    const alterations = cases.filter((c) => c.registry === 'tampered').flatMap((c) => c.alterations ?? []);
    const bundleAlterations = alterations.filter((a) => a.document === 'attestations');
    expect(bundleAlterations).toHaveLength(3);
    for (const alteration of bundleAlterations) {
      const spec = `${alteration.name}@${alteration.version}`;
      const original = await attestations('', spec);
      const tampered = await attestations('/tampered', spec);
      const results = tampered.attestations.map(({ predicateType, bundle }) => {
        const before = original.attestations.find((a) => a.predicateType === predicateType);
        return { altered: JSON.stringify(before?.bundle) !== JSON.stringify(bundle), result: verify(bundle) };
      });
      expect(
        results.filter((r) => r.altered),
        spec,
      ).toHaveLength(1);
      for (const { altered, result } of results) {
        expect(result, spec).toBe(altered ? alteration.sigstoreVerifyCode : 'OK');
      }
    }
  });

  it('tampered registry: sigstore@1.0.0 bundles verify; only the packument integrity was changed', async () => {
    const response = await attestations('/tampered', 'sigstore@1.0.0');
    for (const { bundle } of response.attestations) expect(verify(bundle)).toBe('OK');
  });
});
