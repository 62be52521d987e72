import { describe, expect, it } from 'vitest';
import { readFixture } from '../../../test/support/fixtures';
import { NEW_KEY_ID, OLD_KEY_ID } from '../../../test/support/derived-record';
import {
  NPM_KEY_SCHEME,
  keyValidAt,
  parseRegistryKeysResponse,
  parseTufRegistryKeys,
  type RegistryKey,
} from './npm-keys';

const OLD_SPKI =
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE1Olb3zMAFFxXKHiIkQO5cJ3Yhl5i6UPp+IhuteBJbuHcA5UogKo0EWtlWwW6KSaKoTNEYL7JlCQiVnkhBktUgg==';
const NEW_SPKI =
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEY6Ya7W++7aUPzvMTrezH6Ycx3c+HOKYCcNGybJZSCJq/fd7Qa8uuAKtdIkUQtQiEKERhAmE5lMMJhP8OkDOa2g==';

describe('parseRegistryKeysResponse (GET /-/npm/v1/keys)', () => {
  it('reads the recorded response: the old key with its expiry, the new key without one', () => {
    expect(parseRegistryKeysResponse(readFixture('registry/keys/npm-v1-keys.json'))).toEqual([
      {
        keyId: OLD_KEY_ID,
        publicKey: OLD_SPKI,
        scheme: NPM_KEY_SCHEME,
        validUntil: '2025-01-29T00:00:00.000Z',
        origin: 'registry',
      },
      { keyId: NEW_KEY_ID, publicKey: NEW_SPKI, scheme: NPM_KEY_SCHEME, origin: 'registry' },
    ]);
  });

  it.each([null, undefined, 'keys', 1, [], {}, { keys: null }, { keys: {} }, { keys: 'x' }])(
    '%j gives no keys',
    (doc) => {
      expect(parseRegistryKeysResponse(doc)).toEqual([]);
    },
  );

  it('skips malformed entries and keeps the rest; a missing scheme defaults to npm’s', () => {
    const keys = parseRegistryKeysResponse({
      keys: [
        null,
        'x',
        [],
        { keyid: 1, key: 'k' },
        { keyid: 'a' },
        { key: 'k' },
        { keyid: 'ok', key: 'k', expires: 5 },
        { keyid: 'other', key: 'k2', scheme: 'ed25519', expires: '2030-01-01T00:00:00.000Z' },
      ],
    });
    expect(keys).toEqual([
      { keyId: 'ok', publicKey: 'k', scheme: NPM_KEY_SCHEME, origin: 'registry' },
      {
        keyId: 'other',
        publicKey: 'k2',
        scheme: 'ed25519',
        validUntil: '2030-01-01T00:00:00.000Z',
        origin: 'registry',
      },
    ]);
  });
});

