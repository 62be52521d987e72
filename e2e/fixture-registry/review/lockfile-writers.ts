// DERIVED lockfiles of the review tree, one per supported format, written in code the
// way each package manager writes them (npm 6/7/9, pnpm 8/9, Yarn 1/4). The URLs are on
// the recorded origin: served by the fixture registry, they point at it.
import { NON_REGISTRY, REVIEW_PROJECT, lockIntegrity, type ReviewTree, type TreeEdge, type TreeNode } from './review-tree';

export const LOCKFILE_NAMES = {
  'npm-v1': 'package-lock-v1.json',
  'npm-v2': 'package-lock-v2.json',
  'npm-v3': 'package-lock.json',
  'pnpm-v6': 'pnpm-lock-v6.yaml',
  'pnpm-v9': 'pnpm-lock.yaml',
  'yarn-classic': 'yarn-classic.lock',
  'yarn-berry': 'yarn.lock',
} as const;

export type WrittenFormat = keyof typeof LOCKFILE_NAMES;

export function writeLockfile(tree: ReviewTree, format: WrittenFormat): string {
  switch (format) {
    case 'npm-v1':
      return JSON.stringify(npmV1(tree), null, 2) + '\n';
    case 'npm-v2':
      return JSON.stringify({ ...npmV3(tree, 2), dependencies: npmV1(tree).dependencies }, null, 2) + '\n';
    case 'npm-v3':
      return JSON.stringify(npmV3(tree, 3), null, 2) + '\n';
    case 'pnpm-v6':
      return pnpm(tree, 6);
    case 'pnpm-v9':
      return pnpm(tree, 9);
    case 'yarn-classic':
      return yarnClassic(tree);
    case 'yarn-berry':
      return yarnBerry(tree);
  }
}

const allRootEdges = (tree: ReviewTree): TreeEdge[] => [...tree.rootDeps, ...tree.rootOptional, ...tree.rootDev];
const node = (tree: ReviewTree, key: string): TreeNode => {
  const found = tree.nodes.get(key);
  if (!found) throw new Error(`review tree has no ${key}`);
  return found;
};
const resolvedWithSha1 = (n: TreeNode): string => (n.shasum ? `${n.resolved}#${n.shasum}` : n.resolved);

// ---------------------------------------------------------------------------
// npm: node_modules placement, hoisted as npm does for a tree with one version per
// name: the first placement of a name goes to the top; another version is nested
// under the package that needs it.

interface Placement {
  path: string;
  node: TreeNode;
  as: string;
  alias: boolean;
  dev: boolean;
  optional: boolean;
}

function placeNpm(tree: ReviewTree): Map<string, Placement> {
  const placed = new Map<string, Placement>();
  const top = new Map<string, string>(); // installed name → key at the top
  const devOnly = reachOnly(tree, 'dev');
  const optionalOnly = reachOnly(tree, 'optional');
  const queue: { edge: TreeEdge; parentPath: string }[] = allRootEdges(tree).map((edge) => ({ edge, parentPath: '' }));
  for (let i = 0; i < queue.length; i++) {
    const { edge, parentPath } = queue[i] as { edge: TreeEdge; parentPath: string };
    const target = node(tree, edge.to);
    let path: string;
    if (top.get(edge.as) === edge.to) continue;
    if (!top.has(edge.as)) {
      top.set(edge.as, edge.to);
      path = `node_modules/${edge.as}`;
    } else {
      path = `${parentPath}/node_modules/${edge.as}`;
      if (placed.has(path)) continue;
    }
    placed.set(path, {
      path,
      node: target,
      as: edge.as,
      alias: edge.as !== target.name,
      dev: devOnly.has(target.key),
      optional: optionalOnly.has(target.key),
    });
    for (const dep of target.deps) queue.push({ edge: dep, parentPath: path });
  }
  return placed;
}

