// Resolves the tree `npm install <spec>` would install, from a registry client that is
// injected (so it shares the app's caches and runs under tests without a network):
// dependencies and optional dependencies, peers listed as required but not installed,
// one entry per name@version, cycles safe. A dependency that cannot be resolved (404,
// no matching version) is recorded with its reason and the rest goes on.
//
// Order: the tree is resolved one depth at a time. Within a depth, packuments are
// fetched concurrently (bounded), then versions are chosen in a fixed order; like
// npm's arborist, an edge that a version already chosen for that name satisfies reuses
// it. The result therefore never depends on which response arrived first.
import semverRsort from 'semver/functions/rsort.js';
import semverSatisfies from 'semver/functions/satisfies.js';
import { RegistryError, isAbortError } from '../net/http-errors';
import { buildResult, classifySource, nonRegistry, type GraphNode } from './lockfiles/graph';
import type { LockEntry, NonRegistryEntry } from './lockfiles/types';
import { DEFAULT_CONCURRENCY } from './concurrency';
import { pickVersion } from './pick-version';
import { classifyRange, parseSpec, SpecError, type PackageSpec } from './spec';

/** The fields of a version the resolver reads (abbreviated and full packuments have them). */
export interface ManifestLike {
  name?: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  bundleDependencies?: string[] | boolean;
  bundledDependencies?: string[] | boolean;
  deprecated?: unknown;
  dist?: { integrity?: string; tarball?: string };
}

export interface PackumentLike {
  name?: string;
  'dist-tags'?: Record<string, string>;
  versions: Record<string, ManifestLike>;
}

/** Fetches a packument (the abbreviated install form is enough); rejects with RegistryError. */
export type FetchPackument = (name: string, options: { signal?: AbortSignal }) => Promise<PackumentLike>;

export { DEFAULT_CONCURRENCY };

export interface ResolveProgress {
  /** Packuments fetched (or failed) so far. */
  fetched: number;
  /** Distinct name@version chosen so far. */
  resolved: number;
  /** Packuments asked for and not answered yet. */
  pending: number;
}

export interface ResolveOptions {
  fetchPackument: FetchPackument;
  /** Packument requests in flight at most (a setting; 8 by default). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ResolveProgress) => void;
}

export type UnresolvedCode = 'NOT_FOUND' | 'NO_MATCHING_VERSION' | 'INVALID_RANGE' | 'REGISTRY_ERROR';

/** A dependency that could not be resolved: the review lists it with its reason. */
export interface UnresolvedDependency {
  name: string;
  range: string;
  /** `name@version` of what asked for it. */
  requiredBy: string;
  optional: boolean;
  /** The path to what asked for it, then `name@range`. */
  path: string[];
  code: UnresolvedCode;
  message: string;
}

/** A peer dependency: required from the installing project, not installed by it here. */
export interface PeerRequirement {
  name: string;
  range: string;
  requiredBy: string;
  optional: boolean;
  /** `name@version` of a version in the tree that satisfies it, if one does. */
  satisfiedBy?: string;
}

export interface ResolvedTree {
  spec: PackageSpec;
  /** `name@version` of the package the spec named. */
  root: string;
  entries: LockEntry[];
  nonRegistry: NonRegistryEntry[];
  unresolved: UnresolvedDependency[];
  peers: PeerRequirement[];
  warnings: string[];
}

/** The spec itself cannot be resolved: nothing to review. */
export class ResolveError extends Error {
  readonly code: 'INVALID_SPEC' | 'INVALID_NAME' | 'NOT_FOUND' | 'NO_MATCHING_VERSION' | 'REGISTRY_ERROR';
  override readonly cause?: unknown;

