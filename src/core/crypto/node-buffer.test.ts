// node-buffer.ts against Node's own Buffer: the `buffer` package, made Node-compatible,
// must convert every seeded input as Node does, in the three conversions it changes and in
// the ones it leaves to the package (base64, ascii, latin1).
import { createRequire } from 'node:module';
import type * as NodeBufferModule from 'node:buffer';
import type * as BufferModule from 'buffer';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../../test/support/rng';
import { nodeCompatible, nodeHexBytes } from './node-buffer';

const require = createRequire(import.meta.url);
const NodeBuffer = (require('node:buffer') as typeof NodeBufferModule).Buffer;

type PackageBuffer = typeof BufferModule.Buffer;

/** A fresh copy of the `buffer` package (`buffer/`: the package, not Node's builtin). */
function freshPackage(): PackageBuffer {
  const path = require.resolve('buffer/');
  delete require.cache[path];
  return (require('buffer/') as typeof BufferModule).Buffer;
}

const Patched = nodeCompatible(freshPackage());

const HEX_ALPHABET = '0123456789abcdefABCDEF' + 'gxz -\n\u00e9';
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/' + '=-_ \n\t.*\u00e9%';
const UTF16_UNITS = [0xd800, 0xdbff, 0xdc00, 0xdfff, 0xd83d, 0xde00, 0x41, 0xe9, 0x20ac, 0xfeff, 0];
const UTF8_BYTES = [
  0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0xc3, 0x80, 0x41, 0xed, 0xa0, 0xff, 0xc0, 0xf4, 0x90, 0xbf, 0xef, 0xbb,
];

function text(rng: ReturnType<typeof makeRng>, alphabet: string, common: number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[rng.int(rng.int(4) === 0 ? alphabet.length : common)];
  return out;
}

const hex = (bytes: Uint8Array): string => NodeBuffer.from(bytes).toString('hex');

describe('the browser’s Buffer, made to convert as Node does', () => {
  it('is needed: the package alone converts these otherwise than Node', () => {
    const plain = freshPackage();
    expect(hex(plain.from('cz', 'hex'))).toBe('0c');
    expect(hex(NodeBuffer.from('cz', 'hex'))).toBe('');
    expect(hex(plain.from('ab 0', 'hex'))).toBe('ab00');
    expect(hex(plain.from('a\ud800\ud800', 'utf8'))).toBe('61efbfbd');
    expect(hex(NodeBuffer.from('a\ud800\ud800', 'utf8'))).toBe('61efbfbdefbfbd');
    expect(plain.from([0xe2, 0x82]).toString('utf8')).toBe('\ufffd\ufffd');
    expect(NodeBuffer.from([0xe2, 0x82]).toString('utf8')).toBe('\ufffd');
  });

  it('hex: 20,000 seeded strings decode as in Node (pairs up to the first that is not hex)', () => {
    const rng = makeRng(0x4e78);
    for (let i = 0; i < 20_000; i++) {
      const input = text(rng, HEX_ALPHABET, 22, rng.int(24));
      const expected = hex(NodeBuffer.from(input, 'hex'));
      expect(hex(Patched.from(input, 'hex')), JSON.stringify(input)).toBe(expected);
      expect(hex(Patched.from(input, 'HEX' as 'hex')), JSON.stringify(input)).toBe(expected);
      expect(hex(nodeHexBytes(input)), JSON.stringify(input)).toBe(expected);
      expect(Patched.byteLength(input, 'hex'), JSON.stringify(input)).toBe(expected.length / 2);
    }
  });

  it('UTF-8: 20,000 seeded strings with unpaired surrogates encode as in Node', () => {
    const rng = makeRng(0x7538);
    for (let i = 0; i < 20_000; i++) {
      const input = String.fromCharCode(...Array.from({ length: rng.int(8) }, () => rng.pick(UTF16_UNITS)));
      const expected = hex(NodeBuffer.from(input, 'utf8'));
      for (const encoding of [undefined, 'utf8', 'utf-8', 'UTF-8', ''] as const) {
        expect(hex(Patched.from(input, encoding as 'utf8')), `${JSON.stringify(input)} ${encoding}`).toBe(expected);
      }
      expect(Patched.byteLength(input), JSON.stringify(input)).toBe(expected.length / 2);
    }
  });

  it('UTF-8: 20,000 seeded byte strings decode as in Node, whole and in ranges, a BOM kept', () => {
    const rng = makeRng(0xdec0);
    for (let i = 0; i < 20_000; i++) {
      const bytes = Array.from({ length: rng.int(8) }, () => rng.pick(UTF8_BYTES));
      const node = NodeBuffer.from(bytes);
      const ours = Patched.from(bytes);
      expect(ours.toString(), hex(node)).toBe(node.toString());
      expect(ours.toString('utf-8'), hex(node)).toBe(node.toString('utf-8'));
      const start = rng.int(10) - 1;
      const end = rng.int(10) - 1;
      expect(ours.toString('utf8', start, end), `${hex(node)} ${start} ${end}`).toBe(node.toString('utf8', start, end));
    }
  });

  it('base64, ascii and latin1, left to the package: 20,000 seeded inputs convert as in Node', () => {
    const rng = makeRng(0xba5e);
    for (let i = 0; i < 20_000; i++) {
      const input = text(rng, BASE64_ALPHABET, 64, rng.int(24));
      expect(hex(Patched.from(input, 'base64')), JSON.stringify(input)).toBe(hex(NodeBuffer.from(input, 'base64')));
      const bytes = rng.bytes(rng.int(12));
      expect(Patched.from(bytes).toString('base64')).toBe(NodeBuffer.from(bytes).toString('base64'));
      expect(Patched.from(bytes).toString('ascii')).toBe(NodeBuffer.from(bytes).toString('ascii'));
      expect(Patched.from(bytes).toString('latin1')).toBe(NodeBuffer.from(bytes).toString('latin1'));
    }
  });

  it('keeps the package’s class: results are its Buffers, and patching twice changes nothing', () => {
    const from = Patched.from;
    expect(nodeCompatible(Patched)).toBe(Patched);
    expect(Patched.from).toBe(from);
    const decoded = Patched.from('abcd', 'hex');
    expect(Patched.isBuffer(decoded)).toBe(true);
    expect(decoded.equals(Patched.from([0xab, 0xcd]))).toBe(true);
    expect(Patched.from('héllo').toString('hex')).toBe('68c3a96c6c6f');
  });
});
