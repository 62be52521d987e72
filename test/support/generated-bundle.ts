// Test-only GENERATED Sigstore material: a throwaway transparency log and a throwaway
// "npm" key (fixed seeds, so every run builds the same keys), a trusted root naming
// that log, and key-signed DSSE bundles (v0.1, Rekor `dsse` 0.0.1 entry with a signed
// entry timestamp) logged in it, and message-signature bundles (cosign sign-blob style,
// Rekor `hashedrekord` 0.0.1 entry) by a throwaway blob key. It exists to reach checks that recorded bundles
// cannot: a statement that is not JSON but correctly signed and logged, a signature
// that really fails after the log checks passed. Nothing here is real Sigstore data,
// and nothing here is trusted outside the tests that build it.
//
// Built on @noble (no node:crypto), so the verify tests can use it in both projects.
import { Buffer } from 'buffer';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { RegistryKey } from '../../src/core/registry/npm-keys';

const SPKI_P256_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

interface KeyPair {
  secretKey: Uint8Array;
  spki: Buffer;
}

function keyPair(seed: string): KeyPair {
  const secretKey = sha256(new TextEncoder().encode(seed));
  const point = p256.getPublicKey(secretKey, false);
  return { secretKey, spki: Buffer.concat([SPKI_P256_PREFIX, Buffer.from(point)]) };
}

function sign(message: Uint8Array, key: KeyPair): Buffer {
  return Buffer.from(p256.sign(message, key.secretKey, { format: 'der' }));
}

/** RFC 8785-style canonical JSON for the flat SET payload (sorted keys, no spaces). */
function canonical(value: Record<string, string | number>): string {
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(value[k])}`)
    .join(',')}}`;
}

/** DSSE's pre-authentication encoding: what a DSSE signature signs. */
export function pae(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'utf8'),
    type,
    Buffer.from(` ${payload.length} `, 'utf8'),
    Buffer.from(payload),
  ]);
}

export const GENERATED_KEY_ID = 'SHA256:generated-test-key';
export const GENERATED_LOG_URL = 'https://rekor.generated.test';

const REKOR = keyPair('provenance-explorer generated rekor key');
const SIGNER = keyPair('provenance-explorer generated npm key');
const OTHER_SIGNER = keyPair('provenance-explorer another generated key');
const LOG_ID = Buffer.from(sha256(REKOR.spki));
const GENERATED_REKOR: GeneratedLog = { logId: LOG_ID, sign: (message) => sign(message, REKOR) };

/** GENERATED: a trusted root whose only transparency log is the generated one. */
export function generatedTrustedRoot(): unknown {
  return logTrustedRoot(REKOR.spki, LOG_ID);
}

/** GENERATED: a trusted root whose only transparency log is a P-256 log with this key and id. */
export function logTrustedRoot(spki: Uint8Array, logId: Uint8Array): Record<string, unknown> {
  return {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: GENERATED_LOG_URL,
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: Buffer.from(spki).toString('base64'),
          keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          validFor: { start: '2020-01-01T00:00:00Z' },
        },
        logId: { keyId: Buffer.from(logId).toString('base64') },
      },
    ],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: [],
  };
}

/** GENERATED: the public key (SPKI, base64) of the other signer (`wrongSigner`). */
export function generatedOtherSignerSpki(): string {
  return OTHER_SIGNER.spki.toString('base64');
}

/** GENERATED: the registry key that signs the generated bundles. */
export function generatedRegistryKey(changes: Partial<RegistryKey> = {}): RegistryKey {
  return {
    keyId: GENERATED_KEY_ID,
    publicKey: SIGNER.spki.toString('base64'),
    scheme: 'ecdsa-sha2-nistp256',
    origin: 'tuf',
    ...changes,
  };
}

export interface GeneratedBundleOptions {
  payloadType?: string;
  /** Sign these bytes instead of the payload's PAE (a signature that does not match). */
  signedPayload?: Uint8Array;
  /** Sign with another key than the one the registry key names. */
  wrongSigner?: boolean;
  /** The key id the bundle names (`publicKey.hint`); default GENERATED_KEY_ID. */
  hint?: string;
  integratedTime?: number;
  logIndex?: number;
  /** The payload digest the Rekor body names, as written there (loggedDsseBundle). */
  payloadHash?: string;
}

/**
 * GENERATED: a v0.1 bundle signed by the generated key and logged (with a valid SET)
 * in the generated log, carrying exactly `payload`.
 */
export function generatedBundle(
  payload: Uint8Array | string,
  options: GeneratedBundleOptions = {},
): Record<string, unknown> {
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  const payloadType = options.payloadType ?? 'application/vnd.in-toto+json';
  const signer = options.wrongSigner ? OTHER_SIGNER : SIGNER;
  const signature = sign(pae(payloadType, options.signedPayload ?? bytes), signer);
  return loggedDsseBundle({
    log: GENERATED_REKOR,
    payload: bytes,
    payloadType,
    signature,
    verifier: signer.spki.toString('base64'),
    hint: options.hint ?? GENERATED_KEY_ID,
    integratedTime: options.integratedTime,
    logIndex: options.logIndex,
    payloadHash: options.payloadHash,
  });
}

