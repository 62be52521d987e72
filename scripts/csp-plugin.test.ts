// The inline script as built: compiled from src/lib/early-request.ts, run in a page's
// place (node:vm), it starts the worker with the link's packument request, and the
// policy allows exactly its text.
import { createHash } from 'node:crypto';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, earlyRequestScript, sha256Source } from './csp-plugin';

interface Started {
  source: string;
  options: unknown;
}

async function runInPage(script: string, href: string, saved: string | null = null) {
  const started: Started[] = [];
  const reading: Promise<void>[] = [];
  const blobs: Blob[] = [];
  const address = new URL(href);
  const context = vm.createContext({
    URLSearchParams,
    Blob,
    JSON,
    location: { hash: address.hash, search: address.search },
    document: { baseURI: `${address.origin}/app/` },
    localStorage: { getItem: (key: string) => (key === 'provenance-explorer.registry' ? saved : null) },
    globalThis: undefined as unknown,
  });
  context.globalThis = context;
  // URL.createObjectURL is not in Node's URL for arbitrary objects: record the blob instead.
  context.URL = class extends URL {
    static override createObjectURL(blob: Blob) {
      blobs.push(blob);
      return `blob:${address.origin}/${blobs.length}`;
    }
  };
  context.Worker = class {
    constructor(url: string, options: unknown) {
      const blob = blobs[Number(url.split('/').pop()) - 1];
      if (!blob) throw new Error(`no blob for ${url}`);
      const entry: Started = { source: '', options };
      started.push(entry);
      reading.push(blob.text().then((text) => void (entry.source = text)));
    }
    addEventListener() {}
  };
  vm.runInContext(script, context);
  await Promise.all(reading);
  return { started, context };
}

describe('the early-request script', () => {
  const script = earlyRequestScript('/app/assets/registry.worker-abc.js');

  it('is plain JavaScript, with nothing imported or exported', () => {
    expect(() => new vm.Script(script)).not.toThrow();
    expect(script).not.toMatch(/^(import|export)\b/m);
  });

  it('on a shared link to a package, starts the registry worker with its packument request', async () => {
    const { started, context } = await runInPage(
      script,
      'https://app.test/?registry=http%3A%2F%2F127.0.0.1%3A4873#/package/@types/node/v/1.0.0',
    );
    expect(started).toHaveLength(1);
    expect(started[0]!.options).toEqual({ type: 'module', name: 'registry' });
    expect(started[0]!.source).toContain('"url":"http://127.0.0.1:4873/@types%2fnode"');
    expect(started[0]!.source).toContain('"workerUrl":"https://app.test/app/assets/registry.worker-abc.js"');
    expect(context.__provenanceExplorerRegistryWorker).toBeDefined();
  });

  it('reads the saved registry when the address names none', async () => {
    const { started } = await runInPage(script, 'https://app.test/#/package/react', 'https://mirror.test/npm/');
    expect(started[0]!.source).toContain('"url":"https://mirror.test/npm/react"');
  });

  it.each([
    'https://app.test/#/',
    'https://app.test/#/verify',
    'https://app.test/?registry=ftp%3A%2F%2Fx#/package/react',
  ])('starts nothing for %s', async (href) => {
    const { started, context } = await runInPage(script, href);
    expect(started).toHaveLength(0);
    expect(context.__provenanceExplorerRegistryWorker).toBeUndefined();
  });

  it('the policy allows it by the hash of its exact text, and nothing else inline', () => {
    const hash = sha256Source(script);
    expect(hash).toBe(`sha256-${createHash('sha256').update(script).digest('base64')}`);
    const policy = contentSecurityPolicy([hash]);
    expect(policy).toContain(`script-src 'self' '${hash}';`);
    expect(policy).toContain("worker-src 'self' blob:;");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
  });
});
