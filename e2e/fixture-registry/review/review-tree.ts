// DERIVED dependency tree for the dependency review: a project of a few hundred
// packages, built in code from the recorded packuments and attestations. Most of it is
// bulk (`derived-review-pkg-NNNN`, no provenance, made-up tarball bytes whose hashes are
// real); around it, one package per case the review must get right:
//
//   verified              tuf-js@1.0.0, @playwright/cli@0.1.1 (derived packuments around
//                         their recorded attestations, as on the main registry)
//   tampered attestation  derived-review-tampered@1.0.0: @playwright/cli@0.1.1's
//                         attestations with one bit of the provenance signature flipped
//   attestation missing   sigstore@1.1.0 (claims attestations; the URL answers 404)
//   integrity mismatch    derived-review-mismatch@1.0.0: the lockfiles record the hash
//                         of other bytes than the registry's dist.integrity
//   downgrade in a line   sigstore@1.3.1 (drops the provenance 1.3.0 had)
//   publisher change      derived-review-publisher@1.2.0: a token publish after
//                         versions published only by trusted publishing
//   install scripts       derived-review-install-scripts@2.1.0 adds a postinstall
//   non-registry          a git, a file: and a tarball-URL dependency (lockfiles only)
//   recorded, no claims   ufo@1.6.3, lodash.merge@4.6.2 (dev), tweetnacl@1.0.3
//   alias                 derived-review-alias = npm:derived-review-pkg-0005@^1.0.0
//
// Every URL is on the recorded origin; the server rewrites it to its own on the way out.
import { flipLastBit, parseAttestationsResponse, sha1Hex, sha512Integrity, attestationsResponseToJson } from '../attestation-bundles';
import { derivedTarballBytes } from '../derived-packages';
import { isJsonObject, parseJsonObject, readObject, type JsonObject } from '../json-value';
import { attestationsUrl, tarballUrl } from '../npm-urls';

export const REVIEW_PREFIX = 'derived-review-';
export const REVIEW_APP = 'derived-review-app';
export const REVIEW_PROJECT = 'derived-review-project';
export const REVIEW_BROKEN = 'derived-review-broken';
export const REVIEW_MISSING = 'derived-review-missing';
export const DEFAULT_BULK_COUNT = 300;
/** The benchmark's lockfile: about 1,000 entries. */
export const LARGE_BULK_COUNT = 990;

const GIT_COMMIT = '5d6f0e2a8c4b1a3e7f9d0c2b4a6e8f1d3c5b7a90';
export const NON_REGISTRY = {
  git: {
    name: 'derived-review-git',
    spec: `github:derived-example/review-git#${GIT_COMMIT}`,
    version: '1.0.0',
    npmResolved: `git+ssh://git@github.com/derived-example/review-git.git#${GIT_COMMIT}`,
    codeload: `https://codeload.github.com/derived-example/review-git/tar.gz/${GIT_COMMIT}`,
    commit: GIT_COMMIT,
  },
  file: { name: 'derived-review-local', spec: 'file:../derived-review-local', version: '0.1.0', folder: '../derived-review-local' },
  tarball: {
    name: 'derived-review-tarball',
    spec: 'https://example.invalid/derived-review-tarball-1.0.0.tgz',
    version: '1.0.0',
    integrity: sha512Integrity('derived review tarball from outside the registry'),
  },
} as const;

export interface TreeEdge {
  /** The name it is installed under (an alias differs from the package's name). */
  as: string;
  /** As written in the dependent's package.json. */
  range: string;
  to: string;
  optional?: boolean;
}

export interface TreeNode {
  key: string;
  name: string;
  version: string;
  integrity: string;
  shasum?: string;
  /** Tarball URL on the recorded origin. */
  resolved: string;
  deps: TreeEdge[];
  hasInstallScript?: boolean;
}

export type ExpectedTrust = 'staged' | 'trusted-publisher' | 'provenance' | 'none';

/** What the review must show for an entry (e2e tests read these). */
export interface Expectation {
  trust: ExpectedTrust;
  verification: 'verified' | 'failed' | 'absent' | 'unavailable';
  integrity: 'match' | 'mismatch' | 'unknown';
  /** The timeline finding kinds this row must carry. */
  findings?: string[];
  note: string;
}