/** Keys reachable only through the project's dev (or optional) dependencies. */
function reachOnly(tree: ReviewTree, kind: 'dev' | 'optional'): Set<string> {
  const walk = (edges: TreeEdge[]) => {
    const seen = new Set<string>();
    const stack = edges.map((e) => e.to);
    while (stack.length) {
      const key = stack.pop() as string;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const dep of node(tree, key).deps) stack.push(dep.to);
    }
    return seen;
  };
  const others = walk(kind === 'dev' ? [...tree.rootDeps, ...tree.rootOptional] : [...tree.rootDeps, ...tree.rootDev]);
  const own = walk(kind === 'dev' ? tree.rootDev : tree.rootOptional);
  return new Set([...own].filter((key) => !others.has(key)));
}

function rangesOf(edges: TreeEdge[]): Record<string, string> {
  return Object.fromEntries(edges.map((e) => [e.as, e.range]));
}

function npmV3(tree: ReviewTree, lockfileVersion: 2 | 3): Record<string, unknown> {
  const packages: Record<string, unknown> = {
    '': {
      name: REVIEW_PROJECT,
      version: '1.0.0',
      dependencies: {
        ...rangesOf(tree.rootDeps),
        [NON_REGISTRY.git.name]: NON_REGISTRY.git.spec,
        [NON_REGISTRY.file.name]: NON_REGISTRY.file.spec,
        [NON_REGISTRY.tarball.name]: NON_REGISTRY.tarball.spec,
      },
      devDependencies: rangesOf(tree.rootDev),
      optionalDependencies: rangesOf(tree.rootOptional),
    },
    [NON_REGISTRY.file.folder]: { version: NON_REGISTRY.file.version },
  };
  const entries: [string, unknown][] = [];
  for (const p of placeNpm(tree).values()) {
    const n = p.node;
    const entry: Record<string, unknown> = {};
    if (p.alias) entry.name = n.name;
    entry.version = n.version;
    entry.resolved = n.resolved;
    entry.integrity = lockIntegrity(tree, n);
    if (p.dev) entry.dev = true;
    if (p.optional) entry.optional = true;
    if (n.hasInstallScript) entry.hasInstallScript = true;
    const required = n.deps.filter((d) => !d.optional);
    const optional = n.deps.filter((d) => d.optional);
    if (required.length) entry.dependencies = rangesOf(required);
    if (optional.length) entry.optionalDependencies = rangesOf(optional);
    entries.push([p.path, entry]);
  }
  entries.push([`node_modules/${NON_REGISTRY.git.name}`, { version: NON_REGISTRY.git.version, resolved: NON_REGISTRY.git.npmResolved }]);
  entries.push([`node_modules/${NON_REGISTRY.file.name}`, { resolved: NON_REGISTRY.file.folder, link: true }]);
  entries.push([
    `node_modules/${NON_REGISTRY.tarball.name}`,
    { version: NON_REGISTRY.tarball.version, resolved: NON_REGISTRY.tarball.spec, integrity: NON_REGISTRY.tarball.integrity },
  ]);
  entries.sort(([a], [b]) => a.localeCompare(b));
  for (const [path, entry] of entries) packages[path] = entry;
  return { name: REVIEW_PROJECT, version: '1.0.0', lockfileVersion, requires: true, packages };
}

function npmV1(tree: ReviewTree): Record<string, unknown> {
  const root: Record<string, Record<string, unknown>> = {};
  const byPath = new Map<string, Record<string, unknown>>();
  const placements = [...placeNpm(tree).values()].sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  for (const p of placements) {
    const n = p.node;
    const entry: Record<string, unknown> = {
      version: p.alias ? `npm:${n.name}@${n.version}` : n.version,
      resolved: n.resolved,
      integrity: lockIntegrity(tree, n),
    };
    if (p.dev) entry.dev = true;
    if (p.optional) entry.optional = true;
    if (n.deps.length) entry.requires = rangesOf(n.deps);
    byPath.set(p.path, entry);
    const at = p.path.lastIndexOf('/node_modules/');
    const parent = at < 0 ? undefined : byPath.get(p.path.slice(0, at));
    if (parent) {
      const nested = (parent.dependencies ??= {}) as Record<string, unknown>;
      nested[p.as] = entry;
    } else {
      root[p.as] = entry;
    }
  }
  root[NON_REGISTRY.git.name] = { version: NON_REGISTRY.git.npmResolved, from: `${NON_REGISTRY.git.name}@${NON_REGISTRY.git.spec}` };
  root[NON_REGISTRY.file.name] = { version: NON_REGISTRY.file.spec };
  root[NON_REGISTRY.tarball.name] = { version: NON_REGISTRY.tarball.spec, integrity: NON_REGISTRY.tarball.integrity };
  const sorted = Object.fromEntries(Object.entries(root).sort(([a], [b]) => a.localeCompare(b)));
  return { name: REVIEW_PROJECT, version: '1.0.0', lockfileVersion: 1, requires: true, dependencies: sorted };
}

