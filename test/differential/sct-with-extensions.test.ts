// The conformance case `bundle-with-sct-with-extensions`, which the browser pipeline used
// to refuse (CERTIFICATE_ERROR "no valid certificate path found") while the library on
// Node verified it. The root cause was not the SCT and its extensions, nor the recording
// pass or the DER encoder: the case's Fulcio CA is an RSA-4096 root that signs the leaf
// with sha256WithRSAEncryption, and the crypto shim refused RSA keys, so the chain
// link failed inside X509Certificate.verify. Each step of the chain and SCT check is
// taken here on that exact input, through the shim and through Node's crypto.
import { readFileSync } from 'node:fs';
import { Buffer } from 'buffer';
import { X509Certificate, X509SCTExtension, crypto as shimCrypto, EXTENSION_OID_SCT, ByteStream } from '@sigstore/core';
import { describe, expect, it } from 'vitest';
import { installFastDerEncoder } from '../../src/core/verify/fast-der-encoder';
import { conformanceCases, CONFORMANCE_DIR } from './conformance-cases';
import { browserVerdict, native, nativeVerdict, onNodeBuffer } from './engines';

// The library's own encoder, from the copy Node's loader keeps (never patched).
const nativeToDER = native.core.ASN1Obj.prototype.toDER as (this: unknown) => Buffer;

const CASE = 'bundle-with-sct-with-extensions';
const dir = `${CONFORMANCE_DIR}/${CASE}`;
const bundle = JSON.parse(readFileSync(`${dir}/bundle.sigstore.json`, 'utf8')) as {
  verificationMaterial: { certificate: { rawBytes: string } };
};
const root = JSON.parse(readFileSync(`${dir}/trusted_root.json`, 'utf8')) as {
  certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[];
  ctlogs: { publicKey: { rawBytes: string } }[];
};

const leafDer = Buffer.from(bundle.verificationMaterial.certificate.rawBytes, 'base64');
const caDer = Buffer.from(root.certificateAuthorities[0]?.certChain.certificates[0]?.rawBytes ?? '', 'base64');
const ctKeyDer = Buffer.from(root.ctlogs[0]?.publicKey.rawBytes ?? '', 'base64');

/** RFC 6962 §3.2 PreCert data: issuer key hash, then the TBS without the SCT extension. */
function preCertificate(leaf: X509Certificate, issuer: X509Certificate): { data: Buffer; ext: X509SCTExtension } {
  const clone = leaf.clone();
  const index = clone.extensions.findIndex((e) => e.subs[0]?.toOID() === EXTENSION_OID_SCT);
  const extension = clone.extensions[index];
  if (!extension) throw new Error('no SCT extension');
  clone.extensions.splice(index, 1);
  const stream = new ByteStream();
  stream.appendView(shimCrypto.digest('sha256', issuer.publicKey));
  const tbs = clone.tbsCertificate.toDER();
  stream.appendUint24(tbs.length);
  stream.appendView(tbs);
  return { data: Buffer.from(stream.buffer), ext: new X509SCTExtension(extension) };
}

describe(`${CASE} (the exact conformance input)`, () => {
  installFastDerEncoder();
  const leaf = X509Certificate.parse(leafDer);
  const ca = X509Certificate.parse(caDer);

  it('is what the case says: an SCT with a non-empty extensions field, under an RSA-4096 CA', () => {
    const { ext } = preCertificate(leaf, ca);
    expect(ext.signedCertificateTimestamps).toHaveLength(1);
    expect(ext.signedCertificateTimestamps[0]?.extensions.length).toBeGreaterThan(0);
    const caKey = shimCrypto.createPublicKey(ca.publicKey) as unknown as {
      asymmetricKeyType: string;
      asymmetricKeyDetails: { modulusLength?: number };
    };
    expect(caKey.asymmetricKeyType).toBe('rsa');
    expect(caKey.asymmetricKeyDetails.modulusLength).toBe(4096);
    expect(leaf.signatureAlgorithm).toBe('sha256');
  });

  it('chain link: the RSA CA’s signature on the leaf verifies through the shim, as on Node', () => {
    const nativeChain = onNodeBuffer(() => {
      const nativeCa = native.core.X509Certificate.parse(caDer);
      return { link: native.core.X509Certificate.parse(leafDer).verify(nativeCa), self: nativeCa.verify() };
    });
    expect(nativeChain.link).toBe(true);
    expect(leaf.verify(ca)).toBe(true);
    expect(ca.verify()).toBe(nativeChain.self);
  });

  it('SCT: the fast DER encoder rebuilds the precertificate byte for byte, and the SCT verifies', () => {
    const { data, ext } = preCertificate(leaf, ca);
    const clone = leaf.clone();
    clone.extensions.splice(
      clone.extensions.findIndex((e) => e.subs[0]?.toOID() === EXTENSION_OID_SCT),
      1,
    );
    const nativeDer = onNodeBuffer(() => nativeToDER.call(clone.tbsCertificate));
    expect(Buffer.from(clone.tbsCertificate.toDER()).equals(Buffer.from(nativeDer))).toBe(true);
    const sct = ext.signedCertificateTimestamps[0];
    if (!sct) throw new Error('no SCT');
    const ctKey = shimCrypto.createPublicKey(ctKeyDer);
    expect(sct.verify(data, ctKey)).toBe(true);
    const nativeSctVerifies = onNodeBuffer(() => {
      const extension = native.core.X509Certificate.parse(leafDer).extensions.find(
        (e) => e.subs[0]?.toOID() === EXTENSION_OID_SCT,
      );
      if (!extension) throw new Error('no SCT');
      const nativeSct = new native.core.X509SCTExtension(extension).signedCertificateTimestamps[0];
      return nativeSct?.verify(data, native.core.crypto.createPublicKey(ctKeyDer));
    });
    expect(nativeSctVerifies).toBe(true);
    // One bit of the precertificate changed: the SCT no longer verifies.
    const flipped = Buffer.from(data);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    expect(sct.verify(flipped, ctKey)).toBe(false);
  });

  it('the whole bundle verifies in the browser pipeline, as in the library on Node', async () => {
    const c = conformanceCases().find((x) => x.name === CASE);
    if (!c) throw new Error('case missing');
    expect(nativeVerdict(c)).toEqual(['OK']);
    expect(await browserVerdict(c)).toEqual(['OK']);
  });
});
