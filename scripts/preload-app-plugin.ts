// The entry module (src/main.tsx) is small: it starts the route's packument request and
// then imports the app (src/app/start.tsx: React; it imports the shell, src/app/shell.tsx,
// in a later task), so that the request does not wait for React and every screen to be
// evaluated. This plugin lists the app's chunks (both, and all they import) in index.html as
// module preloads and its stylesheets as links: the browser fetches and compiles them in
// parallel with the entry, as if they were part of it (and the benchmark still counts
// them in the initial page). The screens are not listed: each is a chunk of its own
// (src/app/screens.ts), which the entry imports at navigation for the opened address
// only (Vite's preload helper then fetches that chunk's imports in parallel).
//
// It also gives Vite's preload helper (`build.modulePreload.resolveDependencies`, see
// vite.config.ts) only what it must add for a lazy chunk of this page: not the chunks
// index.html already lists (the helper would look each up among the page's links), not
// the imported chunk itself (the `import()` right after it fetches it). The boot's task
// that starts the screen's chunk then adds a link only for the screen's own imports.
import type { OutputBundle, OutputChunk } from 'rolldown';
import type { Plugin } from 'vite';

const APP_MODULES = [/\/src\/app\/start\.tsx$/, /\/src\/app\/shell\.tsx$/];
const ENTRY_MODULE = /\/src\/main\.tsx$/;

/** The site's entry chunk (its facade is index.html's script, which holds src/main.tsx); none in the benchmark page's build. */
function siteEntry(bundle: OutputBundle): OutputChunk | undefined {
  return Object.values(bundle).find(
    (output): output is OutputChunk =>
      output.type === 'chunk' && output.isEntry && output.moduleIds.some((id) => ENTRY_MODULE.test(id)),
  );
}

type ResolveDependencies = (
  file: string,
  deps: string[],
  context: { hostId: string; hostType: 'html' | 'js' },
) => string[];

export interface PreloadAppPlugin extends Plugin {
  /** For `build.modulePreload.resolveDependencies`. */
  resolveDependencies: ResolveDependencies;
}

/** The chunk of `module`: the one it is the facade of, else the one that holds it (the shell is in the app's chunk, start.tsx in React's: scripts/app-chunks.ts). */
function chunkOf(bundle: OutputBundle, module: RegExp): OutputChunk | undefined {
  const chunks = Object.values(bundle).filter((output): output is OutputChunk => output.type === 'chunk');
  return (
    chunks.find((chunk) => chunk.facadeModuleId !== null && module.test(chunk.facadeModuleId)) ??
    chunks.find((chunk) => chunk.moduleIds.some((id) => module.test(id)))
  );
}

/** `roots` and every chunk they import statically (and dynamically, with `dynamic`). */
function reachable(bundle: OutputBundle, roots: string[], dynamic: boolean): Set<string> {
  const files = new Set<string>();
  const visit = (fileName: string) => {
    const chunk = bundle[fileName];
    if (!chunk || chunk.type !== 'chunk' || files.has(fileName)) return;
    files.add(fileName);
    for (const imported of chunk.imports) visit(imported);
    if (dynamic) for (const imported of chunk.dynamicImports) visit(imported);
  };
  for (const root of roots) visit(root);
  return files;
}

/**
 * For each chunk the entry imports (the screens, src/app/screens.ts), by its module's path
 * (`src/…`): the chunk and those of its static imports that index.html does not list.
 * The entry adds them as module preloads at navigation (app/preload-screen.ts): fetched
 * and compiled, not evaluated; the screen is imported once the app is evaluated.
 * A JSON block, not a script: nothing runs (the CSP allows no inline script).
 */
function screenPreloads(bundle: OutputBundle, base: string, inPage: (file: string) => boolean) {
  const entry = siteEntry(bundle);
  const screens: Record<string, string[]> = {};
  for (const fileName of entry?.dynamicImports ?? []) {
    const chunk = bundle[fileName];
    if (chunk?.type !== 'chunk' || !chunk.facadeModuleId) continue;
    const key = chunk.facadeModuleId.slice(chunk.facadeModuleId.lastIndexOf('/src/') + 1);
    screens[key] = [...reachable(bundle, [fileName], false)]
      .filter((file) => !inPage(file))
      .map((file) => `${base}${file}`);
  }
  return {
    tag: 'script',
    attrs: { type: 'application/json', id: SCREEN_PRELOADS_ID },
    // `<` escaped: the JSON cannot end the element early.
    children: JSON.stringify(screens).replace(/</g, '\\u003c'),
    injectTo: 'head' as const,
  };
}

/** The id of index.html's element with the screens' preloads (read by src/app/preload-screen.ts). */
export const SCREEN_PRELOADS_ID = 'screen-preloads';

export function preloadAppPlugin(): PreloadAppPlugin {
  let base = '/';
  /** The chunks index.html lists (the entry's, the app's), and those the page can load. */
  let listed = new Set<string>();
  let onPage = new Set<string>();
  return {
    name: 'provenance-explorer:preload-app',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    // Before Vite's import analysis, which calls resolveDependencies.
    generateBundle: {
      order: 'pre',
      handler(_options, bundle) {
        const entry = siteEntry(bundle);
        if (!entry) return;
        const apps = APP_MODULES.map((module) => chunkOf(bundle, module)?.fileName).filter(
          (file) => file !== undefined,
        );
        listed = reachable(bundle, [entry.fileName, ...apps], false);
        onPage = reachable(bundle, [entry.fileName], true);
      },
    },
    resolveDependencies(file, deps, { hostId, hostType }) {
      if (hostType !== 'js' || !onPage.has(hostId)) return deps;
      return deps.filter((dep) => dep !== file && !listed.has(dep));
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        // Only the site's page (not the benchmark's, built on its own: vite.config.ts).
        if (!bundle || !siteEntry(bundle)) return [];
        const apps = APP_MODULES.map((module) => {
          const app = chunkOf(bundle, module);
          if (!app) throw new Error(`preload-app: no chunk for ${module.source} in the build`);
          return app;
        });
        // The app's chunks and everything they import statically, once each.
        const files = new Set<string>();
        const css = new Set<string>();
        const visit = (fileName: string) => {
          const chunk = bundle[fileName];
          if (!chunk || chunk.type !== 'chunk' || files.has(fileName)) return;
          files.add(fileName);
          for (const file of chunk.viteMetadata?.importedCss ?? []) css.add(file);
          for (const imported of chunk.imports) visit(imported);
        };
        for (const app of apps) visit(app.fileName);
        // Not what the page already loads (the entry and its own imports).
        const listed = (file: string) => html.includes(`"${base}${file}"`);
        return [
          screenPreloads(bundle, base, (file) => files.has(file) || listed(file)),
          ...[...css]
            .filter((file) => !listed(file))
            .map((file) => ({
              tag: 'link',
              attrs: { rel: 'stylesheet', crossorigin: true, href: `${base}${file}` },
              injectTo: 'head' as const,
            })),
          ...[...files]
            .filter((file) => !listed(file))
            .map((file) => ({
              tag: 'link',
              // Low priority: a shared link's registry worker (requested by the entry, once it
              // runs) gets the next free connection instead of queueing behind these (HTTP/1.1
              // allows six per host); its packument request is the long pole of the first row
              // (200–300 ms earlier in the benchmark's runs, when these were 18 chunks).
              attrs: { rel: 'modulepreload', fetchpriority: 'low', crossorigin: true, href: `${base}${file}` },
              injectTo: 'head' as const,
            })),
        ];
      },
    },
  };
}
