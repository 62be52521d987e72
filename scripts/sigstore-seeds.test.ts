import { describe, expect, it } from 'vitest';
import { digestOf } from '../src/core/verify/verdict-cache';
import { jsonDigest, readSigstoreSeeds, verifierBuild } from './sigstore-seeds';

describe('the build-time values behind stored verdicts', () => {
  it('the bundled root digest is the one the app computes at run time', async () => {
    const { trustedRoot } = readSigstoreSeeds();
    // The main thread uses the build-time digest when the workers keep their bundled
    // root; the workers compute it at run time when given the same root: they must agree.
    expect(jsonDigest(trustedRoot)).toBe(await digestOf(structuredClone(trustedRoot)));
    expect(jsonDigest({ other: 'root' })).not.toBe(jsonDigest(trustedRoot));
  });

  it('the verifier build is a stable fingerprint', () => {
    expect(verifierBuild()).toMatch(/^[0-9a-f]{32}$/);
    expect(verifierBuild()).toBe(verifierBuild());
  });
});
