// The sentences `GET /__cases` answers with: what each package on each registry
// demonstrates and whether it is recorded or derived. The README and the demo read them.
import { PLAYWRIGHT_CLI, SIGSTORE, TUF_JS } from './derived-packages';
import { DERIVED_METADATA_DESCRIPTIONS } from './derived-metadata';
import { ERROR_CASE_DESCRIPTIONS } from './error-cases';
import { CLONED_10MB, LARGE, LARGE_10MB, LARGE_1MB, LARGE_3MB } from './large-packument';
import { MANY_ATTESTED, MANY_ATTESTED_COUNT } from './many-attested';
import type { Alteration } from './sub-registries';

export type RegistryName = 'main' | 'tampered' | 'mismatch';

export interface CaseVersionNote {
  version: string;
  note: string;
}

export interface CaseEntry {
  registry: RegistryName;
  /** '' for the main registry, '/tampered' for a sub-registry. */
  prefix: string;
  name: string;
  /** Path under the registry's base URL where the case starts (usually the packument). */
  path: string;
  source: 'recorded' | 'derived';
  description: string;
  versions?: CaseVersionNote[];
  alterations?: Alteration[];
}

const TOKEN_THEN_TRUSTED =
  'Recorded: versions published with a maintainer token (with and without provenance), then by GitHub Actions trusted publishing (_npmUser.trustedPublisher); the attestations it claims are not recorded, so their URLs answer 404.';
const RELEASE_BOT =
  'Recorded: a release bot publishes; most versions carry provenance, some backports do not; the claimed attestations are not recorded (404).';
const NO_PROVENANCE = 'Recorded: no version has provenance or attestations (registry signatures only).';
const PRE_ATTESTATIONS = 'Recorded around 2022, before npm attestations existed; an abbreviated copy is recorded too.';

const RECORDED: Readonly<Record<string, string>> = {
  vue: TOKEN_THEN_TRUSTED,
  vite: TOKEN_THEN_TRUSTED,
  'create-vite': TOKEN_THEN_TRUSTED,
  nuxt: TOKEN_THEN_TRUSTED,
  '@nuxt/kit': TOKEN_THEN_TRUSTED,
  'create-nuxt': TOKEN_THEN_TRUSTED,
  next: RELEASE_BOT,
  'create-next-app': `${RELEASE_BOT.slice(0, -1)}; 12.3.7 (2025-03-28) has none.`,
  'is-odd': NO_PROVENANCE,
  'lodash.merge': NO_PROVENANCE,
  ufo: NO_PROVENANCE,
  '@types/node': NO_PROVENANCE,
  '@types/is-odd': NO_PROVENANCE,
  'has-package-exports': PRE_ATTESTATIONS,
  '@ljharb/has-package-exports-patterns': PRE_ATTESTATIONS,
  tweetnacl: `${PRE_ATTESTATIONS.slice(0, -1)}; its versions have no dist.signatures.`,
  'nano-stringify-object':
    'Recorded per-version document only: GET /nano-stringify-object/0.0.0 (or /latest) answers it; GET /nano-stringify-object is 404 because no packument is recorded.',
};

export function recordedDescription(name: string): string {
  return RECORDED[name] ?? 'Recorded packument (no description written for it yet).';
}

export const DERIVED_DESCRIPTIONS: Readonly<Record<string, string>> = {
  [SIGSTORE]:
    'Derived from recorded attestations: 1.0.0 (SLSA v0.2, 2023) and 1.3.0 verify; 1.1.0 claims attestations that answer 404, 1.2.0 claims attestations that answer truncated JSON, and 1.3.1 (a day after 1.3.0, same account) drops provenance.',
  [TUF_JS]:
    "Derived from the recorded attestations of tuf-js@1.0.0 (2023, SLSA v0.2, npm's old publish key), with its dist.signatures recorded by npm/cli's tests: one version where all four steps pass on recorded real data.",
  [PLAYWRIGHT_CLI]:
    "Derived from the recorded attestations of @playwright/cli@0.1.1 (Feb 2026, SLSA v1 bundle v0.3, npm's new publish key) with an assumed trusted-publishing _npmUser: one version that verifies.",
  [MANY_ATTESTED]: `Derived throughput case: ${MANY_ATTESTED_COUNT} versions whose attestation URLs serve the real attestations of ${'@playwright/cli@0.1.1, sigstore@1.0.0, tuf-js@1.0.0 and sigstore@1.3.0'} in rotation (600 bundles); the subjects do not match these versions, so every version fails the subject check by design.`,
  [LARGE]:
    'Derived size case: 3,000 versions, about 20 MB, built lazily from recorded next (and smaller) versions renamed and renumbered; no signatures, and its claimed attestations answer 404.',
  [LARGE_10MB]:
    'Derived size case: the same 3,000 versions in about 10 MB (more of the smaller templates), built lazily; no signatures, and its claimed attestations answer 404.',
  [LARGE_3MB]:
    "Derived size case: 3,000 versions in about 3 MB, each cut to a small package's fields (name, version, description, license, repository, gitHead, dependencies, engines, _npmUser, maintainers, dist), built lazily.",
  [LARGE_1MB]:
    'Derived size case: 3,000 versions in about 1 MB, each cut to name, version, _id and dist, built lazily.',
  [CLONED_10MB]:
    "Derived size case: 3,000 versions cloned from recorded vue's 13 (about 10.6 MB), each renamed and renumbered with its own tarball URL, integrity as recorded, as a naive derivation makes them; built lazily.",
  ...ERROR_CASE_DESCRIPTIONS,
  ...DERIVED_METADATA_DESCRIPTIONS,
};

export const SIGSTORE_VERSION_NOTES: CaseVersionNote[] = [
  { version: '1.0.0', note: 'Recorded attestations (provenance + publish): verifies.' },
  { version: '1.1.0', note: 'Attestations claimed, URL answers 404: missing.' },
  { version: '1.2.0', note: 'Attestations claimed, URL answers 200 with truncated JSON: malformed.' },
  {
    version: '1.3.0',
    note: 'Attestations assembled from the two recorded sigstore@1.3.0 bundles: verifies.',
  },
  { version: '1.3.1', note: 'No attestations: the release that drops provenance.' },
];

export const SUB_REGISTRY_DESCRIPTIONS: Readonly<Record<Exclude<RegistryName, 'main'>, string>> = {
  tampered:
    'A mirror serving altered data: each alteration changes one field and must make one verification step fail.',
  mismatch:
    'A mirror whose metadata disagrees with the signed identity: signatures verify, the certificate is authoritative, the metadata must be flagged.',
};
