// verifyBundle on GENERATED message-signature bundles (cosign sign-blob style): a
// throwaway blob key and transparency log (test/support/generated-bundle.ts), since no
// recorded bundle signs a bare message. Runs in both the `unit` and `browser-crypto`
// projects, like every test under src/core/verify.
import { sha256 } from '@noble/hashes/sha2.js';
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import { only, states } from '../../../../test/support/bundle-verdicts';
import { flipBase64Bit, publicGoodRoot } from '../../../../test/support/derived-record';
import {
  GENERATED_BLOB_KEY,
  generatedMessageSignatureBundle,
  generatedTrustedRoot,
} from '../../../../test/support/generated-bundle';
import { createNativeSignatureRunner } from '../native-signatures';
import { createTrustRootCache } from '../trust-root';
import { verifyBundle } from '../verify-bundle';
import type { VerifyBundleRequest, VerifyBundleResult } from './types';

const ROOT_TEXT = JSON.stringify(generatedTrustedRoot());
const defaults = {
  trustedRoot: publicGoodRoot(),
  cache: createTrustRootCache(),
  signatures: createNativeSignatureRunner(),
};

function run(request: VerifyBundleRequest): Promise<VerifyBundleResult> {
  return verifyBundle(request, defaults);
}

describe('GENERATED message-signature bundles (cosign sign-blob style)', () => {
  const artifact = new TextEncoder().encode('generated artifact bytes\n');
  const digestHex = Buffer.from(sha256(artifact)).toString('hex');
  const text = JSON.stringify(generatedMessageSignatureBundle(artifact));
  const base = { trustedRoot: ROOT_TEXT, publicKey: GENERATED_BLOB_KEY.pem };

  it('generated: verifies against the artifact file (signature over its bytes), with the key given as PEM', async () => {
    const result = await run({ bundle: text, ...base, artifact: new Blob([artifact]) });
    const verdict = only(result);
    expect(verdict.verdict).toBe('verified');
    expect(verdict.content).toBe('message-signature');
    expect(verdict.signer).toEqual({ kind: 'public-key', keyHint: 'generated-blob-key', keySource: 'provided' });
    expect(verdict.checks.find((c) => c.name === 'signature')?.message).toBe("Checked over the artifact's bytes.");
    expect(verdict.checks.find((c) => c.name === 'statement')?.state).toBe('not-run');
    expect(verdict.artifactComparison?.matched?.digest).toEqual({ algorithm: 'sha256', hex: digestHex });
    expect(verdict.messageDigest).toEqual({ algorithm: 'sha256', hex: digestHex });
    expect(result.trustedRoot?.tlogs).toEqual(['https://rekor.generated.test']);
    expect(verdict.tlog?.logBaseUrl).toBe('https://rekor.generated.test');
  });

  it('generated: the key id of the given key is npm-style SHA256:<base64 of the SPKI digest>', async () => {
    const result = await run({ bundle: text, ...base });
    expect(result.providedKeyId).toBe(
      `SHA256:${Buffer.from(sha256(GENERATED_BLOB_KEY.spki)).toString('base64').replace(/=+$/, '')}`,
    );
    // The same key given as bare base64 DER.
    const bare = await run({
      bundle: text,
      trustedRoot: ROOT_TEXT,
      publicKey: GENERATED_BLOB_KEY.spki.toString('base64'),
    });
    expect(bare.providedKeyId).toBe(result.providedKeyId);
    expect(only(bare).verdict).toBe('verified');
  });

  it('generated: verifies against its digest alone (signature checked over the message digest)', async () => {
    const verdict = only(await run({ bundle: text, ...base, digest: `sha256:${digestHex}` }));
    expect(verdict.verdict).toBe('verified');
    expect(verdict.checks.find((c) => c.name === 'signature')?.message).toBe(
      "Checked over the bundle's sha256 message digest.",
    );
    expect(verdict.checks.find((c) => c.name === 'artifact')?.state).toBe('passed');
  });

  it('generated: another file → ARTIFACT_MISMATCH (the bundle itself still verifies)', async () => {
    const verdict = only(await run({ bundle: text, ...base, artifact: new Blob(['something else']) }));
    expect(verdict.code).toBe('ARTIFACT_MISMATCH');
    expect(states(verdict)).toMatch(/signature:passed statement:not-run artifact:failed/);
    expect(verdict.message).toContain(digestHex);
  });

  it('generated: a signature over other bytes, logged as such → SIGNATURE_ERROR, with the file and with the digest', async () => {
    const bad = JSON.stringify(
      generatedMessageSignatureBundle(artifact, { signed: new TextEncoder().encode('other bytes') }),
    );
    for (const extra of [{ artifact: new Blob([artifact]) }, { digest: `sha256:${digestHex}` }, {}]) {
      const verdict = only(await run({ bundle: bad, ...base, ...extra }));
      expect(verdict.code).toBe('SIGNATURE_ERROR');
      expect(verdict.message.includes("checked over the bundle's message digest")).toBe(!('artifact' in extra));
      expect(verdict.checks.find((c) => c.state === 'failed')?.name).toBe('signature');
    }
  });

  it('generated: a message digest of no known algorithm, with the file → checked over its bytes as the library does, then ARTIFACT_MISMATCH', async () => {
    // The library checks the signature over the artifact's bytes with the key's default
    // hash (SHA-256 for this P-256 key) and verifies it: the bundle is not called a bad
    // signature; it names no digest of the artifact, which the artifact check says.
    const edits: [string, (digest: Record<string, unknown>) => void][] = [
      ['unspecified', (digest) => (digest.algorithm = 'HASH_ALGORITHM_UNSPECIFIED')],
      ['left out', (digest) => delete digest.algorithm],
    ];
    for (const [label, edit] of edits) {
      const bundle = generatedMessageSignatureBundle(artifact) as {
        messageSignature: { messageDigest: Record<string, unknown> };
      };
      edit(bundle.messageSignature.messageDigest);
      const verdict = only(await run({ bundle: JSON.stringify(bundle), ...base, artifact: new Blob([artifact]) }));
      expect(verdict.code, label).toBe('ARTIFACT_MISMATCH');
      expect(states(verdict), label).toMatch(/signature:passed statement:not-run artifact:failed/);
      expect(verdict.checks.find((c) => c.name === 'signature')?.message, label).toBe(
        "Checked over the artifact's bytes.",
      );
      expect(verdict.message, label).toContain('names no sha256, sha384 or sha512 digest');
      // Without the file there is nothing to check it over: a bad signature, said why.
      const digestOnly = only(await run({ bundle: JSON.stringify(bundle), ...base, digest: `sha256:${digestHex}` }));
      expect(digestOnly.code, label).toBe('SIGNATURE_ERROR');
      expect(digestOnly.message, label).toContain(
        'not sha256, sha384 or sha512: the signature can only be checked over the file itself',
      );
    }
  });

  it('generated: a signature that differs from the logged one → TLOG_BODY_ERROR', async () => {
    const bundle = generatedMessageSignatureBundle(artifact) as { messageSignature: { signature: string } };
    bundle.messageSignature.signature = flipBase64Bit(bundle.messageSignature.signature, 30);
    const verdict = only(await run({ bundle: JSON.stringify(bundle), ...base }));
    expect(verdict.code).toBe('TLOG_BODY_ERROR');
  });

  it('generated: without the key → KEY_NOT_FOUND; without the generated root → a log error', async () => {
    expect(only(await run({ bundle: text, trustedRoot: ROOT_TEXT })).code).toBe('KEY_NOT_FOUND');
    expect(only(await run({ bundle: text, publicKey: GENERATED_BLOB_KEY.pem })).code).toBe(
      'TLOG_INCLUSION_PROMISE_ERROR',
    );
  });

  it('a public key that is not one → PUBLIC_KEY_INVALID', async () => {
    for (const publicKey of ['not a key', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', 'AAAA']) {
      expect(only(await run({ bundle: text, trustedRoot: ROOT_TEXT, publicKey }))).toMatchObject({
        code: 'PUBLIC_KEY_INVALID',
        field: 'public-key',
      });
    }
  });
});
