// The #/verify page's input parsers: JSON text, digests, identities, and the artifact's digests.
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import { integrityFromHex, readBundle } from '../../../../test/support/derived-record';
import { listFixtures } from '../../../../test/support/fixtures';
import { digestArtifact, parseDigestInput } from './digest';
import { parseIdentityInput } from './identity-rule';
import { findJsonError, parseJsonText } from './json-text';

const BUNDLE_FILES = listFixtures('sigstore/bundles');

describe('input parsers', () => {
  it('parseJsonText locates errors by line and column', () => {
    const result = parseJsonText('{\n"a": 1,\n}');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.message).toBe(
        'at line 2, column 8 (character 10): a comma before "}" (trailing commas are not JSON).',
      );
  });

  it('parseDigestInput reads prefixed hex, SRI (several) and bare hex', () => {
    const hex = 'ab'.repeat(64);
    expect(parseDigestInput(`sha512:${hex}`).digests).toEqual([{ algorithm: 'sha512', hex }]);
    expect(
      parseDigestInput(`${integrityFromHex(hex)} sha256-${Buffer.alloc(32, 1).toString('base64')}`).digests,
    ).toEqual([
      { algorithm: 'sha512', hex },
      { algorithm: 'sha256', hex: '01'.repeat(32) },
    ]);
    expect(parseDigestInput('cd'.repeat(32)).digests).toEqual([{ algorithm: 'sha256', hex: 'cd'.repeat(32) }]);
    expect(parseDigestInput('sha512-AAAA').ok).toBe(false);
  });

  it('parseIdentityInput tells a SAN from the GitHub shorthand', () => {
    expect(parseIdentityInput('https://github.com/o/r/.github/workflows/x.yml@refs/tags/v1')).toMatchObject({
      ok: true,
      value: { kind: 'exact' },
    });
    expect(parseIdentityInput('someone@example.com')).toMatchObject({ ok: true, value: { kind: 'exact' } });
    expect(parseIdentityInput('o/r:release.yml@refs/tags/v1')).toMatchObject({
      ok: true,
      value: { kind: 'github', owner: 'o', repo: 'r', workflow: '.github/workflows/release.yml', ref: 'refs/tags/v1' },
    });
    expect(parseIdentityInput('o r').ok).toBe(false);
  });
});

describe('findJsonError', () => {
  it.each([
    ['{"a": 1,}', 7, /trailing commas/],
    ['{"a" 1}', 5, /expected ":"/],
    ['{"a": tru}', 6, /unexpected "t"/],
    ['[1, 2', 5, /ends too early/],
    ['{"a": "b\nc"}', 8, /control characters/],
    ['{} x', 3, /after the end/],
    ["{'a': 1}", 1, /property name in double quotes, not "'"/],
  ])('%j fails at offset %i', (text, offset, reason) => {
    const found = findJsonError(text);
    expect(found?.offset).toBe(offset);
    expect(found?.reason).toMatch(reason);
  });

  it('finds nothing in valid JSON (every recorded bundle)', () => {
    for (const file of BUNDLE_FILES) expect(findJsonError(JSON.stringify(readBundle(file), null, 2))).toBeUndefined();
  });
});

describe('digestArtifact', () => {
  it('gives the standard sha256/sha384/sha512 of "abc" (FIPS 180-2 test vectors)', async () => {
    const result = await digestArtifact(new Blob(['abc']));
    expect(result.size).toBe(3);
    expect(result.digests).toEqual([
      { algorithm: 'sha256', hex: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
      {
        algorithm: 'sha384',
        hex: 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
      },
      {
        algorithm: 'sha512',
        hex: 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
      },
    ]);
    expect(Buffer.from(result.bytes ?? []).toString()).toBe('abc');
  });
});
