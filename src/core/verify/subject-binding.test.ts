// checkSubjectBinding, npmPurl and sha512Hex, on the recorded statements and on
// statements altered in code (derived). Runs in both test projects.
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import { clone, entryOf, integrityFromHex, readAttestations, readBundle, statementOf } from '../../../test/support/derived-record';
import type { InTotoStatement } from './bundle-check';
import { NPM_PUBLISH_PREDICATE, checkSubjectBinding, npmPurl, sha512Hex } from './subject-binding';

const pw = readAttestations('@playwright_cli@0.1.1.json');
const provenance = statementOf(entryOf(pw, 'provenance').bundle) as InTotoStatement;
const publish = statementOf(entryOf(pw, 'publish').bundle) as InTotoStatement;
const HEX =
  'f64d7565f0f001f3150c322e1155b55afb3c4a80cd5c863574d43ef42f7f492f199849647317acbb97a82fbbcd6bdea7b626d419aab54ccdaa428aaf765fc8f6';
const INTEGRITY = integrityFromHex(HEX);

function bind(statements: InTotoStatement[], record: { name?: string; version?: string; integrity?: string } = {}) {
  return checkSubjectBinding({
    name: record.name ?? '@playwright/cli',
    version: record.version ?? '0.1.1',
    integrity: 'integrity' in record ? record.integrity : INTEGRITY,
    statements: statements.map((statement, i) => ({
      label: i === 0 ? 'Provenance' : 'Publish attestation',
      statement,
    })),
  });
}

