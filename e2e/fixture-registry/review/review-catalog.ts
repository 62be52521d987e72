// Serves the dependency-review fixtures next to the other cases: the derived tree's
// packuments and attestations, and its lockfiles at `/__review/lockfiles/<file>` (and
// the 1,000-entry benchmark tree's at `/__review/large/<file>`), on every registry, so
// `…/tampered/__review/lockfiles/package-lock.json` points at the tampered mirror.
// Built from the main registry's catalog on first use, once per registry set.
import { LazyDocument, jsonReply, packumentEntry, type RegistryCatalog, type Reply } from '../catalog';
import type { CaseEntry } from '../cases';
import { RECORDED_ORIGIN } from '../fixtures';
import { parseJsonObject, type JsonObject } from '../json-value';
import { encodeNameForPath } from '../npm-urls';
import { LOCKFILE_NAMES, writeLockfile, type WrittenFormat } from './lockfile-writers';
import {
  LARGE_BULK_COUNT,
  LARGE_TREE,
  REVIEW_APP,
  REVIEW_BROKEN,
  REVIEW_PREFIX,
  buildReviewTree,
  bulkNameOf,
  type MainDocuments,
  type ReviewTree,
} from './review-tree';

export const LOCKFILES_PATH = '/__review/lockfiles/';
export const LARGE_LOCKFILES_PATH = '/__review/large/';
const ATTESTATIONS_PATH = '/-/npm/v1/attestations/';

export interface ReviewFixtures {
  /** Packages and attestations of the review tree (names starting `derived-review-`). */
  catalog: RegistryCatalog;
  /** By request path (`/__review/lockfiles/package-lock.json`). */
  lockfiles: Map<string, Reply>;
  cases: CaseEntry[];
  tree: ReviewTree;
  /** Whether a path (under a registry) is one of these fixtures. */
  serves(path: string): boolean;
}

const built = new WeakMap<object, ReviewFixtures>();

/** The review fixtures for a registry set, built on first use from its main catalog. */
export function reviewFixtures(registries: { main: RegistryCatalog }): ReviewFixtures {
  let fixtures = built.get(registries);
  if (!fixtures) {
    fixtures = buildReviewFixtures(registries.main);
    built.set(registries, fixtures);
  }
  return fixtures;
}

export function mainDocuments(main: RegistryCatalog): MainDocuments {
  return {
    packument(name) {
      const text = main.packages.get(name)?.packument?.text;
      if (text === undefined) throw new Error(`The main registry serves no packument for ${name}.`);
      return parseJsonObject(text, `${name} packument`);
    },
    attestations(spec) {
      const text = main.attestations.get(spec)?.body.text;
      if (text === undefined) throw new Error(`The main registry serves no attestations for ${spec}.`);
      return text;
    },
  };
}

