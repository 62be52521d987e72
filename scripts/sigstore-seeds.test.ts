import { describe, expect, it } from 'vitest';
import { digestOf } from '../src/core/verify/verdict-cache';
import { readFileSync } from 'node:fs';
import {
  importedPackages,
  jsonDigest,
  readSigstoreSeeds,
  verifierBuild,
  verifierDependencies,
  verifierSources,
} from './sigstore-seeds';

const installedVersion = (name: string): string =>
  (
    JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;

describe('the build-time values behind stored verdicts', () => {
  it('the bundled root digest is the one the app computes at run time', async () => {
    const { trustedRoot } = readSigstoreSeeds();
    // The main thread uses the build-time digest when the workers keep their bundled
    // root; the workers compute it at run time when given the same root: they must agree.
    expect(jsonDigest(trustedRoot)).toBe(await digestOf(structuredClone(trustedRoot)));
    expect(jsonDigest({ other: 'root' })).not.toBe(jsonDigest(trustedRoot));
  });

  it('the verifier build is a stable fingerprint', () => {
    expect(verifierBuild()).toMatch(/^[0-9a-f]{32}$/);
    expect(verifierBuild()).toBe(verifierBuild());
  });

  it('reads the packages a module imports: names of packages, not paths, builtins or strings', () => {
    const source = [
      "import { p256 } from '@noble/curves/nist.js';",
      "import type { Buffer } from 'buffer';",
      'import {',
      '  a,',
      '  b,',
      "} from 'micro-rsa-dsa-dh/rsa.js';",
      "import './local';",
      "import { x } from '../core/x';",
      "import { createHash } from 'node:crypto';",
      "export * from 'idb';",
      "import 'comlink';",
      "export const MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle';",
      "const text = 'import from here';",
    ].join('\n');
    expect(importedPackages(source).sort()).toEqual(['@noble/curves', 'buffer', 'comlink', 'idb', 'micro-rsa-dsa-dh']);
  });

  it('counts the installed version of every package on the verification path, and of theirs', () => {
    const lines = verifierDependencies();
    for (const name of [
      '@sigstore/verify',
      '@sigstore/core',
      '@sigstore/bundle',
      '@noble/curves',
      '@noble/hashes',
      'micro-rsa-dsa-dh',
      'buffer',
      // buffer's own dependencies, found through its package.json
      'base64-js',
      'ieee754',
    ]) {
      expect(lines).toContain(`${name}@${installedVersion(name)}`);
    }
    // Not on the verification path: the UI's packages.
    expect(lines.some((line) => line.startsWith('react@') || line.startsWith('recharts@'))).toBe(false);
  });

  it('hashes the modules of src/core the verification code runs, found through its imports', () => {
    const files = verifierSources().map(([file]) => file);
    // The folders themselves, and what they import from elsewhere in src/core: the SRI
    // reader (util/encoding.ts, the integrity a signature covers), npm's keys' validity.
    for (const file of [
      'verify/npm-integrity.ts',
      'crypto/node-buffer.ts',
      'util/encoding.ts',
      'registry/npm-keys.ts',
    ]) {
      expect(files).toContain(file);
    }
    // Not the analysis (only its types reach the verifier), nor what the registry's service imports.
    expect(files.some((file) => file.startsWith('analysis/') || file.startsWith('review/'))).toBe(false);
    expect(new Set(files).size).toBe(files.length);
  });
});
