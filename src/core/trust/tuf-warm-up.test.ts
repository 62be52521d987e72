import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Key } from '@tufjs/models';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildTufRepositories } from '../../../e2e/fixture-registry/tuf-repository';
import { readFixture } from '../../../test/support/fixtures';
import { hasEcdsaKeys, warmSignatureChecks } from './tuf-warm-up';

/** The public-good TUF root installed with @sigstore/tuf (five ECDSA P-256 keys, five signatures). */
function publicGoodTufRoot(): string {
  const seeds = JSON.parse(
    readFileSync(createRequire(import.meta.url).resolve('@sigstore/tuf/seeds.json'), 'utf8'),
  ) as Record<string, Record<string, string>>;
  return Buffer.from(seeds['https://tuf-repo-cdn.sigstore.dev']!['root.json']!, 'base64').toString('utf8');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('warmSignatureChecks', () => {
  it('checks one signature per key type: the public-good root (P-256) and a derived one (Ed25519)', () => {
    const checks = vi.spyOn(Key.prototype, 'verifySignature');
    warmSignatureChecks(publicGoodTufRoot());
    expect(checks).toHaveBeenCalledTimes(1);

    checks.mockClear();
    const derived = buildTufRepositories({
      trustedRoot: JSON.stringify(readFixture('sigstore/trusted-roots/public-good.json')),
      npmKeys: '{"keys":[]}',
    });
    warmSignatureChecks(derived.initialRoot);
    expect(checks).toHaveBeenCalledTimes(1);

    // ECDSA keys left out when WebCrypto makes their checks; Ed25519 keys still warmed.
    checks.mockClear();
    warmSignatureChecks(publicGoodTufRoot(), { nativeEcdsa: true });
    expect(checks).not.toHaveBeenCalled();
    warmSignatureChecks(derived.initialRoot, { nativeEcdsa: true });
    expect(checks).toHaveBeenCalledTimes(1);
  });

  it('hasEcdsaKeys: the public-good root and a derived ECDSA one, not an Ed25519 one nor what is not a root', () => {
    const derived = (keyType: 'ed25519' | 'ecdsa-p256') =>
      buildTufRepositories({ trustedRoot: '{}', npmKeys: '{"keys":[]}', keyType }).initialRoot;
    expect(hasEcdsaKeys(publicGoodTufRoot())).toBe(true);
    expect(hasEcdsaKeys(derived('ecdsa-p256'))).toBe(true);
    expect(hasEcdsaKeys(derived('ed25519'))).toBe(false);
    expect(hasEcdsaKeys('not json')).toBe(false);
    expect(hasEcdsaKeys('{"signed":{"_type":"root"}}')).toBe(false);
  });

  it('never throws: text that is not a root, a root whose signature does not verify', () => {
    expect(() => warmSignatureChecks('not json')).not.toThrow();
    expect(() => warmSignatureChecks('{"signed":{"_type":"targets"}}')).not.toThrow();
    const root = JSON.parse(publicGoodTufRoot()) as { signatures: { sig: string }[] };
    for (const signature of root.signatures) signature.sig = '00'.repeat(70);
    const checks = vi.spyOn(Key.prototype, 'verifySignature');
    expect(() => warmSignatureChecks(JSON.stringify(root))).not.toThrow();
    expect(checks).toHaveBeenCalledTimes(1);
  });
});
