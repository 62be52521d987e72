// verifyBundle (the #/verify page's verifier) on every recorded bundle and attestations
// response, on copies derived from them in code (tampered, retyped, bound to another
// digest). GENERATED message-signature bundles: bundle/message-signature.test.ts; the
// input parsers: bundle/inputs.test.ts. Runs in both the `unit` and `browser-crypto`
// projects, like every test under src/core/verify.
import type * as NodeCrypto from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { only, states } from '../../../test/support/bundle-verdicts';
import { listFixtures, readFixture } from '../../../test/support/fixtures';
import {
  ATTESTATION_FILES,
  NEW_KEY_ID,
  OLD_KEY_ID,
  PUBLISH_TYPE,
  asBundle,
  clone,
  entryOf,
  flipBase64Bit,
  integrityFromHex,
  leafCertificateBase64,
  publicGoodRoot,
  readAttestations,
  readBundle,
  statementOf,
  tufKeys,
} from '../../../test/support/derived-record';
import { generatedTrustedRoot } from '../../../test/support/generated-bundle';
import { SUPPORTED_BUNDLE_MEDIA_TYPES } from './bundle-check';
import {
  GITHUB_ACTIONS_ISSUER,
  createTrustRootCache,
  verifyBundle,
  type VerifyBundleRequest,
  type VerifyBundleResult,
} from './verify-bundle';
import { createNativeSignatureRunner } from './native-signatures';

const cache = createTrustRootCache();
// The browser's two passes (a pass-through under node:crypto): results must not depend on them.
const defaults = { trustedRoot: publicGoodRoot(), cache, signatures: createNativeSignatureRunner() };
const NPM_KEYS = tufKeys();
// Node's own crypto even in the browser-crypto project (where `node:crypto` is the shim).
const { X509Certificate: NodeX509Certificate } = createRequire(import.meta.url)('node:crypto') as typeof NodeCrypto;

function run(request: Partial<VerifyBundleRequest> & { bundle: string }): Promise<VerifyBundleResult> {
  return verifyBundle({ npmKeys: NPM_KEYS, ...request }, defaults);
}

const BUNDLE_FILES = listFixtures('sigstore/bundles');

function subjectSha512(bundle: unknown): string {
  const digest = statementOf(bundle).subject[0]?.digest.sha512;
  if (!digest) throw new Error('no sha512 subject');
  return digest;
}

