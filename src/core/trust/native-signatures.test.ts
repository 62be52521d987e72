// The TUF refresh with its signature checks resolved ahead by WebCrypto, as the trust
// worker runs it (`nativeSignatures`: a rehearsal whose outcome is thrown away, then the
// refresh answered from WebCrypto's results; core/verify/native-signatures.ts). Run in
// both test projects: under Node's crypto (unit) and under the browser's shim
// (browser-crypto), where the checks really go to WebCrypto.
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { TUF_CASES, buildTufRepositories, type TufCaseName } from '../../../e2e/fixture-registry/tuf-repository';
import { readFixture, resolveFixturesDir } from '../../../test/support/fixtures';
import { TUF_MIRROR, serveTufFiles } from '../../../test/support/tuf-mirror';
import { SHIM_KEY_MARKER } from '../crypto/node-crypto-shim';
import { resolveTrustedRoot, type BundledTrust } from './resolve-trusted-root';
import { memoryTufCache } from './tuf-cache';

const fixture = (file: string) => readFileSync(join(resolveFixturesDir(), file), 'utf8');
const input = {
  trustedRoot: fixture('sigstore/trusted-roots/public-good.json'),
  npmKeys: fixture('registry/keys/registry-keys.tuf-target.json'),
};
const sets = {
  Ed25519: buildTufRepositories({ ...input, keyType: 'ed25519' }),
  // As Sigstore's own repository signs.
  'ECDSA P-256': buildTufRepositories({ ...input, keyType: 'ecdsa-p256' }),
};
const bundled: BundledTrust = {
  tufRoot: sets['Ed25519'].initialRoot,
  trustedRoot: readFixture('sigstore/trusted-roots/public-good-older.json'),
  npmKeys: { keys: [] },
};
const NOW = new Date('2026-12-01T00:00:00Z');

/** Node's crypto (unit project) or the browser's shim (browser-crypto project): `node:crypto` is the shim there. */
const P256_PEM = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAExRRST79+PsrRBnGAI4cMu6Omz2Jh
fwlMW+gIutNKVRaMyS4rQKvgngc5p8UbLj55pVHhIoAxi/SRgURZI0J3Xw==
-----END PUBLIC KEY-----`;
const shimInUse = (createPublicKey(P256_PEM) as unknown as Record<symbol, unknown>)[SHIM_KEY_MARKER] === true;

function resolve(keys: keyof typeof sets, name: TufCaseName, nativeSignatures: boolean) {
  const set = sets[keys];
  return resolveTrustedRoot({
    settings: { mirrorUrl: TUF_MIRROR, initialRoot: set.initialRoot },
    bundled,
    cache: memoryTufCache(),
    fetchImpl: serveTufFiles(set.cases[name]).fetchImpl,
    budgetMs: 10_000,
    now: () => NOW,
    nativeSignatures,
  });
}

describe.each(Object.keys(sets) as (keyof typeof sets)[])('%s keys: signature checks resolved ahead', (keys) => {
  it.each(Object.keys(TUF_CASES) as TufCaseName[])(
    '%s: the same answer as with each check made when tuf-js makes it',
    async (name) => {
      const native = await resolve(keys, name, true);
      expect(native).toEqual(await resolve(keys, name, false));
      expect(native.source).toBe(name === 'valid' ? 'tuf' : 'bundled');
    },
  );
});

describe('who checks the signatures', () => {
  it(`ECDSA P-256: ${shimInUse ? 'WebCrypto, with the browser shim' : 'Node’s crypto, under Node (WebCrypto is not asked)'}`, async () => {
    const subtle = vi.spyOn(globalThis.crypto.subtle, 'verify');
    try {
      expect(await resolve('ECDSA P-256', 'valid', true)).toMatchObject({ source: 'tuf', tuf: { root: 2 } });
      // Root 1's own signature, root 2's two, the timestamp's, the snapshot's, the targets'.
      if (shimInUse) expect(subtle.mock.calls.length).toBeGreaterThanOrEqual(6);
      else expect(subtle).not.toHaveBeenCalled();
      subtle.mockClear();
      // Without the option, none goes to WebCrypto.
      expect(await resolve('ECDSA P-256', 'valid', false)).toMatchObject({ source: 'tuf' });
      expect(subtle).not.toHaveBeenCalled();
      // A root of Ed25519 keys only: no rehearsal (WebCrypto could make none of its checks).
      expect(await resolve('Ed25519', 'valid', true)).toMatchObject({ source: 'tuf' });
      expect(subtle).not.toHaveBeenCalled();
    } finally {
      subtle.mockRestore();
    }
  });
});
