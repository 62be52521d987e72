// verifyVersion end to end on the recorded npm attestation responses (tampered copies:
// verify-version-tampered.test.ts; garbage: verify-version-robustness.test.ts). Runs in the `unit` project (Node's crypto) and in the
// `browser-crypto` project (the noble-curves shim): no node:crypto import here.
import { describe, expect, it } from 'vitest';
import {
  ATTESTATION_FILES,
  OLD_KEY_ID,
  PUBLISH_TYPE,
  SLSA_V02_TYPE,
  clone,
  olderPublicGoodRoot,
  publicGoodRoot,
  readAttestations,
  readBundle,
  recordFromBundle,
  registryKeys,
  tufKeys,
  wrapBundles,
} from '../../../test/support/derived-record';
import { createVerificationContext } from './verification-context';
import { verifyVersion } from './verify-version';
import { EXPECTED } from '../../../test/support/recorded-expectations';
import { checkStates, fetched, recordFor, step } from '../../../test/support/version-steps';

const ctx = createVerificationContext({ trustedRoot: publicGoodRoot(), npmKeys: registryKeys() });

const ALL_PASSED = {
  'bundle-format': 'passed',
  timestamps: 'passed',
  'signing-key': 'passed',
  'transparency-log': 'passed',
  signature: 'passed',
  statement: 'passed',
};

describe('verifyVersion on the recorded npm attestation responses', () => {
  it.each(ATTESTATION_FILES)('%s verifies against a derived record built from its subject', (file) => {
    const expected = EXPECTED[file];
    const response = readAttestations(file);
    const record = recordFor(response);
    expect(record).toMatchObject({ name: expected.name, version: expected.version });
    expect(record.dist.integrity).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/);

    const result = verifyVersion(ctx, record, fetched(response));

    expect(result.status).toBe('verified');
    expect(result.name).toBe(expected.name);
    expect(result.version).toBe(expected.version);
    expect(result.steps.map((s) => [s.step, s.outcome, s.code])).toEqual([
      ['provenance-bundle', 'pass', 'OK'],
      ['publish-attestation', 'pass', 'OK'],
      ['subject-binding', 'pass', 'OK'],
      // Derived records carry no dist.signatures.
      ['registry-signature', 'skip', 'REGISTRY_SIGNATURE_MISSING'],
    ]);
    expect(checkStates(step(result, 'provenance-bundle'))).toEqual(ALL_PASSED);
    expect(checkStates(step(result, 'publish-attestation'))).toEqual(ALL_PASSED);
    expect(step(result, 'publish-attestation').keyId).toBe(expected.keyId);
    expect(step(result, 'provenance-bundle').keyId).toBeUndefined();
    expect(step(result, 'provenance-bundle').message).toContain(`index ${expected.provenanceLogIndex}`);
    expect(step(result, 'publish-attestation').message).toContain(expected.keyId);
    expect(step(result, 'subject-binding').message).toContain(`@${expected.version}`);

    expect(result.bundleMediaTypes).toEqual(expected.mediaTypes);
    expect(result.provenanceLog).toMatchObject({
      logIndex: expected.provenanceLogIndex,
      logBaseUrl: 'https://rekor.sigstore.dev',
    });
    expect(result.publishLog).toMatchObject({
      logIndex: expected.publishLogIndex,
      logBaseUrl: 'https://rekor.sigstore.dev',
    });
    expect(result.identity?.sourceRepositoryUri).toBe(expected.repository);
    expect(result.identity?.issuer).toBe('https://token.actions.githubusercontent.com');
    expect(result.predicate?.predicateType).toBe(expected.provenanceType);
    expect(result.predicate?.repository).toBe(expected.repository);
    expect(result.unavailableReason).toBeUndefined();
  });

  it('derived: the sigstore@1.3.0 bundle pair wrapped into an attestations response verifies', () => {
    // DERIVED: sigstore/bundles holds the two bundles loose; they are wrapped here into
    // the `{ attestations: [{ predicateType, bundle }] }` shape of the npm endpoint.
    const provenance = readBundle('sigstore@1.3.0-provenance.json');
    const publish = readBundle('sigstore@1.3.0-publish.json');
    const response = wrapBundles([
      { predicateType: SLSA_V02_TYPE, bundle: provenance },
      { predicateType: PUBLISH_TYPE, bundle: publish },
    ]);
    const record = recordFromBundle(provenance);
    expect(record).toMatchObject({ name: 'sigstore', version: '1.3.0' });

    const result = verifyVersion(ctx, record, fetched(response));
    expect(result.status).toBe('verified');
    expect(result.steps.map((s) => s.outcome)).toEqual(['pass', 'pass', 'pass', 'skip']);
    expect(step(result, 'publish-attestation').keyId).toBe(OLD_KEY_ID);
    expect(result.provenanceLog?.logIndex).toBe('18300934');
    expect(result.publishLog?.logIndex).toBe('18300940');
    expect(result.identity?.sourceRepositoryRef).toBe('refs/heads/main');
    expect(result.predicate).toMatchObject({ event: 'push', workflowPath: '.github/workflows/release.yml' });
  });

  it.each(ATTESTATION_FILES)('derived: %s gives the same result with the attestations array reversed', (file) => {
    // DERIVED: the recorded response with its `attestations` array reversed.
    const response = readAttestations(file);
    const reversed = { ...clone(response), attestations: [...clone(response.attestations)].reverse() };
    expect(reversed.attestations[0]?.predicateType).toBe(response.attestations[1]?.predicateType);
    const record = recordFor(response);
    expect(verifyVersion(ctx, record, fetched(reversed))).toEqual(verifyVersion(ctx, record, fetched(response)));
  });

  it.each(ATTESTATION_FILES)(
    '%s also verifies with the keys from the TUF target and with the older trusted root',
    (file) => {
      const response = readAttestations(file);
      const record = recordFor(response);
      const withTuf = createVerificationContext({ trustedRoot: publicGoodRoot(), npmKeys: tufKeys() });
      expect(verifyVersion(withTuf, record, fetched(response)).status).toBe('verified');
      // The older root has no Rekor v2 log and another TSA; these bundles only need the
      // Rekor v1 log key and the Fulcio CAs, which both roots share.
      const older = createVerificationContext({ trustedRoot: olderPublicGoodRoot(), npmKeys: registryKeys() });
      expect(verifyVersion(older, record, fetched(response)).status).toBe('verified');
    },
  );

  it('is deterministic: the same inputs twice give equal results (the key cache changes nothing)', () => {
    const response = readAttestations('@playwright_cli@0.1.1.json');
    const record = recordFor(response);
    const first = verifyVersion(ctx, record, fetched(response));
    const second = verifyVersion(ctx, record, fetched(clone(response)));
    expect(second).toEqual(first);
  });
});

