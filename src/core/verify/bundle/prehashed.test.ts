// verifyPrehashed (a message signature checked over the bundle's message digest) against
// WebCrypto checking the same GENERATED signature over the message itself. The key
// objects are minimal stand-ins with Node's KeyObject fields, so that the test is the
// same in the `unit` and `browser-crypto` projects (whatever key types the shim has).
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { verifyPrehashed } from './prehashed';
import type { DigestAlgorithm } from './types';

const message = new TextEncoder().encode('generated artifact bytes\n');
const HASHES = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' } as const;

function keyLike(type: string, spki: Uint8Array, namedCurve?: string) {
  return { asymmetricKeyType: type, asymmetricKeyDetails: namedCurve ? { namedCurve } : {}, export: () => spki };
}

async function digestOf(algorithm: DigestAlgorithm): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest(HASHES[algorithm], message));
}

function flipped(bytes: Uint8Array, index = 0): Uint8Array {
  const copy = bytes.slice();
  copy[index] = (copy[index] ?? 0) ^ 1;
  return copy;
}

describe('verifyPrehashed', () => {
  const curves = [
    ['P-256', 'prime256v1', p256, 'sha256'],
    ['P-384', 'secp384r1', p384, 'sha384'],
    ['P-521', 'secp521r1', p521, 'sha512'],
    ['P-256', 'prime256v1', p256, 'sha512'],
  ] as const;
  for (const [curve, nodeName, noble, algorithm] of curves) {
    it(`generated: ECDSA ${curve} with ${algorithm}, over the digest, agrees with WebCrypto over the message`, async () => {
      const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: curve }, true, ['sign', 'verify']);
      const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
      const raw = new Uint8Array(
        await crypto.subtle.sign({ name: 'ECDSA', hash: HASHES[algorithm] }, pair.privateKey, message),
      );
      expect(await crypto.subtle.verify({ name: 'ECDSA', hash: HASHES[algorithm] }, pair.publicKey, raw, message)).toBe(
        true,
      );
      const der = noble.Signature.fromBytes(raw, 'compact').toBytes('der');
      const digest = await digestOf(algorithm);
      const key = keyLike('ec', spki, nodeName);
      expect(verifyPrehashed(key, algorithm, digest, der)).toBe(true);
      expect(verifyPrehashed(key, algorithm, flipped(digest), der)).toBe(false);
      expect(verifyPrehashed(key, algorithm, digest, flipped(der, der.length - 1))).toBe(false);
      // A curve the key object does not report as one of the three is not guessed at.
      expect(verifyPrehashed(keyLike('ec', spki, 'secp256k1'), algorithm, digest, der)).toBe(false);
    });
  }

  for (const algorithm of ['sha256', 'sha384', 'sha512'] as const) {
    it(`generated: RSA PKCS#1 v1.5 with ${algorithm}, over the digest, agrees with WebCrypto over the message`, async () => {
      const params = { name: 'RSASSA-PKCS1-v1_5', hash: HASHES[algorithm] };
      const pair = await crypto.subtle.generateKey(
        { ...params, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
        true,
        ['sign', 'verify'],
      );
      const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
      const signature = new Uint8Array(await crypto.subtle.sign(params, pair.privateKey, message));
      const digest = await digestOf(algorithm);
      const key = keyLike('rsa', spki);
      expect(verifyPrehashed(key, algorithm, digest, signature)).toBe(true);
      expect(verifyPrehashed(key, algorithm, flipped(digest), signature)).toBe(false);
      expect(verifyPrehashed(key, algorithm, digest, flipped(signature, 100))).toBe(false);
      expect(verifyPrehashed(key, algorithm, digest, signature.subarray(1))).toBe(false);
      // The digest is named in the signed DigestInfo: another algorithm's name fails.
      const other = algorithm === 'sha256' ? 'sha512' : 'sha256';
      expect(verifyPrehashed(key, other, digest, signature)).toBe(false);
      // An RSA-PSS key is not PKCS#1 v1.5: not checked over a digest.
      expect(verifyPrehashed(keyLike('rsa-pss', spki), algorithm, digest, signature)).toBe(false);
    });
  }

  it('generated: an Ed25519 signature cannot be checked over a digest (it signs the message itself)', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
    const signature = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, message));
    expect(await crypto.subtle.verify({ name: 'Ed25519' }, pair.publicKey, signature, message)).toBe(true);
    expect(verifyPrehashed(keyLike('ed25519', spki), 'sha512', await digestOf('sha512'), signature)).toBe(false);
  });

  it('a key whose SPKI does not parse is false, not an exception', () => {
    expect(
      verifyPrehashed(
        keyLike('ec', new Uint8Array([0x30, 0x05, 1]), 'prime256v1'),
        'sha256',
        new Uint8Array(32),
        new Uint8Array(8),
      ),
    ).toBe(false);
    expect(verifyPrehashed({}, 'sha256', new Uint8Array(32), new Uint8Array(8))).toBe(false);
  });
});
