// The `browser-crypto` project exists to test what the verifier worker runs: @sigstore/*
// with `crypto` and `util` served by the browser shims. If the alias stopped applying
// (a Vite or Vitest change, @sigstore inlined instead of pre-bundled), every test of
// that project would silently run on Node's own crypto and still pass. These tests fail
// then: they observe, through @sigstore's own calls, behaviour only the shim has. The
// same for the browser's Buffer (the `buffer` package) in place of Node's.
import { createRequire } from 'node:module';
import * as imported from 'node:crypto';
import { Buffer as ImportedBuffer } from 'buffer';
import { crypto as sigstoreCrypto } from '@sigstore/core';
import { describe, expect, it } from 'vitest';
import { SHIM_KEY_MARKER } from '../../src/core/crypto/node-crypto-shim';
import { SignatureCache, withSignatureSession, type SignatureCheck } from '../../src/core/crypto/signature-cache';
import { native, nodeCrypto, onNodeBuffer } from './engines';

const P256_PEM = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAExRRST79+PsrRBnGAI4cMu6Omz2Jh
fwlMW+gIutNKVRaMyS4rQKvgngc5p8UbLj55pVHhIoAxi/SRgURZI0J3Xw==
-----END PUBLIC KEY-----`;

describe('browser-crypto project: the crypto in use is the shim', () => {
  it('@sigstore/core’s createPublicKey (its require("crypto")) returns the shim’s key objects', () => {
    const key = sigstoreCrypto.createPublicKey(P256_PEM) as unknown as Record<symbol, unknown>;
    expect(key[SHIM_KEY_MARKER]).toBe(true);
    expect(key).not.toBeInstanceOf(nodeCrypto.KeyObject);
    // The same call through Node's loader gives Node's KeyObject: the two engines differ.
    const nodeKey = native.core.crypto.createPublicKey(P256_PEM);
    expect(nodeKey).toBeInstanceOf(nodeCrypto.KeyObject);
    expect((nodeKey as unknown as Record<symbol, unknown>)[SHIM_KEY_MARKER]).toBeUndefined();
  });

  it('@sigstore/core’s digest refuses MD5, as only the shim does', () => {
    expect(() => sigstoreCrypto.digest('md5', Buffer.from('x'))).toThrow(/Digest method not supported/);
    expect(native.core.crypto.digest('md5', Buffer.from('x')).toString('hex')).toBe('9dd4e461268c8034f5c8564e155c67a6');
  });

  it('@sigstore/core’s signature checks reach the two-pass driver’s session (recorded, answered `true`)', () => {
    const key = sigstoreCrypto.createPublicKey(P256_PEM);
    const recording: SignatureCheck[] = [];
    const bogus = Buffer.from('3006020101020101', 'hex'); // r = s = 1: never valid
    const answer = withSignatureSession({ cache: new SignatureCache(), recording }, () =>
      sigstoreCrypto.verify(Buffer.from('data'), key, bogus),
    );
    expect(answer).toBe(true);
    expect(recording).toHaveLength(1);
    // Outside a session the same check is computed, and fails.
    expect(sigstoreCrypto.verify(Buffer.from('data'), key, bogus)).toBe(false);
  });

  it('a test file’s own `import "node:crypto"` is the shim too (use engines.nodeCrypto for Node’s)', () => {
    expect((imported as { createPrivateKey?: unknown }).createPrivateKey).toBeUndefined();
    expect(typeof nodeCrypto.createPrivateKey).toBe('function');
  });

  it('the global Buffer, and `import "buffer"`, is the browser’s (the package), not Node’s; the native engine runs on Node’s', () => {
    const nodeBuffer = (createRequire(import.meta.url)('node:buffer') as { Buffer: unknown }).Buffer;
    const packageBuffer = (createRequire(import.meta.url)('buffer/') as { Buffer: unknown }).Buffer;
    expect(globalThis.Buffer).toBe(packageBuffer);
    expect(ImportedBuffer).toBe(packageBuffer);
    expect(globalThis.Buffer).not.toBe(nodeBuffer);
    // @sigstore (pre-bundled) makes its Buffers with it; the library through Node's loader, under onNodeBuffer, Node's.
    expect(sigstoreCrypto.digest('sha256', Buffer.from('x'))).toBeInstanceOf(packageBuffer as typeof Buffer);
    expect(onNodeBuffer(() => native.core.crypto.digest('sha256', Buffer.from('x')))).toBeInstanceOf(
      nodeBuffer as typeof Buffer,
    );
    expect(globalThis.Buffer).toBe(packageBuffer);
  });
});
