// The standing differential guard: one corpus through the browser pipeline (crypto shim,
// WebCrypto two-pass driver, fast DER encoder, as the verifier worker bundles them) and
// through @sigstore/verify on Node's native crypto (see engines.ts). Any difference in a
// verdict or an error code fails. Runs in the `browser-crypto` project only.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  PUBLIC_GOOD_ROOT,
  bundlesOf,
  conformanceItems,
  mutations,
  npmKeys,
  recordedItems,
  targets,
  flipBit,
} from './corpus';
import { generatedInstance } from '../support/generated-keyless';
import { makeRng } from '../support/rng';
import { browserResult, browserVerdict, exactPattern, native, nativeVerdict, type Item } from './engines';
import { compare } from './compare';
import { carveOutOf } from './carve-outs';
import { signerEdits, structuralMutations } from './structural';
import { COUNTS, KEY_KINDS, SEEDS, bitFlipBases, generatedMessageItem, keyTypeItems, structuralBases } from './samples';
import { STATEMENT, curveOrder, decodeEcdsa, ecdsaSignature, generatedItem, pae, signDsse } from './generated';

const RECORDED = recordedItems();
const CONFORMANCE = conformanceItems();
const MUTATION_COUNT = COUNTS.bitFlips;
const STRUCTURAL_COUNT = COUNTS.structural;
const ROOT_COUNT = COUNTS.trustedRoot;
const SIGNER_COUNT = COUNTS.signer;

