// The entry module (src/main.tsx) is small: it starts the route's packument request and
// then imports the app (src/app/start.tsx: React; it imports the shell, src/app/shell.tsx,
// in a later task), so that the request does not wait for React and every screen to be
// evaluated. This plugin lists the app's chunks (both, and all they import) in index.html as
// module preloads and its stylesheets as links: the browser fetches and compiles them in
// parallel with the entry, as if they were part of it (and the benchmark still counts
// them in the initial page). The screens are not listed: each is a chunk of its own
// (src/app/screens.ts), which the entry imports at navigation for the opened address
// only (Vite's preload helper then fetches that chunk's imports in parallel).
import type { Plugin } from 'vite';

const APP_MODULES = [/\/src\/app\/start\.tsx$/, /\/src\/app\/shell\.tsx$/];

export function preloadAppPlugin(): Plugin {
  let base = '/';
  return {
    name: 'provenance-explorer:preload-app',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const apps = APP_MODULES.map((module) => {
          const app = Object.values(bundle).find(
            (output) => output.type === 'chunk' && output.facadeModuleId !== null && module.test(output.facadeModuleId),
          );
          if (!app || app.type !== 'chunk') throw new Error(`preload-app: no chunk for ${module.source} in the build`);
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
              attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${file}` },
              injectTo: 'head' as const,
            })),
        ];
      },
    },
  };
}
