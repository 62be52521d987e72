// DERIVED large packuments for benchmarks (served as `derived-large`): thousands of
// versions, ~20 MB of JSON, as big npm packages have. Built from recorded versions used
// as templates — next's (about 9 kB each) and, to land near the size target, smaller
// ones from other recorded packages — renamed and renumbered 0.0.0, 0.0.1, …, with
// publish times spread over ten years. Every other field of a template is kept as
// recorded, so the documents have real shapes (dependencies, scripts, _npmUser, …).
import { sha1Hex, sha512Integrity } from './attestation-bundles';
import { derivedTarballBytes } from './derived-packages';
import { RECORDED_ORIGIN, loadRecordedFixtures, type RecordedFixtures } from './fixtures';
import { isJsonObject, parseJsonObject, readObject, type JsonObject } from './json-value';
import { attestationsUrl, tarballUrl } from './npm-urls';

export const LARGE = 'derived-large';
export const DEFAULT_LARGE_VERSIONS = 3000;
export const DEFAULT_LARGE_TARGET_BYTES = 20_000_000;
/**
 * The same number of versions in half the size (smaller templates and padding): the size
 * of the 3,000-version document the performance issue was measured on (9.9 MB), where the
 * floor is set by the app's boot as much as by fetch + parse.
 */
export const LARGE_10MB = 'derived-large-10mb';
export const LARGE_10MB_TARGET_BYTES = 10_000_000;
/**
 * The same number of versions again, each cut to the fields of a small package's
 * versions (about 1.1 KB each: 3.3 MB), and to only what a version must have (about 400
 * bytes: 1.2 MB). A 3,000-version document need not be large: for these the floor is the
 * app's boot, and the first row must not take much longer than it.
 */
export const LARGE_3MB = 'derived-large-3mb';
export const LARGE_1MB = 'derived-large-1mb';
/** Their versions are chosen as for a document of this size (templates of several packages), then cut. */
export const SMALL_VERSIONS_CHOSEN_AS_BYTES = 6_000_000;
export const SMALL_VERSION_FIELDS: Readonly<Record<string, readonly string[]>> = {
  [LARGE_3MB]: [
    'name',
    'version',
    '_id',
    'description',
    'license',
    'repository',
    'gitHead',
    'dependencies',
    'engines',
    '_npmUser',
    'maintainers',
    'dist',
  ],
  [LARGE_1MB]: ['name', 'version', '_id', 'dist'],
};

/**
 * 3,000 versions cloned from one recorded package's (vue's 13, about 3.5 KB each: 10.6
 * MB), each only renamed, renumbered and given its own tarball URL: its integrity, shasum
 * and every other field as recorded, as a naive derivation would make them. Its versions
 * are quicker to parse than `derived-large-10mb`'s (fetch + parse in a page about 110 ms
 * against 170 on the benchmark's machine), so its floor is the app's boot, and the app
 * takes in 10 MB while it boots.
 */
export const CLONED_10MB = 'derived-cloned-10mb';
export const CLONED_TEMPLATE_PACKAGE = 'vue';

/** The main templates; the brief's "typical big package". */
const LARGE_TEMPLATE_PACKAGE = 'next';
/** Smaller recorded versions, mixed in when next's alone would overshoot the target. */
const SMALL_TEMPLATE_PACKAGES = ['vite', 'vue', 'nuxt', '@types/node', 'create-next-app', '@nuxt/kit'];

const FIRST_PUBLISH = Date.parse('2016-01-04T10:00:00.000Z');
const LAST_PUBLISH = Date.parse('2026-01-05T10:00:00.000Z');

export interface LargePackumentOptions {
  name: string;
  versions?: number;
  /**
   * Approximate size of the compact JSON, in bytes; with `versionFields`, of the versions
   * chosen (it sets the mix of templates) before they are cut.
   */
  targetBytes?: number;
  /** Each version cut to these fields (then the size is theirs: nothing is padded). */
  versionFields?: readonly string[];
  /** Origin for tarball and attestation URLs; the recorded origin by default (the server rewrites it). */
  origin?: string;
  fixtures?: RecordedFixtures;
}

interface Template {
  from: string;
  version: JsonObject;
}

export function buildLargePackumentText(options: LargePackumentOptions): string {
  return JSON.stringify(buildLargePackument(options));
}

