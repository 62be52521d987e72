// yarn.lock, classic (v1) and Berry (2+). Both are read by `parseSyml` from
// @yarnpkg/parsers, Yarn's own parser: it reads the classic format with Yarn's PEG
// grammar and Berry's with js-yaml. `@yarnpkg/lockfile` (classic only) was not used: it
// is a 2018 webpack bundle that requires fs, path, crypto and other Node modules, which
// do not bundle for the browser; @yarnpkg/parsers needs only js-yaml and tslib.
import semverValid from 'semver/functions/valid.js';
import {
  buildResult,
  classifySource,
  isRegistryTarball,
  isWellFormedIntegrity,
  nonRegistry,
  splitAt,
  type GraphNode,
  type RootEdgeType,
} from './graph';
import { LockfileError, type ParsedLockfile } from './types';

type Json = Record<string, unknown>;

interface YarnEntry {
  version?: string;
  resolved?: string;
  resolution?: string;
  integrity?: string;
  checksum?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  dependenciesMeta?: Record<string, { optional?: boolean | string }>;
  linkType?: string;
  languageName?: string;
}

/** `"a@^1.0.0, a@^1.1.0"` → each descriptor. */
function descriptorsOf(key: string): string[] {
  return key
    .split(/,\s*/)
    .map((d) => d.trim().replace(/^"|"$/g, ''))
    .filter(Boolean);
}

export function readYarnClassic(doc: Json): ParsedLockfile {
  // The classic format's unquoted values parse even when the file stops mid-line: the
  // last entry shows it (no version, or an integrity cut short).
  const keys = Object.keys(doc);
  const last = doc[keys[keys.length - 1] ?? ''];
  if (
    isObject(last) &&
    (last.version === undefined || (typeof last.integrity === 'string' && !isWellFormedIntegrity(last.integrity)))
  ) {
    throw new LockfileError({
      code: 'TRUNCATED',
      format: 'yarn-classic',
      message: `The yarn.lock ends in the middle of its last entry (${keys[keys.length - 1]}): it looks cut short.`,
    });
  }
  const byDescriptor = new Map<string, string>();
  const nodes = new Map<string, GraphNode>();
  const warnings: string[] = [];
  for (const [key, raw] of Object.entries(doc)) {
    if (!isObject(raw)) continue;
    const entry = raw as YarnEntry;
    const descriptors = descriptorsOf(key);
    const first = splitAt(descriptors[0] ?? key);
    let name = first?.name ?? key;
    const range = first?.rest ?? '';
    let alias: string | undefined;
    // An alias is locked as `foo@npm:bar@^1.0.0`.
    if (range.startsWith('npm:')) {
      const real = splitAt(range.slice(4));
      if (real) {
        alias = name;
        name = real.name;
      }
    }
    const node: GraphNode = { id: key, name, edges: [] };
    if (alias) node.alias = alias;
    if (entry.version !== undefined) node.version = String(entry.version);
    if (entry.integrity) node.integrity = String(entry.integrity);
    if (entry.resolved) node.resolved = String(entry.resolved);
    const rangeSource = alias ? undefined : classifySource(range);
    const resolvedKind = entry.resolved ? classifySource(String(entry.resolved)) : undefined;
    if (rangeSource) {
      node.nonRegistry = nonRegistry(rangeSource, range);
    } else if (resolvedKind && resolvedKind !== 'tarball') {
      node.nonRegistry = nonRegistry(resolvedKind, String(entry.resolved));
    } else if (resolvedKind === 'tarball' && !isRegistryTarball(String(entry.resolved), name)) {
      node.nonRegistry = nonRegistry('tarball', String(entry.resolved));
    } else if (!node.version || !semverValid(node.version)) {
      node.nonRegistry = nonRegistry('other', range);
    }
    nodes.set(key, node);
    for (const descriptor of descriptors) byDescriptor.set(descriptor, key);
  }
  for (const [key, raw] of Object.entries(doc)) {
    const node = nodes.get(key);
    if (!node || !isObject(raw)) continue;
    const entry = raw as YarnEntry;
    const optional = entry.optionalDependencies ?? {};
    for (const [deps, isOptional] of [
      [entry.dependencies ?? {}, false],
      [optional, true],
    ] as const) {
      for (const [dep, range] of Object.entries(deps)) {
        const to = byDescriptor.get(`${dep}@${String(range)}`);
        if (to) node.edges.push({ to, optional: isOptional });
        else if (!isOptional)
          warnings.push(`${key} depends on ${dep}@${String(range)}, which the lockfile does not list.`);
      }
    }
  }
  // Classic yarn.lock does not record the project's own dependencies (no roots).
  return buildResult('yarn-classic', { nodes, warnings });
}

