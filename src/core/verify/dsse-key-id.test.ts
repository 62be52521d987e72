// dsseKeyIdProblem on the recorded npm attestations and copies of them edited in code
// (derived): npm's client chooses the key by the DSSE signature's key id.
import { describe, expect, it } from 'vitest';
import {
  asBundle,
  clone,
  entryOf,
  OLD_KEY_ID,
  readAttestations,
  registryKeys,
} from '../../../test/support/derived-record';
import { dsseKeyIdProblem } from './dsse-key-id';

const response = readAttestations('tuf-js@1.0.0.json');
const publish = asBundle(entryOf(response, 'publish').bundle);
const provenance = asBundle(entryOf(response, 'provenance').bundle);
const keys = registryKeys();

function withKeyId<T extends { dsseEnvelope: { signatures: { keyid: string }[] } }>(bundle: T, keyid: string): T {
  const copy = clone(bundle);
  copy.dsseEnvelope.signatures[0]!.keyid = keyid;
  return copy;
}

describe('dsseKeyIdProblem', () => {
  it('accepts the recorded bundles: the publish key named by both, the provenance naming none', () => {
    expect(dsseKeyIdProblem(publish, keys)).toBeUndefined();
    expect(dsseKeyIdProblem(provenance, keys)).toBeUndefined();
  });

  it('derived: a publish attestation whose signature names no key, or a key npm does not serve, or another than its hint', () => {
    expect(dsseKeyIdProblem(withKeyId(publish, ''), keys)).toMatchObject({ code: 'KEY_NOT_FOUND' });
    expect(dsseKeyIdProblem(withKeyId(publish, 'SHA256:unknown'), keys)?.message).toContain("not one of npm's keys");
    const otherKey = keys.find((k) => k.keyId !== OLD_KEY_ID)!.keyId;
    expect(dsseKeyIdProblem(withKeyId(publish, otherKey), keys)?.message).toContain('its verification material');
  });

  it("derived: a provenance whose signature names npm's key is judged by that key's window at the log time", () => {
    // tuf-js@1.0.0 was logged in 2023, inside the old key's window (to 2025-01-29).
    expect(dsseKeyIdProblem(withKeyId(provenance, OLD_KEY_ID), keys)).toBeUndefined();
    const ended = keys.map((k) => ({ ...k, validUntil: '2020-01-01T00:00:00.000Z' }));
    expect(dsseKeyIdProblem(withKeyId(provenance, OLD_KEY_ID), ended)).toMatchObject({ code: 'KEY_NOT_VALID_AT_TIME' });
    const untimed = withKeyId(provenance, OLD_KEY_ID);
    delete (untimed.verificationMaterial.tlogEntries[0] as { integratedTime?: string }).integratedTime;
    expect(dsseKeyIdProblem(untimed, keys)?.message).toContain('no readable time');
    const windowless = keys.map((k) => ({ ...k, validFrom: undefined, validUntil: undefined }));
    expect(dsseKeyIdProblem(untimed, windowless)).toBeUndefined();
    expect(dsseKeyIdProblem(withKeyId(provenance, 'SHA256:unknown'), keys)).toMatchObject({ code: 'KEY_NOT_FOUND' });
  });

  it('derived: garbage never throws', () => {
    for (const bundle of [
      undefined,
      null,
      1,
      'x',
      {},
      { dsseEnvelope: {} },
      { dsseEnvelope: { signatures: 'x' } },
      { verificationMaterial: { publicKey: null } },
    ]) {
      expect(() => dsseKeyIdProblem(bundle, keys)).not.toThrow();
    }
  });
});
