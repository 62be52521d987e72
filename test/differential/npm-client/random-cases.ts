// Seeded random versions for the npm-client differential: each dimension of the fixed cases
// (what the statements name, what the response holds and in which order, the claim, the
// integrity, the registry signatures, the publish time, the response itself) drawn at
// random, so that changes meet in combinations no fixed case names. GENERATED on the
// tests' own Sigstore instance (test/support/generated-keyless.ts).
import { KEYLESS_NPM_KEY_ID, type GeneratedInstance, type StatementChanges } from '../../support/generated-keyless';
import { makeRng, type Rng } from '../../support/rng';
import {
  brokenSignature,
  buildCase,
  purl,
  sriOf,
  subject,
  SLSA_V02,
  SLSA_V1,
  PUBLISH,
  type CaseSpec,
  type Signatures,
} from './cases';
import type { ClientCase } from './harness';

const OTHER_KEY = 'SHA256:a-key-the-registry-does-not-serve';

type Choice<T> = readonly [label: string, value: T];

/** The first choice (as a valid version has it) most of the time, another one otherwise. */
function draw<T>(rng: Rng, changes: string[], dimension: string, choices: readonly Choice<T>[], keep = 0.7): T {
  const [first, ...others] = choices;
  if (!first) throw new Error(`no choices for ${dimension}`);
  if (others.length === 0 || rng.int(1000) < keep * 1000) return first[1];
  const [label, value] = rng.pick(others);
  changes.push(`${dimension}: ${label}`);
  return value;
}

