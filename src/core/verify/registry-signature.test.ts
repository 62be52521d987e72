// npm's registry signatures (`dist.signatures`) over every recorded packument, and over
// versions altered in code (derived). Runs in both test projects: with Node's crypto
// and with the noble-curves shim.
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import type { VersionRecord } from '../model';
import type { RegistryKey } from '../registry/npm-keys';
import { listFixtures } from '../../../test/support/fixtures';
import {
  NEW_KEY_ID,
  OLD_KEY_ID,
  derivedVersion,
  flipBase64Bit,
  loadPackument,
  registryKeys,
  tufKeys,
} from '../../../test/support/derived-record';
import { checkRegistrySignature } from './registry-signature';

const PACKUMENT_NAMES = listFixtures('registry/packuments').map((file) =>
  file.replace(/\.json$/, '').replace('_', '/'),
);
const ALL_VERSIONS: VersionRecord[] = PACKUMENT_NAMES.flatMap((name) => loadPackument(name).versions);

function version(pkg: string, v: string): VersionRecord {
  const found = loadPackument(pkg).versions.find((r) => r.version === v);
  if (!found) throw new Error(`${pkg}@${v} not recorded`);
  return found;
}

/** A recorded version signed with the old key (2.7.16, December 2023). */
const VUE_OLD = version('vue', '2.7.16');
/** A recorded version signed with the new key (3.5.27, January 2026). */
const VUE_NEW = version('vue', '3.5.27');

