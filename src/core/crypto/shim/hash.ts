import { type Buffer } from 'buffer';
import { NOBLE_HASHES } from '../hashes';
import { asBuffer, nodeError, toBytes } from './bytes';
import { type BinaryLike, type BinaryToTextEncoding, type StringEncoding } from './types';

// ---------------------------------------------------------------------------------------
// Hashes

interface HashState {
  update(chunk: Uint8Array): unknown;
  digest(): Uint8Array;
}

interface HashFunction {
  create(): HashState;
}

export const HASHES: Readonly<Record<string, HashFunction>> = NOBLE_HASHES;

// OpenSSL looks digest names up case-insensitively and knows several aliases for SHA-2:
// SHA256, SHA-256, SHA2-256 and RSA-SHA256 all name the same digest.
const SHA2_ALIAS = /^(?:sha|sha-|sha2-|rsa-sha)(224|256|384|512)$/;
const SHA3_NAME = /^sha3-(224|256|384|512)$/;

/** The key of HASHES that `name` spells, as OpenSSL reads names. */
export function canonicalHashName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const lower = name.toLowerCase();
  const sha2 = SHA2_ALIAS.exec(lower);
  if (sha2) return `sha${sha2[1] ?? ''}`;
  return SHA3_NAME.test(lower) ? lower : undefined;
}

function findHash(name: unknown): HashFunction | undefined {
  const canonical = canonicalHashName(name);
  return canonical === undefined ? undefined : HASHES[canonical];
}

export function hashOnce(hash: HashFunction, data: Uint8Array): Uint8Array {
  const state = hash.create();
  state.update(data);
  return state.digest();
}

/** Node's `Hash`: incremental, single use (a second `digest()` throws, as in Node). */
class Hash {
  #state: HashState | undefined;

  constructor(state: HashState) {
    this.#state = state;
  }

  update(data: BinaryLike, inputEncoding?: StringEncoding): this {
    this.#live().update(toBytes(data, 'data', inputEncoding));
    return this;
  }

  digest(): Buffer;
  digest(encoding: BinaryToTextEncoding): string;
  digest(encoding?: BinaryToTextEncoding): Buffer | string {
    const out = asBuffer(this.#live().digest());
    this.#state = undefined;
    return encoding === undefined ? out : out.toString(encoding);
  }

  #live(): HashState {
    if (this.#state === undefined) {
      throw nodeError(new Error('Digest already called'), 'ERR_CRYPTO_HASH_FINALIZED');
    }
    return this.#state;
  }
}

export type { Hash };

export function createHash(algorithm: string): Hash {
  const hash = findHash(algorithm);
  if (hash === undefined) throw new Error('Digest method not supported');
  return new Hash(hash.create());
}
