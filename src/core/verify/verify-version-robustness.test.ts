// verifyVersion on what is not a valid attestations response: nothing fetched, and
// derived garbage in every field (it must never throw). Runs in the `unit` and
// `browser-crypto` projects, like every test under src/core/verify.
import { describe, expect, it } from 'vitest';
import type { VersionRecord, VersionVerification } from '../model';
import {
  NEW_KEY_ID,
  PUBLISH_TYPE,
  SLSA_V1_TYPE,
  clone,
  derivedVersion,
  editPayload,
  entryOf,
  loadPackument,
  publicGoodRoot,
  readAttestations,
  registryKeys,
} from '../../../test/support/derived-record';
import { fetched, recordFor, step } from '../../../test/support/version-steps';
import { createVerificationContext } from './verification-context';
import { verifyVersion } from './verify-version';

const ctx = createVerificationContext({ trustedRoot: publicGoodRoot(), npmKeys: registryKeys() });

describe('verifyVersion without fetched attestations', () => {
  const record = recordFor(readAttestations('sigstore@1.0.0.json'));

  it("{ kind: 'unavailable' } gives status 'unavailable' and keeps the reason", () => {
    const result = verifyVersion(ctx, record, { kind: 'unavailable', reason: 'HTTP 503 Service Unavailable' });
    expect(result.status).toBe('unavailable');
    expect(result.unavailableReason).toBe('HTTP 503 Service Unavailable');
    expect(result.steps.map((s) => [s.step, s.outcome, s.code])).toEqual([
      ['provenance-bundle', 'skip', 'ATTESTATIONS_UNAVAILABLE'],
      ['publish-attestation', 'skip', 'ATTESTATIONS_UNAVAILABLE'],
      ['subject-binding', 'skip', 'ATTESTATIONS_UNAVAILABLE'],
      ['registry-signature', 'skip', 'REGISTRY_SIGNATURE_MISSING'],
    ]);
    expect(result.steps[0]?.message).toContain('HTTP 503');
    expect(result.identity).toBeUndefined();
  });

  it("{ kind: 'not-claimed' } gives status 'absent'", () => {
    const result = verifyVersion(ctx, record, { kind: 'not-claimed' });
    expect(result.status).toBe('absent');
    expect(result.unavailableReason).toBeUndefined();
    expect(result.steps.slice(0, 3).every((s) => s.outcome === 'skip' && s.code === 'NOT_PRESENT')).toBe(true);
  });

  it('derived: not-claimed with a registry signature that does not verify is failed, not absent', () => {
    // DERIVED: the recorded registry signature of vue@3.5.27 placed on another record.
    const vue = loadPackument('vue').versions.find((v) => v.version === '3.5.27')!;
    expect(vue.dist.signatures).toHaveLength(1);
    const signed = derivedVersion(record, {
      publishedAt: vue.publishedAt,
      dist: { ...record.dist, signatures: vue.dist.signatures },
    });
    const result = verifyVersion(ctx, signed, { kind: 'not-claimed' });
    expect(result.status).toBe('failed');
    expect(step(result, 'registry-signature')).toMatchObject({ outcome: 'fail', code: 'REGISTRY_SIGNATURE_INVALID' });
  });
});

// ---------------------------------------------------------------------------
// Nothing throws

const NASTY: unknown[] = [
  undefined,
  null,
  0,
  -1,
  Number.MAX_VALUE,
  '',
  'garbage',
  '{"attestations":[]}',
  true,
  false,
  [],
  [null],
  [[[]]],
  {},
  { length: 2 },
  { __proto__: { attestations: [] } },
  JSON.parse('{"__proto__": {"polluted": true}}'),
];

function assertWellFormed(result: VersionVerification): void {
  expect(['verified', 'failed', 'absent', 'unavailable']).toContain(result.status);
  expect(result.steps.map((s) => s.step)).toEqual([
    'provenance-bundle',
    'publish-attestation',
    'subject-binding',
    'registry-signature',
  ]);
  for (const s of result.steps) {
    expect(['pass', 'fail', 'skip']).toContain(s.outcome);
    expect(typeof s.message).toBe('string');
  }
}

