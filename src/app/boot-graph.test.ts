// The boot's first task (src/main.tsx, lib/next-task.ts) evaluates only what the packument
// request needs: no module that the entry imports statically may import React or the
// query library (they are evaluated later, by app/start.tsx and app/shell.tsx). A static
// import of React anywhere in this graph would make the entry's chunk evaluate it first.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The static, non-type imports of a module: `import … from 'x'`, `import 'x'` and the
 * re-exports `export … from 'x'`; not `import type`, `export type` or `import()`.
 */
function staticImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] ?? '',
  );
}

function resolveLocal(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return ['.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((candidate) => existsSync(candidate));
}

/** Every package the graph from `entry` imports statically, with the module importing it. */
function packagesImported(entry: string): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) {
        const local = resolveLocal(file, spec);
        if (local) visit(local);
      } else if (!packages.has(spec)) packages.set(spec, path.relative(SRC, file));
    }
  };
  visit(entry);
  return packages;
}

describe("the entry's static import graph", () => {
  it('has no React, react-dom or TanStack Query', () => {
    const packages = packagesImported(path.join(SRC, 'main.tsx'));
    const forbidden = [...packages].filter(([name]) => /^(react|react-dom|@tanstack\/)/.test(name));
    expect(forbidden).toEqual([]);
    // The walk reached the request's client (the graph was followed, not cut short).
    expect(packages.has('comlink')).toBe(true);
  });

  it('finds a static React import when there is one', () => {
    const packages = packagesImported(path.join(SRC, 'app', 'app.tsx'));
    expect(packages.get('react')).toBeDefined();
  });
});

// The trust worker answers and sends the TUF repository's first requests before the TUF
// client has loaded (core/trust/resolve-start.ts): its entry's static graph holds none of
// tuf-js, its models, the crypto shim's curves or `buffer`; its second part has them.
describe("the trust worker's static import graph", () => {
  const heavy = /^(tuf-js|@tufjs\/|@noble\/|buffer$|micro-rsa-dsa-dh)/;

  it('has no TUF client, signature checks or Buffer in its first part', () => {
    const packages = packagesImported(path.join(SRC, 'workers', 'trust.worker.ts'));
    expect([...packages].filter(([name]) => heavy.test(name))).toEqual([]);
    // The walk reached the requests and the IndexedDB read.
    expect(packages.has('idb')).toBe(true);
    expect(packages.has('comlink')).toBe(true);
  });

  it('has them in its second part', () => {
    const packages = packagesImported(path.join(SRC, 'workers', 'trust-refresh.ts'));
    expect(packages.has('tuf-js')).toBe(true);
    expect(packages.has('buffer')).toBe(true);
  });
});
