// The versions the npm-client differential serves: GENERATED (test/support/generated-keyless.ts,
// a Sigstore instance of the tests' own), each one valid version with one thing about it
// changed: what its statements name (purl forms, digests, subjects), what the attestations
// response holds and in which order, what the packument claims, its integrity, its
// registry signatures. Each case has a package of its own, so no client's cache mixes them.
import { Buffer } from 'buffer';
import { KEYLESS_NPM_KEY_ID, type GeneratedInstance, type StatementChanges } from '../../support/generated-keyless';
import type { ClientCase } from './harness';

export const SLSA_V1 = 'https://slsa.dev/provenance/v1';
export const SLSA_V02 = 'https://slsa.dev/provenance/v0.2';
export const PUBLISH = 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1';
const OTHER_KEY_ID = 'SHA256:a-key-the-registry-does-not-serve';

export type Signatures =
  'valid' | 'none' | 'invalid' | 'unknown-key' | 'valid+valid' | 'valid+invalid' | 'valid+unknown-key';

export interface CaseSpec {
  what: string;
  /** The statements' changes, or false: not in the response. */
  provenance?: StatementChanges | false;
  publish?: StatementChanges | false;
  /** The version's name and version when not the generated ones (scoped, build metadata). */
  name?: string;
  version?: string;
  publishFirst?: boolean;
  /** More entries of the response, made from the case's index. */
  extra?: (instance: GeneratedInstance, index: number) => unknown[];
  /** The predicate type the response lists the provenance under. */
  listedAs?: string;
  /** dist.attestations: claimed with a provenance (default), without one, or not at all. */
  claim?: 'provenance' | 'publish-only' | 'none';
  /** dist.integrity from the subject's sha512 (hex) and the case's instance; undefined: none. */
  integrity?: (sha512Hex: string, instance: GeneratedInstance) => string | undefined;
  /** dist.shasum (hex). */
  shasum?: string;
  /** What the registry signature covers after `name@version:` (default: dist.integrity as served). */
  signedIntegrity?: string;
  signatures?: Signatures;
  /** The key ids the bundles carry (not signed): the DSSE signatures' `keyid`, the publish bundle's key hint. */
  provenanceKeyId?: string;
  publishKeyId?: string;
  publishHint?: string;
  /** The provenance's DSSE signature with its last bit flipped. */
  brokenProvenance?: boolean;
  /** The version's publish time in `time` (default: a minute per index from 2025-06-01); null: none. */
  time?: string | null;
  /** The attestations response as served, instead of the one built; null: HTTP 404. */
  body?: string | null;
}

export const sriOf = (hex: string, algorithm = 'sha512') =>
  `${algorithm}-${Buffer.from(hex, 'hex').toString('base64')}`;
export const subject = (name: string, sha512: string) => ({ name, digest: { sha512 } });

/** The purl npm writes for a version: the scope's `@` encoded, nothing else. */
export const purl = (name: string, version: string) => `pkg:npm/${name.replace(/^@/, '%40')}@${version}`;

