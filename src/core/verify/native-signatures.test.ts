// The native-signature runner: its result is exactly a direct verification's, and no
// answer of its recording pass (where every signature "verifies") can become a result.
// The shim is called directly here, so these tests mean the same in the `unit` and
// `browser-crypto` projects; in `browser-crypto` @sigstore itself also runs on the shim.
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import { createPublicKey, verify } from '../crypto/node-crypto-shim';
import { signatureCache, strictDerToRaw } from '../crypto/signature-cache';
import {
  ATTESTATION_FILES,
  clone,
  entryOf,
  flipBase64Bit,
  publicGoodRoot,
  readAttestations,
  recordFromBundle,
  registryKeys,
} from '../../../test/support/derived-record';
import { createNativeSignatureRunner, directSignatures } from './native-signatures';
import { createVerificationContext } from './verification-context';
import { verifyVersion } from './verify-version';

const ctx = createVerificationContext({ trustedRoot: publicGoodRoot(), npmKeys: registryKeys() });

describe('createNativeSignatureRunner with verifyVersion', () => {
  const runner = createNativeSignatureRunner();
  for (const file of ATTESTATION_FILES) {
    it(`gives verifyVersion's result for the recorded ${file} (record derived from its subject)`, async () => {
      const body = readAttestations(file);
      const record = recordFromBundle(entryOf(body, 'provenance').bundle);
      const native = await runner.run(() => verifyVersion(ctx, record, { kind: 'fetched', body }));
      expect(native.status).toBe('verified');
      expect(native).toEqual(verifyVersion(ctx, record, { kind: 'fetched', body }));
    });

    it(`still fails a derived copy of ${file} with a flipped provenance signature`, async () => {
      const body = clone(readAttestations(file));
      const bundle = entryOf(body, 'provenance').bundle as { dsseEnvelope: { signatures: { sig: string }[] } };
      const signature = bundle.dsseEnvelope.signatures[0];
      if (!signature) throw new Error('fixture without a signature');
      signature.sig = flipBase64Bit(signature.sig);
      const record = recordFromBundle(entryOf(readAttestations(file), 'provenance').bundle);
      const native = await runner.run(() => verifyVersion(ctx, record, { kind: 'fetched', body }));
      expect(native.status).toBe('failed');
      expect(native).toEqual(verifyVersion(ctx, record, { kind: 'fetched', body }));
    });
  }
});

// A GENERATED key (fixed seed) and signatures, checked through the shim's `verify`.
const SPKI_P256_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');
const secretKey = sha256(new TextEncoder().encode('native-signatures.test key'));
const key = createPublicKey({
  key: Buffer.concat([SPKI_P256_PREFIX, Buffer.from(p256.getPublicKey(secretKey, false))]),
  format: 'der',
  type: 'spki',
});
const message = new TextEncoder().encode('the signed message');
const good = p256.sign(message, secretKey, { format: 'der' });
const forOther = p256.sign(new TextEncoder().encode('another message'), secretKey, { format: 'der' });
const check = (signature: Uint8Array) => verify('sha256', message, key, signature);

/** A verification that answers each pass with `answers[pass]()` and notes what the shim said. */
function passes(...answers: (() => boolean)[]) {
  const seen: boolean[] = [];
  let pass = 0;
  const work = () => {
    const answer = answers[Math.min(pass++, answers.length - 1)];
    if (!answer) throw new Error('no answer');
    const result = answer();
    seen.push(result);
    return result;
  };
  return { work, seen };
}

