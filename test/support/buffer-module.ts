// `buffer` in the `browser-crypto` test project (vite.config.ts): the class browser-buffer.ts
// installed as the global Buffer, so that the modules Vite pre-bundles there (@sigstore with
// the crypto shim inlined) use that one class, not a copy of the package of their own.
import type * as BufferModule from 'buffer';

export const Buffer = (globalThis as unknown as { Buffer: typeof BufferModule.Buffer }).Buffer;