describe('verifyVersion never throws (derived garbage)', () => {
  const record = recordFor(readAttestations('@playwright_cli@0.1.1.json'));
  const real = readAttestations('@playwright_cli@0.1.1.json');

  it('derived: garbage of every JSON type as the body gives a failed result', () => {
    for (const body of NASTY) {
      const result = verifyVersion(ctx, record, fetched(body));
      assertWellFormed(result);
      expect(result.status).toBe('failed');
    }
  });

  it('derived: garbage entries in the attestations list give a result, never an exception', () => {
    const bodies: unknown[] = [
      { attestations: NASTY },
      { attestations: NASTY.map((bundle) => ({ predicateType: SLSA_V1_TYPE, bundle })) },
      { attestations: NASTY.map((predicateType) => ({ predicateType, bundle: entryOf(real, 'provenance').bundle })) },
    ];
    for (const bundle of NASTY) {
      bodies.push({
        attestations: [
          { predicateType: SLSA_V1_TYPE, bundle },
          { predicateType: PUBLISH_TYPE, bundle },
        ],
      });
    }
    for (const body of bodies) {
      const result = verifyVersion(ctx, record, fetched(body));
      assertWellFormed(result);
      expect(result.status).toBe('failed');
    }
  });

  it('derived: garbage in the record itself (integrity, signatures) gives a result', () => {
    const records: VersionRecord[] = [
      derivedVersion(record, { dist: { integrity: 'sha512-', signatures: [] } }),
      derivedVersion(record, { dist: { integrity: 'sha512-!!!!', signatures: [] } }),
      derivedVersion(record, { dist: { integrity: 'x'.repeat(10_000), signatures: [] } }),
      derivedVersion(record, { dist: { integrity: record.dist.integrity, signatures: [{ keyid: '', sig: '' }] } }),
      derivedVersion(record, {
        dist: { integrity: record.dist.integrity, signatures: [{ keyid: NEW_KEY_ID, sig: '!!!' }] },
      }),
      derivedVersion(record, {
        dist: { integrity: record.dist.integrity, signatures: [{ keyid: NEW_KEY_ID, sig: 'AAAA' }] },
      }),
    ];
    for (const r of records) {
      const result = verifyVersion(ctx, r, fetched(real));
      assertWellFormed(result);
      expect(result.status).toBe('failed');
    }
    // An unreadable publish time matters to nothing here (no dist.signatures): verified.
    const undated = verifyVersion(ctx, derivedVersion(record, { publishedAt: 'not a date' }), fetched(real));
    assertWellFormed(undated);
    expect(undated.status).toBe('verified');
  });

  it('derived: a tampered payload whose subject digest is a number makes verifyVersion throw', () => {
    // The payload edit breaks the bundle (TLOG_BODY_ERROR), but its statement is still
    // bound, and subject-binding.ts:59 calls toLowerCase() on the number.
    const response = clone(real);
    editPayload(entryOf(response, 'provenance').bundle, (json) => json.replace(/"sha512":"[0-9a-f]+"/, '"sha512":5'));
    const result = verifyVersion(ctx, record, fetched(response));
    assertWellFormed(result);
    expect(step(result, 'subject-binding')).toMatchObject({ outcome: 'fail', code: 'SUBJECT_DIGEST_MISMATCH' });
  });

  it('derived: registry key material that is not a key makes verifyVersion throw', () => {
    // registry-signature.ts:64 calls crypto.createPublicKey() outside any try; a mirror's
    // /-/npm/v1/keys can add a key (new id, garbage `key`) that fetchRegistryKeys merges.
    const badKey = {
      keyId: 'SHA256:mirror-key',
      publicKey: 'bm90IGEga2V5',
      scheme: 'ecdsa-sha2-nistp256',
      origin: 'registry' as const,
    };
    const mirror = createVerificationContext({ trustedRoot: publicGoodRoot(), npmKeys: [...registryKeys(), badKey] });
    const signed = derivedVersion(record, {
      dist: { ...record.dist, signatures: [{ keyid: badKey.keyId, sig: 'MEUCIQ==' }] },
    });
    const result = verifyVersion(mirror, signed, fetched(real));
    assertWellFormed(result);
    expect(step(result, 'registry-signature').outcome).toBe('fail');
  });

  // Every field of a real response, replaced in turn by a value of another JSON type.
  // Only fields that no signature, log entry or checkpoint covers may be corrupted
  // without failing the verification; everything else must fail it.
  const UNAUTHENTICATED = [
    /\.signedAccessSignatureUrl$/,
    /\.timestampVerificationData(\.|$)/,
    // DSSE `keyid` is a hint only; the key comes from the certificate or the bundle hint.
    /\.dsseEnvelope\.signatures\.0\.keyid$/,
    // The library checks the proof against the signed checkpoint's root and size; the
    // proof's own copies of them are not used.
    /\.inclusionProof\.(rootHash|treeSize)$/,
  ];

  it.each(['@playwright_cli@0.1.1.json', 'sigstore@1.0.0.json'] as const)(
    'derived: %s with each field in turn replaced by garbage never throws, and only unauthenticated fields can change without failing',
    (file) => {
      const response = readAttestations(file);
      const base = recordFor(response);
      // One inclusion-proof hash stands for all of them (the others are alike).
      const paths = leafAndInnerPaths(response).filter((p) => !/\.hashes\.[1-9]\d*$/.test(p.join('.')));
      expect(paths.length).toBeGreaterThan(40);
      const replacements: unknown[] = [null, 7, 'garbage', {}, [], true];
      let i = 0;
      const verifiedWith: string[] = [];
      for (const path of paths) {
        const value = replacements[i++ % replacements.length];
        const copy = clone(response);
        setAt(copy, path, clone(value));
        const result = verifyVersion(ctx, base, fetched(copy));
        assertWellFormed(result);
        if (result.status === 'verified') verifiedWith.push(path.join('.'));
      }
      for (const path of verifiedWith) {
        expect(
          UNAUTHENTICATED.some((pattern) => pattern.test(path)),
          `verified although ${path} was replaced`,
        ).toBe(true);
      }
    },
    60_000,
  );
});

function leafAndInnerPaths(
  value: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (prefix.length > 0) out.push(prefix);
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      leafAndInnerPaths(child, [...prefix, Array.isArray(value) ? Number(key) : key], out);
    }
  }
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
}