  constructor(code: ResolveError['code'], message: string, cause?: unknown) {
    super(message);
    this.name = 'ResolveError';
    this.code = code;
    this.cause = cause;
  }
}

interface Want {
  name: string;
  range: string;
  optional: boolean;
  /** Node id of what asked; '' for the project. */
  from: string;
}

export async function resolveSpec(input: string, options: ResolveOptions): Promise<ResolvedTree> {
  let spec: PackageSpec;
  try {
    spec = parseSpec(input);
  } catch (error) {
    if (error instanceof SpecError)
      throw new ResolveError(error.code, [error.message, ...error.problems].join(' '), error);
    throw error;
  }
  const signal = options.signal;
  const limit = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
  const packuments = new Map<string, Promise<PackumentLike>>();
  const progress: ResolveProgress = { fetched: 0, resolved: 0, pending: 0 };
  const report = () => options.onProgress?.({ ...progress });

  // A small semaphore: at most `limit` packument requests in flight.
  let active = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    while (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
  };
  const release = () => {
    active -= 1;
    waiting.shift()?.();
  };
  const packument = (name: string): Promise<PackumentLike> => {
    let pending = packuments.get(name);
    if (!pending) {
      progress.pending += 1;
      pending = (async () => {
        await acquire();
        try {
          throwIfAborted(signal);
          return await options.fetchPackument(name, signal ? { signal } : {});
        } finally {
          release();
          progress.pending -= 1;
          progress.fetched += 1;
          report();
        }
      })();
      // Failures are read where the packument is used; never an unhandled rejection.
      pending.catch(() => undefined);
      packuments.set(name, pending);
    }
    return pending;
  };

  const nodes = new Map<string, GraphNode>();
  const manifests = new Map<string, ManifestLike>();
  const chosen = new Map<string, string[]>();
  const unresolvedWants: (Want & { code: UnresolvedCode; message: string })[] = [];

  // The root: its failure is the whole review's.
  let rootDoc: PackumentLike;
  try {
    rootDoc = await packument(spec.name);
  } catch (error) {
    throw rootError(error, spec);
  }
  const rootVersion = pickVersion(rootDoc, spec.fetchSpec, spec.type);
  if (!rootVersion) {
    throw new ResolveError(
      'NO_MATCHING_VERSION',
      spec.type === 'tag'
        ? `${spec.name} has no dist-tag "${spec.fetchSpec}".`
        : `No version of ${spec.name} satisfies "${spec.fetchSpec}" (latest is ${rootDoc['dist-tags']?.latest ?? 'unknown'}).`,
    );
  }
  const project: GraphNode = { id: '', name: '(project)', edges: [], isRoot: true };
  nodes.set('', project);

  const place = (name: string, version: string, manifest: ManifestLike): string => {
    const id = `${name}@${version}`;
    if (!nodes.has(id)) {
      const node: GraphNode = { id, name, version, edges: [] };
      if (manifest.dist?.tarball) node.resolved = manifest.dist.tarball;
      nodes.set(id, node);
      manifests.set(id, manifest);
      chosen.set(name, [...(chosen.get(name) ?? []), version]);
      progress.resolved += 1;
    }
    return id;
  };

  const rootId = place(spec.name, rootVersion, rootDoc.versions[rootVersion] as ManifestLike);
  project.edges.push({ to: rootId, optional: false });
  let level: string[] = [rootId];
  report();

  while (level.length) {
    throwIfAborted(signal);
    // Everything this depth asks for, in a fixed order.
    const wants: Want[] = [];
    for (const id of level) {
      const manifest = manifests.get(id) as ManifestLike;
      const bundled = new Set(bundledNames(manifest));
      const optional = manifest.optionalDependencies ?? {};
      const deps = { ...(manifest.dependencies ?? {}), ...optional };
      for (const name of Object.keys(deps).sort()) {
        // Bundled dependencies come inside the tarball: nothing to fetch.
        if (bundled.has(name)) continue;
        wants.push({ name, range: String(deps[name]), optional: name in optional, from: id });
      }
    }
    // Fetch every registry name of this depth at once (bounded by the semaphore).
    const names = new Set<string>();
    for (const want of wants) {
      const target = registryRange(want);
      if (target.kind === 'registry') names.add(target.name);
    }
    await Promise.all([...names].map((name) => packument(name).catch(() => undefined)));
    throwIfAborted(signal);

    const next: string[] = [];
    for (const want of wants) {
      const parent = nodes.get(want.from) as GraphNode;
      const target = registryRange(want);
      if (target.kind !== 'registry') {
        const id = `${want.name}@${want.range}`;
        if (!nodes.has(id))
          nodes.set(id, { id, name: want.name, edges: [], nonRegistry: nonRegistry(target.kind, want.range) });
        parent.edges.push({ to: id, optional: want.optional });
        continue;
      }
      let doc: PackumentLike;
      try {
        doc = await packument(target.name);
      } catch (error) {
        if (isAbortError(error) || (error instanceof RegistryError && error.code === 'ABORTED')) throw error;
        const notFound = error instanceof RegistryError && error.code === 'NOT_FOUND';
        unresolvedWants.push({
          ...want,
          code: notFound ? 'NOT_FOUND' : 'REGISTRY_ERROR',
          message: notFound
            ? `The registry has no package named "${target.name}".`
            : `${target.name} could not be fetched: ${error instanceof Error ? error.message : String(error)}`,
        });
        continue;
      }
      let picked: string | undefined;
      let type;
      try {
        type = classifyRange(target.range).type;
      } catch {
        unresolvedWants.push({
          ...want,
          code: 'INVALID_RANGE',
          message: `"${want.range}" is not a semver range, version or dist-tag.`,
        });
        continue;
      }
      // Reuse a version already in the tree when it satisfies (npm's deduplication).
      if (type !== 'tag') {
        const existing = (chosen.get(target.name) ?? []).filter((v) =>
          semverSatisfies(v, target.range || '*', { loose: true }),
        );
        picked = semverRsort(existing)[0];
      }
      picked ??= pickVersion(doc, classifyRange(target.range).fetchSpec, type);
      if (!picked) {
        unresolvedWants.push({
          ...want,
          code: 'NO_MATCHING_VERSION',
          message: `No version of ${target.name} satisfies "${target.range}" (latest is ${doc['dist-tags']?.latest ?? 'unknown'}).`,
        });
        continue;
      }
      const known = nodes.has(`${target.name}@${picked}`);
      const id = place(target.name, picked, doc.versions[picked] as ManifestLike);
      if (target.name !== want.name) (nodes.get(id) as GraphNode).alias = want.name;
      parent.edges.push({ to: id, optional: want.optional });
      if (!known) next.push(id);
    }
    report();
    level = next;
  }

  const result = buildResult('npm-v3', { nodes, roots: [{ to: '', type: 'prod' }], warnings: [] });
  const peers: PeerRequirement[] = [];
  for (const [id, manifest] of manifests) {
    const meta = manifest.peerDependenciesMeta ?? {};
    for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
      const satisfiedBy = semverRsort(
        (chosen.get(name) ?? []).filter((v) =>
          semverSatisfies(v, String(range), { loose: true, includePrerelease: true }),
        ),
      )[0];
      peers.push({
        name,
        range: String(range),
        requiredBy: id,
        optional: meta[name]?.optional === true,
        ...(satisfiedBy ? { satisfiedBy: `${name}@${satisfiedBy}` } : {}),
      });
    }
  }
  const entryPaths = new Map([...result.entries, ...result.nonRegistry].map((e) => [e.key, e.path]));
  const unresolved = unresolvedWants.map((want) => ({
    name: want.name,
    range: want.range,
    requiredBy: want.from,
    optional: want.optional,
    path: [...(entryPaths.get(want.from) ?? []), `${want.name}@${want.range}`],
    code: want.code,
    message: want.message,
  }));
  return {
    spec,
    root: rootId,
    entries: result.entries,
    nonRegistry: result.nonRegistry,
    unresolved,
    peers,
    warnings: [],
  };
}

