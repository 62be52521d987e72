// package-lock.json / npm-shrinkwrap.json, lockfileVersion 1, 2 and 3. It is JSON, so
// JSON.parse reads it; what is written here is npm's own node_modules lookup (a
// dependency resolves to the nearest `node_modules/<name>` up the folder tree), which no
// maintained library exposes without pulling in @npmcli/arborist and the file system.
import semverValid from 'semver/functions/valid.js';
import {
  buildResult,
  classifySource,
  isRegistryTarball,
  nonRegistry,
  splitAt,
  type DependencyGraph,
  type GraphNode,
  type RootEdgeType,
} from './graph';
import { LockfileError, type LockfileFormat, type ParsedLockfile } from './types';

type Json = Record<string, unknown>;

interface PackageEntry {
  name?: string;
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dev?: boolean;
  optional?: boolean;
  inBundle?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  workspaces?: unknown;
}

export function readNpmLock(doc: Json): ParsedLockfile {
  const version = doc.lockfileVersion;
  if (version === 2 || version === 3) {
    const format: LockfileFormat = version === 2 ? 'npm-v2' : 'npm-v3';
    if (!isObject(doc.packages)) {
      throw new LockfileError({
        code: 'MALFORMED',
        format,
        message: `This lockfileVersion ${version} file has no "packages" map.`,
      });
    }
    return buildResult(format, graphFromPackages(doc.packages as Record<string, PackageEntry>, format));
  }
  if (version === 1) {
    if (!isObject(doc.dependencies) && doc.dependencies !== undefined) {
      throw new LockfileError({ code: 'MALFORMED', format: 'npm-v1', message: 'Its "dependencies" is not an object.' });
    }
    return buildResult('npm-v1', graphFromV1(doc));
  }
  throw new LockfileError({
    code: 'UNSUPPORTED_VERSION',
    message: `package-lock.json lockfileVersion ${JSON.stringify(version)} is not supported (1, 2 and 3 are).`,
  });
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The name a `node_modules/…/node_modules/<name>` path installs. */
function nameFromPath(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  return at < 0 ? path : path.slice(at + 'node_modules/'.length);
}

/** Where the lookup goes next from `path`: its enclosing node_modules, then the project. */
function parentOf(path: string): string | undefined {
  if (path === '') return undefined;
  const at = path.lastIndexOf('/node_modules/');
  if (at >= 0) return path.slice(0, at);
  return '';
}

function resolveFrom(packages: Record<string, unknown>, from: string, name: string): string | undefined {
  for (let base: string | undefined = from; base !== undefined; base = parentOf(base)) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (candidate in packages) return candidate;
  }
  return undefined;
}

function graphFromPackages(packages: Record<string, PackageEntry>, format: LockfileFormat): DependencyGraph {
  const nodes = new Map<string, GraphNode>();
  const warnings: string[] = [];
  const root = packages[''];
  const hasWorkspaces = isObject(root) && root.workspaces !== undefined;
  const linkTargets = new Set<string>();
  for (const entry of Object.values(packages)) {
    if (isObject(entry) && entry.link && typeof entry.resolved === 'string') linkTargets.add(entry.resolved);
  }

  for (const [path, raw] of Object.entries(packages)) {
    if (path === '' || !isObject(raw)) continue;
    const entry = raw as PackageEntry;
    const installedAs = nameFromPath(path);
    const inNodeModules = path.includes('node_modules/');
    const node: GraphNode = { id: path, name: entry.name ?? installedAs, edges: [] };
    if (!inNodeModules) {
      // A linked folder (`packages/a`, `../local`): the start of its own part of the
      // tree, reached through the link that points at it; not an entry of its own.
      node.isRoot = linkTargets.has(path);
      node.name = entry.name ?? path;
      if (entry.version) node.version = entry.version;
      if (!node.isRoot) node.nonRegistry = nonRegistry('file', `file:${path}`);
    } else if (entry.link) {
      const target = entry.resolved ?? '';
      // npm links both workspaces and `file:` folders; a workspace is inside the project.
      const workspace = hasWorkspaces && !target.startsWith('../') && !target.startsWith('/');
      node.nonRegistry = nonRegistry(workspace ? 'workspace' : 'file', workspace ? target : `file:${target}`);
      if (packages[target]) {
        node.edges.push({ to: target, optional: false });
        if (entry.version === undefined && packages[target]?.version) node.version = packages[target]?.version;
      }
    } else {
      if (entry.name && entry.name !== installedAs) node.alias = installedAs;
      if (entry.version) node.version = entry.version;
      if (entry.integrity) node.integrity = entry.integrity;
      if (entry.resolved) node.resolved = entry.resolved;
      node.nonRegistry = classify(node.name, entry.version, entry.resolved, entry.inBundle);
    }
    const optional = new Set(Object.keys(entry.optionalDependencies ?? {}));
    for (const name of [...Object.keys(entry.dependencies ?? {}), ...optional]) {
      const to = resolveFrom(packages, path, name);
      if (to) node.edges.push({ to, optional: optional.has(name) });
      else if (!optional.has(name)) warnings.push(`${path} depends on ${name}, which the lockfile does not install.`);
    }
    if (node.isRoot) {
      for (const name of Object.keys(entry.devDependencies ?? {})) {
        const to = resolveFrom(packages, path, name);
        if (to) node.edges.push({ to, optional: false });
      }
    }
    nodes.set(path, node);
  }

  const roots: { to: string; type: RootEdgeType }[] = [];
  if (isObject(root)) {
    const add = (deps: unknown, type: RootEdgeType) => {
      if (!isObject(deps)) return;
      for (const name of Object.keys(deps)) {
        const to = resolveFrom(packages, '', name);
        if (to) roots.push({ to, type });
      }
    };
    add(root.dependencies, 'prod');
    add(root.optionalDependencies, 'optional');
    add(root.devDependencies, 'dev');
  } else {
    warnings.push(`The ${format} lockfile has no root package entry ("").`);
  }
  return { nodes, roots, warnings };
}

