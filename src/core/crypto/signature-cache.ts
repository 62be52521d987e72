// Signature checks for the browser's crypto shim: remembered, and resolvable ahead of
// time with WebCrypto.
//
// @sigstore/verify is synchronous, and WebCrypto is not; pure-JS ECDSA costs a few
// milliseconds per check where the browser's native code takes a few microseconds. So a
// verification runs in two passes (see verify/native-signatures.ts): a recording pass in
// which the shim answers every signature check with `true` and writes it down, then all
// recorded checks at once through `crypto.subtle`, then the real pass, in which the shim
// answers from these results. A check the first pass did not foresee is computed in JS
// as before, so the result never depends on the recording being complete.
// ECDSA (P-256/384/521) and RSASSA-PKCS1-v1_5 with SHA-2 go to WebCrypto; Ed25519, RSA-PSS
// and other digests are always computed in JS (see node-crypto-shim.ts for why).
//
// The results belong to one runner (a private {@link SignatureCache}); the shim reaches
// them only while that runner's pass is running ({@link withSignatureSession}). Outside
// a session the shim computes every check and keeps nothing.

import { bytesToHex } from '../util/encoding';

export type CheckCurve = 'P-256' | 'P-384' | 'P-521';
export type CheckHash = 'SHA-256' | 'SHA-384' | 'SHA-512';

interface CheckInput {
  /** Identifies the check: algorithm, key, digest of the message, signature. */
  id: string;
  /** The key as SubjectPublicKeyInfo DER (an rsaEncryption key for RSASSA-PKCS1-v1_5). */
  spki: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

/** A signature check the shim met, in the terms WebCrypto takes it. */
export type SignatureCheck = CheckInput &
  (
    | { algorithm: 'ECDSA'; curve: CheckCurve; /** The hash WebCrypto must apply to `message`. */ hash: CheckHash }
    | { algorithm: 'RSASSA-PKCS1-v1_5'; hash: CheckHash }
  );

const RESULT_LIMIT = 20_000;

/** Results of signature checks by id, bounded (oldest dropped first). */
export class SignatureCache {
  private readonly results = new Map<string, boolean>();

  get(id: string): boolean | undefined {
    return this.results.get(id);
  }

  set(id: string, result: boolean): void {
    if (this.results.size >= RESULT_LIMIT) {
      // Oldest first: Map iteration is in insertion order.
      const oldest = this.results.keys().next().value;
      if (oldest !== undefined) this.results.delete(oldest);
    }
    this.results.set(id, result);
  }

  has(id: string): boolean {
    return this.results.has(id);
  }
}

/** One pass of a runner: its cache, and in the recording pass the list being written. */
export interface SignatureSession {
  cache: SignatureCache;
  recording?: SignatureCheck[];
}

// One slot per realm, even when a bundler includes this module twice (Vite's dev
// pre-bundling puts a copy of the shim, and so of this module, inside @sigstore's chunk).
const GLOBAL_KEY = Symbol.for('provenance-explorer.signature-session');
type WithSlot = typeof globalThis & { [GLOBAL_KEY]?: { session?: SignatureSession } };
const slot = ((globalThis as WithSlot)[GLOBAL_KEY] ??= {});

/** Runs the synchronous `work` with `session` as the one the shim answers from. */
export function withSignatureSession<T>(session: SignatureSession, work: () => T): T {
  const previous = slot.session;
  slot.session = session;
  try {
    return work();
  } finally {
    slot.session = previous;
  }
}

/**
 * Runs the asynchronous `work` with `session` as the one the shim answers from, until it
 * settles. Only where nothing else checks signatures meanwhile: the slot is one per realm,
 * and every check made before `work` settles, from wherever, is answered from `session`.
 * The TUF client's worker does only its refresh (core/trust/tuf-client.ts).
 */
export async function withAsyncSignatureSession<T>(session: SignatureSession, work: () => Promise<T>): Promise<T> {
  const previous = slot.session;
  slot.session = session;
  try {
    return await work();
  } finally {
    slot.session = previous;
  }
}

/** The shim's view of the session running now (none: nothing known, nothing kept). */
export const signatureCache = {
  get isRecording(): boolean {
    return slot.session?.recording !== undefined;
  },
  record(check: SignatureCheck): void {
    slot.session?.recording?.push(check);
  },
  get(id: string): boolean | undefined {
    return slot.session?.cache.get(id);
  },
  set(id: string, result: boolean): void {
    slot.session?.cache.set(id, result);
  },
  has(id: string): boolean {
    return slot.session?.cache.has(id) ?? false;
  },
};

// ---------------------------------------------------------------------------
// WebCrypto

const importedKeys = new Map<string, Promise<CryptoKey | undefined>>();
const IMPORTED_KEY_LIMIT = 512;

/**
 * Resolves the checks with the platform's native crypto into `cache`; leaves alone what
 * it cannot do (those are computed in JS when the real pass asks).
 */
export async function resolveWithWebCrypto(checks: SignatureCheck[], cache: SignatureCache): Promise<void> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return;
  const pending = new Map<string, SignatureCheck>();
  for (const check of checks) {
    if (!cache.has(check.id)) pending.set(check.id, check);
  }
  await Promise.all(
    [...pending.values()].map(async (check) => {
      const result = await verifyNatively(subtle, check);
      if (result !== undefined) cache.set(check.id, result);
    }),
  );
}