// ---------------------------------------------------------------------------
// pnpm

function yamlKey(key: string): string {
  return /^[A-Za-z0-9._/-]+$/.test(key) && !/^[0-9.]+$/.test(key) ? key : `'${key.replace(/'/g, "''")}'`;
}

function pnpm(tree: ReviewTree, major: 6 | 9): string {
  const v6 = major === 6;
  const ref = (edge: TreeEdge): string => {
    const n = node(tree, edge.to);
    if (edge.as === n.name) return n.version;
    return v6 ? `/${n.name}@${n.version}` : `${n.name}@${n.version}`;
  };
  const key = (n: TreeNode) => (v6 ? `/${n.name}@${n.version}` : `${n.name}@${n.version}`);
  const gitRef = v6 ? `github.com/derived-example/review-git/${NON_REGISTRY.git.commit}` : NON_REGISTRY.git.codeload;
  const tarballRef = v6 ? 'example.invalid/derived-review-tarball-1.0.0.tgz' : NON_REGISTRY.tarball.spec;
  const devOnly = reachOnly(tree, 'dev');
  const optionalOnly = reachOnly(tree, 'optional');

  const lines: string[] = [`lockfileVersion: '${major}.0'`, '', 'settings:', '  autoInstallPeers: true', '  excludeLinksFromLockfile: false', ''];
  const section = (indent: string, title: string, items: [string, string, string][]) => {
    if (!items.length) return;
    lines.push(`${indent}${title}:`);
    for (const [name, specifier, version] of items) {
      lines.push(`${indent}  ${yamlKey(name)}:`, `${indent}    specifier: ${yamlKey(specifier)}`, `${indent}    version: ${yamlKey(version)}`);
    }
  };
  const prod: [string, string, string][] = [
    ...tree.rootDeps.map((e): [string, string, string] => [e.as, e.range, ref(e)]),
    [NON_REGISTRY.git.name, NON_REGISTRY.git.spec, gitRef],
    [NON_REGISTRY.file.name, NON_REGISTRY.file.spec, NON_REGISTRY.file.spec],
    [NON_REGISTRY.tarball.name, NON_REGISTRY.tarball.spec, tarballRef],
  ];
  const indent = v6 ? '' : '    ';
  if (!v6) lines.push('importers:', '', '  .:');
  section(indent, 'dependencies', prod);
  section(indent, 'optionalDependencies', tree.rootOptional.map((e) => [e.as, e.range, ref(e)]));
  section(indent, 'devDependencies', tree.rootDev.map((e) => [e.as, e.range, ref(e)]));
  lines.push('', 'packages:', '');

  const nodes = [...tree.nodes.values()].sort((a, b) => key(a).localeCompare(key(b)));
  const depLines = (n: TreeNode, pad: string) => {
    const out: string[] = [];
    const required = n.deps.filter((d) => !d.optional);
    if (required.length) {
      out.push(`${pad}dependencies:`);
      for (const d of required) out.push(`${pad}  ${yamlKey(d.as)}: ${yamlKey(ref(d))}`);
    }
    return out;
  };
  for (const n of nodes) {
    lines.push(`  ${yamlKey(key(n))}:`, `    resolution: {integrity: ${lockIntegrity(tree, n)}}`);
    if (n.hasInstallScript) lines.push('    requiresBuild: true');
    if (v6) {
      lines.push(...depLines(n, '    '));
      lines.push(`    dev: ${devOnly.has(n.key)}`);
      if (optionalOnly.has(n.key)) lines.push('    optional: true');
    }
    lines.push('');
  }
  const gitKey = v6 ? gitRef : `${NON_REGISTRY.git.name}@${gitRef}`;
  const fileKey = v6 ? NON_REGISTRY.file.spec : `${NON_REGISTRY.file.name}@${NON_REGISTRY.file.spec}`;
  const tarKey = v6 ? tarballRef : `${NON_REGISTRY.tarball.name}@${tarballRef}`;
  lines.push(`  ${yamlKey(gitKey)}:`, `    resolution: {tarball: ${NON_REGISTRY.git.codeload}}`, `    name: ${NON_REGISTRY.git.name}`, `    version: ${NON_REGISTRY.git.version}`);
  if (v6) lines.push('    dev: false');
  lines.push('', `  ${yamlKey(fileKey)}:`, `    resolution: {directory: ${NON_REGISTRY.file.folder}, type: directory}`, `    name: ${NON_REGISTRY.file.name}`, `    version: ${NON_REGISTRY.file.version}`);
  if (v6) lines.push('    dev: false');
  lines.push('', `  ${yamlKey(tarKey)}:`, `    resolution: {integrity: ${NON_REGISTRY.tarball.integrity}, tarball: ${NON_REGISTRY.tarball.spec}}`, `    name: ${NON_REGISTRY.tarball.name}`, `    version: ${NON_REGISTRY.tarball.version}`);
  if (v6) lines.push('    dev: false');
  lines.push('');
  if (!v6) {
    lines.push('snapshots:', '');
    for (const n of nodes) {
      const body = depLines(n, '    ');
      if (optionalOnly.has(n.key)) body.push('    optional: true');
      lines.push(body.length ? `  ${yamlKey(key(n))}:` : `  ${yamlKey(key(n))}: {}`, ...body, '');
    }
    for (const k of [gitKey, fileKey, tarKey]) lines.push(`  ${yamlKey(k)}: {}`, '');
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// Yarn

/** Every descriptor (`name@range`) that resolves to each key. */
function descriptors(tree: ReviewTree, protocol: '' | 'npm:'): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (edge: TreeEdge) => {
    const range = edge.range.startsWith('npm:') ? edge.range : `${protocol}${edge.range}`;
    const descriptor = `${edge.as}@${range}`;
    let set = out.get(edge.to);
    if (!set) out.set(edge.to, (set = new Set()));
    set.add(descriptor);
  };
  for (const edge of allRootEdges(tree)) add(edge);
  for (const n of tree.nodes.values()) for (const edge of n.deps) add(edge);
  return out;
}

function yarnQuote(descriptor: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._/-]*@[\^~]?[0-9A-Za-z.-]*$/.test(descriptor) && !descriptor.includes(':') ? descriptor : `"${descriptor}"`;
}

