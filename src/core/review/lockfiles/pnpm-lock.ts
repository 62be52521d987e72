// pnpm-lock.yaml, lockfileVersion 6 (pnpm 8) and 9 (pnpm 9 and 10). Read with js-yaml
// (see parse-lockfile.ts for why that parser); only the mapping from pnpm's keys
// (`/name@1.0.0(peer@2.0.0)` in v6, `name@1.0.0(peer@2.0.0)` in v9) to entries is ours.
import semverValid from 'semver/functions/valid.js';
import { buildResult, classifySource, nonRegistry, splitAt, type GraphNode, type RootEdgeType } from './graph';
import { LockfileError, type LockfileFormat, type ParsedLockfile } from './types';

type Json = Record<string, unknown>;

interface PnpmPackage {
  resolution?: {
    integrity?: string;
    tarball?: string;
    type?: string;
    directory?: string;
    repo?: string;
    commit?: string;
  };
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  /** Strings under the failsafe schema (`'true'`), booleans if read otherwise. */
  dev?: boolean | string;
  optional?: boolean | string;
}

function flag(value: boolean | string | undefined): boolean | undefined {
  return value === undefined ? undefined : value === true || value === 'true';
}

export function readPnpmLock(doc: Json): ParsedLockfile {
  const raw = String(doc.lockfileVersion ?? '');
  const major = Number.parseInt(raw, 10);
  const format: LockfileFormat | undefined = major === 6 ? 'pnpm-v6' : major === 9 ? 'pnpm-v9' : undefined;
  if (!format) {
    throw new LockfileError({
      code: 'UNSUPPORTED_VERSION',
      message: `pnpm-lock.yaml lockfileVersion ${JSON.stringify(raw)} is not supported (6.x and 9.x are).`,
    });
  }
  const packages = (isObject(doc.packages) ? doc.packages : {}) as Record<string, PnpmPackage>;
  // v9 splits each package into its metadata (`packages`) and its resolved dependencies
  // (`snapshots`, keyed with the peer suffix); v6 keeps both in `packages`.
  const snapshots = (format === 'pnpm-v9' && isObject(doc.snapshots) ? doc.snapshots : packages) as Record<
    string,
    PnpmPackage
  >;
  const v6 = format === 'pnpm-v6';

  const nodes = new Map<string, GraphNode>();
  const warnings: string[] = [];
  const idOf = (name: string, ref: string): string => {
    if (ref.startsWith('link:')) return `${name}@${ref}`;
    // A plain version (`1.0.0`, `1.0.0(peer@2.0.0)`) names `<name>@<version>`; v6 writes
    // anything else as the package's key itself (`/real@1.0.0` for an alias,
    // `github.com/user/repo/sha`); v9 writes an alias as `real@1.0.0` and a source
    // (`file:`, a URL) as the version part of `<name>@<source>`.
    if (/^\d/.test(ref)) return v6 ? `/${name}@${ref}` : `${name}@${ref}`;
    if (v6) return ref;
    if (classifySource(ref)) return `${name}@${ref}`;
    return ref;
  };

  const importerPaths = new Set(isObject(doc.importers) ? Object.keys(doc.importers) : ['.']);
  /** A `link:` to another importer of the lockfile is a workspace package. */
  const ensureLink = (name: string, ref: string, from = '.'): string => {
    const id = `${name}@${ref}`;
    if (!nodes.has(id)) {
      const workspace = ref.startsWith('link:') && importerPaths.has(joinPath(from, ref.slice('link:'.length)));
      nodes.set(id, { id, name, edges: [], nonRegistry: nonRegistry(workspace ? 'workspace' : 'link', ref) });
    }
    return id;
  };

  for (const [key, snapshot] of Object.entries(snapshots)) {
    if (!isObject(snapshot)) continue;
    const withoutPeers = stripPeers(key);
    const meta: PnpmPackage = (format === 'pnpm-v9' ? packages[withoutPeers] : snapshot) ?? {};
    const spec = v6 && withoutPeers.startsWith('/') ? withoutPeers.slice(1) : withoutPeers;
    const split = splitAt(spec);
    const node: GraphNode = { id: key, name: meta.name ?? split?.name ?? spec, edges: [] };
    const keyVersion = split?.rest;
    const resolution = meta.resolution ?? {};
    if (resolution.integrity) node.integrity = resolution.integrity;
    if (resolution.tarball) node.resolved = resolution.tarball;
    const tarballKind = resolution.tarball ? classifySource(resolution.tarball) : undefined;
    if (resolution.type === 'directory') {
      node.nonRegistry = nonRegistry('file', `file:${resolution.directory ?? ''}`);
    } else if (resolution.type === 'git' || resolution.repo) {
      node.nonRegistry = nonRegistry('git', `${resolution.repo ?? ''}#${resolution.commit ?? ''}`);
    } else if (keyVersion && semverValid(keyVersion)) {
      // A registry package (pnpm writes `tarball` too when the registry is not the default).
      if (tarballKind === 'git') node.nonRegistry = nonRegistry('git', resolution.tarball ?? '');
    } else if (keyVersion && classifySource(keyVersion)) {
      node.nonRegistry = nonRegistry(classifySource(keyVersion) ?? 'other', keyVersion);
    } else if (resolution.tarball) {
      // v6 keys of non-registry packages have no `@version`: `github.com/user/repo/sha`.
      node.nonRegistry = nonRegistry(tarballKind ?? 'tarball', resolution.tarball);
    } else {
      node.nonRegistry = nonRegistry('other', spec);
    }
    const version = meta.version ?? (keyVersion && semverValid(keyVersion) ? keyVersion : undefined);
    if (version !== undefined) node.version = version;
    const devFlag = flag(meta.dev);
    if (devFlag !== undefined) node.devFlag = devFlag;
    const optionalFlag = flag((snapshot as PnpmPackage).optional ?? meta.optional);
    if (optionalFlag !== undefined) node.optionalFlag = optionalFlag;
    nodes.set(key, node);
  }

  for (const [key, snapshot] of Object.entries(snapshots)) {
    const node = nodes.get(key);
    if (!node || !isObject(snapshot)) continue;
    addEdges(node, snapshot.dependencies, false);
    addEdges(node, snapshot.optionalDependencies, true);
  }

  /** A dependency installed under another name than the package's (`npm:` alias). */
  function noteAlias(id: string, installedAs: string) {
    const target = nodes.get(id);
    if (target && !target.nonRegistry && target.name !== installedAs) target.alias = installedAs;
  }

  function addEdges(node: GraphNode, deps: unknown, optional: boolean) {
    if (!isObject(deps)) return;
    for (const [name, ref] of Object.entries(deps)) {
      const value = String(ref);
      if (value.startsWith('link:')) {
        node.edges.push({ to: ensureLink(name, value), optional });
        continue;
      }
      const id = idOf(name, value);
      if (nodes.has(id)) {
        node.edges.push({ to: id, optional });
        noteAlias(id, name);
      } else warnings.push(`${node.id} depends on ${name} ${value}, which the lockfile does not list.`);
    }
  }

  // The project's own dependencies: `importers` (v9, and v6 workspaces) or top level (v6).
  const importers: Record<string, Json> = isObject(doc.importers)
    ? (doc.importers as Record<string, Json>)
    : { '.': doc };
  const roots: { to: string; type: RootEdgeType }[] = [];
  let missing = 0;
  for (const [importer, manifest] of Object.entries(importers)) {
    if (!isObject(manifest)) continue;
    const sections: [string, RootEdgeType][] = [
      ['dependencies', 'prod'],
      ['optionalDependencies', 'optional'],
      ['devDependencies', 'dev'],
    ];
    for (const [section, type] of sections) {
      const deps = manifest[section];
      if (!isObject(deps)) continue;
      for (const [name, value] of Object.entries(deps)) {
        // v6+ write `{specifier, version}`; older files wrote the version alone.
        const ref = String(isObject(value) ? value.version : value);
        if (ref.startsWith('link:')) {
          const id = ensureLink(name, ref, importer);
          roots.push({ to: id, type });
          continue;
        }
        const id = idOf(name, ref);
        if (nodes.has(id)) {
          roots.push({ to: id, type });
          noteAlias(id, name);
        } else {
          missing += 1;
          warnings.push(`Importer ${importer} depends on ${name} ${ref}, which the lockfile does not list.`);
        }
      }
    }
  }
  if (missing > 0 && nodes.size === 0) {
    throw new LockfileError({
      code: 'TRUNCATED',
      format,
      message: `The pnpm lockfile lists ${missing} dependencies of the project but no packages: it looks cut short.`,
    });
  }
  return buildResult(format, { nodes, roots, warnings });
}

/** `apps/web` + `../../packages/ui` → `packages/ui` (importer keys are relative to the root, `.` itself). */
export function joinPath(from: string, relative: string): string {
  const parts = from === '.' ? [] : from.split('/');
  for (const segment of relative.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.length ? parts.join('/') : '.';
}

/** `name@1.0.0(react@18.2.0)(react-dom@18.2.0)` → `name@1.0.0`. */
export function stripPeers(key: string): string {
  const open = key.indexOf('(');
  return open < 0 ? key : key.slice(0, open);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