/** Each case as a function of the generated subject of its index. */
function specs(): ((s: { name: string; version: string; sha512: string }, other: string) => CaseSpec)[] {
  return [
    () => ({ what: 'valid: provenance and publish attestation, signed and bound' }),
    () => ({ what: 'valid, the publish attestation listed first', publishFirst: true }),
    () => ({ what: 'valid, no registry signature', signatures: 'none' }),
    () => ({ what: 'valid, no attestations claimed (none served)', claim: 'none', body: null }),
    () => ({ what: 'publish attestation only, no provenance claimed', provenance: false, claim: 'publish-only' }),
    () => ({ what: 'publish attestation only, a provenance claimed', provenance: false }),
    () => ({ what: 'provenance only, no publish attestation', publish: false }),
    () => ({ what: 'an empty attestations list, a provenance claimed', body: '{"attestations":[]}' }),
    () => ({ what: 'attestations claimed, the endpoint answers 404', body: null }),
    () => ({ what: 'the attestations response is not JSON', body: 'not json' }),
    (s) => ({
      what: 'provenance subject: the scope-less name percent-encoded',
      provenance: { subject: [subject(purl(s.name, s.version).replace('generated', '%67enerated'), s.sha512)] },
    }),
    (s) => ({
      what: 'provenance subject: the version percent-encoded',
      provenance: { subject: [subject(`pkg:npm/${s.name}@${s.version.replace(/\./g, '%2E')}`, s.sha512)] },
    }),
    (s) => ({
      what: 'provenance subject: the sha512 in upper case',
      provenance: { subject: [subject(purl(s.name, s.version), s.sha512.toUpperCase())] },
    }),
    (s, other) => ({
      what: 'provenance subjects: another package first, then this one',
      provenance: { subject: [subject(purl(other, '1.0.0'), s.sha512), subject(purl(s.name, s.version), s.sha512)] },
    }),
    (s, other) => ({
      what: 'provenance subjects: this one, then another package',
      provenance: { subject: [subject(purl(s.name, s.version), s.sha512), subject(purl(other, '1.0.0'), s.sha512)] },
    }),
    (s) => ({
      what: 'provenance subject: another version',
      provenance: { subject: [subject(purl(s.name, '9.9.9'), s.sha512)] },
    }),
    (s) => ({
      what: 'provenance subject: another tarball',
      provenance: { subject: [subject(purl(s.name, s.version), 'ab'.repeat(64))] },
    }),
    (s) => ({
      what: 'provenance subject: a sha256 only',
      provenance: { subject: [{ name: purl(s.name, s.version), digest: { sha256: s.sha512.slice(0, 64) } }] },
    }),
    () => ({ what: 'provenance subject: none', provenance: { subject: [] } }),
    (s) => ({
      what: 'publish subject: the sha512 in upper case',
      publish: { subject: [subject(purl(s.name, s.version), s.sha512.toUpperCase())] },
    }),
    (s) => ({
      what: 'publish predicate: another version named',
      publish: { predicate: { name: s.name, version: '9.9.9', registry: 'https://registry.npmjs.org' } },
    }),
    (s) => ({
      what: 'scoped package, its purl as npm writes it',
      name: `@generated/${s.name}`,
      provenance: { subject: [subject(purl(`@generated/${s.name}`, s.version), s.sha512)] },
      publish: {
        subject: [subject(purl(`@generated/${s.name}`, s.version), s.sha512)],
        predicate: { name: `@generated/${s.name}`, version: s.version },
      },
    }),
    (s) => ({
      what: "scoped package, the scope's @ not encoded",
      name: `@generated/${s.name}`,
      provenance: { subject: [subject(`pkg:npm/@generated/${s.name}@${s.version}`, s.sha512)] },
      publish: {
        subject: [subject(purl(`@generated/${s.name}`, s.version), s.sha512)],
        predicate: { name: `@generated/${s.name}`, version: s.version },
      },
    }),
    () => ({ what: 'the provenance listed as v0.2, signed as v1', listedAs: SLSA_V02 }),
    () => ({ what: "the provenance's DSSE signature names npm's key", provenanceKeyId: KEYLESS_NPM_KEY_ID }),
    () => ({ what: "the provenance's DSSE signature names a key nobody serves", provenanceKeyId: OTHER_KEY_ID }),
    () => ({ what: "the publish attestation's DSSE signature names no key", publishKeyId: '' }),
    () => ({ what: "the publish attestation's DSSE signature names a key nobody serves", publishKeyId: OTHER_KEY_ID }),
    () => ({ what: "the publish attestation's key hint names a key nobody serves", publishHint: OTHER_KEY_ID }),
    (s) => ({
      what: 'an extra provenance (v0.2), valid and bound',
      extra: (instance, i) => [
        {
          predicateType: SLSA_V02,
          bundle: instance.provenanceBundle(i, {
            predicateType: SLSA_V02,
            subject: [subject(purl(s.name, s.version), s.sha512)],
          }),
        },
      ],
    }),
    (s) => ({
      what: 'an extra provenance whose signature is broken',
      extra: (instance, i) => [
        {
          predicateType: SLSA_V1,
          bundle: brokenSignature(
            instance.provenanceBundle(i, { subject: [subject(purl(s.name, s.version), s.sha512)] }),
          ),
        },
      ],
    }),
    (s) => ({
      what: 'an extra provenance of another version',
      extra: (instance, i) => [
        {
          predicateType: SLSA_V1,
          bundle: instance.provenanceBundle(i, { subject: [subject(purl(s.name, '9.9.9'), s.sha512)] }),
        },
      ],
    }),
    () => ({ what: "the provenance's signature is broken", brokenProvenance: true }),
    () => ({ what: 'integrity: sha1 only', integrity: (hex) => sriOf(hex.slice(0, 40), 'sha1') }),
    () => ({
      what: 'integrity: sha512 and sha1',
      integrity: (hex) => `${sriOf(hex)} ${sriOf(hex.slice(0, 40), 'sha1')}`,
    }),
    () => ({ what: 'integrity: another tarball', integrity: () => sriOf('cd'.repeat(64)) }),
    (s) => ({
      what: 'integrity: none, a shasum, the signature over its sha1 form, no attestations claimed',
      integrity: () => undefined,
      shasum: s.sha512.slice(0, 40),
      signedIntegrity: sriOf(s.sha512.slice(0, 40), 'sha1'),
      claim: 'none',
      body: null,
    }),
    () => ({ what: 'integrity: spaces around it, signed as served', integrity: (hex) => ` ${sriOf(hex)} ` }),
    (s) => ({
      what: 'integrity: spaces around it, signed without them',
      integrity: (hex) => ` ${sriOf(hex)} `,
      signedIntegrity: sriOf(s.sha512),
    }),
    () => ({ what: 'integrity: with an option', integrity: (hex) => `${sriOf(hex)}?opt` }),
    () => ({ what: 'integrity: unreadable', integrity: () => 'not-an-integrity?' }),
    () => ({
      what: 'integrity: sha1 before sha512',
      integrity: (hex) => `${sriOf(hex.slice(0, 40), 'sha1')} ${sriOf(hex)}`,
    }),
    () => ({ what: 'registry signature invalid', signatures: 'invalid' }),
    () => ({ what: 'registry signature by a key the registry does not serve', signatures: 'unknown-key' }),
    () => ({ what: 'registry signatures: one valid, one invalid', signatures: 'valid+invalid' }),
    () => ({ what: 'registry signatures: one valid, one by an unknown key', signatures: 'valid+unknown-key' }),
  ];
}

