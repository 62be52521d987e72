// verifyVersionFast must give exactly verifyVersion's results. In the `browser-crypto`
// project the JS shim is active, so the checks really go through WebCrypto (Node's
// globalThis.crypto.subtle here, Chromium's in the app); in `unit` it is a pass-through.
import { describe, expect, it } from 'vitest';
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
} from '../testing/derived-record';
import { createVerificationContext } from './verification-context';
import { verifyVersion } from './verify-version';
import { verifyVersionFast } from './verify-version-fast';

const ctx = createVerificationContext({ trustedRoot: publicGoodRoot(), npmKeys: registryKeys() });

describe('verifyVersionFast', () => {
  for (const file of ATTESTATION_FILES) {
    it(`gives verifyVersion's result for the recorded ${file} (record derived from its subject)`, async () => {
      const body = readAttestations(file);
      const record = recordFromBundle(entryOf(body, 'provenance').bundle);
      const fast = await verifyVersionFast(ctx, record, { kind: 'fetched', body });
      expect(fast.status).toBe('verified');
      expect(fast).toEqual(verifyVersion(ctx, record, { kind: 'fetched', body }));
    });

    it(`still fails a derived copy of ${file} with a flipped provenance signature`, async () => {
      const body = clone(readAttestations(file));
      const bundle = entryOf(body, 'provenance').bundle as { dsseEnvelope: { signatures: { sig: string }[] } };
      const signature = bundle.dsseEnvelope.signatures[0];
      if (!signature) throw new Error('fixture without a signature');
      signature.sig = flipBase64Bit(signature.sig);
      const record = recordFromBundle(entryOf(readAttestations(file), 'provenance').bundle);
      const fast = await verifyVersionFast(ctx, record, { kind: 'fetched', body });
      expect(fast.status).toBe('failed');
      expect(fast).toEqual(verifyVersion(ctx, record, { kind: 'fetched', body }));
    });
  }

  it('answers checks from the cache once the shim is active', async () => {
    if (!signatureCache.enabled) {
      // The `unit` project: @sigstore uses node:crypto and nothing is cached.
      expect(signatureCache.hits + signatureCache.misses).toBe(0);
      return;
    }
    const body = readAttestations('@playwright_cli@0.1.1.json');
    const record = recordFromBundle(entryOf(body, 'provenance').bundle);
    const before = signatureCache.hits;
    await verifyVersionFast(ctx, record, { kind: 'fetched', body });
    expect(signatureCache.hits).toBeGreaterThan(before);
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