describe('parseTufRegistryKeys (Sigstore TUF target registry.npmjs.org/keys.json)', () => {
  it('merges the recorded target into one key per id, with both usages and the widest window', () => {
    expect(parseTufRegistryKeys(readFixture('registry/keys/registry-keys.tuf-target.json'))).toEqual([
      {
        keyId: OLD_KEY_ID,
        publicKey: OLD_SPKI,
        scheme: NPM_KEY_SCHEME,
        // npm:signatures from 1999, npm:attestations from 2022-12-01: the earlier start.
        validFrom: '1999-01-01T00:00:00.000Z',
        validUntil: '2025-01-29T00:00:00.000Z',
        usages: ['npm:signatures', 'npm:attestations'],
        origin: 'tuf',
      },
      {
        keyId: NEW_KEY_ID,
        publicKey: NEW_SPKI,
        scheme: NPM_KEY_SCHEME,
        validFrom: '2025-01-13T00:00:00.000Z',
        usages: ['npm:signatures', 'npm:attestations'],
        origin: 'tuf',
      },
    ]);
  });

  it('both files describe the same key material', () => {
    const registry = parseRegistryKeysResponse(readFixture('registry/keys/npm-v1-keys.json'));
    const tuf = parseTufRegistryKeys(readFixture('registry/keys/registry-keys.tuf-target.json'));
    expect(tuf.map((k) => [k.keyId, k.publicKey])).toEqual(registry.map((k) => [k.keyId, k.publicKey]));
  });

  it.each([
    null,
    {},
    { keys: 'x' },
    { keys: [null, { keyId: 'a' }, { keyId: 'a', publicKey: {} }, { publicKey: { rawBytes: 'x' } }] },
  ])('%j gives no keys', (doc) => {
    expect(parseTufRegistryKeys(doc)).toEqual([]);
  });

  it('derived: an unknown usage is dropped; an unknown key type is kept under its own name', () => {
    const keys = parseTufRegistryKeys({
      keys: [{ keyId: 'k', keyUsage: 'npm:other', publicKey: { rawBytes: 'AA==', keyDetails: 'PKIX_ED25519' } }],
    });
    expect(keys).toEqual([{ keyId: 'k', publicKey: 'AA==', scheme: 'PKIX_ED25519', origin: 'tuf' }]);
  });

  it('derived: an open-ended usage makes the merged key open-ended', () => {
    const keys = parseTufRegistryKeys({
      keys: [
        {
          keyId: 'k',
          keyUsage: 'npm:signatures',
          publicKey: {
            rawBytes: 'AA==',
            keyDetails: 'PKIX_ECDSA_P256_SHA_256',
            validFor: { start: '2020-01-01T00:00:00Z', end: '2021-01-01T00:00:00Z' },
          },
        },
        {
          keyId: 'k',
          keyUsage: 'npm:attestations',
          publicKey: {
            rawBytes: 'AA==',
            keyDetails: 'PKIX_ECDSA_P256_SHA_256',
            validFor: { start: '2020-06-01T00:00:00Z' },
          },
        },
      ],
    });
    expect(keys).toHaveLength(1);
    expect(keys[0]?.validUntil).toBeUndefined();
    expect(keys[0]?.validFrom).toBe('2020-01-01T00:00:00Z');
  });

  it(
    'derived: a usage without a start does not widen the merged window to the beginning',
    () => {
      // The merge widens `validUntil` when a usage has no end (deletes it), but never
      // widens `validFrom` when a usage has no start: the result depends on the order.
      const keys = parseTufRegistryKeys({
        keys: [
          {
            keyId: 'k',
            keyUsage: 'npm:signatures',
            publicKey: { rawBytes: 'AA==', validFor: { start: '2022-01-01T00:00:00Z' } },
          },
          { keyId: 'k', keyUsage: 'npm:attestations', publicKey: { rawBytes: 'AA==' } },
        ],
      });
      expect(keys[0]?.validFrom).toBeUndefined();
    },
  );
});

describe('keyValidAt', () => {
  const key: RegistryKey = {
    keyId: 'k',
    publicKey: 'x',
    scheme: NPM_KEY_SCHEME,
    validFrom: '2023-01-01T00:00:00.000Z',
    validUntil: '2025-01-29T00:00:00.000Z',
    origin: 'tuf',
  };

  it.each([
    ['2022-12-31T23:59:59.999Z', false],
    ['2023-01-01T00:00:00.000Z', true], // the start is inclusive
    ['2024-06-01T00:00:00.000Z', true],
    ['2025-01-28T23:59:59.999Z', true],
    ['2025-01-29T00:00:00.000Z', false], // the end is exclusive
    ['2030-01-01T00:00:00.000Z', false],
  ])('at %s → %s', (when, valid) => {
    expect(keyValidAt(key, new Date(when))).toBe(valid);
  });

  it('a key without a window is valid at any time; open ends are open', () => {
    expect(keyValidAt({ ...key, validFrom: undefined, validUntil: undefined }, new Date(0))).toBe(true);
    expect(keyValidAt({ ...key, validUntil: undefined }, new Date('2099-01-01'))).toBe(true);
    expect(keyValidAt({ ...key, validFrom: undefined }, new Date('1970-01-02'))).toBe(true);
  });

  it('an unreadable time is no time at which a key with a window was valid (as npm has it)', () => {
    const invalid = new Date(Number.NaN);
    expect(keyValidAt(key, invalid)).toBe(false);
    expect(keyValidAt({ ...key, validFrom: undefined }, invalid)).toBe(false);
    expect(keyValidAt({ ...key, validUntil: undefined }, invalid)).toBe(false);
    expect(keyValidAt({ ...key, validFrom: undefined, validUntil: undefined }, invalid)).toBe(true);
  });

  it('judges the recorded keys at the time of the rotation', () => {
    const [oldKey, newKey] = parseTufRegistryKeys(readFixture('registry/keys/registry-keys.tuf-target.json'));
    // Both were valid during the overlap (13–29 January 2025).
    const overlap = new Date('2025-01-20T00:00:00.000Z');
    expect(keyValidAt(oldKey!, overlap)).toBe(true);
    expect(keyValidAt(newKey!, overlap)).toBe(true);
    expect(keyValidAt(oldKey!, new Date('2025-02-01T00:00:00.000Z'))).toBe(false);
    expect(keyValidAt(newKey!, new Date('2024-12-31T00:00:00.000Z'))).toBe(false);
  });
});