export function readYarnBerry(doc: Json): ParsedLockfile {
  const byDescriptor = new Map<string, string>();
  const nodes = new Map<string, GraphNode>();
  const warnings: string[] = [];
  const entries = Object.entries(doc).filter(([key, raw]) => key !== '__metadata' && isObject(raw)) as [
    string,
    YarnEntry,
  ][];

  for (const [key, entry] of entries) {
    const resolution = String(entry.resolution ?? descriptorsOf(key)[0] ?? key);
    const locator = splitAt(resolution);
    const name = locator?.name ?? key;
    const reference = locator?.rest ?? '';
    const installedAs = splitAt(descriptorsOf(key)[0] ?? '')?.name;
    const node: GraphNode = { id: key, name, edges: [] };
    if (installedAs && installedAs !== name) node.alias = installedAs;
    if (entry.version !== undefined) node.version = String(entry.version);
    // Berry's `checksum` hashes Yarn's own zip of the package, not the registry tarball:
    // it cannot be compared with `dist.integrity`, so it is not kept as an integrity.
    if (reference.startsWith('workspace:')) {
      node.isRoot = true;
      node.nonRegistry = nonRegistry('workspace', reference);
    } else if (reference.startsWith('npm:')) {
      const version = reference.slice(4);
      if (semverValid(version)) node.version = version;
      else node.nonRegistry = nonRegistry('other', reference);
    } else {
      const kind = classifySource(reference) ?? (reference.includes('#') ? 'git' : 'other');
      // Local sources carry Yarn's bookkeeping (`#…::hash=…&locator=…`): the range as
      // written in package.json says more.
      const range = splitAt(stripLocator(descriptorsOf(key)[0] ?? ''))?.rest;
      const local = kind === 'file' || kind === 'link' || kind === 'patch';
      node.nonRegistry = nonRegistry(kind, local && range ? range : reference);
      if (!semverValid(node.version ?? '')) delete node.version;
    }
    nodes.set(key, node);
    for (const descriptor of descriptorsOf(key)) {
      byDescriptor.set(descriptor, key);
      byDescriptor.set(stripLocator(descriptor), key);
    }
  }

  const lookup = (dep: string, range: string): string | undefined =>
    byDescriptor.get(`${dep}@${range}`) ??
    // Lockfiles before Berry's v6 format write ranges without the `npm:` protocol.
    byDescriptor.get(`${dep}@npm:${range}`) ??
    (range.startsWith('npm:') ? byDescriptor.get(`${dep}@${range.slice(4)}`) : undefined);

  const roots: { to: string; type: RootEdgeType }[] = [];
  for (const [key, entry] of entries) {
    const node = nodes.get(key) as GraphNode;
    const meta = entry.dependenciesMeta ?? {};
    const optionalNames = new Set([
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.entries(meta)
        .filter(([, m]) => isObject(m) && (m.optional === true || m.optional === 'true'))
        .map(([dep]) => dep),
    ]);
    const all = { ...(entry.dependencies ?? {}), ...(entry.optionalDependencies ?? {}) };
    for (const [dep, range] of Object.entries(all)) {
      const to = lookup(dep, String(range));
      if (!to) {
        if (!optionalNames.has(dep))
          warnings.push(`${key} depends on ${dep}@${String(range)}, which the lockfile does not list.`);
        continue;
      }
      node.edges.push({ to, optional: optionalNames.has(dep) });
    }
    // The project's workspaces are the roots; Berry does not say which of their
    // dependencies are dev-only, so none is marked dev.
    if (node.isRoot) roots.push({ to: key, type: 'prod' });
  }
  return buildResult('yarn-berry', { nodes, roots: roots.length ? roots : undefined, warnings, devUnknown: true });
}

/** Berry binds relative descriptors to their workspace: `file:../x::locator=app%40workspace%3A.`. */
function stripLocator(descriptor: string): string {
  const at = descriptor.indexOf('::');
  return at < 0 ? descriptor : descriptor.slice(0, at);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
