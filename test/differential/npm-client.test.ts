// A version's verdict against npm's own client. The bundle differential (differential.test.ts)
// holds each bundle's verdict to @sigstore/verify; this one holds what the timeline makes of
// a whole version (which attestations count, their binding to the packument's name,
// version and dist.integrity, the registry signatures: verify-version.ts and the verifier
// service, on the browser's crypto and Buffer) to pacote, the library `npm audit
// signatures` verifies with, run as npm runs it (npm-client/pacote-run.ts, a child process
// on Node's own crypto) against the same loopback registry (npm-client/harness.ts).
//
// The rule: the app never calls a version verified that npm's client refuses, and calls
// verified every version npm's client accepts, except where the app asks more than npm
// (STRICTER below, each with the steps and codes the app fails it with, checked too).
import { beforeAll, describe, expect, it } from 'vitest';
import { generatedInstance, KEYLESS_NPM_KEY_ID } from '../support/generated-keyless';
import { publicGoodRoot, tufKeys } from '../support/derived-record';
import { readFixture } from '../support/fixtures';
import { clientCases } from './npm-client/cases';
import { compareWithNpm, type Compared } from './npm-client/harness';
import { randomCases } from './npm-client/random-cases';
import { derivedRecordedCases, recordedAttestationCases, recordedPackumentCases } from './npm-client/recorded-cases';

/** Where the app refuses what npm's client accepts: the case, and the app's failing steps and codes. */
const STRICTER: Record<string, string> = {
  // npm's client verifies the attestations a response holds; the app needs npm's publish
  // attestation, and the provenance the packument claims.
  'publish attestation only, a provenance claimed': 'provenance-bundle ATTESTATION_MISSING',
  'provenance only, no publish attestation': 'publish-attestation ATTESTATION_MISSING',
  'an empty attestations list, a provenance claimed':
    'provenance-bundle ATTESTATION_MISSING, publish-attestation ATTESTATION_MISSING',
  // npm's client does not compare the listed predicate type with the signed one,
  'the provenance listed as v0.2, signed as v1': 'provenance-bundle PREDICATE_TYPE_UNEXPECTED',
  // nor the publish predicate's name and version with the version's;
  'publish predicate: another version named': 'subject-binding SUBJECT_NAME_MISMATCH',
  // and it finds the publish key by the DSSE signature's key id, the app by the bundle's hint too.
  "the publish attestation's key hint names a key nobody serves": 'publish-attestation KEY_NOT_FOUND',
  // Where dist.integrity cannot be read, npm's client checks neither signatures nor
  // attestations; the app refuses to call such a version verified.
  'integrity: unreadable': 'subject-binding INTEGRITY_MISSING, registry-signature INTEGRITY_MISSING',
};

/** The steps of the app that may report what npm's client refused with this code. */
const STEPS_OF_NPM_CODE: Record<string, string[]> = {
  EATTESTATIONSUBJECT: ['subject-binding'],
  // The app reports an attestation besides the provenance and publish attestation in the binding step.
  EATTESTATIONVERIFY: ['provenance-bundle', 'publish-attestation', 'subject-binding'],
  EINTEGRITYSIGNATURE: ['registry-signature'],
  // A registry signature's key, or an attestation's (by its DSSE key id: dsse-key-id.ts).
  EEXPIREDSIGNATUREKEY: ['registry-signature', 'provenance-bundle', 'publish-attestation', 'subject-binding'],
  EMISSINGSIGNATUREKEY: ['registry-signature', 'provenance-bundle', 'publish-attestation', 'subject-binding'],
};

/**
 * The app's rules that npm's client does not have, for cases without a name in STRICTER:
 * every failing step of the app must be one of these.
 */
function onlyStricter(c: Compared): boolean {
  return c.failures.every(
    ({ step, code, message }) =>
      (code === 'ATTESTATION_MISSING' && (step === 'provenance-bundle' || step === 'publish-attestation')) ||
      (code === 'PREDICATE_TYPE_UNEXPECTED' && step === 'provenance-bundle') ||
      (code === 'SUBJECT_NAME_MISMATCH' &&
        step === 'subject-binding' &&
        message.includes('the publish predicate names')) ||
      (code === 'KEY_NOT_FOUND' &&
        step === 'publish-attestation' &&
        message.includes('npm has no attestation key with id')) ||
      (code === 'INTEGRITY_MISSING' && (step === 'subject-binding' || step === 'registry-signature')),
  );
}

/** The cases on which the app and npm's client disagree beyond STRICTER (or, at random, onlyStricter). */
function differences(compared: Compared[], stricter: 'named' | 'by-rule' = 'named'): Compared[] {
  return compared.filter((c) => {
    const { what, npm, app } = c;
    // npm's client resolves no version whose publish time is not a date (npm-pick-manifest
    // drops it: ETARGET), so it gives no verdict to compare; the app judges the registry
    // signature as pacote would (no time at which a key with a validity window was valid).
    if (npm === 'ETARGET') return false;
    const npmAccepts = npm === 'OK';
    const appAccepts = app === 'verified' || app === 'absent';
    if (npmAccepts) return !appAccepts && (stricter === 'named' ? STRICTER[what] !== app : !onlyStricter(c));
    if (appAccepts) return true;
    // Both refuse: the app's failing steps must include one that covers npm's reason
    // (a response npm cannot fetch or read has no step: the app's is `unavailable` or malformed).
    const steps = STEPS_OF_NPM_CODE[npm];
    return steps ? !steps.some((step) => app.includes(step)) : false;
  });
}

