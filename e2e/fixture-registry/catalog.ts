// What one registry (the main one or a sub-registry) serves, independent of HTTP:
// documents as text on the recorded origin, built lazily and at most once. The HTTP
// layer rewrites the origin and encodes; keeping documents as text is what lets the
// recorded files go out byte for byte.
import type { RecordedVersionDocument } from './fixtures';
import { isJsonObject, parseJsonObject, type JsonObject } from './json-value';

export const JSON_CONTENT_TYPE = 'application/json';
export const ABBREVIATED_CONTENT_TYPE = 'application/vnd.npm.install-v1+json';

/** Text built on first use. Its identity also keys the HTTP layer's encoded-body cache. */
export class LazyDocument {
  #build: (() => string) | undefined;
  #text: string | undefined;

  constructor(build: () => string) {
    this.#build = build;
  }

  static of(text: string): LazyDocument {
    const document = new LazyDocument(() => text);
    document.#text = text;
    return document;
  }

  static json(build: () => JsonObject): LazyDocument {
    return new LazyDocument(() => JSON.stringify(build()));
  }

  get text(): string {
    if (this.#text === undefined) {
      const build = this.#build;
      if (!build) throw new Error('LazyDocument has neither text nor a builder');
      this.#text = build();
      this.#build = undefined;
    }
    return this.#text;
  }
}

export interface Reply {
  status: number;
  contentType: string;
  body: LazyDocument;
  headers?: Readonly<Record<string, string>>;
}

export function jsonReply(body: LazyDocument, status = 200, headers?: Record<string, string>): Reply {
  return { status, contentType: JSON_CONTENT_TYPE, body, ...(headers ? { headers } : {}) };
}

export interface PackageEntry {
  /** `GET /<name>`, full document. */
  packument?: LazyDocument;
  /** `GET /<name>` with `Accept: application/vnd.npm.install-v1+json`, when recorded. */
  abbreviated?: LazyDocument;
  /** `GET /<name>/<version or dist-tag>`. */
  versionDocument(spec: string): LazyDocument | undefined;
  /** Error cases: every path under the name answers this instead. */
  failure?: Reply;
}

export interface RegistryCatalog {
  packages: ReadonlyMap<string, PackageEntry>;
  /** By `<name>@<version>`. Missing means 404. */
  attestations: ReadonlyMap<string, Reply>;
  keys: LazyDocument;
}

// npm answers `GET /<name>/<version>` with the packument's version object, and accepts a
// dist-tag in place of the version. The packument is parsed once, on the first request.
export function packumentEntry(packument: LazyDocument, abbreviated?: LazyDocument): PackageEntry {
  let parsed: JsonObject | undefined;
  return {
    packument,
    ...(abbreviated ? { abbreviated } : {}),
    versionDocument(spec) {
      parsed ??= parseJsonObject(packument.text, 'packument');
      const versions = parsed.versions;
      const tags = parsed['dist-tags'];
      if (!isJsonObject(versions)) return undefined;
      const tagged = isJsonObject(tags) ? tags[spec] : undefined;
      const version = versions[spec] ?? (typeof tagged === 'string' ? versions[tagged] : undefined);
      return isJsonObject(version) ? LazyDocument.of(JSON.stringify(version)) : undefined;
    },
  };
}

/** A recorded per-version document: only `GET /<name>/<version or tag>` finds it. */
export function versionDocumentEntry(recorded: RecordedVersionDocument): PackageEntry {
  const document = LazyDocument.of(recorded.text);
  return {
    versionDocument(spec) {
      const version = recorded.distTags[spec] ?? spec;
      return version === recorded.version ? document : undefined;
    },
  };
}

export function failureEntry(failure: Reply): PackageEntry {
  return { failure, versionDocument: () => undefined };
}
