// The dependency graph each format reader builds, and the one function that turns it
// into the normalised entries: paths from the project ("why is this here"), parents,
// direct / dev / optional, deduplicated by name@version. Keeping this in one place means
// the seven formats only differ in how they read their file.
import type { LockEntry, LockfileFormat, NonRegistryEntry, NonRegistryKind, ParsedLockfile, TreePlacement } from './types';

export interface GraphNode {
  id: string;
  name: string;
  version?: string;
  /** The name it is installed under, when an alias. */
  alias?: string;
  integrity?: string;
  resolved?: string;
  /** Set when this node is not a registry package. */
  nonRegistry?: { kind: NonRegistryKind; source: string; reason: string };
  edges: GraphEdge[];
  /** Flags the lockfile records itself (npm v1): used when the roots are unknown. */
  devFlag?: boolean;
  optionalFlag?: boolean;
  /** A workspace or the project: the start of the tree, not an entry of its own. */
  isRoot?: boolean;
}

export interface GraphEdge {
  to: string;
  optional: boolean;
}

export type RootEdgeType = 'prod' | 'dev' | 'optional';

export interface DependencyGraph {
  nodes: Map<string, GraphNode>;
  /** The project's own dependencies; undefined when the format does not record them. */
  roots?: { to: string; type: RootEdgeType }[];
  /** The roots are known but not which of them are dev-only (Yarn Berry). */
  devUnknown?: boolean;
  warnings: string[];
}

export function buildResult(format: LockfileFormat, graph: DependencyGraph): ParsedLockfile {
  const { nodes } = graph;
  const warnings = [...graph.warnings];
  let roots = graph.roots;
  const rootsKnown = roots !== undefined;
  if (!roots) {
    // yarn.lock and package-lock v1 do not say what the project itself depends on:
    // every entry nothing else depends on must be one of its dependencies (more may be).
    const targeted = new Set<string>();
    for (const node of nodes.values()) for (const edge of node.edges) targeted.add(edge.to);
    roots = [...nodes.values()]
      .filter((node) => !node.isRoot && !targeted.has(node.id))
      .map((node) => ({ to: node.id, type: node.devFlag ? 'dev' : node.optionalFlag ? 'optional' : 'prod' }));
    warnings.push(
      'This lockfile does not record the project\'s own dependencies: entries that nothing else depends on are shown as direct; others may be direct too.',
    );
  }
  const rootTargets = roots.filter((root) => nodes.has(root.to) && !nodes.get(root.to)?.isRoot);

  // Shortest path from the project (breadth first); roots that are workspaces pass through.
  const previous = new Map<string, string | null>();
  const queue: string[] = [];
  for (const root of roots) {
    if (!nodes.has(root.to) || previous.has(root.to)) continue;
    previous.set(root.to, null);
    queue.push(root.to);
  }
  const parents = new Map<string, Set<string>>();
  for (let i = 0; i < queue.length; i++) {
    const node = nodes.get(queue[i] as string) as GraphNode;
    for (const edge of node.edges) {
      if (!nodes.has(edge.to)) continue;
      if (!node.isRoot) {
        let set = parents.get(edge.to);
        if (!set) parents.set(edge.to, (set = new Set()));
        set.add(keyOf(node));
      }
      if (previous.has(edge.to)) continue;
      previous.set(edge.to, node.isRoot ? null : node.id);
      queue.push(edge.to);
    }
  }
  // Parents of nodes not reachable from the roots (an orphan left in the file).
  for (const node of nodes.values()) {
    if (previous.has(node.id) || node.isRoot) continue;
    for (const edge of node.edges) {
      let set = parents.get(edge.to);
      if (!set) parents.set(edge.to, (set = new Set()));
      set.add(keyOf(node));
    }
  }

  const reachProd = reach(nodes, roots.filter((r) => r.type !== 'dev').map((r) => r.to), true);
  const reachRequired = reach(nodes, roots.filter((r) => r.type !== 'optional').map((r) => r.to), false);
  const direct = new Set(rootTargets.map((r) => r.to));
  // Edges out of a workspace make their targets direct dependencies too.
  for (const node of nodes.values()) if (node.isRoot) for (const edge of node.edges) direct.add(edge.to);

  const entries = new Map<string, LockEntry>();
  const nonRegistry = new Map<string, NonRegistryEntry>();
  const order = [...queue, ...[...nodes.keys()].filter((id) => !previous.has(id))];
  for (const id of order) {
    const node = nodes.get(id) as GraphNode;
    if (node.isRoot) continue;
    const placement: TreePlacement = {
      direct: direct.has(id),
      parents: [...(parents.get(id) ?? [])],
      path: pathTo(id, previous, nodes),
    };
    if (rootsKnown) {
      if (!graph.devUnknown) placement.dev = !reachProd.has(id);
      placement.optional = !reachRequired.has(id);
    } else {
      if (node.devFlag !== undefined) placement.dev = node.devFlag;
      if (node.optionalFlag !== undefined) placement.optional = node.optionalFlag;
    }
    const key = keyOf(node);
    if (node.nonRegistry || node.version === undefined) {
      const info = node.nonRegistry ?? { kind: 'other' as const, source: '', reason: 'The lockfile records no version for it.' };
      merge(nonRegistry, key, {
        name: node.name,
        ...(node.version !== undefined ? { version: node.version } : {}),
        source: info.source,
        key,
        kind: info.kind,
        reason: info.reason,
        ...placement,
      });
    } else {
      const entry: LockEntry = { name: node.name, version: node.version, key, ...placement };
      if (node.alias && node.alias !== node.name) entry.aliases = [node.alias];
      if (node.integrity) entry.integrity = node.integrity;
      if (node.resolved) entry.resolved = node.resolved;
      merge(entries, key, entry);
    }
  }
  return { format, entries: [...entries.values()], nonRegistry: [...nonRegistry.values()], warnings };
}

