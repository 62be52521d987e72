/**
 * Puts the `buffer` package's Buffer on globalThis when there is none (browsers, workers),
 * made to convert hex and UTF-8 as Node does (node-buffer.ts).
 *
 * @sigstore/* is CommonJS written for Node and uses the global `Buffer` without importing
 * it (Buffer.from, .equals, .toString('hex'), readBigInt64BE, …). Import this module for
 * its side effect FIRST in every worker entry, before anything that loads @sigstore. Under
 * Node it does nothing, so Node's own Buffer stays in place; the `browser-crypto` test
 * project puts the package's there itself (test/support/browser-buffer.ts).
 */
import { Buffer } from 'buffer';
import { nodeCompatible } from './node-buffer';

const scope = globalThis as typeof globalThis & { Buffer?: unknown };

if (scope.Buffer === undefined) {
  scope.Buffer = nodeCompatible(Buffer);
}

export {};