describe('differential: browser pipeline vs @sigstore/verify on Node crypto', () => {
  it('the browser engine checks signatures through WebCrypto (else this file compares Node with Node)', async () => {
    const calls = watchWebCrypto();
    expect(await browserVerdict(RECORDED[0]!)).toEqual(['OK']);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((call) => call.result)).toBe(true);
  });

  it('every recorded bundle and attestations response (../shared/fixtures)', async () => {
    expect(RECORDED.length).toBe(9);
    const { differences, verdicts } = await compare(RECORDED);
    expect(differences).toEqual([]);
    // Every recorded bundle verifies: the comparison is not between two failures.
    for (const [name, codes] of verdicts)
      expect(
        codes.every((c) => c === 'OK'),
        name,
      ).toBe(true);
  }, 120_000);

  it('every sigstore-conformance case (RSA chains, Ed25519 Rekor v2, TSA, SCT extensions)', async () => {
    const { differences, verdicts, carvedOut } = await compare(CONFORMANCE);
    expect(differences).toEqual([]);
    // The documented carve-out (carve-outs.ts), asserted: the library accepts, the app refuses.
    expect(carvedOut).toEqual([expect.stringContaining('trust-root-tlog-missing-validity-start_fail')]);
    const codes = new Set([...verdicts.values()].flat());
    for (const code of [
      'OK',
      'CERTIFICATE_ERROR',
      'TIMESTAMP_ERROR',
      'TLOG_BODY_ERROR',
      'TLOG_INCLUSION_PROOF_ERROR',
    ]) {
      expect(codes).toContain(code);
    }
  }, 120_000);

  it(`derived: ${MUTATION_COUNT} seeded bit flips in signatures, certificates, SCTs, SETs, proofs, checkpoints, bodies, timestamps`, async () => {
    const items = mutations(bitFlipBases(), MUTATION_COUNT, SEEDS.bitFlips);
    expect(items).toHaveLength(MUTATION_COUNT);
    const { differences, verdicts } = await compare(items);
    expect(differences).toEqual([]);
    // The classes the corpus must exercise, and that the flips reach many different checks.
    const kinds = new Set(items.map((i) => /bit flipped in the (.*) \(#/.exec(i.name)?.[1]));
    for (const kind of [
      'certificate',
      'certificate signature',
      'SCT',
      'DSSE signature',
      'message signature',
      'SET',
      'inclusion proof hash',
      'checkpoint signature',
      'Rekor body',
      'TSA timestamp',
    ]) {
      expect(kinds, kind).toContain(kind);
    }
    const codes = new Set([...verdicts.values()].flat());
    expect(codes.size).toBeGreaterThanOrEqual(6);
  }, 300_000);

  it(`derived: ${STRUCTURAL_COUNT} seeded structural mutations of bundles (members removed, retyped, renamed, added; numbers, strings, arrays, versions)`, async () => {
    const items = structuralMutations(structuralBases(), STRUCTURAL_COUNT, SEEDS.structural, 'bundle');
    expect(items).toHaveLength(STRUCTURAL_COUNT);
    const { differences, verdicts } = await compare(items);
    expect(differences).toEqual([]);
    // Mutations that change nothing the checks read, and some of every kind of refusal.
    const codes = new Set([...verdicts.values()].flat());
    for (const code of ['OK', 'BUNDLE_MALFORMED', 'BUNDLE_UNSUPPORTED_VERSION', 'TLOG_BODY_ERROR', 'TIMESTAMP_ERROR']) {
      expect(codes, code).toContain(code);
    }
    expect(codes.size).toBeGreaterThanOrEqual(8);
  }, 300_000);

  it(`derived: ${ROOT_COUNT} seeded structural mutations of the trusted root the bundles are verified with`, async () => {
    // A root without a start for an entry is the documented carve-out, asserted above;
    // one that also breaks the bundle's verification otherwise is no pair to compare.
    const items = structuralMutations(structuralBases(), ROOT_COUNT, SEEDS.trustedRoot, 'trusted-root').filter(
      (item) => !carveOutOf(item),
    );
    expect(items.length).toBeGreaterThan(ROOT_COUNT / 2);
    const { differences, verdicts } = await compare(items);
    expect(differences).toEqual([]);
    const codes = new Set([...verdicts.values()].flat());
    for (const code of ['OK', 'TRUSTED_ROOT_INVALID', 'CERTIFICATE_ERROR', 'TLOG_INCLUSION_PROMISE_ERROR']) {
      expect(codes, code).toContain(code);
    }
  }, 300_000);

  it(`derived: ${SIGNER_COUNT} seeded edits of the expected identity and issuer`, async () => {
    const items = signerEdits(
      CONFORMANCE.filter((c) => !c.name.endsWith('_fail')),
      SIGNER_COUNT,
      SEEDS.signer,
    );
    expect(items).toHaveLength(SIGNER_COUNT);
    const { differences, verdicts } = await compare(items);
    expect(differences).toEqual([]);
    const codes = new Set([...verdicts.values()].flat());
    for (const code of ['OK', 'IDENTITY_MISMATCH', 'IDENTITY_INVALID', 'ISSUER_INVALID'])
      expect(codes, code).toContain(code);
  }, 300_000);

  it("GENERATED keyless and publish bundles of the benchmark's instance, and 60 seeded bit flips in them", async () => {
    // The benchmark times these (e2e/bench/verification.ts): both engines must verify
    // them, and refuse the same flips with the same codes.
    const instance = generatedInstance();
    const common = { trustedRoot: JSON.stringify(instance.trustedRoot), npmKeys: [instance.npmKey] };
    const bases: Item[] = [0, 1, 2].flatMap((i) => [
      { ...common, name: `generated provenance #${i}`, bundle: JSON.stringify(instance.provenanceBundle(i)) },
      { ...common, name: `generated publish #${i}`, bundle: JSON.stringify(instance.publishBundle(i)) },
    ]);
    const valid = await compare(bases);
    expect(valid.differences).toEqual([]);
    expect([...valid.verdicts.values()].flat()).toEqual(Array(bases.length).fill('OK'));
    const flipped = await compare(mutations(bases, 60, 0x6e6));
    expect(flipped.differences).toEqual([]);
    // Every flip is refused, but in the inclusion proof's `rootHash`: the library checks
    // the root the signed checkpoint names, not that copy (and so does the app).
    const accepted = [...flipped.verdicts].filter(([, v]) => v.includes('OK')).map(([n]) => n);
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.filter((n) => !n.includes('inclusion proof root'))).toEqual([]);
  }, 300_000);
});

// ---------------------------------------------------------------------------------------
// Targeted rejections on real data, each reaching a signature check: both engines must
// give exactly the pinned code.

function derivedRecorded(file: string, edit: (bundle: Record<string, unknown>) => void): Item {
  const base = RECORDED.find((i) => i.name.endsWith(file));
  if (!base) throw new Error(`no recorded ${file}`);
  const json: unknown = JSON.parse(base.bundle);
  const bundle = bundlesOf(json)[0];
  if (!bundle) throw new Error('no bundle');
  edit(bundle);
  return { ...base, name: `derived: ${file}`, bundle: JSON.stringify(json) };
}

function flipLastByte(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 0x01;
  return copy;
}

function target(bundle: Record<string, unknown>, kind: string) {
  const found = targets(bundle).find((t) => t.kind === kind);
  if (!found) throw new Error(`no ${kind}`);
  return found;
}

async function bothGive(item: Item, code: string): Promise<void> {
  expect(nativeVerdict(item), `${item.name} (native)`).toEqual([code]);
  expect(await browserVerdict(item), `${item.name} (browser)`).toEqual([code]);
}

describe('derived real-data rejections that reach each signature check', { timeout: 120_000 }, () => {
  it('a bit flipped in the leaf certificate’s signature → CERTIFICATE_ERROR', async () => {
    for (const file of ['sigstore@1.3.0-provenance.json', 'sjs-bundleV03-dsse.json']) {
      const item = derivedRecorded(file, (bundle) => {
        const cert = target(bundle, 'certificate');
        cert.set(flipLastByte(cert.get()));
      });
      await bothGive(item, 'CERTIFICATE_ERROR');
    }
  });

  it('a bit flipped in the SET → TLOG_INCLUSION_PROMISE_ERROR', async () => {
    const item = derivedRecorded('sigstore@1.3.0-provenance.json', (bundle) => {
      const set = target(bundle, 'SET');
      set.set(flipLastByte(set.get()));
    });
    await bothGive(item, 'TLOG_INCLUSION_PROMISE_ERROR');
  });

  it('a bit flipped in the checkpoint signature → TLOG_INCLUSION_PROOF_ERROR', async () => {
    const item = derivedRecorded('sjs-bundleV03-dsse.json', (bundle) => {
      const checkpoint = target(bundle, 'checkpoint signature');
      checkpoint.set(flipLastByte(checkpoint.get()));
    });
    await bothGive(item, 'TLOG_INCLUSION_PROOF_ERROR');
  });

  it('the DSSE signature flipped with the Rekor body kept consistent: the SET check refuses it', async () => {
    // The body matches the envelope again, so the byte comparison passes; the log's
    // signature over the body (the SET) is what fails. (The DSSE signature check itself
    // is reached below, on generated bundles: on real data the log always catches it first.)
    const item = derivedRecorded('sjs-bundleV03-dsse.json', (bundle) => {
      const sig = target(bundle, 'DSSE signature');
      const flipped = flipLastByte(sig.get());
      sig.set(flipped);
      const body = target(bundle, 'Rekor body');
      const parsed = JSON.parse(body.get().toString('utf8')) as { spec: { signatures: { signature: string }[] } };
      const first = parsed.spec.signatures[0];
      if (!first) throw new Error('no logged signature');
      first.signature = flipped.toString('base64');
      body.set(Buffer.from(JSON.stringify(parsed), 'utf8'));
    });
    await bothGive(item, 'TLOG_INCLUSION_PROMISE_ERROR');
  });

  it('the /tampered mirror’s classes, on both engines with its documented codes', async () => {
    // @playwright/cli@0.1.1: last bit of the provenance DSSE signature (the first bundle
    // whose payload is SLSA provenance) → TLOG_BODY_ERROR.
    const playwright = RECORDED.find((i) => i.name.endsWith('@playwright_cli@0.1.1.json'));
    const tuf = RECORDED.find((i) => i.name.endsWith('tuf-js@1.0.0.json'));
    if (!playwright || !tuf) throw new Error('missing recorded attestations');
    const edit = (item: Item, change: (bundle: Record<string, unknown>) => void): Item => {
      const json = JSON.parse(item.bundle) as {
        attestations: { predicateType: string; bundle: Record<string, unknown> }[];
      };
      const entry = json.attestations.find((a) => a.predicateType.startsWith('https://slsa.dev/provenance/'));
      if (!entry) throw new Error('no provenance');
      change(entry.bundle);
      return { ...item, name: `derived (/tampered class): ${item.name}`, bundle: JSON.stringify(json) };
    };
    const flippedSig = edit(playwright, (bundle) => {
      const sig = target(bundle, 'DSSE signature');
      sig.set(flipLastByte(sig.get()));
    });
    const altered = edit(tuf, (bundle) => {
      const payload = target(bundle, 'DSSE payload');
      const text = payload.get().toString('utf8');
      const commit = /"sha1":"([0-9a-f]{40})"/.exec(text)?.[1];
      if (!commit) throw new Error('no commit');
      const other = commit.slice(0, -1) + (commit.endsWith('0') ? '1' : '0');
      payload.set(Buffer.from(text.replaceAll(commit, other), 'utf8'));
    });
    for (const item of [flippedSig, altered]) {
      const native = nativeVerdict(item);
      expect(
        native.filter((c) => c !== 'OK'),
        item.name,
      ).toEqual(['TLOG_BODY_ERROR']);
      expect(await browserVerdict(item), item.name).toEqual(native);
    }
  });

  it('derived: a message digest of no known algorithm, with the file: both check the signature over its bytes', async () => {
    // Found by a structural fuzz of this corpus: the page checked such a signature over the
    // bundle's digest, which names no algorithm, and called it a bad signature where the
    // library, over the file's bytes (the key's default hash), verifies it.
    const bases = [
      generatedMessageItem(),
      ...CONFORMANCE.filter(
        (c) => !c.name.endsWith('_fail') && c.artifact && 'messageSignature' in JSON.parse(c.bundle),
      ),
    ];
    expect(bases.length).toBeGreaterThan(3);
    const items = bases.flatMap((base) =>
      (['HASH_ALGORITHM_UNSPECIFIED', undefined] as const).map((algorithm) => {
        const json = JSON.parse(base.bundle) as { messageSignature: { messageDigest: Record<string, unknown> } };
        if (algorithm === undefined) delete json.messageSignature.messageDigest.algorithm;
        else json.messageSignature.messageDigest.algorithm = algorithm;
        return {
          ...base,
          name: `derived: ${base.name}, digest algorithm ${algorithm ?? 'left out'}`,
          bundle: JSON.stringify(json),
        };
      }),
    );
    const { differences, verdicts } = await compare(items);
    expect(differences).toEqual([]);
    // The generated P-256 signature verifies over the file's bytes: the bundle names no digest of it.
    expect(verdicts.get('derived: generated message signature, digest algorithm left out')).toEqual([
      'ARTIFACT_MISMATCH',
    ]);
  });

  it('derived: an attestations response that lists none, or a bundle that also carries `attestations`, is refused', async () => {
    // Found by a structural fuzz: the guard read `attestations: []` as no bundle at all.
    const base = RECORDED.find((r) => 'mediaType' in JSON.parse(r.bundle));
    if (!base) throw new Error('no recorded bundle');
    const bundle = JSON.parse(base.bundle) as Record<string, unknown>;
    const shapes = {
      'an empty list': { attestations: [] },
      'a bundle with attestations {}': { ...bundle, attestations: {} },
    };
    for (const [name, json] of Object.entries(shapes))
      await bothGive({ ...base, name, bundle: JSON.stringify(json) }, 'BUNDLE_MALFORMED');
  });

  it('derived: the expected identity is matched exactly, as cosign does, not as the library reads it (a regular expression)', async () => {
    const base = CONFORMANCE.find((c) => c.name === 'happy-path-v0.3');
    const san = base?.identity;
    if (!base || !san) throw new Error('no happy-path-v0.3 with an identity');
    await bothGive({ ...base, name: 'the SAN itself' }, 'OK');
    for (const identity of [san.slice(0, -1), san.replace('.github', '.githu.'), `${san.slice(0, 30)}.*`]) {
      // The library's own reading of this identity accepts the certificate...
      expect(() => native.policy.verifySubjectAlternativeName(identity, san), identity).not.toThrow();
      // ...the page refuses it, and the guard's library check, asked for the exact match, agrees.
      await bothGive({ ...base, name: `derived: identity ${identity}`, identity }, 'IDENTITY_MISMATCH');
      expect(() => native.policy.verifySubjectAlternativeName(exactPattern(identity), san), identity).toThrow();
    }
  });

  it('a publish attestation with npm’s key, signature flipped: caught, the same way', async () => {
    const base = RECORDED.find((i) => i.name.endsWith('sigstore@1.3.0-publish.json'));
    if (!base) throw new Error('missing');
    const json = JSON.parse(base.bundle) as Record<string, unknown>;
    flipBit(target(json, 'DSSE signature'), makeRng(1));
    const item = {
      ...base,
      name: 'derived: publish signature flipped',
      bundle: JSON.stringify(json),
      npmKeys: npmKeys(),
      trustedRoot: PUBLIC_GOOD_ROOT(),
    };
    expect(nativeVerdict(item)).not.toEqual(['OK']);
    expect(await browserVerdict(item)).toEqual(nativeVerdict(item));
  });
});

// ---------------------------------------------------------------------------------------
// The WebCrypto two-pass path: a `false` from WebCrypto, Ed25519, high-S and
// non-canonical signatures, on GENERATED bundles whose log checks all pass.

interface SubtleCall {
  algorithm: string;
  result: boolean;
}

function watchWebCrypto(): SubtleCall[] {
  const subtle = globalThis.crypto.subtle;
  const original = subtle.verify.bind(subtle);
  const calls: SubtleCall[] = [];
  vi.spyOn(subtle, 'verify').mockImplementation(async (algorithm, key, signature, data) => {
    const result = await original(algorithm, key, signature, data);
    calls.push({ algorithm: typeof algorithm === 'string' ? algorithm : algorithm.name, result });
    return result;
  });
  return calls;
}

afterEach(() => {
  vi.restoreAllMocks();
});

const DSSE_DATA = pae('application/vnd.in-toto+json', Buffer.from(STATEMENT, 'utf8'));

// Key generation (RSA-4096 above all) is slow on a loaded machine: generous timeouts.
describe('generated: the DSSE signature check on the two-pass path', { timeout: 120_000 }, () => {
  it.each(KEY_KINDS)(
    '%s: a valid signature verifies on both engines, and one over other bytes is refused',
    async (kind) => {
      // keyTypeItems: per kind, a valid signature and one over other bytes, logged as is.
      for (const [item, code] of keyTypeItems().filter(([i]) => i.name.startsWith(`generated ${kind}:`))) {
        await bothGive(item, code);
      }
    },
  );

  it('WebCrypto’s `false` decides: ECDSA and RSA checks answered natively, verdict SIGNATURE_ERROR', async () => {
    for (const kind of ['P-256', 'P-384', 'RSA-2048'] as const) {
      const calls = watchWebCrypto();
      const bad = signDsse(kind, Buffer.from('not the envelope'));
      const item = generatedItem('WebCrypto false', kind, bad);
      const result = await browserResult(item);
      expect(result.verdicts.map((v) => v.code)).toEqual(['SIGNATURE_ERROR']);
      expect(nativeVerdict(item)).toEqual(['SIGNATURE_ERROR']);
      const expected = kind === 'RSA-2048' ? 'RSASSA-PKCS1-v1_5' : 'ECDSA';
      // The SET (ECDSA, true) and the DSSE signature (false) both went to WebCrypto.
      expect(calls.filter((c) => c.algorithm === expected && !c.result).length, kind).toBeGreaterThanOrEqual(1);
      expect(calls.some((c) => c.algorithm === 'ECDSA' && c.result)).toBe(true);
      vi.restoreAllMocks();
    }
  });

  it('Ed25519 is never sent to WebCrypto, and S + L (non-canonical) is refused as Node refuses it', async () => {
    const calls = watchWebCrypto();
    const valid = signDsse('Ed25519', DSSE_DATA);
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(valid[i] ?? 0);
    const bigS = s + L;
    const sBytes = Buffer.alloc(32);
    for (let i = 0, v = bigS; i < 32; i++, v >>= 8n) sBytes[i] = Number(v & 0xffn);
    await bothGive(generatedItem('valid', 'Ed25519', valid), 'OK');
    await bothGive(
      generatedItem('S + L', 'Ed25519', Buffer.concat([valid.subarray(0, 32), sBytes])),
      'SIGNATURE_ERROR',
    );
    const flipped = Buffer.from(valid);
    flipped[5] = (flipped[5] ?? 0) ^ 0x10;
    await bothGive(generatedItem('flipped R', 'Ed25519', flipped), 'SIGNATURE_ERROR');
    expect(calls.some((c) => c.algorithm === 'Ed25519')).toBe(false);
    expect(calls.length).toBeGreaterThan(0); // the SETs still went to WebCrypto
  });

  it.each(['P-256', 'P-384', 'P-521'] as const)(
    '%s: high-S accepted (as OpenSSL does), non-canonical DER refused, on both engines',
    async (kind) => {
      const calls = watchWebCrypto();
      const { r, s } = decodeEcdsa(signDsse(kind, DSSE_DATA));
      const n = curveOrder(kind);
      const high = s > n / 2n ? s : n - s;
      await bothGive(generatedItem('high-S', kind, ecdsaSignature(r, high)), 'OK');
      // WebCrypto answered the high-S signature itself, with `true`.
      expect(calls.filter((c) => c.algorithm === 'ECDSA' && c.result).length).toBeGreaterThanOrEqual(2);
      await bothGive(generatedItem('low-S', kind, ecdsaSignature(r, n - high)), 'OK');
      await bothGive(
        generatedItem('r with a needless 0x00', kind, ecdsaSignature(r, s, { extraZero: true })),
        'SIGNATURE_ERROR',
      );
      await bothGive(
        generatedItem('long-form length', kind, ecdsaSignature(r, s, { longLength: true })),
        'SIGNATURE_ERROR',
      );
      await bothGive(generatedItem('r = 0', kind, ecdsaSignature(0n, s)), 'SIGNATURE_ERROR');
      await bothGive(generatedItem('s = n', kind, ecdsaSignature(r, n)), 'SIGNATURE_ERROR');
    },
  );
});
