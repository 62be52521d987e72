// verifyVersion on copies of the recorded npm attestation responses tampered in code
// (derived): each alteration fails at the right step with the right code. Runs in the
// `unit` and `browser-crypto` projects, like every test under src/core/verify.
import { describe, expect, it } from 'vitest';
import type { VersionRecord, VersionVerification } from '../model';
import {
  ATTESTATION_FILES,
  NEW_KEY_ID,
  OLD_KEY_ID,
  PUBLISH_TYPE,
  SLSA_V02_TYPE,
  SLSA_V1_TYPE,
  asBundle,
  clone,
  derivedVersion,
  editPayload,
  entryOf,
  flipBase64Bit,
  leafCertificateBase64,
  publicGoodRoot,
  readAttestations,
  registryKeys,
  replaceLeafCertificate,
  tufKeys,
  type AttestationFile,
  type AttestationsResponse,
} from '../../../test/support/derived-record';
import { EXPECTED } from '../../../test/support/recorded-expectations';
import { checkStates, fetched, recordFor, step } from '../../../test/support/version-steps';
import { createVerificationContext } from './verification-context';
import { verifyVersion } from './verify-version';

const ctx = createVerificationContext({ trustedRoot: publicGoodRoot(), npmKeys: registryKeys() });

type Tamper = (response: AttestationsResponse) => void;

function tampered(file: AttestationFile, tamper: Tamper): { record: VersionRecord; result: VersionVerification } {
  const response = clone(readAttestations(file));
  const record = recordFor(response);
  tamper(response);
  return { record, result: verifyVersion(ctx, record, fetched(response)) };
}

const provenanceOf = (r: AttestationsResponse) => asBundle(entryOf(r, 'provenance').bundle);
const publishOf = (r: AttestationsResponse) => asBundle(entryOf(r, 'publish').bundle);

