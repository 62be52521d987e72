/**
 * Puts the `buffer` package's Buffer on globalThis when there is none (browsers, workers).
 *
 * @sigstore/* is CommonJS written for Node and uses the global `Buffer` without importing
 * it (Buffer.from, .equals, .toString('hex'), readBigInt64BE, …). Import this module for
 * its side effect FIRST in every worker entry, before anything that loads @sigstore; it is
 * also the vitest setupFile of the `browser-crypto` project. Under Node it does nothing,
 * so Node's own Buffer stays in place.
 */
import { Buffer } from 'buffer';

const scope = globalThis as typeof globalThis & { Buffer?: unknown };

if (scope.Buffer === undefined) {
  scope.Buffer = Buffer;
}

export {};
