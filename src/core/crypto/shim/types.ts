import { type Buffer } from 'buffer';

/** Bytes as Node's crypto functions accept them (strings are UTF-8 unless told otherwise). */
export type BinaryLike = string | ArrayBufferView | ArrayBuffer;

/** Encodings accepted by `Hash.digest(encoding)`. */
export type BinaryToTextEncoding = 'hex' | 'base64' | 'base64url' | 'latin1' | 'binary';

export type NamedCurve = 'prime256v1' | 'secp384r1' | 'secp521r1';

/** Node's `asymmetricKeyDetails`, for the key types this shim reads. */
export interface PublicKeyDetails {
  namedCurve?: NamedCurve;
  modulusLength?: number;
  publicExponent?: bigint;
  hashAlgorithm?: string;
  mgf1HashAlgorithm?: string;
  saltLength?: number;
}

/** The slice of Node's public `KeyObject` that this shim provides. */
export interface PublicKeyObject {
  readonly type: 'public';
  readonly asymmetricKeyType: 'ec' | 'ed25519' | 'rsa' | 'rsa-pss';
  /** `{ namedCurve }` for EC keys, `{}` for Ed25519, modulus and exponent for RSA, as in Node. */
  readonly asymmetricKeyDetails: Readonly<PublicKeyDetails>;
  export(options: { format: 'der'; type: 'spki' }): Buffer;
  export(options: { format: 'pem'; type: 'spki' }): string;
  equals(other: unknown): boolean;
}

/** Any public key object with Node's SPKI export: a Node KeyObject, or one of ours. */
export interface ExportablePublicKey {
  readonly type: string;
  export(options: { format: 'der'; type: 'spki' }): unknown;
}

/** The inputs `createPublicKey` understands (the Node forms @sigstore/core uses). */
export type PublicKeyInput =
  | string
  | ArrayBufferView
  | ArrayBuffer
  | ExportablePublicKey
  | {
      key: string | ArrayBufferView | ArrayBuffer;
      format?: 'pem' | 'der';
      type?: 'spki' | 'pkcs1';
      /** How a string `key` is turned into bytes for `format: 'der'` (Node defaults to utf8). */
      encoding?: StringEncoding;
    };

const STRING_ENCODINGS = ['utf8', 'utf-8', 'hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii'] as const;

/** How a string is turned into bytes (the subset of Node's encodings the `buffer` package knows). */
export type StringEncoding = (typeof STRING_ENCODINGS)[number];

export function isStringEncoding(value: unknown): value is StringEncoding {
  return STRING_ENCODINGS.some((encoding) => encoding === value);
}