// ---------------------------------------------------------------------------
// Tampering (every case below is DERIVED from the recorded responses)

describe('derived: every attestation the response holds counts, as npm counts them', () => {
  const response = readAttestations('tuf-js@1.0.0.json');
  const record = recordFor(response);
  const other = readAttestations('sigstore@1.0.0.json');

  it('an extra attestation that verifies and is bound to this version changes nothing', () => {
    const twice = clone(response);
    twice.attestations.push(clone(response.attestations[0]!));
    expect(verifyVersion(ctx, record, fetched(twice)).status).toBe('verified');
  });

  it("another version's attestation beside this one's fails the binding, naming the entry", () => {
    const mixed = clone(response);
    mixed.attestations.push(clone(other.attestations[0]!));
    const result = verifyVersion(ctx, record, fetched(mixed));
    expect(result.status).toBe('failed');
    expect(step(result, 'subject-binding')).toMatchObject({ outcome: 'fail', code: 'SUBJECT_NAME_MISMATCH' });
    expect(step(result, 'subject-binding').message).toContain('entry 3');
    expect(step(result, 'provenance-bundle').outcome).toBe('pass');
  });

  it('an extra attestation that does not verify, or has no predicate type, fails the binding', () => {
    const broken = clone(response);
    const extra = clone(response.attestations[1]!);
    (extra.bundle as { dsseEnvelope: { payload: string } }).dsseEnvelope.payload = 'e30=';
    broken.attestations.push(extra);
    const result = verifyVersion(ctx, record, fetched(broken));
    expect(step(result, 'subject-binding')).toMatchObject({ outcome: 'fail' });
    expect(step(result, 'subject-binding').message).toContain('does not verify');
    const untyped = clone(response);
    untyped.attestations.push({
      bundle: clone(response.attestations[0]!.bundle),
    } as (typeof untyped.attestations)[number]);
    const untypedResult = verifyVersion(ctx, record, fetched(untyped));
    expect(untypedResult.status).toBe('verified');
    untyped.attestations.push({ predicateType: 'x' } as (typeof untyped.attestations)[number]);
    expect(step(verifyVersion(ctx, record, fetched(untyped)), 'subject-binding')).toMatchObject({
      outcome: 'fail',
      code: 'BUNDLE_MALFORMED',
    });
  });
});
