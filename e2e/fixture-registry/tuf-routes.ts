// The fixture registry's TUF repositories, under /tuf/<case>/ (see tuf-repository.ts):
// derived, signed at start-up with test keys generated in code. /tuf/root.json is the
// initial root every case starts from (give it to the app with ?tuf-root=).
// /tuf/stall/… answers with headers and then nothing, to test the app's bound.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LazyDocument, jsonReply, type Reply } from './catalog';
import { TUF_CASES, buildTufRepositories, type TufCaseName } from './tuf-repository';
import { publishKeysTufTargets } from './publish-key-cases';

export const TUF_PREFIX = '/tuf/';
export const TUF_STALL_PREFIX = '/tuf/stall/';

const NOT_FOUND = jsonReply(LazyDocument.of('{"error":"Not found"}'), 404);

export interface TufRoutes {
  reply(path: string): Reply;
  /** Each case's base URL path and what it tests, for /__cases and the README. */
  cases: { name: string; path: string; description: string }[];
}

export function createTufRoutes(fixturesDir: string, now: Date = new Date()): TufRoutes {
  const read = (...segments: string[]) => readFileSync(path.join(fixturesDir, ...segments), 'utf8');
  const set = buildTufRepositories({
    trustedRoot: read('sigstore/trusted-roots/public-good.json'),
    npmKeys: read('registry/keys/registry-keys.tuf-target.json'),
    now,
    // Sigstore's own repository's key type: the app's path for it (WebCrypto) is the one tested.
    keyType: 'ecdsa-p256',
  });
  const documents = new Map<string, LazyDocument>([['root.json', LazyDocument.of(set.initialRoot)]]);
  for (const [name, files] of Object.entries(set.cases)) {
    for (const [file, text] of files) documents.set(`${name}/${file}`, LazyDocument.of(text));
  }
  // /tuf/publish-keys/: a repository of its own (its initial root at /tuf/publish-keys/root.json)
  // whose trusted root names the generated log, for the publish-key cases (publish-key-cases.ts).
  const publishKeys = buildTufRepositories({ ...publishKeysTufTargets(), now, keyType: 'ecdsa-p256' });
  documents.set('publish-keys/root.json', LazyDocument.of(publishKeys.initialRoot));
  for (const [file, text] of publishKeys.cases.valid) documents.set(`publish-keys/${file}`, LazyDocument.of(text));
  return {
    reply(requestPath) {
      let rest: string;
      try {
        rest = decodeURIComponent(requestPath.slice(TUF_PREFIX.length));
      } catch {
        return NOT_FOUND;
      }
      const document = documents.get(rest);
      return document ? jsonReply(document) : NOT_FOUND;
    },
    cases: [
      ...Object.entries(TUF_CASES).map(([name, description]) => ({
        name: name as TufCaseName | 'stall',
        path: `${TUF_PREFIX}${name}`,
        description,
      })),
      {
        name: 'publish-keys',
        path: `${TUF_PREFIX}publish-keys`,
        description:
          'valid, with its own initial root (publish-keys/root.json): a trusted root naming the generated log and the generated npm key, for derived-publish-registry-only and derived-publish-key-conflict',
      },
      {
        name: 'stall',
        path: TUF_STALL_PREFIX.slice(0, -1),
        description: 'answers with headers, then nothing: the app must not wait',
      },
    ],
  };
}