export function buildLargePackument(options: LargePackumentOptions): JsonObject {
  const count = options.versions ?? DEFAULT_LARGE_VERSIONS;
  const target = options.targetBytes ?? DEFAULT_LARGE_TARGET_BYTES;
  const origin = options.origin ?? RECORDED_ORIGIN;
  const fixtures = options.fixtures ?? loadRecordedFixtures();
  const top = recordedPackument(fixtures, LARGE_TEMPLATE_PACKAGE);
  const large = templatesOf(top, LARGE_TEMPLATE_PACKAGE);
  const small = SMALL_TEMPLATE_PACKAGES.flatMap((pkg) => templatesOf(recordedPackument(fixtures, pkg), pkg));
  const smallest = small.reduce((a, b) => (sizeOf(b.version) < sizeOf(a.version) ? b : a));

  // Per version the packument also carries its key and its `time` entry (~50 bytes).
  const budget = target / count;
  const versions: JsonObject = {};
  const time: JsonObject = {};
  let used = 0;
  for (let i = 0; i < count; i++) {
    // Use a next template while that keeps the running size on budget, else a smaller one.
    const big = deriveVersion(pick(large, i), options.name, i, origin);
    const bigSize = sizeOf(big);
    let chosen = used + bigSize <= budget * (i + 1) ? big : deriveVersion(pick(small, i), options.name, i, origin);
    // Still over budget (a smaller target): the smallest template of all.
    if (used + sizeOf(chosen) > budget * (i + 1)) chosen = deriveVersion(smallest, options.name, i, origin);
    const version = String(chosen.version);
    versions[version] = chosen;
    time[version] = publishTime(i, count);
    used += sizeOf(chosen) + 2 * version.length + 40;
  }
  if (options.versionFields) {
    const keep = new Set(options.versionFields);
    for (const [key, version] of Object.entries(versions)) {
      if (isJsonObject(version))
        versions[key] = Object.fromEntries(Object.entries(version).filter(([field]) => keep.has(field)));
    }
  } else {
    padToTarget(versions, options.name, target - used);
  }
  return assemblePackument(top, options.name, versions, time, count);
}

/** CLONED_10MB's document: `count` versions cloned from `from`'s recorded ones, in publish order. */
export function buildClonedPackumentText(options: {
  name: string;
  from?: string;
  versions?: number;
  origin?: string;
  fixtures?: RecordedFixtures;
}): string {
  const count = options.versions ?? DEFAULT_LARGE_VERSIONS;
  const from = options.from ?? CLONED_TEMPLATE_PACKAGE;
  const origin = options.origin ?? RECORDED_ORIGIN;
  const top = recordedPackument(options.fixtures ?? loadRecordedFixtures(), from);
  const templates = templatesOf(top, from);
  const versions: JsonObject = {};
  const time: JsonObject = {};
  for (let i = 0; i < count; i++) {
    const { copy, dist, version } = renamedVersion(pick(templates, i), options.name, i, origin);
    delete dist.attestations;
    versions[version] = copy;
    time[version] = publishTime(i, count);
  }
  const packument = assemblePackument(top, options.name, versions, time, count);
  packument._derived =
    `Derived for benchmarks: ${count} versions cloned from the recorded ${from} versions, each renamed and renumbered ` +
    'with its own tarball URL, every other field (integrity and shasum too) as recorded; no signatures, no attestations.';
  return JSON.stringify(packument);
}

function recordedPackument(fixtures: RecordedFixtures, name: string): JsonObject {
  const text = fixtures.packuments.get(name);
  if (text === undefined) throw new Error(`Recorded packument ${name} is missing from ${fixtures.dir}.`);
  return parseJsonObject(text, name);
}

function templatesOf(packument: JsonObject, from: string): Template[] {
  return Object.values(readObject(packument, 'versions', from))
    .filter(isJsonObject)
    .map((version) => ({ from, version }));
}

function pick(templates: Template[], i: number): Template {
  const template = templates[i % templates.length];
  if (!template) throw new Error('No template versions to build a large packument from.');
  return template;
}

/** 0.0.0 … 0.0.9, 0.1.0 …: ten patches per minor, 25 minors per major; prereleases keep a `-canary.0`. */
function versionNumber(i: number, templateVersion: string): string {
  const base = `${Math.floor(i / 250)}.${Math.floor(i / 10) % 25}.${i % 10}`;
  return templateVersion.includes('-') ? `${base}-canary.0` : base;
}