function classify(
  name: string,
  version: string | undefined,
  resolved: string | undefined,
  inBundle: boolean | undefined,
): GraphNode['nonRegistry'] {
  if (inBundle) return nonRegistry('bundled', version ?? '');
  if (resolved) {
    const kind = classifySource(resolved);
    if (kind === 'tarball' && isRegistryTarball(resolved, name)) return undefined;
    if (kind) return nonRegistry(kind, resolved);
  }
  if (version && !semverValid(version)) return nonRegistry(classifySource(version) ?? 'other', version);
  if (!version) return nonRegistry('other', resolved ?? '');
  return undefined;
}

// lockfileVersion 1: a nested `dependencies` tree; `requires` names what each needs.
interface V1Entry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  optional?: boolean;
  bundled?: boolean;
  requires?: Record<string, string>;
  dependencies?: Record<string, V1Entry>;
}

function graphFromV1(doc: Json): DependencyGraph {
  // Flattened to the v2 shape (`node_modules/a/node_modules/b`) so that the lookup is shared.
  const flat: Record<string, V1Entry> = {};
  const walk = (deps: Record<string, V1Entry> | undefined, base: string) => {
    for (const [name, entry] of Object.entries(deps ?? {})) {
      if (!isObject(entry)) continue;
      const path = `${base ? `${base}/` : ''}node_modules/${name}`;
      flat[path] = entry as V1Entry;
      walk((entry as V1Entry).dependencies, path);
    }
  };
  walk(isObject(doc.dependencies) ? (doc.dependencies as Record<string, V1Entry>) : undefined, '');

  const nodes = new Map<string, GraphNode>();
  const warnings: string[] = [];
  for (const [path, entry] of Object.entries(flat)) {
    const installedAs = nameFromPath(path);
    const node: GraphNode = { id: path, name: installedAs, edges: [] };
    let version = entry.version;
    // An alias is written `"version": "npm:real-name@1.2.3"`.
    if (version?.startsWith('npm:')) {
      const real = splitAt(version.slice(4));
      if (real) {
        node.name = real.name;
        node.alias = installedAs;
        version = real.rest;
      }
    }
    if (version !== undefined) node.version = version;
    if (entry.integrity) node.integrity = entry.integrity;
    if (entry.resolved) node.resolved = entry.resolved;
    if (entry.dev !== undefined) node.devFlag = entry.dev;
    if (entry.optional !== undefined) node.optionalFlag = entry.optional;
    node.nonRegistry = classify(node.name, version, entry.resolved, entry.bundled);
    if (node.nonRegistry && entry.version && !semverValid(version ?? '')) {
      // A git or file dependency writes its source as the version.
      delete node.version;
    }
    for (const name of Object.keys(entry.requires ?? {})) {
      const to = resolveFrom(flat, path, name);
      if (to) node.edges.push({ to, optional: flat[to]?.optional === true && entry.optional !== true });
      else warnings.push(`${path} requires ${name}, which the lockfile does not install.`);
    }
    nodes.set(path, node);
  }
  return { nodes, warnings };
}