describe('checkSubjectBinding on the recorded statements', () => {
  it('binds both @playwright/cli statements to the record derived from the subject', () => {
    expect(bind([provenance, publish])).toEqual({
      step: 'subject-binding',
      outcome: 'pass',
      code: 'OK',
      message: 'Every attestation names pkg:npm/%40playwright/cli@0.1.1 with the sha512 of dist.integrity.',
    });
  });

  it('binds the sigstore@1.3.0 pair', () => {
    const p = statementOf(readBundle('sigstore@1.3.0-provenance.json')) as InTotoStatement;
    const q = statementOf(readBundle('sigstore@1.3.0-publish.json')) as InTotoStatement;
    const hex = p.subject[0]!.digest!.sha512!;
    const result = checkSubjectBinding({
      name: 'sigstore',
      version: '1.3.0',
      integrity: integrityFromHex(hex),
      statements: [
        { label: 'Provenance', statement: p },
        { label: 'Publish attestation', statement: q },
      ],
    });
    expect(result.outcome).toBe('pass');
  });

  it('skips when there is nothing to bind', () => {
    expect(bind([])).toMatchObject({ outcome: 'skip', code: 'NOT_PRESENT' });
    // Even without integrity: nothing to bind is checked first.
    expect(bind([], { integrity: undefined })).toMatchObject({ outcome: 'skip', code: 'NOT_PRESENT' });
  });

  it('fails with INTEGRITY_MISSING / INTEGRITY_NOT_SHA512 when dist.integrity cannot be compared', () => {
    expect(bind([provenance], { integrity: undefined })).toMatchObject({ outcome: 'fail', code: 'INTEGRITY_MISSING' });
    expect(bind([provenance], { integrity: '' })).toMatchObject({ outcome: 'fail', code: 'INTEGRITY_MISSING' });
    const sha1 = bind([provenance], { integrity: 'sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=' });
    expect(sha1).toMatchObject({ outcome: 'fail', code: 'INTEGRITY_NOT_SHA512' });
    expect(sha1.message).toContain('sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=');
    // A sha512 of the wrong length is no sha512.
    expect(bind([provenance], { integrity: `sha512-${Buffer.alloc(32).toString('base64')}` }).code).toBe(
      'INTEGRITY_NOT_SHA512',
    );
  });

  it("derived: another package's integrity fails with SUBJECT_DIGEST_MISMATCH naming both digests", () => {
    const other = integrityFromHex(
      '7bea9f6e7ff37f5fab0b36bf061200fff03099fd2fd696b91d04bc5e4f225eb9fd6e0cadcad54ba980f43fb352a99e8810b4e0abeb5c0ef2cf9108cd1f258b36',
    );
    const result = bind([provenance, publish], { integrity: other });
    expect(result).toMatchObject({ outcome: 'fail', code: 'SUBJECT_DIGEST_MISMATCH' });
    expect(result.message).toBe(
      "Provenance: the subject's sha512 (f64d7565f0f0…) differs from dist.integrity (7bea9f6e7ff3…).",
    );
  });

  it('derived: the wrong version or name fails with SUBJECT_NAME_MISMATCH listing the subjects', () => {
    const wrongVersion = bind([provenance], { version: '0.1.2' });
    expect(wrongVersion).toMatchObject({ outcome: 'fail', code: 'SUBJECT_NAME_MISMATCH' });
    expect(wrongVersion.message).toBe(
      'Provenance: the subject is pkg:npm/%40playwright/cli@0.1.1, not pkg:npm/%40playwright/cli@0.1.2.',
    );
    expect(bind([provenance], { name: 'cli' }).code).toBe('SUBJECT_NAME_MISMATCH');
    expect(bind([provenance], { name: '@playwright/CLI' }).code).toBe('SUBJECT_NAME_MISMATCH');
  });

  it('derived: the second statement is checked too (a publish attestation of another version)', () => {
    const otherPublish = clone(publish);
    otherPublish.subject[0]!.name = 'pkg:npm/%40playwright/cli@0.1.0';
    const result = bind([provenance, otherPublish]);
    expect(result.code).toBe('SUBJECT_NAME_MISMATCH');
    expect(result.message).toMatch(/^Publish attestation: /);
  });

  it('derived: a publish predicate naming another version fails although the subject matches', () => {
    const forged = clone(publish);
    forged.predicate = { name: '@playwright/cli', version: '9.9.9', registry: 'https://registry.npmjs.org' };
    const result = bind([forged]);
    expect(result).toMatchObject({ outcome: 'fail', code: 'SUBJECT_NAME_MISMATCH' });
    expect(result.message).toBe('Provenance: the publish predicate names @playwright/cli@9.9.9.');
    const noPredicate = clone(publish);
    delete noPredicate.predicate;
    expect(bind([noPredicate]).message).toContain('names undefined@undefined');
  });

  it('derived: an empty or missing subject list fails with SUBJECT_MISSING', () => {
    const empty = { ...clone(provenance), subject: [] };
    expect(bind([empty])).toMatchObject({ outcome: 'fail', code: 'SUBJECT_MISSING' });
    const notList = { ...clone(provenance), subject: 'pkg:npm/x' as unknown as InTotoStatement['subject'] };
    expect(bind([notList]).code).toBe('SUBJECT_MISSING');
  });

  it("derived: npm's purl only, and the digest in lower case, as npm's client compares them", () => {
    for (const name of [
      'pkg:npm/@playwright/cli@0.1.1',
      'pkg:npm/%40playwright/%63li@0.1.1',
      'pkg:npm/%40playwright%2Fcli@0.1.1',
    ]) {
      const spelled = clone(provenance);
      spelled.subject[0]!.name = name;
      expect(bind([spelled]), name).toMatchObject({ outcome: 'fail', code: 'SUBJECT_NAME_MISMATCH' });
    }
    const upper = clone(provenance);
    upper.subject[0]!.digest = { sha512: HEX.toUpperCase() };
    expect(bind([upper])).toMatchObject({ outcome: 'fail', code: 'SUBJECT_DIGEST_MISMATCH' });
    expect(bind([upper]).message).toContain('upper case');
  });

  it('derived: the first subject is the one bound (as npm reads it); its digest must be sha512', () => {
    const otherFirst = clone(provenance);
    otherFirst.subject = [{ name: 'pkg:npm/other@1.0.0', digest: { sha512: '00' } }, ...otherFirst.subject];
    expect(bind([otherFirst])).toMatchObject({ outcome: 'fail', code: 'SUBJECT_NAME_MISMATCH' });
    expect(bind([otherFirst]).message).toContain('the first of 2 subjects');
    const thisFirst = clone(provenance);
    thisFirst.subject = [...thisFirst.subject, { name: 'pkg:npm/other@1.0.0', digest: { sha512: '00' } }];
    expect(bind([thisFirst]).outcome).toBe('pass');
    const sha256Only = clone(provenance);
    sha256Only.subject[0]!.digest = { sha256: HEX.slice(0, 64) };
    expect(bind([sha256Only])).toMatchObject({ code: 'SUBJECT_DIGEST_MISMATCH' });
    expect(bind([sha256Only]).message).toContain('(none)');
  });

  it("derived: bound to the first hash of dist.integrity, as npm's client binds it", () => {
    const sha512 = `sha512-${Buffer.from(HEX, 'hex').toString('base64')}`;
    const sha1 = `sha1-${Buffer.from(HEX.slice(0, 40), 'hex').toString('base64')}`;
    const withIntegrity = (integrity: string) =>
      checkSubjectBinding({
        name: '@playwright/cli',
        version: '0.1.1',
        integrity,
        statements: [{ label: 'Provenance', statement: provenance }],
      });
    expect(withIntegrity(`${sha512} ${sha1}`).outcome).toBe('pass');
    expect(withIntegrity(`  ${sha512}?opt\n`).outcome).toBe('pass');
    expect(withIntegrity(`${sha1} ${sha512}`)).toMatchObject({ outcome: 'fail', code: 'INTEGRITY_NOT_SHA512' });
    expect(withIntegrity(`foo-YWJj ${sha512}`).outcome).toBe('pass');
  });

  it('derived: garbage subjects never throw', () => {
    const NAME = 'pkg:npm/%40playwright/cli@0.1.1';
    const nasty: unknown[] = [
      [null],
      [1],
      ['x'],
      [[]],
      [{}],
      [{ name: 5 }],
      [{ name: null, digest: { sha512: HEX } }],
      [{ name: 'pkg:npm/%E0%A4%A@1' }],
      [{ name: NAME }],
      [{ name: NAME, digest: null }],
      [{ name: NAME, digest: 'sha512' }],
      [{ name: NAME, digest: [] }],
      [{ name: NAME, digest: { sha512: '' } }],
    ];
    for (const subject of nasty) {
      const statement = { ...clone(provenance), subject } as unknown as InTotoStatement;
      expect(bind([statement]).outcome, JSON.stringify(subject)).toBe('fail');
    }
  });

  it(
    'derived: a subject digest that is not a string throws instead of failing the binding',
    () => {
      // subject-binding.ts calls `named.digest?.sha512?.toLowerCase()` on untrusted JSON;
      // a number, object or array there throws a TypeError. The statement of a bundle
      // that FAILED verification still reaches this check, so anyone who can serve an
      // attestations response can make verifyVersion throw (see verify-version.test.ts).
      for (const sha512 of [5, {}, ['x'], true]) {
        const statement = clone(provenance);
        statement.subject = [
          { name: 'pkg:npm/%40playwright/cli@0.1.1', digest: { sha512 } as unknown as Record<string, string> },
        ];
        expect(bind([statement])).toMatchObject({ outcome: 'fail', code: 'SUBJECT_DIGEST_MISMATCH' });
      }
    },
  );
});