export interface ReviewTree {
  /** The project's own dependencies (what a lockfile's root lists). */
  rootDeps: TreeEdge[];
  rootOptional: TreeEdge[];
  rootDev: TreeEdge[];
  nodes: Map<string, TreeNode>;
  /** Lockfile integrity that differs from the registry's, by key. */
  lockfileIntegrity: Map<string, string>;
  expectations: Map<string, Expectation>;
}

/** The documents the tree needs served: packuments and attestations (text) by spec. */
export interface ReviewDocuments {
  packuments: Map<string, JsonObject>;
  attestations: Map<string, string>;
}

/** Read access to what the main registry already serves (recorded and derived documents). */
export interface MainDocuments {
  packument(name: string): JsonObject;
  attestations(spec: string): string;
}

const FIRST_PUBLISH = Date.parse('2024-03-01T10:00:00.000Z');
const HOUR_MS = 60 * 60 * 1000;
const BULK_DIRECT = 30;

export interface TreeOptions {
  /** How many bulk packages (300 by default). */
  bulk?: number;
  /** Bulk names are `derived-review-<bulkPrefix>-NNNN` (`pkg` by default, `large` for the benchmark). */
  bulkPrefix?: string;
  /** The name of the package that holds the whole tree (derived-review-app by default). */
  appName?: string;
}

export const LARGE_TREE: Required<TreeOptions> = { bulk: LARGE_BULK_COUNT, bulkPrefix: 'large', appName: `${REVIEW_APP}-large` };

export function bulkNameOf(index: number, prefix = 'pkg'): string {
  return `${REVIEW_PREFIX}${prefix}-${String(index).padStart(4, '0')}`;
}

/** Bulk package i depends on these bulk indexes (a DAG, plus the cycle 0 → 31 → 0). */
function bulkChildren(index: number, count: number): number[] {
  const children = [0, 1, 2].map((k) => BULK_DIRECT + index * 3 + k).filter((i) => i < count);
  const shared = (index * 7 + 3) % count;
  if (shared > index && !children.includes(shared)) children.push(shared);
  if (index === 31 && count > 31) children.push(0);
  return children;
}

function derivedVersionDoc(name: string, version: string, extra: JsonObject = {}): JsonObject {
  const bytes = derivedTarballBytes(name, version);
  return {
    _derived: `Derived for the dependency review: dist.integrity and dist.shasum hash the fixed bytes "${bytes}"; no dist.signatures.`,
    name,
    version,
    _id: `${name}@${version}`,
    repository: { type: 'git', url: `git+https://github.com/derived-example/${name}.git` },
    dist: { integrity: sha512Integrity(bytes), shasum: sha1Hex(bytes), tarball: tarballUrl(name, version) },
    _npmUser: { name: 'derived-maintainer', email: 'user1@example.com' },
    ...extra,
  };
}

function packumentOf(name: string, versions: JsonObject[], derived: string, startHours: number): JsonObject {
  const time: JsonObject = {};
  const docs: JsonObject = {};
  versions.forEach((doc, i) => {
    const version = String(doc.version);
    docs[version] = doc;
    time[version] = new Date(FIRST_PUBLISH + (startHours + i * 24) * HOUR_MS).toISOString();
  });
  const last = String(versions.at(-1)?.version ?? '1.0.0');
  return {
    _derived: derived,
    _id: name,
    name,
    'dist-tags': { latest: last },
    versions: docs,
    time: { created: String(Object.values(time)[0]), modified: String(time[last]), ...time },
    repository: { type: 'git', url: `git+https://github.com/derived-example/${name}.git` },
  };
}

function versionOf(packument: JsonObject, version: string, where: string): JsonObject {
  const doc = readObject(packument, 'versions', where)[version];
  if (!isJsonObject(doc)) throw new Error(`${where} has no version ${version}`);
  return doc;
}

