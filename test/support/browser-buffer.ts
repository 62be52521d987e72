// The `browser-crypto` test project's global Buffer: the `buffer` package, made to convert
// as Node does (src/core/crypto/node-buffer.ts), exactly what install-buffer.ts puts in the
// verifier workers. Under Node, install-buffer leaves Node's own Buffer in place, and the
// package's differences from it (node-buffer.ts) were never run by the tests that say they
// run what the worker runs. The project aliases `buffer` to ./buffer-module.ts, so that the
// shim's and the page's `import { Buffer } from 'buffer'` is this one class too, as in a
// worker's bundle. The differential tests' native engine runs on Node's Buffer
// (test/differential/engines.ts `onNodeBuffer`).
import { createRequire } from 'node:module';
import type * as BufferModule from 'buffer';
import { nodeCompatible } from '../../src/core/crypto/node-buffer';

// `buffer/`: the package, not Node's builtin module of the same name.
const { Buffer } = createRequire(import.meta.url)('buffer/') as typeof BufferModule;
(globalThis as { Buffer: unknown }).Buffer = nodeCompatible(Buffer);