/** A throwaway transparency log: its id (sha256 of its key) and how it signs an entry timestamp. */
export interface GeneratedLog {
  logId: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

export interface LoggedDsseInput {
  log: GeneratedLog;
  payload: Uint8Array;
  payloadType: string;
  /** The envelope's signature, logged as it is (the Rekor body always matches it). */
  signature: Uint8Array;
  /** The verifier the Rekor body names (base64 of the key, SPKI DER or PEM). */
  verifier: string;
  /** The bundle's `publicKey.hint`. */
  hint: string;
  integratedTime?: number | undefined;
  logIndex?: number | undefined;
  /** The payload digest the Rekor body names, as written there; default the payload's sha256 in hex. */
  payloadHash?: string | undefined;
}

/** A Rekor 0.0.1 entry of `kind` with this body, logged in `log` with a valid signed entry timestamp. */
export function loggedEntry(
  log: GeneratedLog,
  kind: 'dsse' | 'hashedrekord',
  body: unknown,
  integratedTime: number,
  logIndex: number,
): Record<string, unknown> {
  const logId = Buffer.from(log.logId);
  const canonicalizedBody = Buffer.from(JSON.stringify(body), 'utf8').toString('base64');
  const set = Buffer.from(
    log.sign(
      Buffer.from(
        canonical({ body: canonicalizedBody, integratedTime, logIndex, logID: logId.toString('hex') }),
        'utf8',
      ),
    ),
  );
  return {
    logIndex: String(logIndex),
    logId: { keyId: logId.toString('base64') },
    kindVersion: { kind, version: '0.0.1' },
    integratedTime: String(integratedTime),
    inclusionPromise: { signedEntryTimestamp: set.toString('base64') },
    canonicalizedBody,
  };
}

/**
 * GENERATED: a v0.1 key-signed DSSE bundle carrying `payload` and `signature`, logged in
 * `log` as a Rekor `dsse` 0.0.1 entry with a valid signed entry timestamp.
 */
export function loggedDsseBundle(input: LoggedDsseInput): Record<string, unknown> {
  const signature = Buffer.from(input.signature);
  const body = {
    apiVersion: '0.0.1',
    kind: 'dsse',
    spec: {
      payloadHash: {
        algorithm: 'sha256',
        value: input.payloadHash ?? Buffer.from(sha256(input.payload)).toString('hex'),
      },
      signatures: [{ signature: signature.toString('base64'), verifier: input.verifier }],
    },
  };
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
    verificationMaterial: {
      publicKey: { hint: input.hint },
      tlogEntries: [loggedEntry(input.log, 'dsse', body, input.integratedTime ?? 1_700_000_000, input.logIndex ?? 42)],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    dsseEnvelope: {
      payload: Buffer.from(input.payload).toString('base64'),
      payloadType: input.payloadType,
      // npm's publish attestations name their key here too; npm's client chooses it by this id.
      signatures: [{ sig: signature.toString('base64'), keyid: input.hint }],
    },
  };
}

const BLOB_SIGNER = keyPair('provenance-explorer generated blob key');

function pem(spki: Buffer): string {
  const lines = spki.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

/** GENERATED: the key that signs the generated message signatures (hint `generated-blob-key`). */
export const GENERATED_BLOB_KEY = { hint: 'generated-blob-key', spki: BLOB_SIGNER.spki, pem: pem(BLOB_SIGNER.spki) };

/**
 * GENERATED: a v0.1 message-signature bundle over `artifact` (sha256), signed by the
 * blob key and logged as hashedrekord 0.0.1 (with a valid SET) in the generated log.
 * `signed`: sign (and log) these bytes instead, a signature that does not match.
 */
export function generatedMessageSignatureBundle(
  artifact: Uint8Array,
  options: { signed?: Uint8Array } = {},
): Record<string, unknown> {
  const digest = Buffer.from(sha256(artifact));
  const signature = sign(options.signed ?? artifact, BLOB_SIGNER);
  const body = {
    apiVersion: '0.0.1',
    kind: 'hashedrekord',
    spec: {
      data: { hash: { algorithm: 'sha256', value: digest.toString('hex') } },
      signature: {
        content: signature.toString('base64'),
        publicKey: { content: Buffer.from(GENERATED_BLOB_KEY.pem).toString('base64') },
      },
    },
  };
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
    verificationMaterial: {
      publicKey: { hint: GENERATED_BLOB_KEY.hint },
      tlogEntries: [loggedEntry(GENERATED_REKOR, 'hashedrekord', body, 1_700_000_000, 7)],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    messageSignature: {
      messageDigest: { algorithm: 'SHA2_256', digest: digest.toString('base64') },
      signature: signature.toString('base64'),
    },
  };
}

/** An in-toto statement for npm's publish predicate, as JSON text. */
export function publishStatement(name: string, version: string, sha512Hex: string, subjectName?: string): string {
  const purlName = name.startsWith('@') ? `%40${name.slice(1)}` : name;
  return JSON.stringify({
    _type: 'https://in-toto.io/Statement/v0.1',
    subject: [{ name: subjectName ?? `pkg:npm/${purlName}@${version}`, digest: { sha512: sha512Hex } }],
    predicateType: 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1',
    predicate: { name, version, registry: 'https://registry.npmjs.org' },
  });
}

/**
 * GENERATED: an in-toto statement whose sha256 starts with `firstByte` (found by varying a
 * nonce in its predicate), with that digest in hex.
 */
export function statementWithDigestStarting(firstByte: number): { text: string; hex: string } {
  for (let nonce = 0; ; nonce++) {
    const text = JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'generated.txt', digest: { sha256: 'ab'.repeat(32) } }],
      predicateType: 'https://slsa.dev/provenance/v1',
      predicate: { nonce },
    });
    const digest = sha256(new TextEncoder().encode(text));
    if (digest[0] === firstByte) return { text, hex: Buffer.from(digest).toString('hex') };
  }
}