export function buildReviewFixtures(main: RegistryCatalog): ReviewFixtures {
  const documents = mainDocuments(main);
  const { tree, documents: own } = buildReviewTree(documents);
  const packages = new Map([...own.packuments].map(([name, doc]) => [name, packumentEntry(LazyDocument.json(() => doc))]));
  const attestations = new Map([...own.attestations].map(([spec, text]) => [spec, jsonReply(LazyDocument.of(text))]));

  // The benchmark's tree: the same cases around 990 bulk packages (built when asked).
  let large: { tree: ReviewTree; packuments: Map<string, JsonObject> } | undefined;
  const largeTree = () => {
    if (!large) {
      const result = buildReviewTree(documents, LARGE_TREE);
      large = { tree: result.tree, packuments: result.documents.packuments };
    }
    return large;
  };
  // The large tree's own packages (its bulk and its app); the cases are shared.
  const largeNames = [LARGE_TREE.appName, ...Array.from({ length: LARGE_BULK_COUNT }, (_, i) => bulkNameOf(i, LARGE_TREE.bulkPrefix))];
  for (const name of largeNames) {
    packages.set(name, packumentEntry(new LazyDocument(() => JSON.stringify(largeTree().packuments.get(name)))));
  }

  const lockfiles = new Map<string, Reply>();
  for (const [format, file] of Object.entries(LOCKFILE_NAMES) as [WrittenFormat, string][]) {
    const contentType = file.endsWith('.json') ? 'application/json' : 'text/plain; charset=utf-8';
    lockfiles.set(`${LOCKFILES_PATH}${file}`, { status: 200, contentType, body: new LazyDocument(() => writeLockfile(tree, format)) });
    lockfiles.set(`${LARGE_LOCKFILES_PATH}${file}`, {
      status: 200,
      contentType,
      body: new LazyDocument(() => writeLockfile(largeTree().tree, format)),
    });
  }
  const index = {
    _derived: 'Lockfiles of the derived dependency-review tree, generated in code; URLs point at this registry.',
    lockfiles: Object.fromEntries(Object.entries(LOCKFILE_NAMES).map(([format, file]) => [format, `${RECORDED_ORIGIN}${LOCKFILES_PATH}${file}`])),
    large: Object.fromEntries(Object.entries(LOCKFILE_NAMES).map(([format, file]) => [format, `${RECORDED_ORIGIN}${LARGE_LOCKFILES_PATH}${file}`])),
    expectations: Object.fromEntries(tree.expectations),
  };
  lockfiles.set('/__review/', jsonReply(LazyDocument.of(JSON.stringify(index, null, 2))));

  const catalog: RegistryCatalog = { packages, attestations, keys: main.keys };
  return {
    catalog,
    lockfiles,
    tree,
    cases: reviewCases(tree),
    serves(path) {
      if (path.startsWith(ATTESTATIONS_PATH)) {
        let spec: string;
        try {
          spec = decodeURIComponent(path.slice(ATTESTATIONS_PATH.length));
        } catch {
          return false;
        }
        return attestations.has(spec);
      }
      const first = path.split('/')[1] ?? '';
      return first.startsWith(REVIEW_PREFIX) && packages.has(decodeURIComponentSafe(first));
    },
  };
}

function decodeURIComponentSafe(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function reviewCases(tree: ReviewTree): CaseEntry[] {
  const expectationNotes = [...tree.expectations]
    .filter(([key]) => !key.startsWith(`${REVIEW_PREFIX}pkg-`))
    .map(([key, e]) => ({ version: key, note: `${e.note} Expected: trust ${e.trust}, ${e.verification}, integrity ${e.integrity}.` }));
  return [
    {
      registry: 'main',
      prefix: '',
      name: REVIEW_APP,
      path: `/${encodeNameForPath(REVIEW_APP)}`,
      source: 'derived',
      description:
        'Derived dependency-review tree as one package: review the spec derived-review-app, or one of its lockfiles (see "derived review lockfiles"). Bulk packages (derived-review-pkg-NNNN) have no provenance; the cases are listed under versions.',
      versions: expectationNotes,
    },
    {
      registry: 'main',
      prefix: '',
      name: REVIEW_BROKEN,
      path: `/${encodeNameForPath(REVIEW_BROKEN)}`,
      source: 'derived',
      description: 'Derived: a spec whose tree has a dependency that answers 404 midway (derived-review-missing); the rest resolves.',
    },
    {
      registry: 'main',
      prefix: '',
      name: 'derived review lockfiles',
      path: '/__review/',
      source: 'derived',
      description:
        `Derived lockfiles of the dependency-review tree (${tree.nodes.size} registry packages plus a git, a file: and a tarball-URL dependency) in every supported format: ` +
        `${Object.entries(LOCKFILE_NAMES).map(([format, file]) => `${LOCKFILES_PATH}${file} (${format})`).join(', ')}; ` +
        `the same files for a tree of about 1,000 entries (${LARGE_BULK_COUNT} bulk packages, for the benchmark) under ${LARGE_LOCKFILES_PATH}. ` +
        'The same paths under /tampered/ point at the tampered mirror, where tuf-js and @playwright/cli fail. This path answers the list and every case\'s expected row.',
    },
  ];
}
