// A faster `ASN1Obj.prototype.toDER` for @sigstore/core, installed in the verifier
// workers.
//
// The library re-encodes certificates to DER many times per bundle: to check each
// certificate's signature (the TBS part), to compare certificates while building the
// chain (`equals` encodes both whole certificates), each time a public key is read, and
// for the SCT. Its encoder grows a fresh 1 KiB buffer for every ASN.1 node and copies as
// it goes, which made re-encoding the largest cost of verifying a bundle in the browser.
// This encoder produces the same bytes (tag byte, minimal length, then the children's
// encodings or the primitive value, exactly as the library's `toDER`) with one exact-size
// allocation per call. It keeps no cache, so it stays correct when the library edits a
// tree (the SCT check removes an extension from a cloned certificate before encoding).
// fast-der-encoder.test.ts checks byte equality on every recorded certificate.
import { Buffer } from 'buffer';
import { ASN1Obj } from '@sigstore/core';

interface Node {
  tag: { toDER(): number };
  value: Uint8Array;
  subs: Node[];
}

let installed = false;

export function installFastDerEncoder(): void {
  if (installed) return;
  installed = true;
  ASN1Obj.prototype.toDER = function toDER(this: ASN1Obj): Buffer {
    const node = this as unknown as Node;
    const out = Buffer.alloc(encodedSize(node));
    write(node, out, 0);
    return out;
  };
}

function contentSize(node: Node): number {
  if (node.subs.length === 0) return node.value.length;
  let size = 0;
  for (const sub of node.subs) size += encodedSize(sub);
  return size;
}

function encodedSize(node: Node): number {
  const content = contentSize(node);
  return 1 + lengthSize(content) + content;
}

function lengthSize(length: number): number {
  if (length < 0x80) return 1;
  let bytes = 0;
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes += 1;
  return 1 + bytes;
}

function write(node: Node, out: Uint8Array, offset: number): number {
  let at = offset;
  out[at++] = node.tag.toDER();
  const content = contentSize(node);
  at = writeLength(content, out, at);
  if (node.subs.length === 0) {
    out.set(node.value, at);
    return at + node.value.length;
  }
  for (const sub of node.subs) at = write(sub, out, at);
  return at;
}

function writeLength(length: number, out: Uint8Array, offset: number): number {
  if (length < 0x80) {
    out[offset] = length;
    return offset + 1;
  }
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  out[offset] = 0x80 | bytes.length;
  out.set(bytes, offset + 1);
  return offset + 1 + bytes.length;
}
