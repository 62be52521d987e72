// What a visitor downloads: the JavaScript and CSS the initial page loads (scripts,
// module preloads and stylesheets referenced by index.html), and each part loaded
// later (lazy chunks, workers), gzipped as a static host would serve them.
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
  return {
    initial: {
      js: initialJs,
      css: initialCss,
      jsGzipTotal: initialJs.reduce((sum, a) => sum + a.gzipBytes, 0),
      cssGzipTotal: initialCss.reduce((sum, a) => sum + a.gzipBytes, 0),
    },
    lazy: assets.filter((a) => !referenced.has(a.file)).sort((a, b) => b.gzipBytes - a.gzipBytes),
  };
}