async function verifyNatively(subtle: SubtleCrypto, check: SignatureCheck): Promise<boolean | undefined> {
  try {
    const key = await importKey(subtle, check);
    if (!key) return undefined;
    switch (check.algorithm) {
      case 'RSASSA-PKCS1-v1_5': {
        // OpenSSL refuses a signature that is not exactly the modulus' length; leave any
        // such signature to the JS path, which does the same, rather than rely on the
        // browser's engine agreeing.
        const modulusBits = (key.algorithm as { modulusLength?: number }).modulusLength ?? 0;
        if (check.signature.length !== Math.ceil(modulusBits / 8)) return undefined;
        return await subtle.verify(
          { name: 'RSASSA-PKCS1-v1_5' },
          key,
          toArrayBuffer(check.signature),
          toArrayBuffer(check.message),
        );
      }
      case 'ECDSA': {
        const raw = strictDerToRaw(check.signature, CURVE_SIZES[check.curve]);
        // Not strict DER: let the JS path judge it exactly as Node would.
        if (!raw) return undefined;
        return await subtle.verify(
          { name: 'ECDSA', hash: check.hash },
          key,
          toArrayBuffer(raw),
          toArrayBuffer(check.message),
        );
      }
    }
  } catch {
    return undefined;
  }
}

const CURVE_SIZES: Readonly<Record<CheckCurve, number>> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };

function importAlgorithm(check: SignatureCheck): EcKeyImportParams | RsaHashedImportParams {
  switch (check.algorithm) {
    case 'ECDSA':
      return { name: 'ECDSA', namedCurve: check.curve };
    case 'RSASSA-PKCS1-v1_5':
      return { name: 'RSASSA-PKCS1-v1_5', hash: check.hash };
  }
}

function importKey(subtle: SubtleCrypto, check: SignatureCheck): Promise<CryptoKey | undefined> {
  const algorithm = importAlgorithm(check);
  const cacheKey = `${JSON.stringify(algorithm)}:${bytesToHex(check.spki)}`;
  let imported = importedKeys.get(cacheKey);
  if (!imported) {
    imported = subtle.importKey('spki', toArrayBuffer(check.spki), algorithm, false, ['verify']).then(
      (key) => key,
      () => undefined, // e.g. an RSA key or a curve the browser refuses
    );
    if (importedKeys.size >= IMPORTED_KEY_LIMIT) importedKeys.clear();
    importedKeys.set(cacheKey, imported);
  }
  return imported;
}

/**
 * ECDSA-Sig-Value (`SEQUENCE { INTEGER r, INTEGER s }`) to the fixed-width r‖s WebCrypto
 * wants. Only canonical DER is converted (short or one-byte long lengths, minimal
 * positive integers, no trailing bytes); anything else returns undefined.
 */
export function strictDerToRaw(der: Uint8Array, size: number): Uint8Array | undefined {
  let offset = 0;
  const readLength = (): number | undefined => {
    const first = der[offset++];
    if (first === undefined) return undefined;
    if (first < 0x80) return first;
    if (first !== 0x81) return undefined;
    const length = der[offset++];
    return length !== undefined && length >= 0x80 ? length : undefined;
  };
  if (der[offset++] !== 0x30) return undefined;
  const seqLength = readLength();
  if (seqLength === undefined || offset + seqLength !== der.length) return undefined;
  const out = new Uint8Array(size * 2);
  for (let part = 0; part < 2; part++) {
    if (der[offset++] !== 0x02) return undefined;
    const length = readLength();
    if (length === undefined || length === 0 || offset + length > der.length) return undefined;
    let value = der.subarray(offset, offset + length);
    offset += length;
    if ((value[0] ?? 0) & 0x80) return undefined; // negative
    if (value.length > 1 && value[0] === 0 && !((value[1] ?? 0) & 0x80)) return undefined; // not minimal
    if (value[0] === 0) value = value.subarray(1);
    if (value.length > size || value.length === 0) return undefined;
    out.set(value, part * size + (size - value.length));
  }
  return offset === der.length ? out : undefined;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? bytes.buffer
    : (bytes.slice().buffer as ArrayBuffer);
}
