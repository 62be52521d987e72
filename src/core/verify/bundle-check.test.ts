// checkBundle on every recorded Sigstore bundle, on copies tampered in code (derived),
// and on bundles generated with throwaway keys (to reach the statement checks that a
// recorded bundle cannot). Runs in both the `unit` and `browser-crypto` projects.
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../model';
import { listFixtures } from '../../../test/support/fixtures';
import {
  ATTESTATION_FILES,
  NEW_KEY_ID,
  OLD_KEY_ID,
  asBundle,
  clone,
  entryOf,
  flipBase64Bit,
  olderPublicGoodRoot,
  publicGoodRoot,
  readAttestations,
  readBundle,
  registryKeys,
} from '../../../test/support/derived-record';
import {
  GENERATED_KEY_ID,
  generatedBundle,
  generatedRegistryKey,
  generatedTrustedRoot,
  publishStatement,
} from '../../../test/support/generated-bundle';
import { IN_TOTO_PAYLOAD_TYPE, SUPPORTED_BUNDLE_MEDIA_TYPES, checkBundle, type ExpectedSigner } from './bundle-check';
import { createVerificationContext } from './verification-context';

const ctx = createVerificationContext({ trustedRoot: publicGoodRoot(), npmKeys: registryKeys() });
const olderCtx = createVerificationContext({ trustedRoot: olderPublicGoodRoot(), npmKeys: registryKeys() });

const ORDER = ['bundle-format', 'timestamps', 'signing-key', 'transparency-log', 'signature', 'statement'];

function states(checks: CheckResult[]): string {
  return checks.map((c) => `${c.name}:${c.state}`).join(' ');
}
function allPassed(): string {
  return ORDER.map((name) => `${name}:passed`).join(' ');
}
/** The check list when `failed` failed: passed before it, not-run after it. */
function failedAt(failed: string): string {
  const at = ORDER.indexOf(failed);
  return ORDER.map((name, i) => `${name}:${i < at ? 'passed' : i === at ? 'failed' : 'not-run'}`).join(' ');
}

const SJS_FILES = listFixtures('sigstore/bundles').filter((f) => f.startsWith('sjs-'));

interface RecordedBundle {
  label: string;
  bundle: Record<string, unknown>;
  expected: ExpectedSigner;
}

const RECORDED: RecordedBundle[] = [
  ...listFixtures('sigstore/bundles').map((file) => {
    const bundle = readBundle(file);
    return { label: file, bundle, expected: signerOf(bundle) };
  }),
  ...ATTESTATION_FILES.flatMap((file) =>
    readAttestations(file).attestations.map((a) => ({
      label: `${file} ${a.predicateType}`,
      bundle: a.bundle,
      expected: signerOf(a.bundle),
    })),
  ),
];

function signerOf(bundle: unknown): ExpectedSigner {
  return asBundle(bundle).verificationMaterial.publicKey ? 'public-key' : 'certificate';
}

