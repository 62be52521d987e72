// Assembles the main registry and its sub-registries from the recorded fixtures and
// the derived cases. Recorded documents and the big derived ones are shared between
// registries (one LazyDocument each), so they are read or built once.
import {
  LazyDocument,
  jsonReply,
  packumentEntry,
  versionDocumentEntry,
  type PackageEntry,
  type RegistryCatalog,
  type Reply,
} from './catalog';
import { DERIVED_DESCRIPTIONS, SIGSTORE_VERSION_NOTES, recordedDescription, type CaseEntry } from './cases';
import { SIGSTORE, buildDerivedPackages, type DerivedRegistryData } from './derived-packages';
import { keysWithDerivedKey } from './derived-keys';
import { buildDerivedMetadataPackages } from './derived-metadata';
import { errorCaseEntries } from './error-cases';
import type { RecordedFixtures } from './fixtures';
import {
  CLONED_10MB,
  LARGE,
  LARGE_10MB,
  LARGE_10MB_TARGET_BYTES,
  SMALL_VERSION_FIELDS,
  SMALL_VERSIONS_CHOSEN_AS_BYTES,
  buildClonedPackumentText,
  buildLargePackumentText,
} from './large-packument';
import { MANY_ATTESTED, buildManyAttestedPackument, manyAttestedVersions } from './many-attested';
import { encodeNameForPath } from './npm-urls';
import { buildSubRegistry, type Alteration, type SubRegistryName } from './sub-registries';
import type { JsonObject, JsonValue } from './json-value';
import { PUBLISH_KEY_DESCRIPTIONS, publishKeyPackages, publishKeyRegistryEntries } from './publish-key-cases';

export const SUB_REGISTRIES: readonly SubRegistryName[] = ['tampered', 'mismatch'];

export interface RegistrySet {
  main: RegistryCatalog;
  /** By prefix without slashes (`tampered`). */
  subRegistries: ReadonlyMap<string, RegistryCatalog>;
  cases: CaseEntry[];
}

export function buildRegistries(fixtures: RecordedFixtures): RegistrySet {
  const shared = sharedPackages(fixtures);
  // npm's recorded keys, plus the derived test key that signs derived versions (registry-only).
  // And the generated keys of the publish-key cases (publish-key-cases.ts).
  const keys = LazyDocument.json(() => {
    const doc = JSON.parse(keysWithDerivedKey(fixtures.keys)) as JsonObject & { keys: JsonValue[] };
    return { ...doc, keys: [...doc.keys, ...publishKeyRegistryEntries()] };
  });
  const recordedAttestations = new Map(
    [...fixtures.attestations].map(([spec, text]) => [spec, jsonReply(LazyDocument.of(text))]),
  );
  const mainData = buildDerivedPackages(fixtures);
  const publishKeys = publishKeyPackages();
  const mainBase = catalogFor(mainData, shared, recordedAttestations, keys);
  const main: RegistryCatalog = {
    ...mainBase,
    packages: new Map([
      ...mainBase.packages,
      ...[...publishKeys.packuments].map(
        ([name, packument]) => [name, packumentEntry(LazyDocument.json(() => packument))] as const,
      ),
    ]),
    attestations: new Map([
      ...mainBase.attestations,
      ...[...publishKeys.attestations].map(([spec, text]) => [spec, jsonReply(LazyDocument.of(text))] as const),
    ]),
  };
  const subRegistries = new Map<string, RegistryCatalog>();
  const cases = [
    ...recordedCases(fixtures),
    ...mainDerivedCases(mainData),
    ...Object.entries(PUBLISH_KEY_DESCRIPTIONS).map(([name, description]): CaseEntry => ({
      registry: 'main',
      prefix: '',
      name,
      path: `/${encodeNameForPath(name)}`,
      source: 'derived',
      description,
    })),
  ];
  for (const name of SUB_REGISTRIES) {
    const { data, alterations } = buildSubRegistry(name, mainData);
    subRegistries.set(name, catalogFor(data, shared, recordedAttestations, keys));
    cases.push(...subRegistryCases(name, data, alterations));
  }
  return { main, subRegistries, cases };
}

