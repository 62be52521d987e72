import { Buffer } from 'buffer';
import { ASN1Obj, X509Certificate } from '@sigstore/core';
import { describe, expect, it } from 'vitest';
import { listFixtures, readFixture } from '../../../test/support/fixtures';
import { installFastDerEncoder } from './fast-der-encoder';

// The library's own encoder, taken before this file installs the fast one.
const originalToDER: (this: ASN1Obj) => Buffer = ASN1Obj.prototype.toDER;

/** Every DER certificate in the recorded bundles, attestations and trusted roots. */
function recordedCertificates(): Buffer<ArrayBuffer>[] {
  const found: Buffer<ArrayBuffer>[] = [];
  const visit = (value: unknown, key?: string): void => {
    if (typeof value === 'string' && key === 'rawBytes' && value.startsWith('MII'))
      found.push(Buffer.from(value, 'base64'));
    else if (Array.isArray(value)) value.forEach((item) => visit(item));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  for (const file of listFixtures('sigstore/bundles')) visit(readFixture('sigstore/bundles', file));
  for (const file of listFixtures('registry/attestations')) visit(readFixture('registry/attestations', file));
  for (const file of listFixtures('sigstore/trusted-roots')) visit(readFixture('sigstore/trusted-roots', file));
  return found;
}

function allNodes(root: ASN1Obj): ASN1Obj[] {
  return [root, ...root.subs.flatMap(allNodes)];
}

describe('fast DER encoder', () => {
  installFastDerEncoder();
  const certificates = recordedCertificates();

  it("is installed: the encoder compared with is the library's own, not the fast one", () => {
    expect(ASN1Obj.prototype.toDER).not.toBe(originalToDER);
  });

  it('finds the recorded certificates', () => {
    expect(certificates.length).toBeGreaterThan(15);
  });

  it('encodes every node of every recorded certificate exactly as the library does', () => {
    let nodes = 0;
    for (const der of certificates) {
      const root = X509Certificate.parse(der).root;
      expect(Buffer.from(root.toDER()).equals(der)).toBe(true);
      for (const node of allNodes(root)) {
        expect(Buffer.from(node.toDER()).equals(originalToDER.call(node))).toBe(true);
        nodes += 1;
      }
    }
    expect(nodes).toBeGreaterThan(1000);
  });

  it('follows edits to the tree (derived: an extension removed, as the SCT check does)', () => {
    for (const der of certificates) {
      const cert = X509Certificate.parse(der);
      if (cert.extensions.length < 2) continue;
      cert.tbsCertificate.toDER(); // encode once before the edit: nothing may be cached
      cert.extensions.splice(0, 1);
      const after = cert.tbsCertificate;
      expect(Buffer.from(after.toDER()).equals(originalToDER.call(after))).toBe(true);
    }
  });

  it('writes long-form lengths (derived: a 300-byte and a 70 000-byte primitive)', () => {
    const [template] = allNodes(X509Certificate.parse(certificates[0] as Buffer<ArrayBuffer>).root).filter(
      (n) => n.subs.length === 0,
    );
    if (!template) throw new Error('no primitive node');
    for (const size of [127, 128, 255, 256, 300, 70_000]) {
      const node = new ASN1Obj(template.tag, Buffer.alloc(size, 7), []);
      expect(Buffer.from(node.toDER()).equals(originalToDER.call(node))).toBe(true);
    }
  });
});