/** `count` random versions, their bundles those of indexes from `firstIndex`. */
export function randomCases(
  instance: GeneratedInstance,
  registry: string,
  seed: number,
  count: number,
  firstIndex: number,
): ClientCase[] {
  const rng = makeRng(seed);
  return Array.from({ length: count }, (_, k) => {
    const index = firstIndex + k;
    const generated = instance.subjectOf(index);
    const changes: string[] = [];
    const scoped = rng.int(4) === 0;
    const name = scoped ? `@generated/${generated.name}` : generated.name;
    if (scoped) changes.push('scoped');
    const { version, sha512 } = generated;

    const statement = (kind: string): StatementChanges => {
      const purlOf = draw(rng, changes, `${kind} subject name`, [
        ['npm purl', purl(name, version)],
        ['a letter percent-encoded', purl(name, version).replace('generated-bench', '%67enerated-bench')],
        ["the scope's @ not encoded", `pkg:npm/${name}@${version}`],
        ['the version percent-encoded', purl(name, version.replace(/\./g, '%2E'))],
        ['another version', purl(name, '9.9.9')],
        ['another package', purl(`generated-other-${index}`, version)],
      ] as const);
      const digest = draw(rng, changes, `${kind} subject digest`, [
        ['sha512', { sha512 }],
        ['upper case', { sha512: sha512.toUpperCase() }],
        ['another tarball', { sha512: 'ab'.repeat(64) }],
        ['sha256 only', { sha256: sha512.slice(0, 64) }],
      ] as const);
      const own = { name: purlOf, digest };
      const other = subject(purl(`generated-other-${index}`, '1.0.0'), sha512);
      const subjects = draw(rng, changes, `${kind} subjects`, [
        ['one', [own]],
        ['another first', [other, own]],
        ['another after', [own, other]],
        ['none', []],
      ] as const);
      const result: StatementChanges = { subject: [...subjects] };
      if (kind === 'publish') {
        result.predicate = draw(rng, changes, 'publish predicate', [
          ['this version', { name, version, registry: 'https://registry.npmjs.org' }],
          ['another version', { name, version: '9.9.9', registry: 'https://registry.npmjs.org' }],
          ['another name', { name: `generated-other-${index}`, version, registry: 'https://registry.npmjs.org' }],
        ] as const);
      }
      return result;
    };

    const bound = () => [subject(purl(name, version), sha512)];
    const extras = draw(rng, changes, 'extra entries', [
      ['none', [] as string[]],
      ['a valid provenance (v0.2)', ['valid']],
      ['a provenance with a broken signature', ['broken']],
      ["another version's provenance", ['other-version']],
      ['an entry without a bundle', ['no-bundle']],
      ['an entry that is not an object', ['not-object']],
      ['a valid one and a broken one', ['valid', 'broken']],
    ] as const);
    const spec: CaseSpec = {
      what: '',
      ...(scoped ? { name } : {}),
      provenance: draw(
        rng,
        changes,
        'provenance',
        [
          ['served', true],
          ['not served', false],
        ] as const,
        0.85,
      )
        ? statement('provenance')
        : false,
      publish: draw(
        rng,
        changes,
        'publish attestation',
        [
          ['served', true],
          ['not served', false],
        ] as const,
        0.85,
      )
        ? statement('publish')
        : false,
      brokenProvenance: draw(
        rng,
        changes,
        'provenance signature',
        [
          ['valid', false],
          ['broken', true],
        ] as const,
        0.9,
      ),
      listedAs: draw(
        rng,
        changes,
        'provenance listed as',
        [
          ['v1', SLSA_V1],
          ['v0.2', SLSA_V02],
        ] as const,
        0.9,
      ),
      publishFirst: rng.int(2) === 0,
      provenanceKeyId: draw(
        rng,
        changes,
        'provenance DSSE key id',
        [
          ['none', ''],
          ["npm's key", KEYLESS_NPM_KEY_ID],
          ['a key nobody serves', OTHER_KEY],
        ] as const,
        0.85,
      ),
      publishKeyId: draw(
        rng,
        changes,
        'publish DSSE key id',
        [
          ["npm's key", KEYLESS_NPM_KEY_ID],
          ['none', ''],
          ['a key nobody serves', OTHER_KEY],
        ] as const,
        0.85,
      ),
      publishHint: draw(
        rng,
        changes,
        'publish key hint',
        [
          ["npm's key", KEYLESS_NPM_KEY_ID],
          ['a key nobody serves', OTHER_KEY],
        ] as const,
        0.9,
      ),
      extra: (inst, i) =>
        extras.map((kind) => {
          if (kind === 'valid') {
            return {
              predicateType: SLSA_V02,
              bundle: inst.provenanceBundle(i, { predicateType: SLSA_V02, subject: bound() }),
            };
          }
          if (kind === 'broken')
            return { predicateType: SLSA_V1, bundle: brokenSignature(inst.provenanceBundle(i, { subject: bound() })) };
          if (kind === 'other-version') {
            return {
              predicateType: PUBLISH,
              bundle: inst.publishBundle(i, { subject: [subject(purl(name, '9.9.9'), sha512)] }),
            };
          }
          return kind === 'no-bundle' ? { predicateType: 'https://example.test/other' } : 'not an attestation';
        }),
      claim: draw(
        rng,
        changes,
        'claim',
        [
          ['provenance', 'provenance'],
          ['publish only', 'publish-only'],
          ['none', 'none'],
        ] as const,
        0.8,
      ),
      integrity: draw(
        rng,
        changes,
        'integrity',
        [
          ['sha512', undefined],
          ['sha1 only', (hex: string) => sriOf(hex.slice(0, 40), 'sha1')],
          ['sha512 and sha1', (hex: string) => `${sriOf(hex)} ${sriOf(hex.slice(0, 40), 'sha1')}`],
          ['another tarball', () => sriOf('cd'.repeat(64))],
          ['spaces around', (hex: string) => ` ${sriOf(hex)}\t`],
          ['sha1 first', (hex: string) => `${sriOf(hex.slice(0, 40), 'sha1')} ${sriOf(hex)}`],
          ['with an option', (hex: string) => `${sriOf(hex)}?opt`],
          ['an unknown hash first', (hex: string) => `foo-YWJj ${sriOf(hex)}`],
        ] as const,
        0.8,
      ),
      signatures: draw<Signatures>(rng, changes, 'signatures', [
        ['valid', 'valid'],
        ['none', 'none'],
        ['invalid', 'invalid'],
        ['unknown key', 'unknown-key'],
        ['valid twice', 'valid+valid'],
        ['valid and invalid', 'valid+invalid'],
        ['valid and unknown key', 'valid+unknown-key'],
      ]),
      time: draw(
        rng,
        changes,
        'publish time',
        [
          ['as built', undefined],
          ['none', null],
          ['in 2030', '2030-01-01T00:00:00.000Z'],
          ['not ISO, before', 'June 1, 2025'],
          ['not ISO, after', 'July 1, 2026'],
          ['not a date', 'not a date'],
        ] as const,
        0.75,
      ),
      body: draw(
        rng,
        changes,
        'response',
        [
          ['as built', undefined],
          ['HTTP 404', null],
          ['not JSON', 'not json'],
          ['an empty object', '{}'],
          ['attestations not a list', '{"attestations":"x"}'],
        ] as const,
        0.9,
      ),
    };
    spec.what = `random #${k}: ${changes.join('; ') || 'valid'}`;
    return buildCase(instance, registry, index, spec);
  });
}
