// The one trust-root builder refuses a root that the trusted-root format calls malformed
// (an authority or log without `validFor.start`) before @sigstore/verify sees it, and
// builds every real public-good root (recorded, older, and the one bundled at build time).
import { describe, expect, it } from 'vitest';
import { readSigstoreSeeds } from '../../../scripts/sigstore-seeds';
import { only } from '../../../test/support/bundle-verdicts';
import { clone, olderPublicGoodRoot, publicGoodRoot, readBundle } from '../../../test/support/derived-record';
import { createTrustRootCache, loadTrustRoot } from './trust-root';
import { TrustedRootInvalidError, checkTrustedRootValidity } from './trusted-root-validity';
import { verifyBundle } from './verify-bundle';

type Root = Record<string, Record<string, unknown>[]>;

const ROOTS: [string, () => unknown][] = [
  ['recorded public-good', publicGoodRoot],
  ['recorded older public-good', olderPublicGoodRoot],
  ['bundled at build time (@sigstore/tuf seeds)', () => readSigstoreSeeds().trustedRoot],
];

describe('validFor.start on every entry of a trusted root', () => {
  it.each(ROOTS)('the %s root has a start on every entry and builds', (_, root) => {
    const json = root() as Root;
    const entries = ['tlogs', 'ctlogs', 'certificateAuthorities', 'timestampAuthorities'].flatMap((k) => json[k] ?? []);
    expect(entries.length).toBeGreaterThan(3);
    expect(() => checkTrustedRootValidity(json)).not.toThrow();
    expect(loadTrustRoot(json).material.tlogs.length).toBeGreaterThan(0);
  });

  it.each([
    [
      'tlogs',
      1,
      (e: Record<string, unknown>): unknown =>
        delete (e.publicKey as { validFor: Record<string, unknown> }).validFor.start,
      /^tlogs\[1\] \(https:\/\/\S+\) has no publicKey\.validFor\.start/,
    ],
    [
      'ctlogs',
      0,
      (e: Record<string, unknown>): unknown => delete (e.publicKey as Record<string, unknown>).validFor,
      /^ctlogs\[0\] \(https:\/\/\S+\) has no publicKey\.validFor\.start/,
    ],
    [
      'certificateAuthorities',
      0,
      (e: Record<string, unknown>): unknown => delete e.validFor,
      /^certificateAuthorities\[0\] \(https:\/\/\S+\) has no validFor\.start/,
    ],
    [
      'timestampAuthorities',
      0,
      (e: Record<string, unknown>): unknown => ((e.validFor as Record<string, unknown>).start = ''),
      /^timestampAuthorities\[0\] \(https:\/\/\S+\) has no validFor\.start/,
    ],
  ] as const)(
    'derived: %s[%i] without a start → TrustedRootInvalidError naming the entry and field',
    (list, i, edit, message) => {
      const json = clone(publicGoodRoot()) as Root;
      const entry = json[list]?.[i];
      expect(entry).toBeDefined();
      edit(entry!);
      let thrown: unknown;
      try {
        loadTrustRoot(json, createTrustRootCache());
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TrustedRootInvalidError);
      expect((thrown as TrustedRootInvalidError).code).toBe('TRUSTED_ROOT_INVALID');
      expect((thrown as Error).message).toMatch(message);
    },
  );

  it('derived: an end without a start is still refused; an entry with only a start (no end) is fine', () => {
    const json = clone(publicGoodRoot()) as Root;
    const tlog = json.tlogs![0]!.publicKey as { validFor: Record<string, unknown> };
    delete tlog.validFor.end;
    expect(() => checkTrustedRootValidity(json)).not.toThrow();
    tlog.validFor = { end: '2030-01-01T00:00:00Z' };
    expect(() => checkTrustedRootValidity(json)).toThrow(/tlogs\[0\].*has no publicKey\.validFor\.start/);
  });

  it('#/verify: a custom root with a tlog without a start → TRUSTED_ROOT_INVALID on the trusted-root field, naming it', async () => {
    const json = clone(publicGoodRoot()) as Root;
    delete (json.tlogs![0]!.publicKey as { validFor: Record<string, unknown> }).validFor.start;
    const result = await verifyBundle(
      { bundle: JSON.stringify(readBundle('sjs-bundleV02-dsse.json')), trustedRoot: JSON.stringify(json), npmKeys: [] },
      { trustedRoot: publicGoodRoot(), cache: createTrustRootCache() },
    );
    const verdict = only(result);
    expect(verdict).toMatchObject({ verdict: 'failed', code: 'TRUSTED_ROOT_INVALID', field: 'trusted-root' });
    expect(verdict.message).toMatch(/tlogs\[0\] \(https:\/\/rekor\.sigstore\.dev\) has no publicKey\.validFor\.start/);
  });
});
