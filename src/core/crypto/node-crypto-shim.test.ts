// Differential tests: the browser shims against the real node:crypto / node:util, over
// many generated cases. This file runs in the plain `unit` project, where `node:crypto`
// is Node's own module (the shim alias applies only to the browser build and the
// `browser-crypto` project).
import * as nodeCrypto from 'node:crypto';
import { isDeepStrictEqual as nodeIsDeepStrictEqual } from 'node:util';
import { ed25519 as ed } from '@noble/curves/ed25519.js';
import { Buffer } from 'buffer';
import { describe, expect, it } from 'vitest';
import { makeRng, type Rng } from '../../../test/support/rng';
import shimDefault, * as shim from './node-crypto-shim';
import utilShimDefault, { isDeepStrictEqual as shimIsDeepStrictEqual } from './node-util-shim';

// ---------------------------------------------------------------------------------------
// Deterministic inputs


/** Message lengths around SHA-2 block boundaries plus random ones. */
function messageLength(rng: Rng, i: number): number {
  const edges = [0, 1, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 1000];
  return i < edges.length ? (edges[i] ?? 0) : rng.int(600);
}

function flipBit(bytes: Uint8Array, bit: number): Buffer {
  const copy = Buffer.from(bytes);
  const index = Math.floor(bit / 8) % copy.length;
  copy[index] = (copy[index] ?? 0) ^ (1 << (bit % 8));
  return copy;
}

// ---------------------------------------------------------------------------------------
// Keys: derived from seeded secrets through PKCS#8 (OpenSSL computes the public half), so
// the key set is the same on every run; ECDSA nonces still come from Node.

type KeyKind = 'P-256' | 'P-384' | 'P-521' | 'Ed25519';

const PKCS8_PREFIX: Record<KeyKind, string> = {
  // PrivateKeyInfo { 0, { id-ecPublicKey, curve }, OCTET STRING { ECPrivateKey { 1, d } } }
  'P-256': '3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420',
  'P-384': '304e020100301006072a8648ce3d020106052b81040022043730350201010430',
  'P-521': '3060020100301006072a8648ce3d020106052b81040023044930470201010442',
  Ed25519: '302e020100300506032b657004220420',
};
const SECRET_LENGTH: Record<KeyKind, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66, Ed25519: 32 };

// Group orders: used to build high-S signatures and out-of-range scalars.
const ORDER: Record<Exclude<KeyKind, 'Ed25519'>, bigint> = {
  'P-256': 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  'P-384': 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  'P-521':
    0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
};

interface TestKey {
  kind: KeyKind;
  privateKey: nodeCrypto.KeyObject;
  publicKey: nodeCrypto.KeyObject;
  spki: Buffer;
  pem: string;
}

