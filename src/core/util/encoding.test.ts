// The core's hex, base64 and SRI helpers, against Node's Buffer as the reference.
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, bytesToHex, parseSriPart, sriDigestHex } from './encoding';

const bytes = Uint8Array.from({ length: 70 }, (_, i) => (i * 37 + 11) % 256);
const sha512Hex = Buffer.from(Uint8Array.from({ length: 64 }, (_, i) => i)).toString('hex');
const sha512Sri = `sha512-${Buffer.from(sha512Hex, 'hex').toString('base64')}`;

describe('hex and base64', () => {
  it('agree with Buffer', () => {
    expect(bytesToHex(bytes)).toBe(Buffer.from(bytes).toString('hex'));
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect([...base64ToBytes(Buffer.from(bytes).toString('base64'))]).toEqual([...bytes]);
  });

  it('base64ToBytes refuses what is not base64 (Buffer would skip it silently)', () => {
    for (const text of ['', 'ab cd', 'ab-_', 'abc=d', 'a', '====']) expect(() => base64ToBytes(text), text).toThrow();
    expect([...base64ToBytes('AQI')]).toEqual([1, 2]); // padding is optional
  });
});

describe('SRI', () => {
  it('parseSriPart reads one hash expression, options ignored', () => {
    expect(parseSriPart(`${sha512Sri}?opt`)).toEqual({ algorithm: 'sha512', hex: sha512Hex });
    expect(parseSriPart('sha256-AQI=')).toEqual({ algorithm: 'sha256', hex: '0102' });
    expect(parseSriPart('sha1-AQI=')).toBeUndefined();
    expect(parseSriPart('sha512-A')).toEqual({ algorithm: 'sha512' }); // base64 that does not decode
  });

  it('sriDigestHex picks the well-formed hash of the algorithm among several', () => {
    expect(sriDigestHex(`sha1-AQI= sha512-!!!! ${sha512Sri}`, 'sha512')).toBe(sha512Hex);
    expect(sriDigestHex('sha512-AQI=', 'sha512')).toBeUndefined(); // 2 bytes, not 64
    expect(sriDigestHex(sha512Sri, 'sha256')).toBeUndefined();
    expect(sriDigestHex(undefined, 'sha512')).toBeUndefined();
  });
});
