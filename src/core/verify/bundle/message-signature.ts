// A bare message signature (cosign sign-blob, `gh attestation` for blobs): no in-toto
// statement; bound to the artifact by its message digest. The checks are the library's,
// mapped onto the screen by bundle-check's one mapping.
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { HashAlgorithm } from '@sigstore/protobuf-specs';
import { toSignedEntity, type SignedEntity, type Verifier } from '@sigstore/verify';
import { Buffer } from 'buffer';
import { bytesToHex } from '../../util/encoding';
import {
  SUPPORTED_BUNDLE_MEDIA_TYPES,
  describeFormat,
  formatFailureChecks,
  leafCertificate,
  libraryChecks,
  libraryFailure,
  tlogRef,
  type LibraryFailure,
} from '../bundle-check';
import { verifyPrehashed } from './prehashed';
import { errorText } from './read';
import type { BaseCheck, BundleCheckResult, BundleVerdictCode, DigestAlgorithm, Policy } from './types';

const HASH_NAMES: Partial<Record<HashAlgorithm, DigestAlgorithm>> = {
  [HashAlgorithm.SHA2_256]: 'sha256',
  [HashAlgorithm.SHA2_384]: 'sha384',
  [HashAlgorithm.SHA2_512]: 'sha512',
};

export function unsupportedMessage(mediaType: string | undefined): string {
  return `Unsupported bundle version: mediaType "${mediaType ?? ''}" is not one this verifier knows. Supported: ${SUPPORTED_BUNDLE_MEDIA_TYPES.join(', ')}.`;
}

export function checkMessageSignature(verifier: Verifier, json: Record<string, unknown>, policy: Policy): BaseCheck {
  const mediaType = typeof json.mediaType === 'string' ? json.mediaType : undefined;
  const formatFailure = (code: BundleVerdictCode, message: string): BaseCheck => ({
    ok: false,
    code,
    message,
    checks: formatFailureChecks(message),
    ...(mediaType ? { mediaType } : {}),
  });
  if (mediaType === undefined) return formatFailure('BUNDLE_MALFORMED', 'The bundle has no mediaType.');
  if (!(SUPPORTED_BUNDLE_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
    return formatFailure('BUNDLE_UNSUPPORTED_VERSION', unsupportedMessage(mediaType));
  }
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(json);
  } catch (error) {
    return formatFailure('BUNDLE_MALFORMED', `The bundle is malformed: ${errorText(error)}.`);
  }
  if (bundle.content.$case !== 'messageSignature')
    return formatFailure('BUNDLE_MALFORMED', 'The bundle holds no message signature.');
  const signature = bundle.content.messageSignature;
  const algorithm = HASH_NAMES[signature.messageDigest.algorithm];
  const digest = {
    algorithm: algorithm ?? `hash algorithm ${signature.messageDigest.algorithm}`,
    hex: bytesToHex(signature.messageDigest.digest),
  };

  const checks: BundleCheckResult[] = [
    { name: 'bundle-format', state: 'passed', message: describeFormat(bundle, 'message signature') },
  ];
  const base: BaseCheck = {
    ok: true,
    code: 'OK',
    message: '',
    checks,
    mediaType,
    content: 'message-signature',
    messageDigest: digest,
  };
  const material = bundle.verificationMaterial.content;
  if (material.$case === 'publicKey') base.keyHint = material.publicKey.hint;
  else base.certificate = leafCertificate(bundle);
  const tlog = tlogRef(bundle);
  if (tlog) base.tlog = tlog;

  // With the artifact at hand and of the digest the bundle names, the library checks the
  // signature over its bytes. Otherwise the signature is checked over the bundle's own
  // message digest (as cosign verify-blob --digest does); whether that digest is the
  // artifact's is the artifact check's question, answered after. A digest of no algorithm
  // this verifier knows (unspecified, or unknown) cannot be checked that way: with the
  // artifact at hand the library's own check runs, over its bytes (hashed as the library
  // hashes them, with the key's default), and the artifact check then says that the
  // bundle names no digest of the artifact. Before, such a signature was reported as
  // failing where the library verifies it (found by a structural fuzz of the
  // differential corpus; pinned in test/differential/differential.test.ts).
  const artifactDigest = algorithm ? policy.digests.find((d) => d.algorithm === algorithm) : undefined;
  const overArtifact =
    policy.artifactBytes !== undefined && (algorithm === undefined || artifactDigest?.hex === digest.hex);
  let failure: LibraryFailure | undefined;
  try {
    const entity = overArtifact
      ? toSignedEntity(bundle, Buffer.from(policy.artifactBytes ?? new Uint8Array()))
      : overMessageDigest(toSignedEntity(bundle), signature.messageDigest.digest, algorithm);
    verifier.verify(entity);
  } catch (error) {
    failure = libraryFailure(error);
  }
  checks.push(...libraryChecks(failure));
  checks.push({ name: 'statement', state: 'not-run', message: 'A message signature carries no in-toto statement.' });
  if (failure) {
    const note = failure.code === 'SIGNATURE_ERROR' ? signatureNote(overArtifact, algorithm, digest.algorithm) : '';
    const message = note ? `${failure.message} (${note})` : failure.message;
    const failed = checks.find((c) => c.state === 'failed');
    if (failed) failed.message = message;
    return { ...base, ok: false, code: failure.code, message };
  }
  const signatureCheck = checks.find((c) => c.name === 'signature');
  if (signatureCheck) {
    signatureCheck.message = overArtifact
      ? "Checked over the artifact's bytes."
      : `Checked over the bundle's ${digest.algorithm} message digest.`;
  }
  return base;
}

/** What a failed signature check of a message signature was checked over, when the library's message does not say. */
function signatureNote(overArtifact: boolean, algorithm: DigestAlgorithm | undefined, named: string): string {
  const unknown = `the bundle's message digest names ${named}, not sha256, sha384 or sha512`;
  if (algorithm === undefined) {
    return overArtifact
      ? `checked over the artifact's bytes with the key's default hash, as the library does: ${unknown}`
      : `${unknown}: the signature can only be checked over the file itself`;
  }
  return overArtifact
    ? ''
    : "checked over the bundle's message digest; an Ed25519 signature can only be checked over the file itself";
}

/**
 * The library verifies a message signature over the artifact's bytes. Without them, the
 * signature is checked over the digest itself (see prehashed.ts). The other checks are
 * the library's.
 */
function overMessageDigest(
  entity: SignedEntity,
  digest: Uint8Array,
  algorithm: DigestAlgorithm | undefined,
): SignedEntity {
  const content = entity.signature;
  return {
    ...entity,
    signature: {
      signature: content.signature,
      compareSignature: (s) => content.compareSignature(s),
      compareDigest: (d) => content.compareDigest(d),
      compareSignedDigest: (d) => content.compareSignedDigest(d),
      verifySignature: (key) => algorithm !== undefined && verifyPrehashed(key, algorithm, digest, content.signature),
    },
  };
}