function setKeyId(bundle: Record<string, unknown>, keyid: string): void {
  (bundle.dsseEnvelope as { signatures: { keyid: string }[] }).signatures.forEach((sig) => (sig.keyid = keyid));
}

export function brokenSignature(bundle: Record<string, unknown>): Record<string, unknown> {
  const envelope = bundle.dsseEnvelope as { signatures: [{ sig: string; keyid: string }] };
  const [first] = envelope.signatures;
  const sig = Buffer.from(first.sig, 'base64');
  sig.writeUInt8(sig.readUInt8(sig.length - 1) ^ 1, sig.length - 1);
  return { ...bundle, dsseEnvelope: { ...envelope, signatures: [{ ...first, sig: sig.toString('base64') }] } };
}

/** Every case, on the generated instance, its indexes from `firstIndex`, for a registry at `registry`. */
export function clientCases(instance: GeneratedInstance, registry: string, firstIndex: number): ClientCase[] {
  return specs().map((make, k) => {
    const index = firstIndex + k;
    return buildCase(instance, registry, index, make(instance.subjectOf(index), `generated-other-${index}`));
  });
}

/** The version `spec` describes, made from the generated bundles of `index`. */
export function buildCase(instance: GeneratedInstance, registry: string, index: number, spec: CaseSpec): ClientCase {
  const generated = instance.subjectOf(index);
  const name = spec.name ?? generated.name;
  const version = spec.version ?? generated.version;
  const provenance = spec.provenance === false ? undefined : instance.provenanceBundle(index, spec.provenance);
  const publish = spec.publish === false ? undefined : instance.publishBundle(index, spec.publish);
  if (provenance && spec.provenanceKeyId !== undefined) setKeyId(provenance, spec.provenanceKeyId);
  if (publish && spec.publishKeyId !== undefined) setKeyId(publish, spec.publishKeyId);
  if (publish && spec.publishHint !== undefined) {
    (publish.verificationMaterial as { publicKey: { hint: string } }).publicKey.hint = spec.publishHint;
  }
  const entries: unknown[] = [
    ...(provenance
      ? [
          {
            predicateType: spec.listedAs ?? SLSA_V1,
            bundle: spec.brokenProvenance ? brokenSignature(provenance) : provenance,
          },
        ]
      : []),
    ...(publish ? [{ predicateType: PUBLISH, bundle: publish }] : []),
  ];
  if (spec.publishFirst) entries.reverse();
  entries.push(...(spec.extra?.(instance, index) ?? []));
  const integrity = spec.integrity ? spec.integrity(generated.sha512, instance) : sriOf(generated.sha512);
  const signed = instance.signRegistry(`${name}@${version}:${spec.signedIntegrity ?? integrity}`);
  const invalid = instance.signRegistry(`${name}@${version}:${sriOf('ef'.repeat(64))}`);
  const valid = { keyid: KEYLESS_NPM_KEY_ID, sig: signed };
  const signatures = {
    valid: [valid],
    none: [],
    invalid: [{ keyid: KEYLESS_NPM_KEY_ID, sig: invalid }],
    'unknown-key': [{ keyid: OTHER_KEY_ID, sig: signed }],
    'valid+valid': [valid, valid],
    'valid+invalid': [valid, { keyid: KEYLESS_NPM_KEY_ID, sig: invalid }],
    'valid+unknown-key': [valid, { keyid: OTHER_KEY_ID, sig: signed }],
  }[spec.signatures ?? 'valid'];
  const claim = spec.claim ?? 'provenance';
  const dist: Record<string, unknown> = {
    tarball: `${registry}${name}/-/${name.split('/').pop()}-${version}.tgz`,
    ...(integrity !== undefined ? { integrity } : {}),
    ...(spec.shasum ? { shasum: spec.shasum } : {}),
    ...(signatures.length > 0 ? { signatures } : {}),
  };
  if (claim !== 'none') {
    dist.attestations = {
      url: `https://registry.npmjs.org/-/npm/v1/attestations/${name}@${version}`,
      ...(claim === 'provenance' ? { provenance: { predicateType: SLSA_V1 } } : {}),
    };
  }
  const published = new Date(Date.UTC(2025, 5, 1) + index * 60_000).toISOString();
  const time: Record<string, string> = { created: published, modified: published, [version]: published };
  if (spec.time === null) delete time[version];
  else if (spec.time !== undefined) time[version] = spec.time;
  const packument = {
    _id: name,
    name,
    'dist-tags': { latest: version },
    versions: { [version]: { name, version, _id: `${name}@${version}`, dist } },
    time,
  };
  const attestations = spec.body === null ? undefined : (spec.body ?? JSON.stringify({ attestations: entries }));
  return { what: spec.what, name, version, packument, attestations };
}