function yarnClassic(tree: ReviewTree): string {
  const out: string[] = ['# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.', '# yarn lockfile v1', '', ''];
  const blocks: [string, string[]][] = [];
  // An alias is its own entry in a classic yarn.lock.
  for (const [key, set] of descriptors(tree, '')) {
    const n = node(tree, key);
    const plain = [...set].filter((d) => !d.includes('@npm:')).sort();
    const aliases = [...set].filter((d) => d.includes('@npm:')).sort();
    for (const group of [plain, ...aliases.map((a) => [a])]) {
      if (!group.length) continue;
      const body = [`  version "${n.version}"`, `  resolved "${resolvedWithSha1(n)}"`, `  integrity ${lockIntegrity(tree, n)}`];
      if (n.deps.length) {
        body.push('  dependencies:');
        for (const d of n.deps) body.push(`    ${d.as.startsWith('@') ? `"${d.as}"` : d.as} "${d.range}"`);
      }
      blocks.push([group.map(yarnQuote).join(', '), body]);
    }
  }
  blocks.push([`"${NON_REGISTRY.git.name}@${NON_REGISTRY.git.spec}"`, [`  version "${NON_REGISTRY.git.version}"`, `  resolved "${NON_REGISTRY.git.codeload}"`]]);
  blocks.push([`"${NON_REGISTRY.file.name}@${NON_REGISTRY.file.spec}"`, [`  version "${NON_REGISTRY.file.version}"`]]);
  blocks.push([
    `"${NON_REGISTRY.tarball.name}@${NON_REGISTRY.tarball.spec}"`,
    [`  version "${NON_REGISTRY.tarball.version}"`, `  resolved "${NON_REGISTRY.tarball.spec}"`, `  integrity ${NON_REGISTRY.tarball.integrity}`],
  ]);
  blocks.sort(([a], [b]) => a.replace(/"/g, '').localeCompare(b.replace(/"/g, '')));
  for (const [head, body] of blocks) out.push(`${head}:`, ...body, '');
  return out.join('\n');
}