function bundledNames(manifest: ManifestLike): string[] {
  const list = manifest.bundleDependencies ?? manifest.bundledDependencies;
  if (Array.isArray(list)) return list;
  // `true` bundles every dependency.
  return list === true ? Object.keys(manifest.dependencies ?? {}) : [];
}

/** `npm:real@^1` → real and ^1; `git+…`, `file:`, URLs → their kind. */
function registryRange(
  want: Want,
): { kind: 'registry'; name: string; range: string } | { kind: Exclude<ReturnType<typeof classifySource>, undefined> } {
  if (want.range.startsWith('npm:')) {
    const rest = want.range.slice(4);
    const at = rest.indexOf('@', rest.startsWith('@') ? 1 : 0);
    return at > 0
      ? { kind: 'registry', name: rest.slice(0, at), range: rest.slice(at + 1) }
      : { kind: 'registry', name: rest, range: '' };
  }
  const kind = classifySource(want.range);
  if (kind) return { kind };
  return { kind: 'registry', name: want.name, range: want.range.trim() };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RegistryError({ code: 'ABORTED', message: 'The review was cancelled.' });
}

function rootError(error: unknown, spec: PackageSpec): Error {
  if (error instanceof RegistryError) {
    if (error.code === 'ABORTED') return error;
    if (error.code === 'NOT_FOUND')
      return new ResolveError('NOT_FOUND', `The registry has no package named "${spec.name}".`, error);
    return new ResolveError('REGISTRY_ERROR', `${spec.name} could not be fetched: ${error.message}`, error);
  }
  if (isAbortError(error)) return new RegistryError({ code: 'ABORTED', message: 'The review was cancelled.' });
  return new ResolveError(
    'REGISTRY_ERROR',
    `${spec.name} could not be fetched: ${error instanceof Error ? error.message : String(error)}`,
    error,
  );
}