describe('createNativeSignatureRunner: no recorded answer becomes a result', () => {
  it('generated: a signature the recording pass answered true for, and WebCrypto rejects, fails', async () => {
    expect(check(forOther)).toBe(false);
    const { work, seen } = passes(() => check(forOther));
    expect(await createNativeSignatureRunner().run(work)).toBe(false);
    expect(seen).toEqual([true, false]); // the recording pass's `true` was not the result
  });

  it('generated: a good signature verifies, and so does it again from the runner’s cache', async () => {
    const runner = createNativeSignatureRunner();
    expect(await runner.run(() => check(good))).toBe(true);
    expect(await runner.run(() => check(good))).toBe(true);
    expect(await runner.run(() => check(forOther))).toBe(false);
  });

  it('generated: a check the recording pass did not foresee is computed by the real verify', async () => {
    const runner = createNativeSignatureRunner();
    const failing = passes(
      () => check(good),
      () => check(forOther),
    );
    expect(await runner.run(failing.work)).toBe(false);
    expect(failing.seen).toEqual([true, false]);
    const passing = passes(
      () => check(forOther),
      () => check(good),
    );
    expect(await runner.run(passing.work)).toBe(true);
  });

  it('generated: a signature WebCrypto cannot take (not canonical DER) is judged by the real verify', async () => {
    // The same signature with a long-form SEQUENCE length: OpenSSL and the shim refuse it.
    const body = good.subarray(2);
    const longForm = Uint8Array.from([0x30, 0x81, body.length, ...body]);
    const direct = check(longForm);
    const { work, seen } = passes(() => check(longForm));
    expect(await createNativeSignatureRunner().run(work)).toBe(direct);
    expect(seen).toEqual([true, direct]);
  });

  it('a recording pass that throws does not decide: the real pass does', async () => {
    const { work } = passes(
      () => {
        throw new Error('only in the recording pass');
      },
      () => check(good),
    );
    expect(await createNativeSignatureRunner().run(work)).toBe(true);
    const failing = passes(() => {
      throw new Error('every pass');
    });
    await expect(createNativeSignatureRunner().run(failing.work)).rejects.toThrow('every pass');
  });

  it('the cache is the runner’s own: outside its passes the shim knows and keeps nothing', async () => {
    expect(await createNativeSignatureRunner().run(() => check(good))).toBe(true);
    expect(signatureCache.isRecording).toBe(false);
    signatureCache.set('x', true);
    expect(signatureCache.has('x')).toBe(false);
    expect(signatureCache.get('x')).toBeUndefined();
  });
});

describe('directSignatures', () => {
  it('runs the verification once', async () => {
    const { work, seen } = passes(() => check(good));
    expect(await directSignatures.run(work)).toBe(true);
    expect(seen).toEqual([true]);
    const bad = passes(() => check(forOther));
    expect(await directSignatures.run(bad.work)).toBe(false);
    expect(bad.seen).toEqual([false]);
  });
});

describe('strictDerToRaw', () => {
  const der = (r: number[], s: number[]) =>
    Uint8Array.from([0x30, r.length + s.length + 4, 0x02, r.length, ...r, 0x02, s.length, ...s]);

  it('left-pads r and s to the curve size', () => {
    const raw = strictDerToRaw(der([0x01, 0x02], [0x00, 0x80]), 4);
    expect(raw && [...raw]).toEqual([0, 0, 1, 2, 0, 0, 0, 0x80]);
  });

  it('refuses what is not canonical DER', () => {
    expect(strictDerToRaw(der([0x00, 0x01], [0x01]), 4)).toBeUndefined(); // non-minimal
    expect(strictDerToRaw(der([0x80], [0x01]), 4)).toBeUndefined(); // negative
    expect(strictDerToRaw(der([1, 2, 3, 4, 5], [0x01]), 4)).toBeUndefined(); // too long
    expect(strictDerToRaw(Uint8Array.from([...der([1], [1]), 0]), 4)).toBeUndefined(); // trailing byte
    expect(strictDerToRaw(Uint8Array.from([0x31, 6, 2, 1, 1, 2, 1, 1]), 4)).toBeUndefined(); // not a SEQUENCE
    expect(strictDerToRaw(new Uint8Array(), 4)).toBeUndefined();
  });
});