function publishTime(i: number, count: number): string {
  const step = (LAST_PUBLISH - FIRST_PUBLISH) / Math.max(1, count - 1);
  // A deterministic jitter of up to an hour, so times do not look machine-spaced.
  const jitter = ((i * 7919) % 3600) * 1000;
  return new Date(Math.round(FIRST_PUBLISH + i * step + jitter)).toISOString();
}

/**
 * A copy of the template, the `i`-th version of `name`: renamed, renumbered, with its own
 * tarball URL and no `dist.signatures` (npm's cover name@version:integrity; they cannot be
 * re-made for new numbers). Every other field as recorded.
 */
function renamedVersion(template: Template, name: string, i: number, origin: string) {
  const original = String(template.version.version);
  const version = versionNumber(i, original);
  const copy = structuredClone(template.version);
  copy.name = name;
  copy.version = version;
  copy._id = `${name}@${version}`;
  const dist = readObject(copy, 'dist', `${template.from}@${original}`);
  dist.tarball = tarballUrl(name, version, origin);
  delete dist.signatures;
  return { copy, dist, version, original };
}

function deriveVersion(template: Template, name: string, i: number, origin: string): JsonObject {
  const { copy, dist, version, original } = renamedVersion(template, name, i, origin);
  const bytes = derivedTarballBytes(name, version);
  dist.integrity = sha512Integrity(bytes);
  if ('shasum' in dist) dist.shasum = sha1Hex(bytes);
  const claim = dist.attestations;
  if (isJsonObject(claim)) claim.url = attestationsUrl(name, version, origin);
  copy._derived =
    `Derived from the recorded ${template.from}@${original}, renamed and renumbered; integrity/shasum hash fixed derived bytes; ` +
    'no dist.signatures; claimed attestations are not recorded (404).';
  return copy;
}

function sizeOf(value: JsonObject): number {
  return JSON.stringify(value).length;
}

// Only when even next-sized versions fall short of the target (more bytes asked for
// than the templates have): old npm packuments carried a `readme` in every version, so
// a readme-like text of the missing size per version is a realistic way to grow.
function padToTarget(versions: JsonObject, name: string, missing: number): void {
  const entries = Object.values(versions).filter(isJsonObject);
  if (missing <= 0 || entries.length === 0) return;
  const perVersion = Math.ceil(missing / entries.length);
  for (const version of entries) version.readme = readmeLike(name, String(version.version), perVersion);
}

function readmeLike(name: string, version: string, length: number): string {
  const paragraph =
    `# ${name}\n\nRelease ${version}. Install with \`npm install ${name}@${version}\`. ` +
    'This text is derived padding that stands in for the per-version readme old packuments carried.\n\n';
  return paragraph.repeat(Math.ceil(length / paragraph.length)).slice(0, length);
}

function assemblePackument(
  top: JsonObject,
  name: string,
  versions: JsonObject,
  time: JsonObject,
  count: number,
): JsonObject {
  const numbers = Object.keys(versions);
  const stable = numbers.filter((v) => !v.includes('-'));
  const canary = numbers.filter((v) => v.includes('-'));
  const distTags: JsonObject = { latest: stable.at(-1) ?? numbers.at(-1) ?? '0.0.0' };
  if (canary.length > 0) distTags.canary = canary.at(-1) ?? '';
  const times = Object.values(time).filter((t): t is string => typeof t === 'string');
  const packument: JsonObject = {
    _derived:
      `Derived for benchmarks: ${count} versions built from recorded ${LARGE_TEMPLATE_PACKAGE} versions (and smaller ones from ` +
      `${SMALL_TEMPLATE_PACKAGES.join(', ')}) renamed to ${name}, renumbered, with publish times spread over ten years; ` +
      `top-level fields copied from the recorded ${LARGE_TEMPLATE_PACKAGE} packument.`,
    _id: name,
    name,
    'dist-tags': distTags,
    versions,
    time: { created: times[0] ?? '', modified: times.at(-1) ?? '', ...time },
  };
  for (const field of ['description', 'maintainers', 'license', 'homepage', 'keywords', 'repository', 'bugs']) {
    const value = top[field];
    if (value !== undefined) packument[field] = value;
  }
  packument.readme = '';
  packument.readmeFilename = '';
  return packument;
}
