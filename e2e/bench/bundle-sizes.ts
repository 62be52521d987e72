// What a visitor downloads: the JavaScript and CSS the initial page loads (scripts,
// module preloads and stylesheets referenced by index.html), and each part loaded
// later (lazy chunks, workers), gzipped as a static host would serve them.
//
// Since every screen is a chunk of its own (src/app/screens.ts), "initial" is the page
// every address loads: the entry, React and the shell. The entry also starts the opened
// screen's chunk at navigation, which differs by address: `atNavigation` lists, for each
// chunk the entry imports, what it adds on top of the initial page (its static imports
// included), and `heaviestOpenedJsGzip` is the initial page plus the largest of them, the
// most a first visit to any address loads before its screen can render.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface AssetSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleSizes {
  initial: { js: AssetSize[]; css: AssetSize[]; jsGzipTotal: number; cssGzipTotal: number };
  lazy: AssetSize[];
  /** Each chunk the entry imports at navigation (the screens), with what it adds to the initial JS. */
  atNavigation?: { file: string; addedJsGzip: number }[];
  /** Initial JS + the largest `atNavigation` addition. */
  heaviestOpenedJsGzip?: number;
}

/** The chunks a built chunk imports statically (`import … from "./x.js"`), and dynamically (`import("./x.js")`). */
function chunkImports(code: string): { statics: string[]; dynamics: string[] } {
  const statics = [...code.matchAll(/\bimport\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["'`]\.\/([\w.-]+\.js)["'`]/g)].map((m) => m[1] ?? '');
  const dynamics = [...code.matchAll(/\bimport\(\s*["'`]\.\/([\w.-]+\.js)["'`]\s*\)/g)].map((m) => m[1] ?? '');
  return { statics, dynamics };
}

export function measureBundleSizes(distDir: string): BundleSizes {
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const referenced = new Set(
    [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => path.basename(m[1] ?? '')),
  );
  const assetsDir = path.join(distDir, 'assets');
  const assets = readdirSync(assetsDir)
    .filter((file) => /\.(js|css)$/.test(file))
    .map((file): AssetSize => {
      const content = readFileSync(path.join(assetsDir, file));
      return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
    });
  const initialJs = assets.filter((a) => referenced.has(a.file) && a.file.endsWith('.js'));
  const initialCss = assets.filter((a) => referenced.has(a.file) && a.file.endsWith('.css'));
  const byFile = new Map(assets.map((a) => [a.file, a]));
  const imports = (file: string) => chunkImports(readFileSync(path.join(assetsDir, file), 'utf8'));
  // What loading `file` adds: it and its static imports, less what the initial page has.
  const added = (file: string): number => {
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name) || referenced.has(name) || !byFile.has(name)) return;
      seen.add(name);
      for (const next of imports(name).statics) visit(next);
    };
    visit(file);
    return [...seen].reduce((sum, name) => sum + (byFile.get(name)?.gzipBytes ?? 0), 0);
  };
  const entries = [...html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g)].map((m) => path.basename(m[1] ?? ''));
  const atNavigation = [...new Set(entries.flatMap((entry) => (byFile.has(entry) ? imports(entry).dynamics : [])))]
    .map((file) => ({ file, addedJsGzip: added(file) }))
    .filter((a) => a.addedJsGzip > 0)
    .sort((a, b) => b.addedJsGzip - a.addedJsGzip);
  const initialJsGzip = initialJs.reduce((sum, a) => sum + a.gzipBytes, 0);
  return {
    atNavigation,
    heaviestOpenedJsGzip: initialJsGzip + Math.max(0, ...atNavigation.map((a) => a.addedJsGzip)),
    initial: {
      js: initialJs,
      css: initialCss,
      jsGzipTotal: initialJs.reduce((sum, a) => sum + a.gzipBytes, 0),
      cssGzipTotal: initialCss.reduce((sum, a) => sum + a.gzipBytes, 0),
    },
    lazy: assets.filter((a) => !referenced.has(a.file)).sort((a, b) => b.gzipBytes - a.gzipBytes),
  };
}