function makeKey(kind: KeyKind, rng: Rng): TestKey {
  // A random secret is below the group order with overwhelming probability; the top
  // byte is cleared anyway so OpenSSL never sees an out-of-range scalar.
  const secret = rng.bytes(SECRET_LENGTH[kind]);
  if (kind !== 'Ed25519') secret[0] = (kind === 'P-521' ? 0x01 : 0x7f) & (secret[0] ?? 0);
  const der = Buffer.concat([Buffer.from(PKCS8_PREFIX[kind], 'hex'), secret]);
  const privateKey = nodeCrypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const publicKey = nodeCrypto.createPublicKey(privateKey);
  return {
    kind,
    privateKey,
    publicKey,
    spki: publicKey.export({ format: 'der', type: 'spki' }),
    pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

// ---------------------------------------------------------------------------------------
// ECDSA-Sig-Value DER, written here independently of the shim and of noble.

function derInteger(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}

function encodeDerSignature(r: bigint, s: bigint): Buffer {
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  const length = body.length < 0x80 ? Buffer.from([body.length]) : Buffer.from([0x81, body.length]);
  return Buffer.concat([Buffer.from([0x30]), length, body]);
}

function decodeDerSignature(sig: Uint8Array): { r: bigint; s: bigint } {
  let offset = (sig[1] ?? 0) & 0x80 ? 3 : 2; // skip SEQUENCE tag + length
  const readInt = (): bigint => {
    const length = sig[offset + 1] ?? 0;
    const value = Buffer.from(sig.subarray(offset + 2, offset + 2 + length));
    offset += 2 + length;
    return BigInt(`0x${value.toString('hex')}`);
  };
  const r = readInt();
  return { r, s: readInt() };
}

// ---------------------------------------------------------------------------------------
// Comparing outcomes: a verify either returns a boolean or throws.

type Outcome = boolean | 'throws';

function outcome(run: () => boolean): Outcome {
  try {
    return run();
  } catch {
    return 'throws';
  }
}

interface Case {
  label: string;
  algorithm: string | undefined;
  data: Buffer;
  signature: Buffer;
}

function expectSameVerify(key: TestKey, shimKey: shim.PublicKeyInput, c: Case): Outcome {
  const expected = outcome(() => nodeCrypto.verify(c.algorithm, c.data, key.publicKey, c.signature));
  const actual = outcome(() => shim.verify(c.algorithm, c.data, shimKey, c.signature));
  expect(actual, `${key.kind} ${c.label} (algorithm ${String(c.algorithm)})`).toBe(expected);
  return expected;
}

const EC_SIGN_ALGORITHMS = [undefined, 'sha256', 'sha384', 'sha512', 'SHA256', 'sha-384', 'sha224', 'sha3-256'];
const EC_VERIFY_ALGORITHMS = [undefined, 'sha256', 'sha384', 'sha512', 'sha3-384', 'SHA2-512'];

function ecdsaCases(key: TestKey, other: TestKey, rng: Rng, i: number): Case[] {
  const order = key.kind === 'Ed25519' ? 0n : ORDER[key.kind];
  const algorithm = EC_SIGN_ALGORITHMS[i % EC_SIGN_ALGORITHMS.length];
  const message = rng.bytes(messageLength(rng, i));
  const signature = nodeCrypto.sign(algorithm, message, key.privateKey);
  const { r, s } = decodeDerSignature(signature);
  const wrongAlgorithm = rng.pick(EC_VERIFY_ALGORITHMS.filter((a) => a !== algorithm));
  return [
    { label: 'valid', algorithm, data: message, signature },
    { label: 'high-S / low-S twin', algorithm, data: message, signature: encodeDerSignature(r, order - s) },
    {
      label: 'flipped signature bit',
      algorithm,
      data: message,
      signature: flipBit(signature, rng.int(signature.length * 8)),
    },
    {
      label: 'flipped message bit',
      algorithm,
      data: message.length ? flipBit(message, rng.int(message.length * 8)) : Buffer.from([0]),
      signature,
    },
    {
      label: 'other key',
      algorithm,
      data: message,
      signature: nodeCrypto.sign(algorithm, message, other.privateKey),
    },
    { label: 'other digest', algorithm: wrongAlgorithm, data: message, signature },
    {
      label: 'truncated',
      algorithm,
      data: message,
      signature: signature.subarray(0, rng.int(signature.length)),
    },
    { label: 'trailing byte', algorithm, data: message, signature: Buffer.concat([signature, rng.bytes(1)]) },
    { label: 'garbage', algorithm, data: message, signature: rng.bytes(rng.int(120)) },
    {
      label: 'random r, s',
      algorithm,
      data: message,
      signature: encodeDerSignature(BigInt(`0x${rng.bytes(20).toString('hex')}`) + 1n, order - 1n - BigInt(i)),
    },
  ];
}

function ed25519Cases(key: TestKey, other: TestKey, rng: Rng, i: number): Case[] {
  const message = rng.bytes(messageLength(rng, i));
  const signature = nodeCrypto.sign(null, message, key.privateKey);
  return [
    { label: 'valid', algorithm: undefined, data: message, signature },
    {
      label: 'flipped signature bit',
      algorithm: undefined,
      data: message,
      signature: flipBit(signature, rng.int(512)),
    },
    {
      label: 'flipped message bit',
      algorithm: undefined,
      data: message.length ? flipBit(message, rng.int(message.length * 8)) : Buffer.from([0]),
      signature,
    },
    {
      label: 'other key',
      algorithm: undefined,
      data: message,
      signature: nodeCrypto.sign(null, message, other.privateKey),
    },
    {
      label: 'truncated',
      algorithm: undefined,
      data: message,
      signature: signature.subarray(0, rng.int(64)),
    },
    {
      label: 'trailing byte',
      algorithm: undefined,
      data: message,
      signature: Buffer.concat([signature, rng.bytes(1)]),
    },
    { label: 'garbage', algorithm: undefined, data: message, signature: rng.bytes(64) },
    // Node throws when a digest is named for Ed25519; @sigstore/core turns that into false.
    { label: 'digest named', algorithm: rng.pick(['sha256', 'sha512']), data: message, signature },
  ];
}

// Rejections that cost a full curve operation in the shim (several ms for P-384 in pure
// JS): each case runs one of them in turn, so each still runs ~40 times per key kind while
// the file stays well under 20 s. Valid, high-S and the cheap malformed cases run always.
const COSTLY_REJECTIONS = ['flipped signature bit', 'flipped message bit', 'other key', 'other digest', 'random r, s'];
const COSTLY_PER_CASE = 1;

function selectCases(cases: Case[], i: number): Case[] {
  const costly = cases.filter((c) => COSTLY_REJECTIONS.includes(c.label));
  const chosen = new Set(
    Array.from({ length: COSTLY_PER_CASE }, (_, k) => costly[(i * COSTLY_PER_CASE + k) % costly.length]),
  );
  return cases.filter((c) => !COSTLY_REJECTIONS.includes(c.label) || chosen.has(c));
}

const CASES_PER_KIND: Record<KeyKind, number> = { 'P-256': 210, 'P-384': 210, 'P-521': 60, Ed25519: 210 };
const KEYS_PER_KIND = 6;

describe.each<KeyKind>(['P-256', 'P-384', 'P-521', 'Ed25519'])('verify, %s: shim agrees with node:crypto', (kind) => {
  const count = CASES_PER_KIND[kind];
  it(`over ${count} messages × every mutation`, () => {
    const rng = makeRng(0x5eed + kind.length);
    const keys = Array.from({ length: KEYS_PER_KIND }, () => makeKey(kind, rng));
    const tally = { true: 0, false: 0, throws: 0 };
    for (let i = 0; i < count; i++) {
      const key = keys[i % keys.length];
      const other = keys[(i + 1) % keys.length];
      if (key === undefined || other === undefined) throw new Error('no keys');
      // The shim key comes from the DER (as @sigstore/core passes it) or the PEM.
      const shimKey = i % 3 === 0 ? key.pem : shim.createPublicKey({ key: key.spki, format: 'der', type: 'spki' });
      const cases = kind === 'Ed25519' ? ed25519Cases(key, other, rng, i) : ecdsaCases(key, other, rng, i);
      for (const c of selectCases(cases, i)) tally[String(expectSameVerify(key, shimKey, c)) as keyof typeof tally]++;
    }
    // Guard against a vacuous run: plenty of cases must pass, fail and (for Ed25519) throw.
    expect(tally.true).toBeGreaterThanOrEqual(count);
    expect(tally.false).toBeGreaterThanOrEqual(count * 3);
    if (kind === 'Ed25519') expect(tally.throws).toBe(count);
  }, 240_000); // pure-JS P-384/P-521: slow on a loaded 2-core machine
});

describe('verify: the cases that matter most, spelled out', () => {
  const rng = makeRng(7);
  const p256 = makeKey('P-256', rng);
  const p384 = makeKey('P-384', rng);
  const message = Buffer.from('sigstore');

  it('accepts high-S ECDSA signatures, as Node/OpenSSL does', () => {
    for (const key of [p256, p384]) {
      const order = key.kind === 'P-256' ? ORDER['P-256'] : ORDER['P-384'];
      const { r, s } = decodeDerSignature(nodeCrypto.sign('sha256', message, key.privateKey));
      const highS = encodeDerSignature(r, s > order / 2n ? s : order - s);
      expect(nodeCrypto.verify('sha256', message, key.publicKey, highS)).toBe(true);
      expect(shim.verify('sha256', message, { key: key.spki, format: 'der', type: 'spki' }, highS)).toBe(true);
    }
  });

  it('hashes with SHA-256 for EC keys when no algorithm is given, whatever the curve', () => {
    for (const key of [p256, p384]) {
      for (const [signedWith, expected] of [
        ['sha256', true],
        ['sha384', false],
        ['sha512', false],
      ] as const) {
        const signature = nodeCrypto.sign(signedWith, message, key.privateKey);
        expect(nodeCrypto.verify(undefined, message, key.publicKey, signature)).toBe(expected);
        expect(nodeCrypto.verify(null, message, key.publicKey, signature)).toBe(expected);
        expect(shim.verify(undefined, message, key.pem, signature)).toBe(expected);
        expect(shim.verify(null, message, key.pem, signature)).toBe(expected);
      }
    }
  });

  it('returns false for r or s out of range', () => {
    const n = ORDER['P-256'];
    for (const [r, s] of [
      [0n, 1n],
      [1n, 0n],
      [n, 1n],
      [1n, n],
      [n + 1n, 1n],
    ] as const) {
      const signature = encodeDerSignature(r, s);
      expect(nodeCrypto.verify('sha256', message, p256.publicKey, signature)).toBe(false);
      expect(shim.verify('sha256', message, p256.pem, signature)).toBe(false);
    }
  });

  it('throws for unknown digests, like Node (@sigstore/core reports false)', () => {
    const signature = nodeCrypto.sign('sha256', message, p256.privateKey);
    for (const algorithm of ['', 'sha257', 'ecdsa-with-SHA256']) {
      expect(() => nodeCrypto.verify(algorithm, message, p256.publicKey, signature)).toThrow();
      expect(() => shim.verify(algorithm, message, p256.pem, signature)).toThrow(/Invalid digest/);
    }
  });

  it('accepts a string message as UTF-8, like Node', () => {
    const text = 'provenance ✓';
    const signature = nodeCrypto.sign('sha384', Buffer.from(text, 'utf8'), p384.privateKey);
    expect(shim.verify('sha384', text, p384.pem, signature)).toBe(true);
    expect(shim.verify('sha384', `${text}.`, p384.pem, signature)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------
// createPublicKey

function compressedSpki(key: TestKey): Buffer {
  const prefix: Record<string, string> = {
    'P-256': '3039301306072a8648ce3d020106082a8648ce3d030107032200',
    'P-384': '3046301006072a8648ce3d020106052b81040022033200',
  };
  const size = key.kind === 'P-256' ? 32 : 48;
  const point = key.spki.subarray(key.spki.length - (2 * size + 1));
  const x = point.subarray(1, 1 + size);
  const yIsOdd = (point[point.length - 1] ?? 0) & 1;
  return Buffer.concat([Buffer.from(prefix[key.kind] ?? '', 'hex'), Buffer.from([2 + yIsOdd]), x]);
}

describe('createPublicKey', () => {
  const rng = makeRng(11);
  const keys = (['P-256', 'P-384', 'Ed25519'] as const).flatMap((kind) => [makeKey(kind, rng), makeKey(kind, rng)]);

  it('reads PEM strings, PEM buffers, DER buffers/Uint8Arrays and base64 DER like Node', () => {
    for (const key of keys) {
      const base64 = key.spki.toString('base64');
      const inputs: shim.PublicKeyInput[] = [
        key.pem,
        Buffer.from(key.pem),
        { key: key.pem, format: 'pem' },
        { key: key.spki, format: 'der', type: 'spki' },
        { key: new Uint8Array(key.spki), format: 'der', type: 'spki' },
        { key: base64, format: 'der', type: 'spki', encoding: 'base64' },
      ];
      for (const input of inputs) {
        const ours = shim.createPublicKey(input);
        expect(ours.type).toBe(key.publicKey.type);
        expect(ours.asymmetricKeyType).toBe(key.publicKey.asymmetricKeyType);
        expect(ours.asymmetricKeyDetails).toEqual(key.publicKey.asymmetricKeyDetails);
        expect(Buffer.from(ours.export({ format: 'der', type: 'spki' })).equals(key.spki)).toBe(true);
        expect(ours.export({ format: 'pem', type: 'spki' })).toBe(key.pem);
      }
      // Node reads a string `key` with format 'der' as UTF-8 unless told otherwise: so do we.
      expect(() => nodeCrypto.createPublicKey({ key: base64, format: 'der', type: 'spki' })).toThrow();
      expect(() => shim.createPublicKey({ key: base64, format: 'der', type: 'spki' })).toThrow();
    }
  });

  it('returns one cached, frozen key object per DER and accepts its own keys back', () => {
    const key = keys[0];
    if (key === undefined) throw new Error('no key');
    const fromDer = shim.createPublicKey({ key: Buffer.from(key.spki), format: 'der', type: 'spki' });
    const fromPem = shim.createPublicKey(key.pem);
    expect(fromPem).toBe(fromDer);
    expect(shim.createPublicKey(fromDer)).toBe(fromDer);
    // A Node KeyObject (or a key from a second copy of the shim) is taken by its SPKI.
    expect(shim.createPublicKey(key.publicKey)).toBe(fromDer);
    const message = Buffer.from('foreign key');
    const signature = nodeCrypto.sign(null, message, key.privateKey);
    expect(shim.verify(null, message, key.publicKey, signature)).toBe(true);
    expect(Object.isFrozen(fromDer)).toBe(true);
    expect(fromDer.equals(fromPem)).toBe(true);
    expect(fromDer.equals(shim.createPublicKey(keys[1]?.pem ?? ''))).toBe(false);
    // Mutating the caller's buffer afterwards must not reach the cached key.
    const buffer = Buffer.from(key.spki);
    const k = shim.createPublicKey({ key: buffer, format: 'der', type: 'spki' });
    buffer.fill(0);
    expect(Buffer.from(k.export({ format: 'der', type: 'spki' })).equals(key.spki)).toBe(true);
  });

  it('evicts the least recently used key once more than its bound are cached, and still works', () => {
    const many = Array.from({ length: 140 }, () => makeKey('P-256', rng));
    const first = many[0];
    if (first === undefined) throw new Error('no key');
    const original = shim.createPublicKey(first.pem);
    for (const key of many.slice(1)) shim.createPublicKey(key.pem);
    const again = shim.createPublicKey(first.pem);
    expect(again).not.toBe(original); // evicted and re-parsed
    expect(again.equals(original)).toBe(true);
    const signature = nodeCrypto.sign('sha256', Buffer.from('x'), first.privateKey);
    expect(shim.verify('sha256', Buffer.from('x'), again, signature)).toBe(true);
  });

  it('reads compressed EC points like Node', () => {
    for (const key of keys.filter((k) => k.kind !== 'Ed25519')) {
      const der = compressedSpki(key);
      const nodeKey = nodeCrypto.createPublicKey({ key: der, format: 'der', type: 'spki' });
      const ours = shim.createPublicKey({ key: der, format: 'der', type: 'spki' });
      expect(ours.asymmetricKeyDetails).toEqual(nodeKey.asymmetricKeyDetails);
      const message = rng.bytes(40);
      const signature = nodeCrypto.sign('sha256', message, key.privateKey);
      expect(nodeCrypto.verify('sha256', message, nodeKey, signature)).toBe(true);
      expect(shim.verify('sha256', message, ours, signature)).toBe(true);
      expect(shim.verify('sha256', flipBit(message, 3), ours, signature)).toBe(false);
    }
  });

  it('never accepts a corrupted SPKI that Node rejects, and agrees on the ones it accepts', () => {
    let rejectedByBoth = 0;
    for (let i = 0; i < 300; i++) {
      const key = keys[i % keys.length];
      if (key === undefined) throw new Error('no key');
      const der =
        i % 5 === 0 ? key.spki.subarray(0, rng.int(key.spki.length)) : flipBit(key.spki, rng.int(key.spki.length * 8));
      let nodeKey: nodeCrypto.KeyObject | undefined;
      try {
        nodeKey = nodeCrypto.createPublicKey({ key: der, format: 'der', type: 'spki' });
      } catch {
        nodeKey = undefined;
      }
      let ours: shim.PublicKeyObject | undefined;
      try {
        ours = shim.createPublicKey({ key: der, format: 'der', type: 'spki' });
      } catch {
        ours = undefined;
      }
      if (ours === undefined) {
        if (nodeKey === undefined) rejectedByBoth++;
        continue;
      }
      // Ed25519 keys are any 32 bytes (neither side decodes them), so a flipped key bit
      // gives another valid key; everything else we accept Node must accept identically.
      expect(nodeKey, `shim accepted ${der.toString('hex')}`).toBeDefined();
      expect(ours.asymmetricKeyType).toBe(nodeKey?.asymmetricKeyType);
      expect(ours.asymmetricKeyDetails).toEqual(nodeKey?.asymmetricKeyDetails);
    }
    expect(rejectedByBoth).toBeGreaterThan(150);
  });

  it('reads RSA keys in every form @sigstore/core passes them (SPKI, PKCS#1 DER and PEM) like Node', () => {
    const rsa = nodeCrypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const spki = rsa.export({ format: 'der', type: 'spki' });
    const inputs: shim.PublicKeyInput[] = [
      { key: spki, format: 'der', type: 'spki' },
      { key: rsa.export({ format: 'der', type: 'pkcs1' }), format: 'der', type: 'pkcs1' },
      rsa.export({ format: 'pem', type: 'spki' }).toString(),
      rsa.export({ format: 'pem', type: 'pkcs1' }).toString(),
    ];
    for (const input of inputs) {
      const ours = shim.createPublicKey(input);
      expect(ours.asymmetricKeyType).toBe('rsa');
      expect(ours.asymmetricKeyDetails).toEqual(rsa.asymmetricKeyDetails);
      // A PKCS#1 key exports as the same rsaEncryption SPKI Node gives.
      expect(Buffer.from(ours.export({ format: 'der', type: 'spki' })).equals(spki)).toBe(true);
    }
  });

  it('rejects other curves, private keys and non-keys with an error', () => {
    const k1 = nodeCrypto.generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey;
    expect(() => shim.createPublicKey(k1.export({ format: 'pem', type: 'spki' }).toString())).toThrow(
      /curve 1\.3\.132\.0\.10/,
    );
    const ed448 = nodeCrypto.generateKeyPairSync('ed448').publicKey;
    expect(() => shim.createPublicKey(ed448.export({ format: 'pem', type: 'spki' }).toString())).toThrow(
      /algorithm 1\.3\.101\.113/,
    );
    const p256 = keys[0];
    const privatePem = p256?.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() ?? '';
    expect(() => shim.createPublicKey(privatePem)).toThrow(/PRIVATE KEY/);
    expect(() => shim.createPublicKey('not a key')).toThrow();
    expect(() => shim.createPublicKey({ key: p256?.spki ?? Buffer.alloc(0), format: 'der' })).toThrow(TypeError);
    const trailing = Buffer.concat([p256?.spki ?? Buffer.alloc(0), Buffer.from([0])]);
    // Deliberately stricter than OpenSSL, which ignores bytes after the SPKI.
    expect(nodeCrypto.createPublicKey({ key: trailing, format: 'der', type: 'spki' }).type).toBe('public');
    expect(() => shim.createPublicKey({ key: trailing, format: 'der', type: 'spki' })).toThrow(/SEQUENCE/);
  });
});

// ---------------------------------------------------------------------------------------
// RSA: PKCS#1 v1.5 keys (rsaEncryption) and RSASSA-PSS keys, as Node verifies them.

interface RsaTestKey {
  label: string;
  privateKey: nodeCrypto.KeyObject;
  publicKey: nodeCrypto.KeyObject;
  spki: Buffer;
  /** Salt lengths to sign PSS signatures with (PSS keys only). */
  salts?: number[];
  /** The digest a restricted PSS key signs with. */
  restrictedHash?: string;
}

interface RsaKeyOptions {
  modulusLength: number;
  publicExponent?: number;
  hashAlgorithm?: string;
  mgf1HashAlgorithm?: string;
  saltLength?: number;
}

function rsaKey(label: string, options: RsaKeyOptions, pss: boolean, extra: Partial<RsaTestKey> = {}): RsaTestKey {
  const { publicKey, privateKey } = pss
    ? nodeCrypto.generateKeyPairSync('rsa-pss', options as nodeCrypto.RSAPSSKeyPairKeyObjectOptions)
    : nodeCrypto.generateKeyPairSync('rsa', options);
  return { label, privateKey, publicKey, spki: publicKey.export({ format: 'der', type: 'spki' }), ...extra };
}

const RSA_ALGORITHMS = [undefined, 'sha256', 'sha384', 'sha512', 'sha224', 'sha3-256', 'SHA512', 'RSA-SHA256'];

function rsaOutcome(run: () => boolean): Outcome {
  return outcome(run);
}

describe('verify, RSA: shim agrees with node:crypto', () => {
  const rng = makeRng(0x25a);
  const keys: RsaTestKey[] = [
    rsaKey('rsa-2048', { modulusLength: 2048 }, false),
    rsaKey('rsa-3072', { modulusLength: 3072 }, false),
    rsaKey('rsa-4096', { modulusLength: 4096 }, false),
    rsaKey('rsa-2048 e=3', { modulusLength: 2048, publicExponent: 3 }, false),
    rsaKey('rsa-pss-2048 unrestricted', { modulusLength: 2048 }, true, { salts: [0, 20, 32, 64, 190] }),
    rsaKey(
      'rsa-pss-2048 sha256/mgf1-sha256/salt 32',
      { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 32 },
      true,
      { salts: [32, 40], restrictedHash: 'sha256' },
    ),
    rsaKey(
      'rsa-pss-3072 sha512/mgf1-sha384/salt 64',
      { modulusLength: 3072, hashAlgorithm: 'sha512', mgf1HashAlgorithm: 'sha384', saltLength: 64 },
      true,
      { salts: [64], restrictedHash: 'sha512' },
    ),
  ];

  it('reads every key like Node', () => {
    for (const key of keys) {
      const ours = shim.createPublicKey({ key: key.spki, format: 'der', type: 'spki' });
      expect(ours.asymmetricKeyType, key.label).toBe(key.publicKey.asymmetricKeyType);
      expect(ours.asymmetricKeyDetails, key.label).toEqual(key.publicKey.asymmetricKeyDetails);
    }
  });

  it('gives Node’s answer for every digest × valid, mutated and foreign signatures', () => {
    const tally = { true: 0, false: 0, throws: 0 };
    keys.forEach((key, k) => {
      const other = keys[(k + 1) % keys.length] ?? key;
      const shimKey = shim.createPublicKey({ key: key.spki, format: 'der', type: 'spki' });
      const modulusBytes = Math.ceil((key.publicKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
      RSA_ALGORITHMS.forEach((algorithm, i) => {
        const message = rng.bytes(messageLength(rng, i));
        const signAlgorithm = key.restrictedHash ?? algorithm;
        const salt = key.salts?.[i % key.salts.length];
        const signature = nodeCrypto.sign(signAlgorithm, message, {
          key: key.privateKey,
          ...(salt !== undefined ? { saltLength: salt } : {}),
        });
        const pssUnderRsa = nodeCrypto.sign(signAlgorithm ?? 'sha256', message, {
          key: key.privateKey,
          padding: nodeCrypto.constants.RSA_PKCS1_PSS_PADDING,
          saltLength: salt ?? 32,
        });
        const cases: [string, string | undefined, Buffer, Buffer][] = [
          ['valid', algorithm, message, signature],
          ['named as signed', signAlgorithm, message, signature],
          ['flipped signature bit', algorithm, message, flipBit(signature, rng.int(signature.length * 8))],
          [
            'flipped message bit',
            algorithm,
            message.length ? flipBit(message, rng.int(message.length * 8)) : Buffer.from([1]),
            signature,
          ],
          ['other digest', rng.pick(RSA_ALGORITHMS.filter((a) => a !== algorithm)), message, signature],
          [
            'other key',
            algorithm,
            message,
            nodeCrypto.sign(other.restrictedHash ?? algorithm, message, other.privateKey),
          ],
          ['other padding', algorithm, message, pssUnderRsa],
          ['truncated', algorithm, message, signature.subarray(1)],
          ['leading zero', algorithm, message, Buffer.concat([Buffer.from([0]), signature])],
          ['trailing byte', algorithm, message, Buffer.concat([signature, Buffer.from([0])])],
          ['zero', algorithm, message, Buffer.alloc(modulusBytes)],
          ['all ones (≥ modulus)', algorithm, message, Buffer.alloc(modulusBytes, 0xff)],
          ['garbage', algorithm, message, rng.bytes(modulusBytes)],
          ['empty', algorithm, message, Buffer.alloc(0)],
        ];
        for (const [label, verifyAlgorithm, data, sig] of cases) {
          const expected = rsaOutcome(() => nodeCrypto.verify(verifyAlgorithm, data, key.publicKey, sig));
          const actual = rsaOutcome(() => shim.verify(verifyAlgorithm, data, shimKey, sig));
          expect(actual, `${key.label} ${label} (algorithm ${String(verifyAlgorithm)})`).toBe(expected);
          tally[String(expected) as keyof typeof tally]++;
        }
      });
    });
    expect(tally.true).toBeGreaterThanOrEqual(keys.length * RSA_ALGORITHMS.length);
    expect(tally.false).toBeGreaterThan(keys.length * RSA_ALGORITHMS.length * 8);
  }, 120_000);

  it('a signature whose first byte is 0, that byte dropped: PSS verifies as in Node, PKCS#1 v1.5 does not', () => {
    // Deterministic signatures (PKCS#1 v1.5, and PSS with no salt): the first message
    // whose signature starts with 0 (about one in 200), found by counting.
    const cases = [
      { key: keys[0], options: {} },
      { key: keys[4], options: { saltLength: 0 } },
    ];
    for (const { key, options } of cases) {
      if (!key) throw new Error('no key');
      const shimKey = shim.createPublicKey({ key: key.spki, format: 'der', type: 'spki' });
      let found: { message: Buffer; signature: Buffer } | undefined;
      for (let i = 0; i < 20_000 && !found; i++) {
        const message = Buffer.from(`message ${i}`);
        const signature = nodeCrypto.sign('sha256', message, { key: key.privateKey, ...options });
        if (signature[0] === 0) found = { message, signature };
      }
      if (!found) throw new Error(`${key.label}: no signature starting with 0 in 20,000`);
      const short = found.signature.subarray(1);
      const expected = rsaOutcome(() => nodeCrypto.verify('sha256', found.message, key.publicKey, short));
      expect(rsaOutcome(() => shim.verify('sha256', found.message, shimKey, short)), key.label).toBe(expected);
      // Node's answers, as OpenSSL gives them: PSS reads the shorter signature as a number.
      expect(expected, key.label).toBe(key.label.startsWith('rsa-pss'));
    }
  }, 120_000);

  it('agrees with Node on degenerate exponents (derived keys: e = 1, 2, 4)', () => {
    const jwk = keys[0]?.publicKey.export({ format: 'jwk' });
    if (!jwk?.n) throw new Error('no key');
    const message = Buffer.from('x');
    const digestInfo = Buffer.concat([
      Buffer.from('3031300d060960864801650304020105000420', 'hex'),
      nodeCrypto.createHash('sha256').update(message).digest(),
    ]);
    // The PKCS#1 v1.5 encoded message itself: a valid "signature" exactly when e = 1.
    const em = Buffer.concat([
      Buffer.from([0, 1]),
      Buffer.alloc(256 - digestInfo.length - 3, 0xff),
      Buffer.from([0]),
      digestInfo,
    ]);
    const answers: Outcome[] = [];
    for (const e of ['AQ', 'Ag', 'BA']) {
      const nodeKey = nodeCrypto.createPublicKey({ key: { ...jwk, e }, format: 'jwk' });
      const spki = nodeKey.export({ format: 'der', type: 'spki' });
      const expected = outcome(() => nodeCrypto.verify('sha256', message, nodeKey, em));
      expect(
        outcome(() => shim.verify('sha256', message, { key: spki, format: 'der', type: 'spki' }, em)),
        e,
      ).toBe(expected);
      answers.push(expected);
    }
    expect(answers).toEqual([true, false, false]);
  });

  it('never accepts a corrupted RSA SPKI that Node rejects, and agrees on the ones it accepts', () => {
    let rejectedByBoth = 0;
    for (let i = 0; i < 200; i++) {
      const key = keys[i % keys.length];
      if (key === undefined) throw new Error('no key');
      // Flip bits in the structure (the first ~40 bytes), where parsing decides.
      const der = i % 5 === 0 ? key.spki.subarray(0, rng.int(key.spki.length)) : flipBit(key.spki, rng.int(40 * 8));
      const nodeKey = (() => {
        try {
          return nodeCrypto.createPublicKey({ key: der, format: 'der', type: 'spki' });
        } catch {
          return undefined;
        }
      })();
      const ours = (() => {
        try {
          return shim.createPublicKey({ key: der, format: 'der', type: 'spki' });
        } catch {
          return undefined;
        }
      })();
      if (ours === undefined) {
        if (nodeKey === undefined) rejectedByBoth++;
        continue;
      }
      expect(nodeKey, `shim accepted ${der.toString('hex')}`).toBeDefined();
      expect(ours.asymmetricKeyType).toBe(nodeKey?.asymmetricKeyType);
      expect(ours.asymmetricKeyDetails).toEqual(nodeKey?.asymmetricKeyDetails);
    }
    expect(rejectedByBoth).toBeGreaterThan(60);
  });
});

// ---------------------------------------------------------------------------------------
// Ed25519 at the edges: small-order and non-canonical points, non-canonical S. The shim is
// the only engine that answers Ed25519 checks in the browser (they are never sent to
// WebCrypto), so it must give OpenSSL's answer on exactly these.

const ED25519_P = 2n ** 255n - 19n;
const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n;

function le32(value: bigint): Buffer {
  const out = Buffer.alloc(32);
  let rest = value;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

function fromLe(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] ?? 0);
  return value;
}

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Encodings of small-order points, canonical and not (the usual blocklist, plus y ≥ p forms). */
const SMALL_ORDER = [
  '0100000000000000000000000000000000000000000000000000000000000000', // identity
  '0100000000000000000000000000000000000000000000000000000000000080', // identity, sign bit set
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // order 2
  '0000000000000000000000000000000000000000000000000000000000000000', // order 4
  '0000000000000000000000000000000000000000000000000000000000000080', // order 4, other x
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p + 1 (identity, non-canonical)
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p (0, non-canonical)
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', // y = p, sign bit set
];

describe('verify, Ed25519 edge vectors: shim agrees with node:crypto', () => {
  const rng = makeRng(0xed);
  const key = makeKey('Ed25519', rng);
  const message = Buffer.from('sigstore edge vectors');
  const valid = nodeCrypto.sign(null, message, key.privateKey);
  const r = valid.subarray(0, 32);
  const s = fromLe(valid.subarray(32));

  function same(label: string, publicKey: Buffer, signature: Buffer): Outcome {
    const spki = Buffer.concat([ED25519_SPKI_PREFIX, publicKey]);
    const nodeKey = (() => {
      try {
        return nodeCrypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
      } catch {
        return undefined;
      }
    })();
    const expected = nodeKey ? outcome(() => nodeCrypto.verify(null, message, nodeKey, signature)) : 'throws';
    const actual = outcome(() => shim.verify(null, message, { key: spki, format: 'der', type: 'spki' }, signature));
    expect(actual, `${label}: key ${publicKey.toString('hex')} sig ${signature.toString('hex')}`).toBe(expected);
    return expected;
  }

  it('small-order public keys with small-order R and S = 0', () => {
    const outcomes: Outcome[] = [];
    for (const a of SMALL_ORDER) {
      for (const rEncoding of SMALL_ORDER) {
        outcomes.push(
          same('small-order A and R', Buffer.from(a, 'hex'), Buffer.concat([Buffer.from(rEncoding, 'hex'), le32(0n)])),
        );
      }
    }
    // OpenSSL accepts some of these (e.g. the identity key, R = identity, S = 0, for any
    // message) and refuses others: both answers must occur, and the shim must give each.
    expect(outcomes).toContain(true);
    expect(outcomes).toContain(false);
  });

  it('non-canonical S (S + L, S + 2L, S = L) and a non-canonical R', () => {
    expect(same('valid', key.spki.subarray(12), valid)).toBe(true);
    for (const bigS of [s + ED25519_L, s + 2n * ED25519_L, ED25519_L, 2n ** 256n - 1n]) {
      if (bigS < 2n ** 256n) same(`S = ${bigS}`, key.spki.subarray(12), Buffer.concat([r, le32(bigS)]));
    }
    // R with y replaced by y + p where that still fits: a non-canonical encoding of R.
    const y = fromLe(r) & ((1n << 255n) - 1n);
    if (y + ED25519_P < 2n ** 255n) {
      const sign = fromLe(r) >> 255n;
      same(
        'R non-canonical',
        key.spki.subarray(12),
        Buffer.concat([le32(y + ED25519_P + (sign << 255n)), valid.subarray(32)]),
      );
    }
  });

  it('a real key plus a small-order component (cofactored and cofactorless verifiers differ here)', () => {
    // Valid signatures under the real key, checked under A' = A + T for each torsion point T.
    // Node builds no such keys; they are made by adding the encodings' points in noble.
    const outcomes = new Set<Outcome>();
    for (const t of SMALL_ORDER.slice(2, 7)) {
      const sum = ed.Point.fromBytes(key.spki.subarray(12)).add(ed.Point.fromBytes(Buffer.from(t, 'hex'), true));
      const publicKey = Buffer.from(sum.toBytes());
      outcomes.add(same('A + T', publicKey, valid));
      for (const torsionR of SMALL_ORDER.slice(2, 7)) {
        const rPlus = ed.Point.fromBytes(r).add(ed.Point.fromBytes(Buffer.from(torsionR, 'hex'), true));
        outcomes.add(
          same('A + T, R + T2', publicKey, Buffer.concat([Buffer.from(rPlus.toBytes()), valid.subarray(32)])),
        );
      }
    }
    expect(outcomes.has(false)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------
// createHash

const HASH_ALGORITHMS = ['sha224', 'sha256', 'sha384', 'sha512', 'sha3-224', 'sha3-256', 'sha3-384', 'sha3-512'];

describe('createHash', () => {
  it('matches node over random inputs, split updates and both digest() forms', () => {
    const rng = makeRng(3);
    for (const algorithm of HASH_ALGORITHMS) {
      for (let i = 0; i < 60; i++) {
        const data = rng.bytes(messageLength(rng, i));
        const cut = rng.int(data.length + 1);
        const expected = nodeCrypto.createHash(algorithm).update(data).digest();
        const whole = shim.createHash(algorithm).update(data).digest();
        const split = shim.createHash(algorithm).update(data.subarray(0, cut)).update(data.subarray(cut)).digest();
        expect(Buffer.isBuffer(whole)).toBe(true);
        expect(whole.equals(expected), `${algorithm} of ${data.length} bytes`).toBe(true);
        expect(split.equals(expected)).toBe(true);
        expect(shim.createHash(algorithm).update(data).digest('hex')).toBe(expected.toString('hex'));
        expect(shim.createHash(algorithm).update(data).digest('base64')).toBe(expected.toString('base64'));
      }
    }
  });

  it('reads strings as UTF-8 by default and honours an input encoding', () => {
    for (const text of ['', 'abc', 'ünïcödé ✓ 𝄞', 'x'.repeat(300)]) {
      expect(shim.createHash('sha256').update(text).digest('hex')).toBe(
        nodeCrypto.createHash('sha256').update(text).digest('hex'),
      );
    }
    expect(shim.createHash('sha512').update('00ff10', 'hex').digest('hex')).toBe(
      nodeCrypto.createHash('sha512').update('00ff10', 'hex').digest('hex'),
    );
  });

  it('accepts the same spellings as Node for the digests it supports', () => {
    const spellings = [
      'sha256',
      'SHA256',
      'Sha256',
      'sha-256',
      'SHA-256',
      'sha2-256',
      'SHA2-384',
      'RSA-SHA512',
      'rsa-sha224',
      'sha384',
      'sha-512',
      'sha224',
      'SHA3-256',
      'sha3-512',
      'sha3-224',
      ' sha256',
      'sha256 ',
      'sha_256',
      'sha3_256',
      'sha3-2566',
      'sha',
      '',
      'rsa-sha-256',
      'sha2256',
      'ecdsa-with-SHA256',
    ];
    for (const name of spellings) {
      const nodeAccepts = outcome(() => (nodeCrypto.createHash(name), true)) === true;
      const shimAccepts = outcome(() => (shim.createHash(name), true)) === true;
      expect(shimAccepts, name).toBe(nodeAccepts);
    }
  });

  it('deliberately refuses the weak digests Node still offers', () => {
    for (const name of ['md5', 'sha1', 'SHA1']) {
      expect(() => nodeCrypto.createHash(name)).not.toThrow();
      expect(() => shim.createHash(name)).toThrow('Digest method not supported');
    }
  });

  it('is single use, like Node', () => {
    const hash = shim.createHash('sha256');
    hash.digest();
    expect(() => hash.digest()).toThrow('Digest already called');
    expect(() => hash.update('x')).toThrow('Digest already called');
    const nodeHash = nodeCrypto.createHash('sha256');
    nodeHash.digest();
    expect(() => nodeHash.digest()).toThrow('Digest already called');
  });
});

// ---------------------------------------------------------------------------------------
// timingSafeEqual

describe('timingSafeEqual', () => {
  it('matches node on random equal and unequal inputs', () => {
    const rng = makeRng(5);
    for (let i = 0; i < 300; i++) {
      const a = rng.bytes(rng.int(80));
      const b = i % 2 ? Buffer.from(a) : a.length ? flipBit(a, rng.int(a.length * 8)) : Buffer.alloc(0);
      expect(shim.timingSafeEqual(a, b)).toBe(nodeCrypto.timingSafeEqual(a, b));
    }
  });

  it('compares byte lengths and throws a RangeError on mismatch, as Node does', () => {
    expect(shim.timingSafeEqual(new Uint16Array([1, 2]), new Uint8Array([1, 0, 2, 0]))).toBe(
      nodeCrypto.timingSafeEqual(new Uint16Array([1, 2]), new Uint8Array([1, 0, 2, 0])),
    );
    const nodeError = outcome(() => nodeCrypto.timingSafeEqual(Buffer.alloc(2), Buffer.alloc(3)));
    expect(nodeError).toBe('throws');
    expect(() => nodeCrypto.timingSafeEqual(Buffer.alloc(2), Buffer.alloc(3))).toThrow(RangeError);
    expect(() => shim.timingSafeEqual(Buffer.alloc(2), Buffer.alloc(3))).toThrow(RangeError);
    expect(() => shim.timingSafeEqual(Buffer.alloc(2), Buffer.alloc(3))).toThrow(
      'Input buffers must have the same byte length',
    );
    expect(() => shim.timingSafeEqual('ab' as unknown as Uint8Array, Buffer.from('ab'))).toThrow(TypeError);
  });
});

describe('module shape for CommonJS callers', () => {
  it('exposes the same functions as named exports and on the default export', () => {
    expect(shimDefault.createPublicKey).toBe(shim.createPublicKey);
    expect(shimDefault.createHash).toBe(shim.createHash);
    expect(shimDefault.verify).toBe(shim.verify);
    expect(shimDefault.timingSafeEqual).toBe(shim.timingSafeEqual);
    expect(utilShimDefault.isDeepStrictEqual).toBe(shimIsDeepStrictEqual);
  });
});

// ---------------------------------------------------------------------------------------
// node-util-shim: isDeepStrictEqual, on the shapes @sigstore/verify compares and random
// trees made of them.

function randomValue(rng: Rng, depth: number): unknown {
  const leaf = rng.int(depth > 2 ? 6 : 9);
  switch (leaf) {
    case 0:
      return rng.pick([0, -0, 1, NaN, 2 ** 53, -7]);
    case 1:
      return rng.pick(['', 'a', 'transparency-log', 'timestamp-authority']);
    case 2:
      return rng.pick([true, false, null, undefined, 10n]);
    case 3:
      return Buffer.from(rng.bytes(rng.int(4)));
    case 4:
      return new Uint8Array(rng.bytes(rng.int(4)));
    case 5:
      return new Date(rng.pick([0, 1_700_000_000_000, 1_700_000_000_001]));
    case 6:
      return Array.from({ length: rng.int(3) }, () => randomValue(rng, depth + 1));
    case 7:
      return Object.fromEntries(
        Array.from({ length: rng.int(3) }, () => [
          rng.pick(['logID', 'body', 'timestamp', 'type']),
          randomValue(rng, depth + 1),
        ]),
      );
    default:
      return { logID: Buffer.from(rng.bytes(2)), body: Buffer.from(rng.bytes(2)) };
  }
}

function cloneValue(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) return value.map(cloneValue);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneValue(v)]));
  }
  return value;
}

describe('node-util-shim isDeepStrictEqual agrees with node:util', () => {
  it('on the shapes @sigstore/verify deduplicates', () => {
    const logID = Buffer.from('a1b2', 'hex');
    const pairs: Array<[unknown, unknown]> = [
      [
        { type: 'transparency-log', logID, timestamp: new Date(1000) },
        { type: 'transparency-log', logID: Buffer.from(logID), timestamp: new Date(1000) },
      ],
      [
        { type: 'transparency-log', logID, timestamp: new Date(1000) },
        { type: 'transparency-log', logID, timestamp: new Date(2000) },
      ],
      [
        { logID, body: Buffer.from('x') },
        { logID: Buffer.from(logID), body: Buffer.from('y') },
      ],
      [
        { logID, body: Buffer.from('x') },
        { logID: new Uint8Array(logID), body: Buffer.from('x') },
      ],
      [Buffer.from([1, 2]), Buffer.from([1, 2])],
      [Buffer.from([1, 2]), Buffer.from([1, 2, 3])],
      [new Uint8Array([1]), new Uint16Array([1])],
      [new Map([['a', Buffer.from('1')]]), new Map([['a', Buffer.from('1')]])],
      [new Set([1, 2]), new Set([2, 1])],
      [new Set([{ a: 1 }]), new Set([{ a: 2 }])],
      [NaN, NaN],
      [0, -0],
      [{ a: undefined }, {}],
      [[1, 2], { 0: 1, 1: 2, length: 2 }],
    ];
    for (const [a, b] of pairs) expect(shimIsDeepStrictEqual(a, b)).toBe(nodeIsDeepStrictEqual(a, b));
  });

  it('on random trees, their clones and their neighbours', () => {
    const rng = makeRng(9);
    let equal = 0;
    for (let i = 0; i < 400; i++) {
      const a = randomValue(rng, 0);
      const b = i % 2 ? cloneValue(a) : randomValue(rng, 0);
      const expected = nodeIsDeepStrictEqual(a, b);
      if (expected) equal++;
      expect(
        shimIsDeepStrictEqual(a, b),
        JSON.stringify([a, b], (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)),
      ).toBe(expected);
    }
    expect(equal).toBeGreaterThan(150);
  });
});
