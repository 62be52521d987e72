// DERIVED `derived-many-attested`: a throughput case for verification. 300 versions,
// each a renamed and renumbered copy of one of the four derived attested versions
// (@playwright/cli@0.1.1, sigstore@1.0.0, tuf-js@1.0.0, sigstore@1.3.0, in rotation),
// each with its own attestations URL that answers with that version's real recorded
// attestations: 2 bundles per version, 600 bundles to verify in all. The bundles' subjects
// name the original packages and versions, so the subject check fails for every
// version by design; the signature and transparency-log work is real.
import type { DerivedRegistryData } from './derived-packages';
import { isJsonObject, readObject, type JsonObject } from './json-value';
import { attestationsUrl, tarballUrl } from './npm-urls';

export const MANY_ATTESTED = 'derived-many-attested';
export const MANY_ATTESTED_COUNT = 300;
export const MANY_ATTESTED_SOURCES = [
  '@playwright/cli@0.1.1',
  'sigstore@1.0.0',
  'tuf-js@1.0.0',
  'sigstore@1.3.0',
] as const;

const FIRST_PUBLISH = Date.parse('2024-01-02T09:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ManyAttestedVersion {
  version: string;
  /** The `<name>@<version>` whose recorded attestations this version's URL serves. */
  source: string;
}

/** The version list (cheap, known before the packument is built, for routing attestations). */
export function manyAttestedVersions(count: number = MANY_ATTESTED_COUNT): ManyAttestedVersion[] {
  return Array.from({ length: count }, (_, i) => ({
    version: `1.${Math.floor(i / 20)}.${i % 20}`,
    source: MANY_ATTESTED_SOURCES[i % MANY_ATTESTED_SOURCES.length] ?? MANY_ATTESTED_SOURCES[0],
  }));
}

export function buildManyAttestedPackument(
  data: DerivedRegistryData,
  count: number = MANY_ATTESTED_COUNT,
): JsonObject {
  const versions: JsonObject = {};
  const time: JsonObject = {};
  const list = manyAttestedVersions(count);
  list.forEach(({ version, source }, i) => {
    versions[version] = copyVersion(data, source, version);
    time[version] = new Date(FIRST_PUBLISH + i * DAY_MS).toISOString();
  });
  const last = list.at(-1)?.version ?? '1.0.0';
  return {
    _derived:
      `Derived for throughput benchmarks: ${count} versions copied in rotation from ${MANY_ATTESTED_SOURCES.join(', ')}, ` +
      "each with an attestations URL serving that version's real attestations (2 bundles each). Subjects do not match these names/versions, by design.",
    _id: MANY_ATTESTED,
    name: MANY_ATTESTED,
    'dist-tags': { latest: last },
    versions,
    time: {
      created: time['1.0.0'] ?? new Date(FIRST_PUBLISH).toISOString(),
      modified: time[last] ?? '',
      ...time,
    },
    repository: { type: 'git', url: 'git+https://github.com/derived-example/many-attested.git' },
  };
}

function copyVersion(data: DerivedRegistryData, source: string, version: string): JsonObject {
  const at = source.lastIndexOf('@');
  const sourceName = source.slice(0, at);
  const sourceVersion = source.slice(at + 1);
  const packument = data.packuments.get(sourceName);
  const original = packument && readObject(packument, 'versions', sourceName)[sourceVersion];
  if (!isJsonObject(original)) throw new Error(`No derived version ${source} to copy.`);
  const copy = structuredClone(original);
  copy._derived = `Copy of the derived ${source} renamed to ${MANY_ATTESTED}@${version}; its attestations URL serves ${source}'s attestations, whose subject names ${source}.`;
  copy.name = MANY_ATTESTED;
  copy.version = version;
  copy._id = `${MANY_ATTESTED}@${version}`;
  const dist = readObject(copy, 'dist', source);
  dist.tarball = tarballUrl(MANY_ATTESTED, version);
  const claim = readObject(dist, 'attestations', `${source}.dist`);
  claim.url = attestationsUrl(MANY_ATTESTED, version);
  return copy;
}
