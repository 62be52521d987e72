// createVerificationContext: what it builds from the recorded trusted roots and keys.
import { describe, expect, it } from 'vitest';
import { olderPublicGoodRoot, publicGoodRoot, registryKeys } from '../../../test/support/derived-record';
import { KeyNotFoundError, createVerificationContext } from './verification-context';

describe('createVerificationContext', () => {
  it('indexes the Rekor logs of the public-good root by log id (v1 and the Rekor v2 shard)', () => {
    const ctx = createVerificationContext({ trustedRoot: publicGoodRoot(), npmKeys: registryKeys() });
    expect(Object.fromEntries(ctx.tlogBaseUrls)).toEqual({
      'wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0=': 'https://rekor.sigstore.dev',
      'zxGZFVvd0FEmjR8WrFwMdcAJ9vtaY/QXf44Y1wUeP6A=': 'https://log2025-1.rekor.sigstore.dev',
    });
    expect(ctx.npmKeys.map((k) => k.keyId)).toEqual(registryKeys().map((k) => k.keyId));
    expect(ctx.keyCache.size).toBe(0);
  });

  it('the older root has no Rekor v2 log', () => {
    const ctx = createVerificationContext({ trustedRoot: olderPublicGoodRoot(), npmKeys: [] });
    expect([...ctx.tlogBaseUrls.values()]).toEqual(['https://rekor.sigstore.dev']);
  });

  it('derived: a root with no logs builds an empty index, and then nothing verifies', () => {
    const empty = createVerificationContext({
      trustedRoot: {
        mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
        tlogs: [],
        certificateAuthorities: [],
        ctlogs: [],
        timestampAuthorities: [],
      },
      npmKeys: [],
    });
    expect(empty.tlogBaseUrls.size).toBe(0);
    // The trust material is built once, here; `{}` parses as an empty root too (the
    // protobuf reader fills defaults), only a non-object root is refused outright.
    expect(createVerificationContext({ trustedRoot: {}, npmKeys: [] }).tlogBaseUrls.size).toBe(0);
    expect(() => createVerificationContext({ trustedRoot: null, npmKeys: [] })).toThrow();
  });

  it('KeyNotFoundError carries the KEY_NOT_FOUND code the bundle check maps', () => {
    const error = new KeyNotFoundError('x');
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('KEY_NOT_FOUND');
    expect(error.message).toBe('x');
  });
});