/** Packages that are the same on every registry: recorded ones, error cases, the large one. */
function sharedPackages(fixtures: RecordedFixtures): Map<string, PackageEntry> {
  const packages = new Map<string, PackageEntry>();
  for (const [name, text] of fixtures.packuments) {
    const abbreviated = fixtures.abbreviated.get(name);
    packages.set(
      name,
      packumentEntry(LazyDocument.of(text), abbreviated === undefined ? undefined : LazyDocument.of(abbreviated)),
    );
  }
  for (const [name, recorded] of fixtures.versionDocuments) packages.set(name, versionDocumentEntry(recorded));
  for (const [name, entry] of errorCaseEntries(fixtures)) packages.set(name, entry);
  for (const [name, packument] of buildDerivedMetadataPackages())
    packages.set(name, packumentEntry(LazyDocument.json(() => packument)));
  // Built on the first request only: ~20 MB and a second or so of work.
  packages.set(LARGE, packumentEntry(new LazyDocument(() => buildLargePackumentText({ name: LARGE, fixtures }))));
  packages.set(
    LARGE_10MB,
    packumentEntry(
      new LazyDocument(() =>
        buildLargePackumentText({ name: LARGE_10MB, fixtures, targetBytes: LARGE_10MB_TARGET_BYTES }),
      ),
    ),
  );
  packages.set(
    CLONED_10MB,
    packumentEntry(new LazyDocument(() => buildClonedPackumentText({ name: CLONED_10MB, fixtures }))),
  );
  for (const [name, versionFields] of Object.entries(SMALL_VERSION_FIELDS)) {
    const build = () =>
      buildLargePackumentText({ name, fixtures, targetBytes: SMALL_VERSIONS_CHOSEN_AS_BYTES, versionFields });
    packages.set(name, packumentEntry(new LazyDocument(build)));
  }
  return packages;
}

function catalogFor(
  data: DerivedRegistryData,
  shared: ReadonlyMap<string, PackageEntry>,
  recordedAttestations: ReadonlyMap<string, Reply>,
  keys: LazyDocument,
): RegistryCatalog {
  const packages = new Map(shared);
  for (const [name, packument] of data.packuments) {
    packages.set(name, packumentEntry(LazyDocument.json(() => packument)));
  }
  packages.set(MANY_ATTESTED, packumentEntry(LazyDocument.json(() => buildManyAttestedPackument(data))));

  const attestations = new Map(recordedAttestations);
  for (const [spec, text] of data.attestations) {
    // Unaltered recorded responses keep their shared reply (byte for byte, one cache).
    if (fixtureTextOf(recordedAttestations, spec) !== text) attestations.set(spec, jsonReply(LazyDocument.of(text)));
  }
  for (const { version, source } of manyAttestedVersions()) {
    const reply = attestations.get(source);
    if (reply) attestations.set(`${MANY_ATTESTED}@${version}`, reply);
  }
  return { packages, attestations, keys };
}

function fixtureTextOf(replies: ReadonlyMap<string, Reply>, spec: string): string | undefined {
  return replies.get(spec)?.body.text;
}

function recordedCases(fixtures: RecordedFixtures): CaseEntry[] {
  const packuments = [...fixtures.packuments.keys()].map((name) => ({
    name,
    path: `/${encodeNameForPath(name)}`,
  }));
  const versionDocuments = [...fixtures.versionDocuments].map(([name, recorded]) => ({
    name,
    path: `/${encodeNameForPath(name)}/${recorded.version}`,
  }));
  return [...packuments, ...versionDocuments]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ name, path }) => ({
      registry: 'main',
      prefix: '',
      name,
      path,
      source: 'recorded',
      description: recordedDescription(name),
    }));
}

/** The main registry's derived cases: the packages built from attestations, then the rest. */
function mainDerivedCases(data: DerivedRegistryData): CaseEntry[] {
  const names = new Set([...data.packuments.keys(), ...Object.keys(DERIVED_DESCRIPTIONS)]);
  return [...names].map((name) => ({
    registry: 'main',
    prefix: '',
    name,
    path: `/${encodeNameForPath(name)}`,
    source: 'derived',
    description: DERIVED_DESCRIPTIONS[name] ?? 'Derived case.',
    ...(name === SIGSTORE ? { versions: SIGSTORE_VERSION_NOTES } : {}),
  }));
}

/** A sub-registry's derived packages, altered or not (the unaltered ones are controls). */
function subRegistryCases(
  registry: SubRegistryName,
  data: DerivedRegistryData,
  alterations: Alteration[],
): CaseEntry[] {
  return [...data.packuments.keys()].map((name) => {
    const own = alterations.filter((a) => a.name === name);
    const description =
      own.length > 0
        ? `On /${registry}/: ${own.map((a) => `${name}@${a.version} ${a.document}: ${a.alteration}`).join(' ')}`
        : `On /${registry}/: unaltered, as on the main registry (a control next to the altered packages).`;
    return {
      registry,
      prefix: `/${registry}`,
      name,
      path: `/${encodeNameForPath(name)}`,
      source: 'derived',
      description,
      ...(own.length > 0 ? { alterations: own } : {}),
    };
  });
}