describe('derived tampering: each alteration fails at the right step with the right code', () => {
  it.each(ATTESTATION_FILES)(
    'derived: %s with one bit of the provenance DSSE signature flipped fails the transparency-log check',
    (file) => {
      const { result } = tampered(file, (r) => {
        const sig = provenanceOf(r).dsseEnvelope.signatures[0]!;
        sig.sig = flipBase64Bit(sig.sig, 20);
      });
      const provenance = step(result, 'provenance-bundle');
      expect(result.status).toBe('failed');
      expect(provenance.outcome).toBe('fail');
      // @sigstore/verify checks the Rekor entry's body against the envelope BEFORE it
      // checks the signature itself; the logged body records the signature, so a flipped
      // signature is caught as a body mismatch (TLOG_BODY_ERROR), never reaching
      // SIGNATURE_ERROR.
      expect(provenance.code).toBe('TLOG_BODY_ERROR');
      expect(checkStates(provenance)).toEqual({
        'bundle-format': 'passed',
        timestamps: 'passed',
        'signing-key': 'passed',
        'transparency-log': 'failed',
        signature: 'not-run',
        statement: 'not-run',
      });
      expect(provenance.message).toContain('signature mismatch');
      // The other steps are unaffected: the publish attestation still verifies, and the
      // statement of the failed bundle is still read and still binds to the record.
      expect(step(result, 'publish-attestation').outcome).toBe('pass');
      expect(step(result, 'subject-binding').outcome).toBe('pass');
    },
  );

  it.each(ATTESTATION_FILES)(
    'derived: %s with a flipped publish-attestation signature fails publish-attestation (TLOG_BODY_ERROR)',
    (file) => {
      const { result } = tampered(file, (r) => {
        const sig = publishOf(r).dsseEnvelope.signatures[0]!;
        sig.sig = flipBase64Bit(sig.sig, 20);
      });
      expect(result.status).toBe('failed');
      expect(step(result, 'provenance-bundle').outcome).toBe('pass');
      expect(step(result, 'publish-attestation')).toMatchObject({ outcome: 'fail', code: 'TLOG_BODY_ERROR' });
      // A failed step reports no key as the one that verified it.
      expect(step(result, 'publish-attestation').keyId).toBeUndefined();
    },
  );

  it.each(ATTESTATION_FILES)(
    'derived: %s with an altered DSSE payload (same statement, one more space) fails at the transparency log',
    (file) => {
      const { result } = tampered(file, (r) => {
        editPayload(provenanceOf(r) as unknown as Record<string, unknown>, (json) =>
          json.replace('"predicateType"', ' "predicateType"'),
        );
      });
      const provenance = step(result, 'provenance-bundle');
      expect(provenance.outcome).toBe('fail');
      // The logged entry holds the payload's hash: the mismatch is found there first.
      expect(provenance.code).toBe('TLOG_BODY_ERROR');
      expect(provenance.message).toContain('payload hash mismatch');
      // The statement itself is unchanged, so the binding still holds.
      expect(step(result, 'subject-binding').outcome).toBe('pass');
    },
  );

  it('derived: a payload whose subject digest was rewritten fails the bundle AND the subject binding', () => {
    const { result } = tampered('@playwright_cli@0.1.1.json', (r) => {
      editPayload(provenanceOf(r) as unknown as Record<string, unknown>, (json) =>
        json.replace('"sha512":"f64d', '"sha512":"0000'),
      );
    });
    expect(step(result, 'provenance-bundle').code).toBe('TLOG_BODY_ERROR');
    expect(step(result, 'subject-binding')).toMatchObject({ outcome: 'fail', code: 'SUBJECT_DIGEST_MISMATCH' });
    expect(step(result, 'subject-binding').message).toMatch(/^Provenance: /);
  });

  it.each(ATTESTATION_FILES)(
    'derived: %s with an altered inclusion promise (SET) fails with TLOG_INCLUSION_PROMISE_ERROR',
    (file) => {
      for (const which of ['provenance', 'publish'] as const) {
        const { result } = tampered(file, (r) => {
          const entry = (which === 'provenance' ? provenanceOf(r) : publishOf(r)).verificationMaterial.tlogEntries[0]!;
          entry.inclusionPromise!.signedEntryTimestamp = flipBase64Bit(
            entry.inclusionPromise!.signedEntryTimestamp,
            20,
          );
        });
        const s = step(result, which === 'provenance' ? 'provenance-bundle' : 'publish-attestation');
        expect(s).toMatchObject({ outcome: 'fail', code: 'TLOG_INCLUSION_PROMISE_ERROR' });
        expect(checkStates(s)['transparency-log']).toBe('failed');
      }
    },
  );

  it.each(ATTESTATION_FILES)('derived: %s with a changed logIndex or integratedTime fails the SET check', (file) => {
    for (const field of ['logIndex', 'integratedTime'] as const) {
      const { result } = tampered(file, (r) => {
        const entry = provenanceOf(r).verificationMaterial.tlogEntries[0]!;
        entry[field] = String(Number(entry[field]) + 1);
      });
      expect(step(result, 'provenance-bundle').code).toBe('TLOG_INCLUSION_PROMISE_ERROR');
    }
  });

  it('derived: @playwright/cli with an altered inclusion-proof hash fails with TLOG_INCLUSION_PROOF_ERROR (both bundles)', () => {
    for (const which of ['provenance', 'publish'] as const) {
      const { result } = tampered('@playwright_cli@0.1.1.json', (r) => {
        const proof = (which === 'provenance' ? provenanceOf(r) : publishOf(r)).verificationMaterial.tlogEntries[0]!
          .inclusionProof!;
        proof.hashes[0] = flipBase64Bit(proof.hashes[0]!, 3);
      });
      const s = step(result, which === 'provenance' ? 'provenance-bundle' : 'publish-attestation');
      expect(s).toMatchObject({ outcome: 'fail', code: 'TLOG_INCLUSION_PROOF_ERROR' });
      expect(s.message).toContain('root hash');
    }
  });

  it('derived: @playwright/cli with one inclusion-proof hash removed fails (invalid hash count)', () => {
    const { result } = tampered('@playwright_cli@0.1.1.json', (r) => {
      provenanceOf(r).verificationMaterial.tlogEntries[0]!.inclusionProof!.hashes.pop();
    });
    expect(step(result, 'provenance-bundle')).toMatchObject({ outcome: 'fail', code: 'TLOG_INCLUSION_PROOF_ERROR' });
  });

  it('derived: the 2023 bundles have no inclusion proof, so only the SET protects their log entry', () => {
    for (const file of ['sigstore@1.0.0.json', 'tuf-js@1.0.0.json'] as const) {
      expect(EXPECTED[file].hasInclusionProof).toBe(false);
      const response = readAttestations(file);
      for (const which of ['provenance', 'publish'] as const) {
        const entry = asBundle(entryOf(response, which).bundle).verificationMaterial.tlogEntries[0]!;
        // Recorded as `"inclusionProof": null`.
        expect(entry.inclusionProof ?? undefined).toBeUndefined();
        expect(entry.inclusionPromise?.signedEntryTimestamp).toBeTruthy();
      }
      // Without the SET nothing would prove inclusion: bundle v0.1 therefore requires
      // one, and the format check already refuses the bundle.
      const { result } = tampered(file, (r) => {
        delete provenanceOf(r).verificationMaterial.tlogEntries[0]!.inclusionPromise;
      });
      const s = step(result, 'provenance-bundle');
      expect(s).toMatchObject({ outcome: 'fail', code: 'BUNDLE_MALFORMED' });
      expect(s.message).toContain('inclusionPromise');
      expect(checkStates(s)['bundle-format']).toBe('failed');
    }
  });

  it('derived: the v0.3 provenance without its SET still has a proof, but no timestamp → TIMESTAMP_ERROR', () => {
    const { result } = tampered('@playwright_cli@0.1.1.json', (r) => {
      delete provenanceOf(r).verificationMaterial.tlogEntries[0]!.inclusionPromise;
    });
    const s = step(result, 'provenance-bundle');
    expect(s).toMatchObject({ outcome: 'fail', code: 'TIMESTAMP_ERROR' });
    expect(checkStates(s)).toMatchObject({ 'bundle-format': 'passed', timestamps: 'failed', 'signing-key': 'not-run' });
  });

  it.each(ATTESTATION_FILES)("derived: %s with another bundle's certificate fails at the signing key", (file) => {
    // DERIVED: the leaf certificate of another recorded provenance bundle (issued at
    // another time, for another repository) replaces this bundle's own.
    const other = ATTESTATION_FILES.find((f) => f !== file)!;
    const otherCert = leafCertificateBase64(entryOf(readAttestations(other), 'provenance').bundle);
    const { result } = tampered(file, (r) => replaceLeafCertificate(provenanceOf(r), otherCert));
    const s = step(result, 'provenance-bundle');
    expect(s.outcome).toBe('fail');
    // Fulcio certificates live ten minutes: the other one was not valid at this entry's
    // log time, so the chain check fails before the signature is ever tried.
    expect(s.code).toBe('CERTIFICATE_ERROR');
    expect(checkStates(s)).toMatchObject({ timestamps: 'passed', 'signing-key': 'failed', signature: 'not-run' });
    // The identity shown is the swapped-in certificate's: it is never trusted, because
    // the status is 'failed'.
    expect(result.status).toBe('failed');
    expect(result.identity?.sourceRepositoryUri).toBe(EXPECTED[other].repository);
  });

  it('derived: sigstore@1.0.0 whose publish attestation names the new key fails with SIGNATURE_ERROR', () => {
    // The new key was valid at the 2023 log time per the registry's keys (it lists no
    // start), so the key check passes and the signature itself is what fails.
    const { result } = tampered('sigstore@1.0.0.json', (r) => {
      publishOf(r).verificationMaterial.publicKey!.hint = NEW_KEY_ID;
    });
    const s = step(result, 'publish-attestation');
    expect(s).toMatchObject({ outcome: 'fail', code: 'SIGNATURE_ERROR' });
    expect(checkStates(s)).toMatchObject({ 'transparency-log': 'passed', signature: 'failed', statement: 'not-run' });
  });

  it('derived: @playwright/cli whose publish attestation names the old key fails with PUBLIC_KEY_ERROR (expired 2025-01-29)', () => {
    const { result } = tampered('@playwright_cli@0.1.1.json', (r) => {
      publishOf(r).verificationMaterial.publicKey!.hint = OLD_KEY_ID;
    });
    const s = step(result, 'publish-attestation');
    expect(s).toMatchObject({ outcome: 'fail', code: 'PUBLIC_KEY_ERROR' });
    expect(s.message).toContain('2026-02-14');
  });

  it.each(ATTESTATION_FILES)(
    'derived: %s with an unknown key id in the publish hint fails at signing-key with KEY_NOT_FOUND',
    (file) => {
      const { result } = tampered(file, (r) => {
        publishOf(r).verificationMaterial.publicKey!.hint = 'SHA256:not-a-key-npm-ever-had';
      });
      const s = step(result, 'publish-attestation');
      expect(s).toMatchObject({ outcome: 'fail', code: 'KEY_NOT_FOUND' });
      expect(s.message).toContain('SHA256:not-a-key-npm-ever-had');
      expect(checkStates(s)).toMatchObject({
        timestamps: 'passed',
        'signing-key': 'failed',
        'transparency-log': 'not-run',
      });
      expect(step(result, 'provenance-bundle').outcome).toBe('pass');
    },
  );

  it.each(ATTESTATION_FILES)(
    'derived: %s checked with npm keys whose window excludes the log time fails with PUBLIC_KEY_ERROR',
    (file) => {
      // DERIVED keys: the recorded keys, with validity moved to start in 2030.
      const keys = registryKeys().map((k) => ({ ...k, validFrom: '2030-01-01T00:00:00.000Z' }));
      const late = createVerificationContext({ trustedRoot: publicGoodRoot(), npmKeys: keys });
      const response = readAttestations(file);
      const result = verifyVersion(late, recordFor(response), fetched(response));
      expect(step(result, 'publish-attestation')).toMatchObject({ outcome: 'fail', code: 'PUBLIC_KEY_ERROR' });
      // The provenance is keyless: npm's keys play no part in it.
      expect(step(result, 'provenance-bundle').outcome).toBe('pass');
    },
  );

  it('derived: a key that npm uses only for registry signatures is not accepted for attestations (KEY_NOT_FOUND)', () => {
    const keys = tufKeys().map((k) => ({ ...k, usages: ['npm:signatures' as const] }));
    const signaturesOnly = createVerificationContext({ trustedRoot: publicGoodRoot(), npmKeys: keys });
    const response = readAttestations('@playwright_cli@0.1.1.json');
    const result = verifyVersion(signaturesOnly, recordFor(response), fetched(response));
    expect(step(result, 'publish-attestation').code).toBe('KEY_NOT_FOUND');
  });

  it('derived: a packument integrity that differs from the attested one fails the subject binding only', () => {
    const response = readAttestations('@playwright_cli@0.1.1.json');
    const record = recordFor(response);
    // DERIVED: the integrity of another package (sigstore@1.0.0) put in the record.
    const other = recordFor(readAttestations('sigstore@1.0.0.json'));
    const altered = derivedVersion(record, { dist: { ...record.dist, integrity: other.dist.integrity } });
    const result = verifyVersion(ctx, altered, fetched(response));
    expect(result.status).toBe('failed');
    expect(step(result, 'provenance-bundle').outcome).toBe('pass');
    expect(step(result, 'publish-attestation').outcome).toBe('pass');
    expect(step(result, 'subject-binding')).toMatchObject({ outcome: 'fail', code: 'SUBJECT_DIGEST_MISMATCH' });
    expect(step(result, 'subject-binding').message).toContain('f64d7565f0f0');
  });

  it.each([
    ['version', { version: '0.1.2' }],
    ['name', { name: '@playwright/cli2' }],
    ['scope', { name: 'cli' }],
  ] as const)(
    'derived: a record with the wrong %s fails the subject binding with SUBJECT_NAME_MISMATCH',
    (_, change) => {
      const response = readAttestations('@playwright_cli@0.1.1.json');
      const result = verifyVersion(ctx, derivedVersion(recordFor(response), change), fetched(response));
      expect(step(result, 'subject-binding')).toMatchObject({ outcome: 'fail', code: 'SUBJECT_NAME_MISMATCH' });
      expect(step(result, 'subject-binding').message).toContain('pkg:npm/%40playwright/cli@0.1.1');
      expect(result.status).toBe('failed');
    },
  );

  it('derived: a record with no integrity fails the binding with INTEGRITY_MISSING', () => {
    const response = readAttestations('tuf-js@1.0.0.json');
    const record = recordFor(response);
    const result = verifyVersion(ctx, derivedVersion(record, { dist: { signatures: [] } }), fetched(response));
    expect(step(result, 'subject-binding')).toMatchObject({ outcome: 'fail', code: 'INTEGRITY_MISSING' });
  });

  it('derived: a provenance bundle with mediaType version=0.9 is BUNDLE_UNSUPPORTED_VERSION', () => {
    const { result } = tampered('sigstore@1.0.0.json', (r) => {
      provenanceOf(r).mediaType = 'application/vnd.dev.sigstore.bundle+json;version=0.9';
    });
    const s = step(result, 'provenance-bundle');
    expect(s).toMatchObject({ outcome: 'fail', code: 'BUNDLE_UNSUPPORTED_VERSION' });
    expect(s.message).toContain('version=0.9');
    expect(checkStates(s)).toEqual({
      'bundle-format': 'failed',
      timestamps: 'not-run',
      'signing-key': 'not-run',
      'transparency-log': 'not-run',
      signature: 'not-run',
      statement: 'not-run',
    });
    // Nothing can be read from an unsupported bundle.
    expect(result.identity).toBeUndefined();
    expect(result.predicate).toBeUndefined();
    expect(result.bundleMediaTypes).toEqual([
      'application/vnd.dev.sigstore.bundle+json;version=0.9',
      'application/vnd.dev.sigstore.bundle+json;version=0.1',
    ]);
  });

  it.each([null, 42, 'bundle', true, [], {}, { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' }])(
    'derived: provenance bundle %j is BUNDLE_MALFORMED',
    (garbage) => {
      const { result } = tampered('@playwright_cli@0.1.1.json', (r) => {
        entryOf(r, 'provenance').bundle = garbage as never;
      });
      expect(step(result, 'provenance-bundle')).toMatchObject({ outcome: 'fail', code: 'BUNDLE_MALFORMED' });
      expect(step(result, 'publish-attestation').outcome).toBe('pass');
      // Only the publish statement is left to bind, and it binds.
      expect(step(result, 'subject-binding').outcome).toBe('pass');
    },
  );

  it('derived: a response without `attestations` fails both bundle steps with BUNDLE_MALFORMED', () => {
    const record = recordFor(readAttestations('sigstore@1.0.0.json'));
    for (const body of [{}, { attestations: null }, { attestations: {} }, { attestations: 'x' }, { data: [] }]) {
      const result = verifyVersion(ctx, record, fetched(body));
      expect(result.status).toBe('failed');
      expect(step(result, 'provenance-bundle')).toMatchObject({ outcome: 'fail', code: 'BUNDLE_MALFORMED' });
      expect(step(result, 'publish-attestation')).toMatchObject({ outcome: 'fail', code: 'BUNDLE_MALFORMED' });
      expect(step(result, 'subject-binding')).toMatchObject({ outcome: 'skip', code: 'NOT_PRESENT' });
    }
  });

  it('derived: a response missing the provenance fails provenance-bundle with ATTESTATION_MISSING', () => {
    const response = clone(readAttestations('@playwright_cli@0.1.1.json'));
    const record = recordFor(response);
    response.attestations = response.attestations.filter((a) => a.predicateType === PUBLISH_TYPE);
    const result = verifyVersion(ctx, record, fetched(response));
    expect(result.status).toBe('failed');
    expect(step(result, 'provenance-bundle')).toMatchObject({ outcome: 'fail', code: 'ATTESTATION_MISSING' });
    expect(step(result, 'provenance-bundle').message).toContain('SLSA provenance');
    expect(step(result, 'publish-attestation').outcome).toBe('pass');
    expect(result.identity).toBeUndefined();
    expect(result.provenanceLog).toBeUndefined();
  });

  it('derived: a publish attestation alone, for a version that claims no provenance, verifies with the provenance step skipped', () => {
    const response = clone(readAttestations('@playwright_cli@0.1.1.json'));
    const claimed = recordFor(response);
    // As npm's packument says when it has a publish attestation but no provenance.
    const record = {
      ...claimed,
      dist: { ...claimed.dist, attestations: { url: claimed.dist.attestations?.url ?? '' } },
    };
    response.attestations = response.attestations.filter((a) => a.predicateType === PUBLISH_TYPE);
    const result = verifyVersion(ctx, record, fetched(response));
    expect(result.status).toBe('verified');
    expect(step(result, 'provenance-bundle')).toMatchObject({ outcome: 'skip', code: 'NOT_PRESENT' });
    expect(step(result, 'publish-attestation').outcome).toBe('pass');
    expect(step(result, 'subject-binding').outcome).toBe('pass');
    expect(result.identity).toBeUndefined();
  });

  it('derived: a response missing the publish attestation fails publish-attestation with ATTESTATION_MISSING', () => {
    const response = clone(readAttestations('@playwright_cli@0.1.1.json'));
    const record = recordFor(response);
    response.attestations = response.attestations.filter((a) => a.predicateType !== PUBLISH_TYPE);
    const result = verifyVersion(ctx, record, fetched(response));
    expect(step(result, 'publish-attestation')).toMatchObject({ outcome: 'fail', code: 'ATTESTATION_MISSING' });
    expect(step(result, 'provenance-bundle').outcome).toBe('pass');
    expect(result.publishLog).toBeUndefined();
  });

  it('derived: an empty attestations list fails both bundle steps with ATTESTATION_MISSING', () => {
    const record = recordFor(readAttestations('tuf-js@1.0.0.json'));
    const result = verifyVersion(ctx, record, fetched({ attestations: [] }));
    expect(result.steps.map((s) => s.code)).toEqual([
      'ATTESTATION_MISSING',
      'ATTESTATION_MISSING',
      'NOT_PRESENT',
      'REGISTRY_SIGNATURE_MISSING',
    ]);
  });

  it('derived: a provenance listed under the other SLSA predicate type fails with PREDICATE_TYPE_UNEXPECTED', () => {
    const { result } = tampered('@playwright_cli@0.1.1.json', (r) => {
      entryOf(r, 'provenance').predicateType = SLSA_V02_TYPE;
    });
    const s = step(result, 'provenance-bundle');
    expect(s).toMatchObject({ outcome: 'fail', code: 'PREDICATE_TYPE_UNEXPECTED' });
    expect(s.message).toContain(SLSA_V02_TYPE);
    expect(s.message).toContain(SLSA_V1_TYPE);
  });

  it("derived: the two bundles listed under each other's predicate type fail on the signer kind", () => {
    const { result } = tampered('sigstore@1.0.0.json', (r) => {
      const provenance = entryOf(r, 'provenance');
      const publish = entryOf(r, 'publish');
      [provenance.bundle, publish.bundle] = [publish.bundle, provenance.bundle];
    });
    expect(step(result, 'provenance-bundle')).toMatchObject({ outcome: 'fail', code: 'CERTIFICATE_ERROR' });
    expect(step(result, 'publish-attestation')).toMatchObject({ outcome: 'fail', code: 'PUBLIC_KEY_ERROR' });
  });
});
