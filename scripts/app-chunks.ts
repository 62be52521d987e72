// How the app's modules are cut into chunks (vite.config.ts, rolldown's `codeSplitting`):
// few, because every request costs. Measured on this machine (2 cores): 25 small scripts
// fetched at once took 125–140 ms more processor time than one (about 5 ms each, shared
// by the static server, the browser's network service, its browser process and the page),
// and a shared link's boot is bound by processor time (both cores busy until the first
// row: `npm run bench`, cpu-budget.ts). Rolldown's automatic chunking gave a shared link
// to a package 26 scripts before its first row (a chunk per set of importers); these
// groups give it 7 (the entry, the bundler's runtime and a small chunk of constants the
// entry shares, and the three below with the package screen's own):
//
// - `react`: React, react-dom and the scheduler, with src/app/start.tsx, the module the
//   entry imports to start the app: its evaluation is React's (a task of its own).
// - `app`: the shell (src/app/shell.tsx) and the shared components (src/components), with
//   everything they import statically, but React and what the entry's own graph holds
//   (the entry must not import React: app/boot-graph.test.ts). Every screen needs it.
//   With it, what the package screen and #/verify both use (below).
// - `screens`: what the package screen shares with the other screens of a package's
//   history (a version, its audit, a comparison, the review: the package's queries, the
//   analysis, …): its route then loads two chunks, its own and this one, and those
//   screens load this one too. What #/verify shares with the package screen is in the
//   app's chunk instead (the findings' text, 2 KB): here #/verify would load all of this
//   chunk (18 KB gzipped) for it, in a chunk of its own it would be one more request.
//
// Each group takes the modules only, not their imports (`includeDependenciesRecursively:
// false`): the imports of a group's module are in the same group or in an earlier one
// (the entry's graph, React's, the app's), so that no module is in two chunks and no
// chunk imports one that imports it back.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChunkingContext, CodeSplittingGroup } from 'rolldown';
import type { Plugin } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

const REACT_MODULES = /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/;
const ENTRY_MODULE = here('../src/main.tsx');
const START_MODULE = here('../src/app/start.tsx');
const SHELL_MODULE = here('../src/app/shell.tsx');
const PACKAGE_SCREEN = here('../src/features/package/components/package-page.tsx');
const VERIFY_SCREEN = here('../src/features/verify-bundle/components/verify-bundle-screen.tsx');
/** Where the screens are imported, each the root of a chunk of its own. */
const SCREENS_MODULE = here('../src/app/screens.ts');

function componentModules(): string[] {
  const dir = here('../src/components/');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.tsx') && !file.endsWith('.test.tsx'))
    .map((file) => `${dir}${file}`);
}

export interface AppChunks {
  groups: CodeSplittingGroup[];
  /** Forgets the module graphs read in a build, at the start of the next one. */
  plugin: Plugin;
}

export function appChunks(): AppChunks {
  // Each root's static graph, read once per build (rolldown asks for every module).
  let graphs = new Map<string, Set<string>>();
  const staticGraph = (root: string, ctx: ChunkingContext): Set<string> => {
    let graph = graphs.get(root);
    if (graph) return graph;
    graph = new Set([root]);
    const queue = [root];
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
      for (const imported of ctx.getModuleInfo(id)?.importedIds ?? []) {
        if (graph.has(imported)) continue;
        graph.add(imported);
        queue.push(imported);
      }
    }
    graphs.set(root, graph);
    return graph;
  };
  const components = componentModules();
  // The screens: what src/app/screens.ts imports with `import()`.
  const screens = (ctx: ChunkingContext) => ctx.getModuleInfo(SCREENS_MODULE)?.dynamicallyImportedIds ?? [];
  const inEntry = (id: string, ctx: ChunkingContext) => staticGraph(ENTRY_MODULE, ctx).has(id);
  const inApp = (id: string, ctx: ChunkingContext) =>
    !REACT_MODULES.test(id) &&
    !inEntry(id, ctx) &&
    ([SHELL_MODULE, ...components].some((root) => staticGraph(root, ctx).has(id)) ||
      (staticGraph(PACKAGE_SCREEN, ctx).has(id) && staticGraph(VERIFY_SCREEN, ctx).has(id)));
  const inScreens = (id: string, ctx: ChunkingContext) =>
    !screens(ctx).includes(id) &&
    !REACT_MODULES.test(id) &&
    !inEntry(id, ctx) &&
    !inApp(id, ctx) &&
    staticGraph(PACKAGE_SCREEN, ctx).has(id) &&
    screens(ctx).filter((screen) => staticGraph(screen, ctx).has(id)).length >= 2;
  return {
    groups: [
      {
        name: 'react',
        test: (id) => REACT_MODULES.test(id) || id === START_MODULE,
        includeDependenciesRecursively: false,
      },
      { name: (id, ctx) => (inApp(id, ctx) ? 'app' : null), includeDependenciesRecursively: false },
      { name: (id, ctx) => (inScreens(id, ctx) ? 'screens' : null), includeDependenciesRecursively: false },
    ],
    plugin: {
      name: 'provenance-explorer:app-chunks',
      apply: 'build',
      buildStart() {
        graphs = new Map();
      },
    },
  };
}