export function keyOf(node: Pick<GraphNode, 'name' | 'version' | 'nonRegistry'>): string {
  if (node.nonRegistry) return `${node.name}@${node.nonRegistry.source || node.version || ''}`;
  return `${node.name}@${node.version ?? ''}`;
}

function merge<T extends TreePlacement & { aliases?: string[]; integrity?: string }>(
  into: Map<string, T>,
  key: string,
  item: T,
): void {
  const seen = into.get(key);
  if (!seen) {
    into.set(key, item);
    return;
  }
  seen.direct ||= item.direct;
  if (seen.dev !== undefined && item.dev !== undefined) seen.dev &&= item.dev;
  if (seen.optional !== undefined && item.optional !== undefined) seen.optional &&= item.optional;
  seen.parents = [...new Set([...seen.parents, ...item.parents])];
  if (item.path.length < seen.path.length) seen.path = item.path;
  if (item.aliases) seen.aliases = [...new Set([...(seen.aliases ?? []), ...item.aliases])];
  if (!seen.integrity && item.integrity) seen.integrity = item.integrity;
}

function reach(nodes: Map<string, GraphNode>, starts: string[], followOptional: boolean): Set<string> {
  const seen = new Set<string>();
  const stack = starts.filter((id) => nodes.has(id));
  while (stack.length) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const edge of nodes.get(id)?.edges ?? []) {
      if ((followOptional || !edge.optional) && nodes.has(edge.to) && !seen.has(edge.to)) stack.push(edge.to);
    }
  }
  return seen;
}

function pathTo(id: string, previous: Map<string, string | null>, nodes: Map<string, GraphNode>): string[] {
  const path: string[] = [];
  let at: string | null | undefined = id;
  const guard = new Set<string>();
  while (at && !guard.has(at)) {
    guard.add(at);
    const node = nodes.get(at) as GraphNode;
    if (!node.isRoot) path.push(keyOf(node));
    at = previous.get(at);
  }
  return path.reverse();
}

// ---------------------------------------------------------------------------
// Helpers the readers share

/** `@scope/name@1.2.3` → name and the rest after the separating `@`. */
export function splitAt(spec: string): { name: string; rest: string } | undefined {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  if (at <= 0) return undefined;
  return { name: spec.slice(0, at), rest: spec.slice(at + 1) };
}

const NON_REGISTRY_REASONS: Record<NonRegistryKind, string> = {
  git: 'It is installed from a git repository, not from the registry: there is no registry version, integrity or attestation to check.',
  file: 'It is installed from a local path (file:): its contents are whatever that folder or tarball holds.',
  link: 'It is a symbolic link to a local folder (link:): nothing of it comes from the registry.',
  workspace: 'It is a workspace package of this project, built from its own source.',
  tarball: 'It is installed from a tarball URL outside the registry: there is no registry version, integrity or attestation to check.',
  bundled: 'It ships inside its parent\'s tarball (bundleDependencies): the parent\'s integrity covers it, the registry has no separate record.',
  patch: 'It is a registry package patched locally (patch:): the installed contents differ from what the registry attests.',
  other: 'The lockfile does not resolve it to a registry version.',
};

export function nonRegistry(kind: NonRegistryKind, source: string): NonNullable<GraphNode['nonRegistry']> {
  return { kind, source, reason: NON_REGISTRY_REASONS[kind] };
}

/** Classifies a source written as a version or a resolved spec (`git+…`, `file:`, …). */
export function classifySource(source: string): NonRegistryKind | undefined {
  if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:)/.test(source)) return 'git';
  if (/^https?:\/\/(codeload\.)?github\.com\//.test(source) || /\.git(#|$)/.test(source)) return 'git';
  if (/^[\w.-]+\/[\w.-]+#/.test(source)) return 'git';
  if (source.startsWith('file:')) return 'file';
  if (source.startsWith('link:') || source.startsWith('portal:')) return 'link';
  if (source.startsWith('workspace:')) return 'workspace';
  if (source.startsWith('patch:')) return 'patch';
  if (/^https?:\/\//.test(source)) return 'tarball';
  return undefined;
}

/**
 * Whether a resolved tarball URL is a registry's: registries serve `<name>/-/<file>.tgz`
 * (`@scope/name/-/name-1.0.0.tgz`); anything else is a tarball from elsewhere.
 */
export function isRegistryTarball(url: string, name: string): boolean {
  try {
    const { pathname } = new URL(url);
    const decoded = decodeURIComponent(pathname).replace(/%2f/gi, '/');
    return decoded.includes(`/${name}/-/`);
  } catch {
    return false;
  }
}

const DIGEST_BASE64_LENGTH: Record<string, number> = { sha1: 28, sha256: 44, sha384: 64, sha512: 88 };

/** Whether every hash of an SRI string has its algorithm's full length (a cut one has not). */
export function isWellFormedIntegrity(integrity: string): boolean {
  const tokens = integrity.trim().split(/\s+/);
  return tokens.every((token) => {
    const match = /^(sha1|sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(\?.*)?$/.exec(token);
    if (!match) return false;
    return match[2]?.length === DIGEST_BASE64_LENGTH[match[1] as string];
  });
}