describe('npmPurl', () => {
  it.each([
    ['vue', '3.5.27', 'pkg:npm/vue@3.5.27'],
    ['@playwright/cli', '0.1.1', 'pkg:npm/%40playwright/cli@0.1.1'],
    ['@nuxt/kit', '4.0.0-rc.0', 'pkg:npm/%40nuxt/kit@4.0.0-rc.0'],
    ['lodash.merge', '4.6.2', 'pkg:npm/lodash.merge@4.6.2'],
    ['x', '1.0.0+build.1', 'pkg:npm/x@1.0.0+build.1'],
  ])('%s@%s → %s', (name, version, purl) => {
    expect(npmPurl(name, version)).toBe(purl);
  });

  it('matches the subject names of every recorded statement', () => {
    expect(npmPurl('@playwright/cli', '0.1.1')).toBe(provenance.subject[0]?.name);
    expect(npmPurl('sigstore', '1.0.0')).toBe(
      statementOf(entryOf(readAttestations('sigstore@1.0.0.json'), 'provenance').bundle).subject[0]?.name,
    );
    expect(npmPurl('tuf-js', '1.0.0')).toBe(
      statementOf(entryOf(readAttestations('tuf-js@1.0.0.json'), 'publish').bundle).subject[0]?.name,
    );
  });
});

describe('sha512Hex', () => {
  it('decodes the recorded integrity back to the subject digest', () => {
    expect(sha512Hex(INTEGRITY)).toBe(HEX);
  });

  it('finds the sha512 among several SRI hashes and ignores options', () => {
    expect(sha512Hex(`sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk= ${INTEGRITY}`)).toBe(HEX);
    expect(sha512Hex(`  ${INTEGRITY}?opt=1  `)).toBe(HEX);
    expect(sha512Hex(`sha512-!!!! ${INTEGRITY}`)).toBe(HEX);
  });

  it.each([
    undefined,
    '',
    'sha512-',
    'sha512-!!!!',
    'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
    `sha512-${Buffer.alloc(63).toString('base64')}`,
    'SHA512-' + INTEGRITY.slice(7),
  ])('%j holds no sha512', (value) => {
    expect(sha512Hex(value)).toBeUndefined();
  });

  it('uses the publish predicate constant the recorded attestations use', () => {
    expect(publish.predicateType).toBe(NPM_PUBLISH_PREDICATE);
  });
});