describe('checkBundle on the recorded bundles', () => {
  it('covers the four sigstore-js bundles and all the other recorded bundles', () => {
    expect(SJS_FILES.sort()).toEqual([
      'sjs-bundleV01-intoto-with-proof.json',
      'sjs-bundleV02-dsse.json',
      'sjs-bundleV03-dsse.json',
      'sjs-bundleV03-intoto.json',
    ]);
    expect(RECORDED).toHaveLength(6 + 2 * ATTESTATION_FILES.length);
  });

  it.each(SJS_FILES)("%s verifies as 'certificate' against public-good and against the older root", (file) => {
    const bundle = readBundle(file);
    for (const context of [ctx, olderCtx]) {
      const result = checkBundle(context.verifier, bundle, 'certificate');
      expect(result.ok).toBe(true);
      expect(result.code).toBe('OK');
      expect(states(result.checks)).toBe(allPassed());
      expect(result.certificate).toBeDefined();
      expect(result.keyHint).toBeUndefined();
      expect(result.message).toMatch(
        /^Signed with a Fulcio certificate chaining to the trusted root, logged in Rekor at index \d+\.$/,
      );
      // These sigstore-js test bundles sign npm's publish predicate with a personal
      // (GitHub OAuth) certificate, for sigstore@1.0.0.
      expect(result.statement?.predicateType).toBe('https://github.com/npm/attestation/tree/main/specs/publish/v0.1');
      expect(result.statement?.subject[0]?.name).toBe('pkg:npm/sigstore@1.0.0');
    }
  });

  it.each(RECORDED.map((r) => [r.label, r] as const))('%s verifies with both trusted roots', (_, recorded) => {
    for (const context of [ctx, olderCtx]) {
      const result = checkBundle(context.verifier, recorded.bundle, recorded.expected);
      expect(result.ok).toBe(true);
      expect(states(result.checks)).toBe(allPassed());
      expect(result.mediaType).toBe(recorded.bundle.mediaType);
      expect(SUPPORTED_BUNDLE_MEDIA_TYPES).toContain(result.mediaType);
    }
  });

  it('reports the media type, the log entry and the bundle format of each bundle', () => {
    const cases: [string, string, { logIndex: string; kind: string; integratedTime: string }, string][] = [
      [
        'sjs-bundleV01-intoto-with-proof.json',
        'application/vnd.dev.sigstore.bundle+json;version=0.1',
        { logIndex: '27244980', kind: 'intoto 0.0.2', integratedTime: '1689176078' },
        'Bundle v0.1, Rekor intoto entry',
      ],
      [
        'sjs-bundleV02-dsse.json',
        'application/vnd.dev.sigstore.bundle+json;version=0.2',
        { logIndex: '27246114', kind: 'dsse 0.0.1', integratedTime: '1689177043' },
        'Bundle v0.2, Rekor dsse entry',
      ],
      [
        'sjs-bundleV03-dsse.json',
        'application/vnd.dev.sigstore.bundle+json;version=0.3',
        { logIndex: '27246114', kind: 'dsse 0.0.1', integratedTime: '1689177043' },
        'Bundle v0.3, Rekor dsse entry',
      ],
      [
        'sjs-bundleV03-intoto.json',
        'application/vnd.dev.sigstore.bundle.v0.3+json',
        { logIndex: '27244980', kind: 'intoto 0.0.2', integratedTime: '1689176078' },
        'Bundle v0.3, Rekor intoto entry',
      ],
      [
        'sigstore@1.3.0-provenance.json',
        'application/vnd.dev.sigstore.bundle+json;version=0.1',
        { logIndex: '18300934', kind: 'intoto 0.0.2', integratedTime: '1681839912' },
        'Bundle v0.1, Rekor intoto entry',
      ],
      [
        'sigstore@1.3.0-publish.json',
        'application/vnd.dev.sigstore.bundle+json;version=0.1',
        { logIndex: '18300940', kind: 'intoto 0.0.2', integratedTime: '1681839916' },
        'Bundle v0.1, Rekor intoto entry',
      ],
    ];
    for (const [file, mediaType, tlog, format] of cases) {
      const bundle = readBundle(file);
      const result = checkBundle(ctx.verifier, bundle, signerOf(bundle));
      expect(result.mediaType, file).toBe(mediaType);
      expect(result.tlog, file).toEqual(tlog);
      expect(result.checks[0], file).toEqual({ name: 'bundle-format', state: 'passed', message: format });
      expect(result.message, file).toContain(`at index ${tlog.logIndex}`);
    }
  });

  it('names the key of a key-signed bundle and reads its statement', () => {
    const publish = readBundle('sigstore@1.3.0-publish.json');
    const result = checkBundle(ctx.verifier, publish, 'public-key');
    expect(result.keyHint).toBe(OLD_KEY_ID);
    expect(result.certificate).toBeUndefined();
    expect(result.message).toBe(`Signed by key ${OLD_KEY_ID}, logged in Rekor at index 18300940.`);
    expect(result.statement?.predicate).toEqual({
      name: 'sigstore',
      version: '1.3.0',
      registry: 'https://registry.npmjs.org',
    });
    expect(result.checks.at(-1)).toEqual({
      name: 'statement',
      state: 'passed',
      message: 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1',
    });

    const playwright = checkBundle(
      ctx.verifier,
      entryOf(readAttestations('@playwright_cli@0.1.1.json'), 'publish').bundle,
      'public-key',
    );
    expect(playwright.keyHint).toBe(NEW_KEY_ID);
  });

  it('refuses a key-signed bundle as provenance, and a certificate bundle as publish attestation', () => {
    const publish = readBundle('sigstore@1.3.0-publish.json');
    const asProvenance = checkBundle(ctx.verifier, publish, 'certificate');
    expect(asProvenance.ok).toBe(false);
    expect(asProvenance.code).toBe('CERTIFICATE_ERROR');
    expect(asProvenance.message).toContain('Fulcio certificate');
    expect(asProvenance.checks.find((c) => c.name === 'signing-key')?.state).toBe('failed');
    // The statement is still read so that the screen can show what it claimed.
    expect(asProvenance.statement?.subject[0]?.name).toBe('pkg:npm/sigstore@1.3.0');

    const provenance = readBundle('sigstore@1.3.0-provenance.json');
    const asPublish = checkBundle(ctx.verifier, provenance, 'public-key');
    expect(asPublish.code).toBe('PUBLIC_KEY_ERROR');
    expect(asPublish.message).toContain("npm's registry key");
    expect(asPublish.certificate).toBeDefined();
  });

  it(
    'does not report the timestamps passed when a signer-kind mismatch stops the bundle before the library runs',
    () => {
      const result = checkBundle(ctx.verifier, readBundle('sigstore@1.3.0-publish.json'), 'certificate');
      expect(result.checks.find((c) => c.name === 'timestamps')?.state).toBe('not-run');
    },
  );
});