describe('verifyBundle on the recorded bundles', () => {
  it('covers all six recorded loose bundles', () => {
    expect(BUNDLE_FILES).toHaveLength(6);
  });

  it.each(BUNDLE_FILES)('%s verifies as pasted (no artifact, no identity: noted, not checked)', async (file) => {
    const bundle = readBundle(file);
    const result = await run({ bundle: JSON.stringify(bundle) });
    expect(result.input).toBe('bundle');
    expect(result.trustedRoot?.source).toBe('public-good');
    const verdict = only(result);
    expect(verdict.verdict).toBe('verified');
    expect(verdict.code).toBe('OK');
    expect(verdict.label).toBe('Bundle');
    expect(verdict.mediaType).toBe(bundle.mediaType);
    expect(verdict.content).toBe('dsse');
    expect(states(verdict)).toBe(
      'bundle-format:passed timestamps:passed signing-key:passed transparency-log:passed signature:passed statement:passed artifact:not-run identity:not-run',
    );
    expect(verdict.notes.join(' ')).toMatch(/No artifact or digest was given/);
    // The statement, as text, is the envelope's own JSON.
    expect(JSON.parse(verdict.statementText ?? '')).toEqual(statementOf(bundle));
    expect(verdict.tlog?.logIndex).toBe(asBundle(bundle).verificationMaterial.tlogEntries[0]?.logIndex);
  });

  it("sigstore@1.3.0-publish.json is signed with npm's old key: verified with the preset, KEY_NOT_FOUND without it", async () => {
    const text = JSON.stringify(readBundle('sigstore@1.3.0-publish.json'));
    const withKey = only(await run({ bundle: text }));
    expect(withKey.verdict).toBe('verified');
    expect(withKey.signer).toEqual({ kind: 'public-key', keyHint: OLD_KEY_ID, keySource: 'npm' });
    expect(withKey.message).toContain(`npm's key ${OLD_KEY_ID}`);

    const withoutKeys = only(await run({ bundle: text, npmKeys: [] }));
    expect(withoutKeys.verdict).toBe('failed');
    expect(withoutKeys.code).toBe('KEY_NOT_FOUND');
    expect(withoutKeys.checks.find((c) => c.state === 'failed')?.name).toBe('signing-key');
    expect(withoutKeys.message).toMatch(/select npm's key, or paste the public key/);

    // Only the new key selected: the old one is not a substitute.
    const newOnly = only(await run({ bundle: text, npmKeys: NPM_KEYS.filter((k) => k.keyId === NEW_KEY_ID) }));
    expect(newOnly.code).toBe('KEY_NOT_FOUND');
  });

  it.each(ATTESTATION_FILES)(
    'the attestations response %s gives one verified verdict per bundle, in order',
    async (file) => {
      const response = readAttestations(file);
      const result = await run({ bundle: JSON.stringify(response) });
      expect(result.input).toBe('attestations');
      expect(result.verdicts.map((v) => [v.label, v.declaredPredicateType, v.verdict])).toEqual(
        response.attestations.map((a, i) => [
          `Attestation ${i + 1} of ${response.attestations.length}`,
          a.predicateType,
          'verified',
        ]),
      );
      const publish = result.verdicts.find((v) => v.declaredPredicateType === PUBLISH_TYPE);
      expect(publish?.signer?.kind).toBe('public-key');
      expect(publish?.signer?.keySource).toBe('npm');
      const provenance = result.verdicts.find((v) => v.declaredPredicateType !== PUBLISH_TYPE);
      expect(provenance?.identity?.issuer).toBe(GITHUB_ACTIONS_ISSUER);
      expect(provenance?.predicate?.predicateType).toBe(provenance?.declaredPredicateType);
    },
  );

  it("each recorded response's publish bundle needs the npm key it names (derived: no keys selected)", async () => {
    for (const file of ATTESTATION_FILES) {
      const result = await run({ bundle: JSON.stringify(readAttestations(file)), npmKeys: [] });
      const codes = result.verdicts.map((v) => (v.declaredPredicateType === PUBLISH_TYPE ? v.code : v.verdict));
      expect(codes.sort()).toEqual(['KEY_NOT_FOUND', 'verified']);
    }
  });
});

// Where a flipped DSSE signature is caught, per recorded bundle. The Rekor entry of every
// recorded bundle (dsse, intoto) records the envelope's signature, so the log's body
// comparison catches it before the signature check (that check is reached on generated
// bundles: test/differential).
const DSSE_FLIP_CAUGHT_BY: Record<string, string> = Object.fromEntries(
  BUNDLE_FILES.map((file) => [file, 'TLOG_BODY_ERROR transparency-log']),
);

describe('derived tampered copies', () => {
  it.each(BUNDLE_FILES)(
    'derived: %s with a flipped DSSE signature fails at a library check, with its code',
    async (file) => {
      const bundle = clone(readBundle(file));
      const signature = asBundle(bundle).dsseEnvelope.signatures[0];
      if (!signature) throw new Error('no signature');
      signature.sig = flipBase64Bit(signature.sig, 20);
      const verdict = only(await run({ bundle: JSON.stringify(bundle) }));
      expect(verdict.verdict).toBe('failed');
      expect(`${verdict.code} ${verdict.checks.find((c) => c.state === 'failed')?.name}`).toBe(DSSE_FLIP_CAUGHT_BY[file]);
      const failed = verdict.checks.filter((c) => c.state === 'failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]?.code).toBe(verdict.code);
      expect(verdict.message).toContain(`(${verdict.code})`);
      // What comes after a failure is not judged.
      expect(verdict.checks.find((c) => c.name === 'artifact')?.state).toBe('not-run');
    },
  );

  it.each(ATTESTATION_FILES)(
    'derived: %s with every DSSE signature flipped fails each bundle at a library check',
    async (file) => {
      const response = clone(readAttestations(file));
      for (const entry of response.attestations) {
        const signature = asBundle(entry.bundle).dsseEnvelope.signatures[0];
        if (!signature) throw new Error('no signature');
        signature.sig = flipBase64Bit(signature.sig, 20);
      }
      const result = await run({ bundle: JSON.stringify(response) });
      expect(result.verdicts).toHaveLength(response.attestations.length);
      for (const verdict of result.verdicts) {
        expect(verdict.verdict).toBe('failed');
        expect(verdict.code).toBe('TLOG_BODY_ERROR');
      }
    },
  );

  it('derived: a changed Rekor body of the @playwright/cli provenance → TLOG_BODY_ERROR or an inclusion error', async () => {
    const response = clone(readAttestations('@playwright_cli@0.1.1.json'));
    const entry = asBundle(entryOf(response, 'provenance').bundle).verificationMaterial.tlogEntries[0];
    if (!entry) throw new Error('no entry');
    entry.canonicalizedBody = flipBase64Bit(entry.canonicalizedBody, 40);
    const result = await run({ bundle: JSON.stringify(response) });
    const provenance = result.verdicts.find((v) => v.declaredPredicateType !== PUBLISH_TYPE);
    expect(provenance?.verdict).toBe('failed');
    expect(provenance?.checks.find((c) => c.state === 'failed')?.name).toBe('transparency-log');
    expect(provenance?.code).toMatch(/^TLOG_/);
    // The other bundle of the response still verifies on its own.
    expect(result.verdicts.find((v) => v.declaredPredicateType === PUBLISH_TYPE)?.verdict).toBe('verified');
  });

  it('derived: an attestations response that lists a bundle under the wrong predicate type → PREDICATE_TYPE_UNEXPECTED', async () => {
    const response = clone(readAttestations('sigstore@1.0.0.json'));
    const [first, second] = response.attestations;
    if (!first || !second) throw new Error('two attestations expected');
    [first.predicateType, second.predicateType] = [second.predicateType, first.predicateType];
    const result = await run({ bundle: JSON.stringify(response) });
    expect(result.verdicts.map((v) => v.code)).toEqual(['PREDICATE_TYPE_UNEXPECTED', 'PREDICATE_TYPE_UNEXPECTED']);
    expect(result.verdicts[0]?.checks.find((c) => c.state === 'failed')?.name).toBe('statement');
  });

  it('derived: an unknown mediaType → BUNDLE_UNSUPPORTED_VERSION, naming the supported ones', async () => {
    const bundle = clone(readBundle('sjs-bundleV03-dsse.json'));
    bundle.mediaType = 'application/vnd.dev.sigstore.bundle.v0.9+json';
    const verdict = only(await run({ bundle: JSON.stringify(bundle) }));
    expect(verdict.code).toBe('BUNDLE_UNSUPPORTED_VERSION');
    expect(verdict.field).toBe('bundle');
    expect(verdict.message).toContain('"application/vnd.dev.sigstore.bundle.v0.9+json"');
    for (const type of SUPPORTED_BUNDLE_MEDIA_TYPES) expect(verdict.message).toContain(type);
    expect(states(verdict)).toMatch(/^bundle-format:failed timestamps:not-run/);
  });
});

describe('the artifact binding (digests derived from the in-toto subjects)', () => {
  const response = readAttestations('@playwright_cli@0.1.1.json');
  const text = JSON.stringify(response);
  const hex = subjectSha512(entryOf(response, 'provenance').bundle);

  it.each([
    ['sha512:<hex>', `sha512:${hex}`],
    ['upper-case hex', `sha512:${hex.toUpperCase()}`],
    ['bare hex', hex],
    ['SRI', integrityFromHex(hex)],
  ])('derived: the subject digest as %s binds both bundles', async (_, digest) => {
    const result = await run({ bundle: text, digest });
    for (const verdict of result.verdicts) {
      expect(verdict.verdict).toBe('verified');
      const artifact = verdict.checks.find((c) => c.name === 'artifact');
      expect(artifact?.state).toBe('passed');
      expect(verdict.artifactComparison?.matched?.digest).toEqual({ algorithm: 'sha512', hex });
      expect(verdict.artifactComparison?.matched?.name).toBe('pkg:npm/%40playwright/cli@0.1.1');
      expect(verdict.message).toContain('it is for the given artifact');
    }
  });

  it('derived: another digest → ARTIFACT_MISMATCH showing both digests', async () => {
    const other = `${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}`;
    const result = await run({ bundle: text, digest: `sha512:${other}` });
    for (const verdict of result.verdicts) {
      expect(verdict.verdict).toBe('failed');
      expect(verdict.code).toBe('ARTIFACT_MISMATCH');
      expect(verdict.message).toContain(hex);
      expect(verdict.message).toContain(other);
      expect(verdict.artifactComparison?.artifact).toEqual([{ algorithm: 'sha512', hex: other }]);
      // Everything before the binding passed: the bundle is fine, just not for this file.
      expect(states(verdict)).toMatch(/signature:passed statement:passed artifact:failed identity:not-run$/);
    }
  });

  it('derived: a sha256 digest against sha512-only subjects → ARTIFACT_UNCOMPARABLE', async () => {
    const verdict = (await run({ bundle: text, digest: `sha256:${'ab'.repeat(32)}` })).verdicts[0];
    expect(verdict?.code).toBe('ARTIFACT_UNCOMPARABLE');
    expect(verdict?.message).toMatch(/by sha512, the input gives sha256/);
  });

  it('derived: an artifact file that is not the tarball → ARTIFACT_MISMATCH; its digests are reported', async () => {
    const result = await run({ bundle: text, artifact: new Blob(['not the tarball']), artifactName: 'cli-0.1.1.tgz' });
    expect(result.artifact?.name).toBe('cli-0.1.1.tgz');
    expect(result.artifact?.size).toBe(15);
    expect(result.verdicts.map((v) => v.code)).toEqual(['ARTIFACT_MISMATCH', 'ARTIFACT_MISMATCH']);
  });

  it('derived: a digest that contradicts the artifact file is refused as input', async () => {
    const result = await run({ bundle: text, artifact: new Blob(['abc']), digest: `sha512:${hex}` });
    expect(result.input).toBe('invalid');
    expect(only(result)).toMatchObject({ code: 'DIGEST_INVALID', field: 'digest' });
  });
});

describe('the identity policy', () => {
  const response = readAttestations('@playwright_cli@0.1.1.json');
  const bundle = JSON.stringify(entryOf(response, 'provenance').bundle);

  // The recorded certificate's identity, as read with Node's own X509 parser (not ours).
  const SAN = 'https://github.com/microsoft/playwright-cli/.github/workflows/publish.yml@refs/tags/v0.1.1';
  const ISSUER = GITHUB_ACTIONS_ISSUER;

  it('the recorded SAN is the one Node reads from the certificate', () => {
    const certificate = leafCertificateBase64(entryOf(response, 'provenance').bundle);
    expect(new NodeX509Certificate(Buffer.from(certificate, 'base64')).subjectAltName).toBe(`URI:${SAN}`);
  });

  it('the recorded SAN and issuer match exactly', async () => {
    const [san, issuer] = [SAN, ISSUER];
    const verdict = only(await run({ bundle, identity: san, issuer }));
    expect(verdict.verdict).toBe('verified');
    expect(verdict.checks.find((c) => c.name === 'identity')?.state).toBe('passed');
    expect(verdict.identityComparison).toMatchObject({
      actualSan: san,
      actualIssuer: issuer,
      sanMatches: true,
      issuerMatches: true,
    });
    expect(verdict.message).toContain('the signer is the expected one');
  });

  it('owner/repo, owner/repo:workflow and owner/repo:workflow@ref (issuer implied) match; case of owner/repo ignored', async () => {
    for (const identity of [
      'microsoft/playwright-cli',
      'MICROSOFT/playwright-cli',
      'microsoft/playwright-cli:publish.yml',
      'microsoft/playwright-cli:publish.yml@refs/tags/v0.1.1',
    ]) {
      const verdict = only(await run({ bundle, identity }));
      expect(verdict.verdict, identity).toBe('verified');
      expect(verdict.identityComparison?.issuerImplied).toBe(true);
      expect(verdict.identityComparison?.expectedIssuer).toBe(GITHUB_ACTIONS_ISSUER);
    }
  });

  it('near misses: another repository (a prefix or an extension of it), workflow or ref → IDENTITY_MISMATCH with expected and actual side by side', async () => {
    const san = SAN;
    for (const identity of [
      'microsoft/playwright-cli-evil',
      'microsoft/playwright-cl',
      'microsoft/playwright',
      'microsof/playwright-cli',
      'microsoft/not-playwright-cli',
      'microsoft/playwright-cli:other.yml',
      'microsoft/playwright-cli:publish.yml@refs/heads/evil',
      'microsoft/playwright-cli:publish.yml@refs/tags/v0.1',
      `${SAN}x`,
      SAN.slice(0, -1),
    ]) {
      const verdict = only(await run({ bundle, identity }));
      expect(verdict.verdict, identity).toBe('failed');
      expect(verdict.code).toBe('IDENTITY_MISMATCH');
      expect(verdict.identityComparison?.sanMatches).toBe(false);
      expect(verdict.identityComparison?.actualSan).toBe(san);
      expect(verdict.message).toContain(san);
    }
  });

  it('another issuer → IDENTITY_MISMATCH naming both issuers', async () => {
    const [san, issuer] = [SAN, ISSUER];
    const verdict = only(await run({ bundle, identity: san, issuer: 'https://gitlab.com' }));
    expect(verdict.code).toBe('IDENTITY_MISMATCH');
    expect(verdict.identityComparison).toMatchObject({
      sanMatches: true,
      issuerMatches: false,
      expectedIssuer: 'https://gitlab.com',
      actualIssuer: issuer,
    });
    expect(verdict.message).toContain(issuer);
    expect(verdict.message).toContain('https://gitlab.com');
  });

  it('an identity does not apply to a key-signed bundle: not run, the key was chosen', async () => {
    const publish = JSON.stringify(entryOf(response, 'publish').bundle);
    const verdict = only(await run({ bundle: publish, identity: 'o/r' }));
    expect(verdict.verdict).toBe('verified');
    expect(verdict.checks.find((c) => c.name === 'identity')).toMatchObject({ state: 'not-run' });
  });
});

describe('another trusted root', () => {
  const olderText = JSON.stringify(readFixture('sigstore/trusted-roots/public-good-older.json'));

  it.each(BUNDLE_FILES)(
    '%s verifies with the older public-good root given as text (custom, fingerprinted, cached)',
    async (file) => {
      const result = await run({ bundle: JSON.stringify(readBundle(file)), trustedRoot: olderText });
      expect(only(result).verdict).toBe('verified');
      expect(result.trustedRoot?.source).toBe('custom');
      expect(result.trustedRoot?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(result.trustedRoot?.tlogs).toContain('https://rekor.sigstore.dev');
    },
  );

  it('builds the trust material once per root', async () => {
    const local = createTrustRootCache();
    const bundle = JSON.stringify(readBundle('sjs-bundleV02-dsse.json'));
    await verifyBundle({ bundle, trustedRoot: olderText }, { trustedRoot: publicGoodRoot(), cache: local });
    await verifyBundle({ bundle, trustedRoot: olderText }, { trustedRoot: publicGoodRoot(), cache: local });
    await verifyBundle({ bundle }, { trustedRoot: publicGoodRoot(), cache: local });
    expect(local.roots.size).toBe(2);
  });

  it('derived: a root without the public-good CA and logs fails a keyless bundle at the signing key (CERTIFICATE_ERROR)', async () => {
    const result = await run({
      bundle: JSON.stringify(readBundle('sjs-bundleV03-dsse.json')),
      trustedRoot: JSON.stringify(generatedTrustedRoot()),
    });
    const verdict = only(result);
    expect(verdict.verdict).toBe('failed');
    expect(verdict.code).toBe('CERTIFICATE_ERROR');
  });

  it.each([
    ['not JSON', '{"mediaType": ', /not valid JSON/],
    ['not a root', '{"hello": 1}', /not a Sigstore trusted root/],
  ])('a trusted root that is %s → TRUSTED_ROOT_INVALID', async (_, trustedRoot, message) => {
    const verdict = only(await run({ bundle: JSON.stringify(readBundle('sjs-bundleV02-dsse.json')), trustedRoot }));
    expect(verdict).toMatchObject({ code: 'TRUSTED_ROOT_INVALID', field: 'trusted-root' });
    expect(verdict.message).toMatch(message);
  });
});

describe('malformed input', () => {
  it('empty → INPUT_EMPTY', async () => {
    expect(only(await run({ bundle: '  \n' }))).toMatchObject({
      code: 'INPUT_EMPTY',
      field: 'bundle',
      verdict: 'failed',
    });
  });

  it('derived: truncated and broken JSON → JSON_MALFORMED saying where', async () => {
    const recorded = JSON.stringify(readBundle('sjs-bundleV02-dsse.json'), null, 2);
    const truncated = only(await run({ bundle: recorded.slice(0, 200) }));
    expect(truncated.code).toBe('JSON_MALFORMED');
    expect(truncated.message).toMatch(
      /^The input is not valid JSON at line \d+, column \d+ \(character \d+\): the text ends inside a string\.$/,
    );

    const broken = only(await run({ bundle: '{\n  "mediaType": "x",\n  oops\n}' }));
    expect(broken.code).toBe('JSON_MALFORMED');
    expect(broken.message).toContain('line 3, column 3');
  });

  it.each([
    ['an array', '[1, 2]', /an array/],
    ['a string', '"bundle"', /a string/],
    ['an object that is no bundle', '{"a": 1}', /neither a Sigstore bundle/],
    ['an empty attestations list', '{"attestations": []}', /holds no attestations/],
  ])('%s → BUNDLE_MALFORMED', async (_, bundle, message) => {
    const verdict = only(await run({ bundle }));
    expect(verdict.code).toBe('BUNDLE_MALFORMED');
    expect(verdict.message).toMatch(message);
  });

  it('derived: an attestations entry without a bundle fails on its own; the others still verify', async () => {
    const response = clone(readAttestations('tuf-js@1.0.0.json'));
    response.attestations.push({
      predicateType: 'https://example.com/x',
      bundle: 'nope' as unknown as Record<string, unknown>,
    });
    const result = await run({ bundle: JSON.stringify(response) });
    expect(result.verdicts.map((v) => v.code)).toEqual(['OK', 'OK', 'BUNDLE_MALFORMED']);
  });

  it.each([
    ['digest', { digest: 'md5:abcd' }, 'DIGEST_INVALID'],
    ['digest', { digest: 'sha256:abcd' }, 'DIGEST_INVALID'],
    ['identity', { identity: 'not an identity at all' }, 'IDENTITY_INVALID'],
    ['issuer', { issuer: 'github' }, 'ISSUER_INVALID'],
  ])('an unusable %s → its code, pointing at the field', async (field, extra, code) => {
    const verdict = only(await run({ bundle: JSON.stringify(readBundle('sjs-bundleV02-dsse.json')), ...extra }));
    expect(verdict).toMatchObject({ code, field, verdict: 'failed' });
  });
});
