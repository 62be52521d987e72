// Loads the recorded registry and Sigstore documents from the shared fixtures folder
// (../shared/fixtures next to the repository, or $FIXTURES_DIR). They are read from
// disk at run time and never copied into the repository: they are someone else's data
// with their own licences, and a copy would drift from the recording.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveFixturesDir } from '../../test/support/fixtures';
import { isJsonObject, parseJsonObject } from './json-value';

/** The origin the recordings were rewritten to; the server swaps in its own. */
export const RECORDED_ORIGIN = 'https://registry.example';

export { resolveFixturesDir };

/** A document recorded from `GET /<name>/<version>` rather than `GET /<name>`. */
export interface RecordedVersionDocument {
  version: string;
  distTags: Record<string, string>;
  text: string;
}

export interface RecordedFixtures {
  dir: string;
  /** Full packuments by package name, as the file text (so they can be served byte for byte). */
  packuments: ReadonlyMap<string, string>;
  /** Per-version documents found among registry/packuments (by package name). */
  versionDocuments: ReadonlyMap<string, RecordedVersionDocument>;
  /** Abbreviated (install-v1) packuments by package name. */
  abbreviated: ReadonlyMap<string, string>;
  /** Attestations responses by `<name>@<version>`. */
  attestations: ReadonlyMap<string, string>;
  /** sigstore/bundles/*.json by file name without `.json` (e.g. `sigstore@1.3.0-publish`). */
  bundles: ReadonlyMap<string, string>;
  /** `GET /-/npm/v1/keys`. */
  keys: string;
}

const loaded = new Map<string, RecordedFixtures>();

export function loadRecordedFixtures(dir: string = resolveFixturesDir()): RecordedFixtures {
  const cached = loaded.get(dir);
  if (cached) return cached;
  const { packuments, versionDocuments } = readPackumentsFolder(path.join(dir, 'registry/packuments'));
  const fixtures: RecordedFixtures = {
    dir,
    packuments,
    versionDocuments,
    abbreviated: mapJsonFiles(path.join(dir, 'registry/abbreviated'), packageNameFromFileBase),
    attestations: mapJsonFiles(path.join(dir, 'registry/attestations'), specFromFileBase),
    bundles: mapJsonFiles(path.join(dir, 'sigstore/bundles'), (base) => base),
    keys: readRequired(path.join(dir, 'registry/keys/npm-v1-keys.json')),
  };
  loaded.set(dir, fixtures);
  return fixtures;
}

/** `@nuxt_kit` → `@nuxt/kit`: the README writes a scoped name's `/` as `_`. */
export function packageNameFromFileBase(base: string): string {
  return base.startsWith('@') ? base.replace('_', '/') : base;
}

/** `@playwright_cli@0.1.1` → `@playwright/cli@0.1.1`. */
function specFromFileBase(base: string): string {
  const at = base.lastIndexOf('@');
  if (at <= 0) throw new Error(`Attestations file ${base}.json is not named <name>@<version>.json`);
  return `${packageNameFromFileBase(base.slice(0, at))}@${base.slice(at + 1)}`;
}

function readPackumentsFolder(folder: string): {
  packuments: Map<string, string>;
  versionDocuments: Map<string, RecordedVersionDocument>;
} {
  const packuments = new Map<string, string>();
  const versionDocuments = new Map<string, RecordedVersionDocument>();
  for (const [name, text] of mapJsonFiles(folder, packageNameFromFileBase)) {
    const versionDocument = asVersionDocument(text, `${folder}/${name}`);
    if (versionDocument) versionDocuments.set(name, versionDocument);
    else packuments.set(name, text);
  }
  return { packuments, versionDocuments };
}

// The README marks nano-stringify-object as a per-version document; recognise such a
// document by its shape (a top-level `version` and `dist`, as `GET /<name>/<version>`
// returns) rather than by its name, so another one added later is served right too.
function asVersionDocument(text: string, where: string): RecordedVersionDocument | undefined {
  const doc = parseJsonObject(text, where);
  if (typeof doc.version !== 'string' || !isJsonObject(doc.dist)) return undefined;
  const distTags: Record<string, string> = {};
  const tags = doc['dist-tags'];
  if (isJsonObject(tags)) {
    for (const [tag, version] of Object.entries(tags)) {
      if (typeof version === 'string') distTags[tag] = version;
    }
  }
  return { version: doc.version, distTags, text };
}

function mapJsonFiles(folder: string, keyOf: (base: string) => string): Map<string, string> {
  if (!existsSync(folder)) throw new Error(`Fixtures folder ${folder} is missing.`);
  const files = new Map<string, string>();
  for (const file of readdirSync(folder).sort()) {
    if (!file.endsWith('.json')) continue;
    files.set(keyOf(file.slice(0, -'.json'.length)), readRequired(path.join(folder, file)));
  }
  return files;
}

function readRequired(file: string): string {
  if (!existsSync(file)) throw new Error(`Fixture file ${file} is missing.`);
  return readFileSync(file, 'utf8');
}