describe("a version's verdict against npm's own client (pacote): generated cases", () => {
  const instance = generatedInstance();
  let compared: Compared[] = [];

  beforeAll(async () => {
    compared = await compareWithNpm((origin) => clientCases(instance, `${origin}/`, 600), {
      trustedRoot: instance.trustedRoot,
      appKeys: [instance.npmKey],
      npmKeys: [{ keyid: KEYLESS_NPM_KEY_ID, pemkey: instance.npmKeyPem, expires: null }],
    });
  }, 120_000);

  it('npm accepts the valid version, and refuses a broken signature (the harness is sound)', () => {
    expect(compared[0]).toMatchObject({ npm: 'OK', app: 'verified' });
    expect(compared.find((c) => c.what === "the provenance's signature is broken")?.npm).toBe('EATTESTATIONVERIFY');
  });

  it('gives the same verdict as npm on every case, or the stricter one named for it', () => {
    expect(differences(compared)).toEqual([]);
    // Each stricter case is one npm's client accepts and the app refuses as named.
    for (const [what, app] of Object.entries(STRICTER)) {
      const found = compared.find((c) => c.what === what);
      expect(found, what).toMatchObject({ npm: 'OK', app });
      expect(found && onlyStricter(found), what).toBe(true);
    }
  });
});

describe("a version's verdict against npm's own client (pacote): recorded data", () => {
  let compared: Compared[] = [];

  beforeAll(async () => {
    const keys = readFixture<{ keys: { keyid: string; key: string; expires: string | null }[] }>(
      'registry/keys/npm-v1-keys.json',
    );
    compared = await compareWithNpm(
      () => [...recordedPackumentCases(), ...recordedAttestationCases(), ...derivedRecordedCases()],
      {
        trustedRoot: publicGoodRoot(),
        appKeys: tufKeys(),
        // As `npm audit signatures` hands the keys endpoint's keys to pacote.
        npmKeys: keys.keys.map((k) => ({
          keyid: k.keyid,
          pemkey: `-----BEGIN PUBLIC KEY-----\n${k.key}\n-----END PUBLIC KEY-----`,
          expires: k.expires,
        })),
      },
    );
  }, 120_000);

  it('npm accepts the recorded attestations and signatures (the harness reaches real data)', () => {
    const attested = compared.filter((c) => c.what.startsWith('recorded attestations'));
    expect(attested.map((c) => c.npm)).toEqual(['OK', 'OK', 'OK']);
    expect(compared.filter((c) => c.npm === 'OK').length).toBeGreaterThan(100);
    expect(compared.find((c) => c.what.endsWith('published after the old key expired'))?.npm).toBe(
      'EEXPIREDSIGNATUREKEY',
    );
  });

  it('gives the same verdict as npm on every recorded version and every change derived from them', () => {
    expect(differences(compared)).toEqual([]);
  });
});

describe("a version's verdict against npm's own client (pacote): seeded random versions", () => {
  const instance = generatedInstance();
  const SEED = 0x6e706d;
  const COUNT = 300;
  const FIRST = 700;
  // The npm key's validity ends among the cases' log times (bundle i is logged at
  // 2025-06-15T15:06:40Z + i minutes), and before some of the publish times drawn.
  const EXPIRES = '2025-06-16T05:00:00.000Z';
  const runs: Record<string, Compared[]> = {};

  beforeAll(async () => {
    for (const expires of [null, EXPIRES]) {
      runs[expires ?? 'no expiry'] = await compareWithNpm(
        (origin) => randomCases(instance, `${origin}/`, SEED, COUNT, FIRST),
        {
          trustedRoot: instance.trustedRoot,
          appKeys: [{ ...instance.npmKey, ...(expires ? { validUntil: expires } : {}) }],
          npmKeys: [{ keyid: KEYLESS_NPM_KEY_ID, pemkey: instance.npmKeyPem, expires }],
        },
      );
    }
  }, 300_000);

  it.each(['no expiry', EXPIRES])('gives the same verdict as npm on every one (npm key expiring: %s)', (run) => {
    const compared = runs[run] ?? [];
    expect(compared).toHaveLength(COUNT);
    expect(differences(compared, 'by-rule')).toEqual([]);
    // Both verdicts occur often enough for the comparison to mean something.
    expect(compared.filter((c) => c.npm === 'OK').length).toBeGreaterThan(COUNT / 20);
    expect(compared.filter((c) => c.npm !== 'OK').length).toBeGreaterThan(COUNT / 20);
  });

  it("the expiring key changes npm's verdicts, and the app's with them", () => {
    const before = runs['no expiry'] ?? [];
    const after = runs[EXPIRES] ?? [];
    const changed = after.filter((c, i) => c.npm !== before[i]?.npm);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((c) => c.npm === 'EEXPIREDSIGNATUREKEY')).toBe(true);
  });
});