describe('derived tampering of the sigstore-js bundles (they carry inclusion proofs)', () => {
  type Entry = {
    logIndex: string;
    logId: { keyId: string };
    kindVersion: { kind: string; version: string };
    inclusionPromise?: unknown;
    inclusionProof: { logIndex: string; hashes: string[]; checkpoint: { envelope: string } };
  };
  function tamper(file: string, edit: (entry: Entry, bundle: Record<string, unknown>) => void) {
    const bundle = clone(readBundle(file));
    const entry = (bundle.verificationMaterial as { tlogEntries: Entry[] }).tlogEntries[0]!;
    edit(entry, bundle);
    return checkBundle(ctx.verifier, bundle, 'certificate');
  }

  it.each(SJS_FILES)('derived: %s with a flipped inclusion-proof hash → TLOG_INCLUSION_PROOF_ERROR', (file) => {
    const result = tamper(file, (e) => {
      e.inclusionProof.hashes[1] = flipBase64Bit(e.inclusionProof.hashes[1]!, 5);
    });
    expect(result.code).toBe('TLOG_INCLUSION_PROOF_ERROR');
    expect(result.message).toContain('root hash');
    expect(states(result.checks)).toBe(failedAt('transparency-log'));
  });

  it.each(SJS_FILES)(
    'derived: %s with a changed tree size in the checkpoint → TLOG_INCLUSION_PROOF_ERROR (checkpoint signature)',
    (file) => {
      const result = tamper(file, (e) => {
        e.inclusionProof.checkpoint.envelope = e.inclusionProof.checkpoint.envelope.replace(
          /\n(\d+)\n/,
          (_, size: string) => `\n${Number(size) + 1}\n`,
        );
      });
      expect(result.code).toBe('TLOG_INCLUSION_PROOF_ERROR');
      expect(result.message).toContain('checkpoint');
    },
  );

  it.each(SJS_FILES)('derived: %s with a changed inclusion-proof log index → TLOG_INCLUSION_PROOF_ERROR', (file) => {
    const result = tamper(file, (e) => {
      e.inclusionProof.logIndex = String(Number(e.inclusionProof.logIndex) + 1);
    });
    expect(result.code).toBe('TLOG_INCLUSION_PROOF_ERROR');
  });

  it.each(SJS_FILES)('derived: %s naming the Rekor v2 log id → TLOG_INCLUSION_PROMISE_ERROR', (file) => {
    const result = tamper(file, (e) => {
      e.logId.keyId = 'zxGZFVvd0FEmjR8WrFwMdcAJ9vtaY/QXf44Y1wUeP6A=';
    });
    expect(result.code).toBe('TLOG_INCLUSION_PROMISE_ERROR');
  });

  it.each(SJS_FILES)('derived: %s with the entry kind swapped (dsse ↔ intoto) → TLOG_BODY_ERROR', (file) => {
    const result = tamper(file, (e) => {
      e.kindVersion.kind = e.kindVersion.kind === 'dsse' ? 'intoto' : 'dsse';
    });
    expect(result.code).toBe('TLOG_BODY_ERROR');
    expect(result.message).toContain('kind/version mismatch');
  });

  it.each(SJS_FILES)(
    'derived: %s with another payloadType → SIGNATURE_ERROR (the log body does not record the type, the DSSE signature does)',
    (file) => {
      const result = tamper(file, (_, bundle) => {
        (bundle.dsseEnvelope as { payloadType: string }).payloadType = 'application/json';
      });
      // The only recorded-data tampering that reaches the signature check: the Rekor
      // entry holds the signature and the payload hash, but not the payload type, which
      // DSSE's pre-authentication encoding signs.
      expect(result.code).toBe('SIGNATURE_ERROR');
      expect(states(result.checks)).toBe(failedAt('signature'));
    },
  );

  it.each(SJS_FILES)('derived: %s with its log entry listed twice → TIMESTAMP_ERROR (duplicate)', (file) => {
    const result = tamper(file, (e, bundle) => {
      (bundle.verificationMaterial as { tlogEntries: unknown[] }).tlogEntries.push(clone(e));
    });
    expect(result.code).toBe('TIMESTAMP_ERROR');
    expect(result.message).toContain('duplicate');
    expect(states(result.checks)).toBe(failedAt('timestamps'));
  });

  it('derived: a v0.1 bundle without its inclusion promise is malformed; v0.2/v0.3 without it lack a timestamp', () => {
    for (const file of SJS_FILES) {
      const result = tamper(file, (e) => {
        delete e.inclusionPromise;
      });
      if (file.includes('V01')) {
        expect(result.code, file).toBe('BUNDLE_MALFORMED');
        expect(states(result.checks)).toBe(failedAt('bundle-format'));
      } else {
        expect(result.code, file).toBe('TIMESTAMP_ERROR');
      }
    }
  });

  it('derived: a second DSSE signature makes the bundle malformed', () => {
    const result = tamper('sjs-bundleV03-dsse.json', (_, bundle) => {
      const envelope = bundle.dsseEnvelope as { signatures: unknown[] };
      envelope.signatures.push(clone(envelope.signatures[0]));
    });
    expect(result.code).toBe('BUNDLE_MALFORMED');
    expect(result.message).toContain('signatures');
  });

  it('derived: a bundle signing a bare message (no DSSE envelope) is refused as not an npm attestation', () => {
    const bundle = clone(readBundle('sjs-bundleV03-dsse.json'));
    delete bundle.dsseEnvelope;
    bundle.messageSignature = {
      messageDigest: { algorithm: 'SHA2_256', digest: Buffer.from(new Uint8Array(32)).toString('base64') },
      signature: (readBundle('sjs-bundleV03-dsse.json').dsseEnvelope as { signatures: { sig: string }[] })
        .signatures[0]!.sig,
    };
    const result = checkBundle(ctx.verifier, bundle, 'certificate');
    expect(result.code).toBe('BUNDLE_MALFORMED');
    expect(result.message).toContain('bare message');
  });
});

