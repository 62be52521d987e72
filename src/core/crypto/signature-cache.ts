// Signature checks for the browser's crypto shim: remembered, and resolvable ahead of
// time with WebCrypto.
//
// @sigstore/verify is synchronous, and WebCrypto is not; pure-JS ECDSA costs a few
// milliseconds per check where the browser's native code takes a few microseconds. So a
// version is verified in two passes (see verify/verify-version-fast.ts): a recording
// pass in which the shim answers every signature check with `true` and writes it down,
// then all recorded checks at once through `crypto.subtle`, then the real pass, in
// which the shim answers from these results. A check the first pass did not foresee is
// computed in JS as before, so the result never depends on the recording being complete.
// ECDSA (P-256/384/521) and RSASSA-PKCS1-v1_5 with SHA-2 go to WebCrypto; Ed25519, RSA-PSS
// and other digests are always computed in JS (see node-crypto-shim.ts for why).
//
// Results are also kept (bounded): the Fulcio intermediate's signature by the root is
// the same check for every bundle of every package.

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

class SignatureCache {
  /** True once the shim is loaded, i.e. when signature checks run in JS. */
  enabled = false;
  private recording: SignatureCheck[] | undefined;
  private readonly results = new Map<string, boolean>();
  hits = 0;
  misses = 0;

  get isRecording(): boolean {
    return this.recording !== undefined;
  }

  record(check: SignatureCheck): void {
    this.recording?.push(check);
  }

  /** Runs `work` with recording on and returns the checks it asked for. */
  collect(work: () => void): SignatureCheck[] {
    const checks: SignatureCheck[] = [];
    this.recording = checks;
    try {
      work();
    } finally {
      this.recording = undefined;
    }
    return checks;
  }

  get(id: string): boolean | undefined {
    const result = this.results.get(id);
    if (result === undefined) this.misses += 1;
    else this.hits += 1;
    return result;
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

// One cache per realm, even when a bundler includes this module twice (Vite's dev
// pre-bundling puts a copy of the shim, and so of this module, inside @sigstore's chunk).
const GLOBAL_KEY = Symbol.for('provenance-explorer.signature-cache');
type WithCache = typeof globalThis & { [GLOBAL_KEY]?: SignatureCache };
export const signatureCache: SignatureCache = ((globalThis as WithCache)[GLOBAL_KEY] ??= new SignatureCache());

// ---------------------------------------------------------------------------
// WebCrypto

const importedKeys = new Map<string, Promise<CryptoKey | undefined>>();
const IMPORTED_KEY_LIMIT = 512;

/** Resolves the checks with the platform's native crypto; leaves alone what it cannot do. */
export async function resolveWithWebCrypto(checks: SignatureCheck[]): Promise<void> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return;
  const pending = new Map<string, SignatureCheck>();
  for (const check of checks) {
    if (!signatureCache.has(check.id)) pending.set(check.id, check);
  }
  await Promise.all(
    [...pending.values()].map(async (check) => {
      const result = await verifyNatively(subtle, check);
      if (result !== undefined) signatureCache.set(check.id, result);
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
  const cacheKey = `${JSON.stringify(algorithm)}:${hex(check.spki)}`;
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

export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}