function yarnBerry(tree: ReviewTree): string {
  const out: string[] = [
    '# This file is generated by running "yarn install" inside your project.',
    '# Manual changes might be lost - proceed with caution!',
    '',
    '__metadata:',
    '  version: 8',
    '  cacheKey: 10c0',
    '',
  ];
  const blocks: [string, string[]][] = [];
  const berryRange = (range: string) => (range.startsWith('npm:') ? range : `npm:${range}`);
  for (const [key, set] of descriptors(tree, 'npm:')) {
    const n = node(tree, key);
    const body = [`  version: ${n.version}`, `  resolution: "${n.name}@npm:${n.version}"`];
    if (n.deps.length) {
      body.push('  dependencies:');
      for (const d of n.deps) body.push(`    ${d.as.startsWith('@') ? `"${d.as}"` : d.as}: "${berryRange(d.range)}"`);
    }
    // No checksum: Berry's checksum hashes its own zip archive, which these derived
    // packages do not have (the review ignores it either way).
    body.push('  languageName: node', '  linkType: hard');
    blocks.push([`"${[...set].sort().join(', ')}"`, body]);
  }
  const locator = `${REVIEW_PROJECT}%40workspace%3A.`;
  const projectDeps = [
    ...[...tree.rootDeps, ...tree.rootOptional, ...tree.rootDev].map((e) => `    ${e.as.startsWith('@') ? `"${e.as}"` : e.as}: "${berryRange(e.range)}"`),
    `    ${NON_REGISTRY.git.name}: "${NON_REGISTRY.git.spec}"`,
    `    ${NON_REGISTRY.file.name}: "${NON_REGISTRY.file.spec}"`,
    `    ${NON_REGISTRY.tarball.name}: "${NON_REGISTRY.tarball.spec}"`,
  ].sort();
  blocks.push([
    `"${REVIEW_PROJECT}@workspace:."`,
    [
      '  version: 0.0.0-use.local',
      `  resolution: "${REVIEW_PROJECT}@workspace:."`,
      '  dependencies:',
      ...projectDeps,
      '  dependenciesMeta:',
      ...tree.rootOptional.map((e) => `    ${e.as}:\n      optional: true`),
      '  languageName: unknown',
      '  linkType: soft',
    ],
  ]);
  blocks.push([
    `"${NON_REGISTRY.git.name}@${NON_REGISTRY.git.spec}"`,
    [`  version: ${NON_REGISTRY.git.version}`, `  resolution: "${NON_REGISTRY.git.name}@https://github.com/derived-example/review-git.git#commit=${NON_REGISTRY.git.commit}"`, '  languageName: node', '  linkType: hard'],
  ]);
  blocks.push([
    `"${NON_REGISTRY.file.name}@${NON_REGISTRY.file.spec}::locator=${locator}"`,
    [`  version: ${NON_REGISTRY.file.version}`, `  resolution: "${NON_REGISTRY.file.name}@${NON_REGISTRY.file.spec}#${NON_REGISTRY.file.folder}::hash=0d1e2f&locator=${locator}"`, '  languageName: node', '  linkType: hard'],
  ]);
  blocks.push([
    `"${NON_REGISTRY.tarball.name}@${NON_REGISTRY.tarball.spec}"`,
    [`  version: ${NON_REGISTRY.tarball.version}`, `  resolution: "${NON_REGISTRY.tarball.name}@${NON_REGISTRY.tarball.spec}"`, '  languageName: node', '  linkType: hard'],
  ]);
  blocks.sort(([a], [b]) => a.localeCompare(b));
  for (const [head, body] of blocks) out.push(`${head}:`, ...body, '');
  return out.join('\n');
}