describe('checkBundle on garbage (derived)', () => {
  it.each([
    [null, 'The bundle is not a JSON object.'],
    [undefined, 'The bundle is not a JSON object.'],
    [0, 'The bundle is not a JSON object.'],
    ['{"mediaType":"x"}', 'The bundle is not a JSON object.'],
    [true, 'The bundle is not a JSON object.'],
    [[], 'The bundle is not a JSON object.'],
    [[{ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' }], 'The bundle is not a JSON object.'],
    [{}, 'The bundle has no mediaType.'],
    [{ mediaType: 3 }, 'The bundle has no mediaType.'],
  ])('%j is BUNDLE_MALFORMED: %s', (garbage, message) => {
    const result = checkBundle(ctx.verifier, garbage, 'certificate');
    expect(result).toMatchObject({ ok: false, code: 'BUNDLE_MALFORMED', message });
    expect(states(result.checks)).toBe(failedAt('bundle-format'));
    expect(result.checks[0]?.message).toBe(message);
  });

  it.each([
    'application/vnd.dev.sigstore.bundle+json;version=0.9',
    'application/vnd.dev.sigstore.bundle.v0.4+json',
    'application/json',
    '',
  ])('derived: mediaType %j is BUNDLE_UNSUPPORTED_VERSION and nothing else is read', (mediaType) => {
    const bundle = { ...clone(readBundle('sjs-bundleV03-dsse.json')), mediaType };
    const result = checkBundle(ctx.verifier, bundle, 'certificate');
    expect(result.code).toBe('BUNDLE_UNSUPPORTED_VERSION');
    expect(result.message).toContain(JSON.stringify(mediaType));
    expect(result.mediaType).toBe(mediaType);
    expect(result.statement).toBeUndefined();
    expect(result.certificate).toBeUndefined();
    expect(states(result.checks)).toBe(failedAt('bundle-format'));
  });

  it('derived: a supported mediaType with broken content is BUNDLE_MALFORMED naming the bad fields', () => {
    const result = checkBundle(
      ctx.verifier,
      { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' },
      'certificate',
    );
    expect(result.code).toBe('BUNDLE_MALFORMED');
    expect(result.message).toContain('verificationMaterial');
  });

  it('derived: a certificate that is not DER gives a failed result, not an exception', () => {
    const bundle = clone(readBundle('sjs-bundleV03-dsse.json'));
    (bundle.verificationMaterial as { certificate: { rawBytes: string } }).certificate.rawBytes =
      Buffer.from('not a certificate').toString('base64');
    const result = checkBundle(ctx.verifier, bundle, 'certificate');
    expect(result.ok).toBe(false);
    expect(result.certificate).toBeUndefined();
    expect(result.checks.find((c) => c.state === 'failed')?.name).toBe('signing-key');
  });
});

describe('checkBundle on GENERATED key-signed bundles (throwaway log and key)', () => {
  // A trusted root whose only log is the generated one, and the generated "npm" key.
  const generated = createVerificationContext({
    trustedRoot: generatedTrustedRoot(),
    npmKeys: [generatedRegistryKey()],
  });
  const statement = publishStatement('left-pad', '1.3.0', 'ab'.repeat(64));

  it('derived (generated): a well-formed generated bundle verifies, so the cases below fail for their one defect', () => {
    const result = checkBundle(generated.verifier, generatedBundle(statement), 'public-key');
    expect(result.ok).toBe(true);
    expect(states(result.checks)).toBe(allPassed());
    expect(result.keyHint).toBe(GENERATED_KEY_ID);
    expect(result.statement?.subject[0]?.name).toBe('pkg:npm/left-pad@1.3.0');
  });

  it('derived (generated): the same bundle against the public-good root fails the SET (unknown log)', () => {
    const result = checkBundle(ctx.verifier, generatedBundle(statement), 'public-key');
    // The key lookup comes first: the public-good context does not know the key.
    expect(result.code).toBe('KEY_NOT_FOUND');
    const withKey = createVerificationContext({ trustedRoot: publicGoodRoot(), npmKeys: [generatedRegistryKey()] });
    expect(checkBundle(withKey.verifier, generatedBundle(statement), 'public-key').code).toBe(
      'TLOG_INCLUSION_PROMISE_ERROR',
    );
  });

  it.each([
    ['a payload that is not JSON', 'not json at all', IN_TOTO_PAYLOAD_TYPE, 'The envelope payload is not valid JSON.'],
    [
      'a payload that is not UTF-8',
      new Uint8Array([0xff, 0xfe, 0x7b]),
      IN_TOTO_PAYLOAD_TYPE,
      'The envelope payload is not valid JSON.',
    ],
    ['a JSON null statement', 'null', IN_TOTO_PAYLOAD_TYPE, 'The in-toto statement is not an object.'],
    [
      'a statement without subject',
      '{"predicateType":"x"}',
      IN_TOTO_PAYLOAD_TYPE,
      'The in-toto statement lacks a subject list or a predicateType.',
    ],
    [
      'a statement without predicateType',
      '{"subject":[]}',
      IN_TOTO_PAYLOAD_TYPE,
      'The in-toto statement lacks a subject list or a predicateType.',
    ],
    [
      'a statement whose subject is not a list',
      '{"subject":{},"predicateType":"x"}',
      IN_TOTO_PAYLOAD_TYPE,
      'The in-toto statement lacks a subject list or a predicateType.',
    ],
    [
      'another payload type',
      statement,
      'application/json',
      'The envelope carries "application/json", not an in-toto statement.',
    ],
  ])(
    'derived (generated): %s fails the statement check with PAYLOAD_MALFORMED after every library check passed',
    (_, payload, payloadType, message) => {
      const result = checkBundle(generated.verifier, generatedBundle(payload, { payloadType }), 'public-key');
      expect(result.ok).toBe(false);
      expect(result.code).toBe('PAYLOAD_MALFORMED');
      expect(result.message).toBe(message);
      expect(states(result.checks)).toBe(
        'bundle-format:passed timestamps:passed signing-key:passed transparency-log:passed signature:passed statement:failed',
      );
      expect(result.statement).toBeUndefined();
    },
  );

  it('derived (generated): a signature over other bytes, logged as it is, fails at the signature check', () => {
    const bundle = generatedBundle(statement, { signedPayload: new TextEncoder().encode('something else') });
    const result = checkBundle(generated.verifier, bundle, 'public-key');
    expect(result.code).toBe('SIGNATURE_ERROR');
    expect(states(result.checks)).toBe(failedAt('signature'));
    // The statement was read (for display) although it is not trusted.
    expect(result.statement?.predicateType).toBe('https://github.com/npm/attestation/tree/main/specs/publish/v0.1');
  });

  it('derived (generated): a bundle signed by another key than the one its hint names fails at the signature check', () => {
    const result = checkBundle(generated.verifier, generatedBundle(statement, { wrongSigner: true }), 'public-key');
    expect(result.code).toBe('SIGNATURE_ERROR');
  });

  it('derived (generated): the key is judged at the log time, not today', () => {
    const at = Date.UTC(2024, 0, 1) / 1000;
    const bundle = generatedBundle(statement, { integratedTime: at });
    const validThen = createVerificationContext({
      trustedRoot: generatedTrustedRoot(),
      npmKeys: [
        generatedRegistryKey({ validFrom: '2023-01-01T00:00:00.000Z', validUntil: '2024-06-01T00:00:00.000Z' }),
      ],
    });
    expect(checkBundle(validThen.verifier, bundle, 'public-key').ok).toBe(true);
    const endsBefore = createVerificationContext({
      trustedRoot: generatedTrustedRoot(),
      npmKeys: [generatedRegistryKey({ validUntil: '2024-01-01T00:00:00.000Z' })],
    });
    // The end of the window is exclusive: a key that ends at the log second is refused.
    const refused = checkBundle(endsBefore.verifier, bundle, 'public-key');
    expect(refused.code).toBe('PUBLIC_KEY_ERROR');
    expect(refused.message).toContain('2024-01-01T00:00:00.000Z');
  });
});