describe('registry signatures of the recorded packuments', () => {
  it('every dist.signatures entry verifies with the recorded /-/npm/v1/keys keys, each judged at its publish time', () => {
    const keys = registryKeys();
    const byKey = new Map<string, number>();
    let checked = 0;
    for (const record of ALL_VERSIONS) {
      for (const signature of record.dist.signatures) {
        // One signature at a time, so a pass of another signature cannot hide a failure.
        const result = checkRegistrySignature({ ...record, dist: { ...record.dist, signatures: [signature] } }, keys);
        expect(result, `${record.name}@${record.version}`).toMatchObject({
          outcome: 'pass',
          code: 'OK',
          keyId: signature.keyid,
        });
        expect(result.message).toContain('valid at publish time');
        expect(result.message).toContain('a key only the registry itself vouches for');
        byKey.set(signature.keyid, (byKey.get(signature.keyid) ?? 0) + 1);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(150);
    // Both of npm's keys appear: the packuments mix them (the rotation of January 2025).
    expect(byKey.get(OLD_KEY_ID)).toBeGreaterThan(50);
    expect(byKey.get(NEW_KEY_ID)).toBeGreaterThan(50);
    expect([...byKey.keys()].sort()).toEqual([NEW_KEY_ID, OLD_KEY_ID].sort());
  });

  it('every signature also verifies with the keys of the TUF target, which the results do not flag', () => {
    const keys = tufKeys();
    let checked = 0;
    for (const record of ALL_VERSIONS.filter((r) => r.dist.signatures.length > 0)) {
      const result = checkRegistrySignature(record, keys);
      expect(result.outcome, `${record.name}@${record.version}`).toBe('pass');
      expect(result.message).not.toContain('vouches');
      checked++;
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('the old key signed only versions published before it expired, the new key only after it started', () => {
    for (const record of ALL_VERSIONS) {
      for (const signature of record.dist.signatures) {
        if (signature.keyid === OLD_KEY_ID) expect(record.publishedAt! < '2025-01-29').toBe(true);
        if (signature.keyid === NEW_KEY_ID) expect(record.publishedAt! >= '2025-01-13').toBe(true);
      }
    }
  });

  it('tweetnacl (2014–2020, no dist.signatures) is a skip, not a failure', () => {
    const versions = loadPackument('tweetnacl').versions;
    expect(versions.length).toBe(25);
    for (const record of versions) {
      expect(checkRegistrySignature(record, registryKeys())).toMatchObject({
        step: 'registry-signature',
        outcome: 'skip',
        code: 'REGISTRY_SIGNATURE_MISSING',
      });
    }
  });
});

describe('derived: altered versions fail the registry signature', () => {
  const keys = registryKeys();

  it('derived: a flipped bit in the signature → REGISTRY_SIGNATURE_INVALID', () => {
    for (const base of [VUE_OLD, VUE_NEW]) {
      const sig = base.dist.signatures[0]!;
      for (const at of [8, 20, 40, 60]) {
        const record = derivedVersion(base, {
          dist: { ...base.dist, signatures: [{ ...sig, sig: flipBase64Bit(sig.sig, at, 3) }] },
        });
        const result = checkRegistrySignature(record, keys);
        expect(result).toMatchObject({ outcome: 'fail', code: 'REGISTRY_SIGNATURE_INVALID', keyId: sig.keyid });
        expect(result.message).toContain(`vue@${base.version}:${base.dist.integrity}`);
      }
    }
  });

  it("derived: a changed integrity (another version's) → REGISTRY_SIGNATURE_INVALID", () => {
    const record = derivedVersion(VUE_NEW, {
      dist: { ...VUE_NEW.dist, integrity: version('vue', '3.5.26').dist.integrity },
    });
    expect(checkRegistrySignature(record, keys)).toMatchObject({ outcome: 'fail', code: 'REGISTRY_SIGNATURE_INVALID' });
  });

  it("derived: another version's signature on this version → REGISTRY_SIGNATURE_INVALID (the version is signed)", () => {
    const record = derivedVersion(VUE_NEW, { version: '3.5.26' });
    expect(checkRegistrySignature(record, keys).code).toBe('REGISTRY_SIGNATURE_INVALID');
    const renamed = derivedVersion(VUE_NEW, { name: 'vue2' });
    expect(checkRegistrySignature(renamed, keys).code).toBe('REGISTRY_SIGNATURE_INVALID');
  });

  it('derived: signature bytes that are not a DER signature at all → REGISTRY_SIGNATURE_INVALID, no exception', () => {
    for (const sig of ['', 'AAAA', '!!!not base64!!!', Buffer.alloc(72, 0xff).toString('base64'), 'MEUCIQ==']) {
      const record = derivedVersion(VUE_NEW, { dist: { ...VUE_NEW.dist, signatures: [{ keyid: NEW_KEY_ID, sig }] } });
      expect(checkRegistrySignature(record, keys).code, sig).toBe('REGISTRY_SIGNATURE_INVALID');
    }
  });

  it('derived: an unknown key id → KEY_NOT_FOUND naming it', () => {
    const record = derivedVersion(VUE_NEW, {
      dist: { ...VUE_NEW.dist, signatures: [{ keyid: 'SHA256:unknown', sig: VUE_NEW.dist.signatures[0]!.sig }] },
    });
    const result = checkRegistrySignature(record, keys);
    expect(result).toMatchObject({ outcome: 'fail', code: 'KEY_NOT_FOUND', keyId: 'SHA256:unknown' });
    expect(result.message).toContain('SHA256:unknown');
    expect(checkRegistrySignature(VUE_NEW, [])).toMatchObject({ code: 'KEY_NOT_FOUND' });
  });

  it('derived: the old key on a version moved to after 2025-01-29 → KEY_NOT_VALID_AT_TIME', () => {
    const moved = derivedVersion(VUE_OLD, { publishedAt: '2025-02-01T12:00:00.000Z' });
    const result = checkRegistrySignature(moved, keys);
    expect(result).toMatchObject({ outcome: 'fail', code: 'KEY_NOT_VALID_AT_TIME', keyId: OLD_KEY_ID });
    expect(result.message).toContain('2025-02-01T12:00:00.000Z');
    expect(result.message).toContain('2025-01-29T00:00:00.000Z');
  });

  it('derived: the expiry is exclusive: valid a millisecond before, not valid at the instant', () => {
    const before = derivedVersion(VUE_OLD, { publishedAt: '2025-01-28T23:59:59.999Z' });
    expect(checkRegistrySignature(before, keys).outcome).toBe('pass');
    const at = derivedVersion(VUE_OLD, { publishedAt: '2025-01-29T00:00:00.000Z' });
    expect(checkRegistrySignature(at, keys).code).toBe('KEY_NOT_VALID_AT_TIME');
  });

  it('derived: the new key before its TUF start (2025-01-13) is not valid; the registry endpoint gives no start', () => {
    const early = derivedVersion(VUE_NEW, { publishedAt: '2024-12-01T00:00:00.000Z' });
    expect(checkRegistrySignature(early, tufKeys()).code).toBe('KEY_NOT_VALID_AT_TIME');
    expect(checkRegistrySignature(early, keys).outcome).toBe('pass');
  });

  it('derived: without a publish time the key window is not judged, and the message does not claim it was', () => {
    const undated = derivedVersion(VUE_OLD, { publishedAt: undefined });
    const result = checkRegistrySignature(undated, keys);
    expect(result.outcome).toBe('pass');
    expect(result.message).not.toContain('publish time');
  });

  it('derived: a publish time in another form is judged as npm judges it (Date.parse); an unreadable one fails a key with a window', () => {
    const otherForm = derivedVersion(VUE_OLD, { publishedAt: undefined, invalidTime: 'June 1, 2025' });
    expect(checkRegistrySignature(otherForm, keys)).toMatchObject({ outcome: 'fail', code: 'KEY_NOT_VALID_AT_TIME' });
    const otherFormBefore = derivedVersion(VUE_OLD, { publishedAt: undefined, invalidTime: 'June 1, 2024' });
    expect(checkRegistrySignature(otherFormBefore, keys).outcome).toBe('pass');
    const unreadable = derivedVersion(VUE_OLD, { publishedAt: undefined, invalidTime: 'not a date' });
    const result = checkRegistrySignature(unreadable, keys);
    expect(result).toMatchObject({ outcome: 'fail', code: 'KEY_NOT_VALID_AT_TIME' });
    expect(result.message).toContain('no readable publish time');
    // A key without a validity window is usable at any time, as npm's client has it.
    const windowless = keys.map((k) => ({ ...k, validFrom: undefined, validUntil: undefined }));
    expect(checkRegistrySignature(unreadable, windowless).outcome).toBe('pass');
  });

  it("derived: the signature covers dist.integrity as npm's client reads it (whitespace around it dropped)", () => {
    const integrity = VUE_NEW.dist.integrity!;
    const padded = derivedVersion(VUE_NEW, { dist: { ...VUE_NEW.dist, integrity: ` ${integrity}\t` } });
    expect(checkRegistrySignature(padded, keys).outcome).toBe('pass');
    const unreadable = derivedVersion(VUE_NEW, { dist: { ...VUE_NEW.dist, integrity: 'not-an-integrity?' } });
    expect(checkRegistrySignature(unreadable, keys)).toMatchObject({ outcome: 'fail', code: 'INTEGRITY_MISSING' });
  });

  it('derived: signatures without dist.integrity → INTEGRITY_MISSING', () => {
    const record = derivedVersion(VUE_NEW, { dist: { signatures: VUE_NEW.dist.signatures } });
    expect(checkRegistrySignature(record, keys)).toMatchObject({ outcome: 'fail', code: 'INTEGRITY_MISSING' });
  });

  it('derived: every signature must hold, as npm requires: a bad one beside a good one fails, named', () => {
    const good = VUE_NEW.dist.signatures[0]!;
    const unknown = { keyid: 'SHA256:unknown', sig: good.sig };
    const flipped = { ...good, sig: flipBase64Bit(good.sig, 30) };
    const withUnknown = derivedVersion(VUE_NEW, { dist: { ...VUE_NEW.dist, signatures: [good, unknown] } });
    const unknownResult = checkRegistrySignature(withUnknown, keys);
    expect(unknownResult).toMatchObject({ outcome: 'fail', code: 'KEY_NOT_FOUND' });
    expect(unknownResult.message).toContain('(signature 2 of 2)');
    const withFlipped = derivedVersion(VUE_NEW, { dist: { ...VUE_NEW.dist, signatures: [flipped, good] } });
    expect(checkRegistrySignature(withFlipped, keys)).toMatchObject({
      outcome: 'fail',
      code: 'REGISTRY_SIGNATURE_INVALID',
    });
    const twiceGood = derivedVersion(VUE_NEW, { dist: { ...VUE_NEW.dist, signatures: [good, good] } });
    expect(checkRegistrySignature(twiceGood, keys)).toMatchObject({ outcome: 'pass', keyId: NEW_KEY_ID });
  });

  it('derived: keys of another scheme or for attestations only are not used for registry signatures', () => {
    const otherScheme: RegistryKey[] = keys.map((k) => ({ ...k, scheme: 'ed25519' }));
    expect(checkRegistrySignature(VUE_NEW, otherScheme).code).toBe('KEY_NOT_FOUND');
    const attestationsOnly: RegistryKey[] = tufKeys().map((k) => ({ ...k, usages: ['npm:attestations'] }));
    expect(checkRegistrySignature(VUE_NEW, attestationsOnly).code).toBe('KEY_NOT_FOUND');
  });

  it('derived: a key under a known id but with other key material → REGISTRY_SIGNATURE_INVALID', () => {
    // The old key's material filed under the new key's id.
    const swapped: RegistryKey[] = [
      { ...keys.find((k) => k.keyId === OLD_KEY_ID)!, keyId: NEW_KEY_ID, validUntil: undefined },
    ];
    expect(checkRegistrySignature(VUE_NEW, swapped).code).toBe('REGISTRY_SIGNATURE_INVALID');
  });

  it('parses each key once into the shared cache', () => {
    const cache = new Map();
    checkRegistrySignature(VUE_NEW, keys, cache);
    expect([...cache.keys()]).toEqual([NEW_KEY_ID]);
    const cached = cache.get(NEW_KEY_ID);
    checkRegistrySignature(version('vue', '3.5.26'), keys, cache);
    expect(cache.get(NEW_KEY_ID)).toBe(cached);
    checkRegistrySignature(VUE_OLD, keys, cache);
    expect([...cache.keys()].sort()).toEqual([NEW_KEY_ID, OLD_KEY_ID].sort());
  });

  it('derived: a registry key whose material is not a key throws instead of failing', () => {
    const garbage: RegistryKey = {
      keyId: NEW_KEY_ID,
      publicKey: 'bm90IGEga2V5',
      scheme: 'ecdsa-sha2-nistp256',
      origin: 'registry',
    };
    expect(checkRegistrySignature(VUE_NEW, [garbage]).outcome).toBe('fail');
  });
});