/** Builds the tree and the documents it needs. `bulk` sets its size (300 by default). */
export function buildReviewTree(main: MainDocuments, options: TreeOptions = {}): { tree: ReviewTree; documents: ReviewDocuments } {
  const bulk = options.bulk ?? DEFAULT_BULK_COUNT;
  const prefix = options.bulkPrefix ?? 'pkg';
  const appName = options.appName ?? REVIEW_APP;
  const bulkName = (index: number) => bulkNameOf(index, prefix);
  const packuments = new Map<string, JsonObject>();
  const attestations = new Map<string, string>();
  const nodes = new Map<string, TreeNode>();
  const expectations = new Map<string, Expectation>();
  const lockfileIntegrity = new Map<string, string>();

  const nodeFrom = (name: string, doc: JsonObject, deps: TreeEdge[] = []): TreeNode => {
    const dist = readObject(doc, 'dist', `${name}@${String(doc.version)}`);
    const node: TreeNode = {
      key: `${name}@${String(doc.version)}`,
      name,
      version: String(doc.version),
      integrity: String(dist.integrity),
      resolved: String(dist.tarball),
      deps,
    };
    if (typeof dist.shasum === 'string') node.shasum = dist.shasum;
    const scripts = doc.scripts;
    if (isJsonObject(scripts) && ['preinstall', 'install', 'postinstall'].some((s) => typeof scripts[s] === 'string')) {
      node.hasInstallScript = true;
    }
    nodes.set(node.key, node);
    return node;
  };
  const edge = (as: string, range: string, to: string, optional = false): TreeEdge => ({ as, range, to, ...(optional ? { optional } : {}) });

  // Bulk: two versions each (1.0.0, 1.1.0); every range `^1.0.0` installs 1.1.0.
  for (let i = 0; i < bulk; i++) {
    const name = bulkName(i);
    const children = bulkChildren(i, bulk);
    const dependencies: JsonObject = Object.fromEntries(children.map((c) => [bulkName(c), '^1.0.0']));
    if (i === 2) dependencies.sigstore = '1.1.0';
    if (i === 1) dependencies['@playwright/cli'] = '0.1.1';
    if (i === 4) dependencies.ufo = '^1.6.0';
    if (i === 6) dependencies.tweetnacl = '^1.0.3';
    const v100 = derivedVersionDoc(name, '1.0.0', { dependencies });
    const v110 = derivedVersionDoc(name, '1.1.0', { dependencies });
    packuments.set(name, packumentOf(name, [v100, v110], 'Derived bulk package of the dependency-review tree: no provenance.', i));
  }

  // Special cases.
  const tampered = `${REVIEW_PREFIX}tampered`;
  const playwrightDoc = versionOf(main.packument('@playwright/cli'), '0.1.1', '@playwright/cli');
  const playwrightDist = readObject(playwrightDoc, 'dist', '@playwright/cli@0.1.1');
  const tamperedResponse = parseAttestationsResponse(main.attestations('@playwright/cli@0.1.1'), '@playwright/cli@0.1.1 attestations');
  for (const attestation of tamperedResponse.attestations) {
    if (!attestation.predicateType.startsWith('https://slsa.dev/provenance/')) continue;
    const envelope = readObject(attestation.bundle, 'dsseEnvelope', 'provenance bundle');
    const signatures = envelope.signatures;
    const first = Array.isArray(signatures) ? signatures[0] : undefined;
    if (!isJsonObject(first) || typeof first.sig !== 'string') throw new Error('provenance bundle has no DSSE signature');
    first.sig = flipLastBit(first.sig);
  }
  attestations.set(`${tampered}@1.0.0`, JSON.stringify(attestationsResponseToJson(tamperedResponse)));
  packuments.set(
    tampered,
    packumentOf(
      tampered,
      [
        {
          ...derivedVersionDoc(tampered, '1.0.0'),
          _derived:
            "Derived: @playwright/cli@0.1.1's dist.integrity and attestations, the provenance bundle's DSSE signature with its last bit flipped (verification must fail).",
          dist: {
            integrity: playwrightDist.integrity ?? '',
            tarball: tarballUrl(tampered, '1.0.0'),
            attestations: { url: attestationsUrl(tampered, '1.0.0'), provenance: { predicateType: 'https://slsa.dev/provenance/v1' } },
          },
          _npmUser: { name: 'GitHub Actions', email: 'npm-oidc-no-reply@github.com', trustedPublisher: { id: 'github' } },
        },
      ],
      'Derived: a version whose provenance signature was tampered with.',
      5,
    ),
  );

  const mismatch = `${REVIEW_PREFIX}mismatch`;
  packuments.set(mismatch, packumentOf(mismatch, [derivedVersionDoc(mismatch, '1.0.0')], 'Derived: the lockfiles record another integrity for 1.0.0.', 6));
  lockfileIntegrity.set(`${mismatch}@1.0.0`, sha512Integrity('not the bytes the registry serves'));

  const publisher = `${REVIEW_PREFIX}publisher`;
  const viaCi = { _npmUser: { name: 'GitHub Actions', email: 'npm-oidc-no-reply@github.com', trustedPublisher: { id: 'github' } } };
  packuments.set(
    publisher,
    packumentOf(
      publisher,
      [
        derivedVersionDoc(publisher, '1.0.0', viaCi),
        derivedVersionDoc(publisher, '1.1.0', viaCi),
        derivedVersionDoc(publisher, '1.2.0', { _npmUser: { name: 'mallory', email: 'user2@example.com' } }),
      ],
      'Derived: 1.0.0 and 1.1.0 published by trusted publishing (no attestations claimed), 1.2.0 by a token of a new account.',
      7,
    ),
  );

  const scripts = `${REVIEW_PREFIX}install-scripts`;
  packuments.set(
    scripts,
    packumentOf(
      scripts,
      [derivedVersionDoc(scripts, '2.0.0'), derivedVersionDoc(scripts, '2.1.0', { scripts: { postinstall: 'node collect-env.js' } })],
      'Derived: 2.1.0 adds a postinstall script to a package that never had one.',
      8,
    ),
  );

  // The nodes, from the packuments (bulk and special) and the main registry's documents.
  for (let i = 0; i < bulk; i++) nodeFrom(bulkName(i), versionOf(packuments.get(bulkName(i)) as JsonObject, '1.1.0', bulkName(i)));
  for (const [name, version] of [
    [tampered, '1.0.0'],
    [mismatch, '1.0.0'],
    [publisher, '1.2.0'],
    [scripts, '2.1.0'],
  ] as const) {
    nodeFrom(name, versionOf(packuments.get(name) as JsonObject, version, name));
  }
  for (const [name, version] of [
    ['tuf-js', '1.0.0'],
    ['@playwright/cli', '0.1.1'],
    ['sigstore', '1.1.0'],
    ['sigstore', '1.3.1'],
    ['ufo', '1.6.3'],
    ['lodash.merge', '4.6.2'],
    ['tweetnacl', '1.0.3'],
  ] as const) {
    nodeFrom(name, versionOf(main.packument(name), version, name));
  }
  for (let i = 0; i < bulk; i++) {
    const node = nodes.get(`${bulkName(i)}@1.1.0`) as TreeNode;
    for (const c of bulkChildren(i, bulk)) node.deps.push(edge(bulkName(c), '^1.0.0', `${bulkName(c)}@1.1.0`));
    if (i === 2) node.deps.push(edge('sigstore', '1.1.0', 'sigstore@1.1.0'));
    if (i === 1) node.deps.push(edge('@playwright/cli', '0.1.1', '@playwright/cli@0.1.1'));
    if (i === 4) node.deps.push(edge('ufo', '^1.6.0', 'ufo@1.6.3'));
    if (i === 6) node.deps.push(edge('tweetnacl', '^1.0.3', 'tweetnacl@1.0.3'));
  }

  const rootDeps: TreeEdge[] = [
    ...Array.from({ length: Math.min(BULK_DIRECT, bulk) }, (_, i) => edge(bulkName(i), '^1.0.0', `${bulkName(i)}@1.1.0`)),
    edge(`${REVIEW_PREFIX}alias`, `npm:${bulkName(5)}@^1.0.0`, `${bulkName(5)}@1.1.0`),
    edge('sigstore', '1.3.1', 'sigstore@1.3.1'),
    edge(tampered, '^1.0.0', `${tampered}@1.0.0`),
    edge(mismatch, '^1.0.0', `${mismatch}@1.0.0`),
    edge(publisher, '^1.2.0', `${publisher}@1.2.0`),
    edge(scripts, '^2.1.0', `${scripts}@2.1.0`),
  ];
  const rootOptional = [edge('tuf-js', '1.0.0', 'tuf-js@1.0.0', true)];
  const rootDev = [edge('lodash.merge', '^4.6.2', 'lodash.merge@4.6.2')];

  // The same tree as one installable package, for reviews by spec.
  const appDependencies: JsonObject = Object.fromEntries(rootDeps.map((e) => [e.as, e.range]));
  appDependencies[NON_REGISTRY.git.name] = NON_REGISTRY.git.spec;
  appDependencies[NON_REGISTRY.tarball.name] = NON_REGISTRY.tarball.spec;
  packuments.set(
    appName,
    packumentOf(
      appName,
      [derivedVersionDoc(appName, '1.0.0', { dependencies: appDependencies, optionalDependencies: { 'tuf-js': '1.0.0' }, peerDependencies: { react: '>=18' } })],
      `Derived: the dependency-review tree as one package (${bulk} bulk packages and every case); its devDependencies are not installed.`,
      0,
    ),
  );
  // A spec whose tree has a dependency the registry does not have (404 midway).
  packuments.set(
    REVIEW_BROKEN,
    packumentOf(
      REVIEW_BROKEN,
      [derivedVersionDoc(REVIEW_BROKEN, '1.0.0', { dependencies: { [REVIEW_MISSING]: '^1.0.0', [bulkName(10 % bulk)]: '^1.0.0' } })],
      `Derived: depends on ${REVIEW_MISSING}, which the registry does not have (404), and on a bulk package that resolves.`,
      0,
    ),
  );

  const bulkNote = 'Derived bulk package: no attestations claimed, no registry signature.';
  for (let i = 0; i < bulk; i++) expectations.set(`${bulkName(i)}@1.1.0`, { trust: 'none', verification: 'absent', integrity: 'match', note: bulkNote });
  const set = (key: string, expectation: Expectation) => expectations.set(key, expectation);
  set('tuf-js@1.0.0', { trust: 'provenance', verification: 'verified', integrity: 'match', note: 'Recorded attestations (2023): verifies.' });
  set('@playwright/cli@0.1.1', { trust: 'trusted-publisher', verification: 'verified', integrity: 'match', note: 'Recorded attestations (2026), trusted publishing: verifies.' });
  set(`${tampered}@1.0.0`, { trust: 'none', verification: 'failed', integrity: 'match', findings: ['verification-failed'], note: 'Tampered provenance signature: fails.' });
  set('sigstore@1.1.0', { trust: 'none', verification: 'unavailable', integrity: 'match', findings: ['verification-unavailable'], note: 'Attestations claimed, URL answers 404.' });
  set('sigstore@1.3.1', { trust: 'none', verification: 'absent', integrity: 'match', findings: ['trust-downgrade'], note: 'Drops the provenance 1.3.0 had (1.3.0 must be verified for the finding).' });
  set(`${mismatch}@1.0.0`, { trust: 'none', verification: 'absent', integrity: 'mismatch', findings: ['integrity-mismatch'], note: 'The lockfile integrity hashes other bytes.' });
  set(`${publisher}@1.2.0`, { trust: 'none', verification: 'absent', integrity: 'match', findings: ['publisher-change'], note: 'A token publish after trusted publishing only.' });
  set(`${scripts}@2.1.0`, { trust: 'none', verification: 'absent', integrity: 'match', findings: ['install-scripts-added'], note: 'Adds a postinstall script.' });
  set('ufo@1.6.3', { trust: 'none', verification: 'absent', integrity: 'match', note: 'Recorded, no attestations; registry signature verifies.' });
  set('lodash.merge@4.6.2', { trust: 'none', verification: 'absent', integrity: 'match', note: 'Recorded, no attestations (a dev dependency of the project).' });
  set('tweetnacl@1.0.3', { trust: 'none', verification: 'absent', integrity: 'match', note: 'Recorded, no attestations and no dist.signatures.' });

  return { tree: { rootDeps, rootOptional, rootDev, nodes, lockfileIntegrity, expectations }, documents: { packuments, attestations } };
}

/** The integrity a lockfile records for a node (the registry's, unless a case says otherwise). */
export function lockIntegrity(tree: ReviewTree, node: TreeNode): string {
  return tree.lockfileIntegrity.get(node.key) ?? node.integrity;
}

/** For tests: the packument text of a served document, parsed. */
export function parsePackumentText(text: string, name: string): JsonObject {
  return parseJsonObject(text, `${name} packument`);
}
