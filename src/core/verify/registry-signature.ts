// npm's ECDSA registry signature: `dist.signatures[].sig` over
// `<name>@<version>:<dist.integrity>`, made with the registry key that was in use when
// the version was published (npm rotated its key in January 2025; one packument mixes
// both, so the key is judged at the publish time, not today).
import { Buffer } from 'buffer';
import { crypto } from '@sigstore/core';
import type { RegistrySignature, StepResult, VersionRecord } from '../model';
import { keyValidAt, NPM_KEY_SCHEME, type RegistryKey } from '../registry/npm-keys';
import { npmIntegrity } from './npm-integrity';

export function checkRegistrySignature(
  record: Pick<VersionRecord, 'name' | 'version' | 'publishedAt' | 'invalidTime' | 'dist'>,
  keys: RegistryKey[],
  keyCache: Map<string, ReturnType<typeof crypto.createPublicKey>> = new Map(),
): StepResult {
  const step = 'registry-signature' as const;
  const { signatures } = record.dist;
  if (signatures.length === 0) {
    return {
      step,
      outcome: 'skip',
      code: 'REGISTRY_SIGNATURE_MISSING',
      message: 'The registry sent no dist.signatures for this version (old records and some mirrors have none).',
    };
  }
  // The integrity as npm's client reads it (npm-integrity.ts): its text is what is signed.
  const integrity = npmIntegrity(record.dist);
  if (!integrity) {
    return {
      step,
      outcome: 'fail',
      code: 'INTEGRITY_MISSING',
      message: 'There is no readable dist.integrity (nor dist.shasum) to check the signature over.',
    };
  }
  const message = Buffer.from(`${record.name}@${record.version}:${integrity.text}`, 'utf8');
  // A time that is not strict ISO is judged as npm's client judges it: by `Date.parse`
  // (test/differential/npm-client.test.ts), an unreadable one as no time at which a key with
  // a validity window may be used.
  const publishedAt = record.publishedAt
    ? new Date(record.publishedAt)
    : record.invalidTime !== undefined
      ? new Date(Date.parse(record.invalidTime))
      : undefined;
  // Every signature must hold, as npm's client requires (pacote, behind `npm audit
  // signatures`; test/differential/npm-client.test.ts): one by a key nobody serves, or
  // one that does not match, fails the version even beside a valid one.
  const results = signatures.map((signature) => checkOne(signature, message, keys, publishedAt, keyCache));
  const failure = results.find((r) => r.outcome !== 'pass');
  if (failure && results.length > 1) failure.message += ` (signature ${results.indexOf(failure) + 1} of ${results.length})`;
  return failure ?? (results[0] as StepResult);
}

function checkOne(
  signature: RegistrySignature,
  message: Buffer,
  keys: RegistryKey[],
  publishedAt: Date | undefined,
  keyCache: Map<string, ReturnType<typeof crypto.createPublicKey>>,
): StepResult {
  const step = 'registry-signature' as const;
  const key = keys.find(
    (k) => k.keyId === signature.keyid && k.scheme === NPM_KEY_SCHEME && (!k.usages || k.usages.includes('npm:signatures')),
  );
  if (!key) {
    return { step, outcome: 'fail', code: 'KEY_NOT_FOUND', message: `No npm registry key has id ${signature.keyid}.`, keyId: signature.keyid };
  }
  if (publishedAt && !keyValidAt(key, publishedAt)) {
    const window = `valid ${key.validFrom ?? 'from the start'} to ${key.validUntil ?? 'now'}`;
    return {
      step,
      outcome: 'fail',
      code: 'KEY_NOT_VALID_AT_TIME',
      message: Number.isNaN(publishedAt.getTime())
        ? `The registry records no readable publish time for this version, so whether key ${key.keyId} (${window}) was in use cannot be told.`
        : `Key ${key.keyId} was not valid at the publish time ${publishedAt.toISOString()} (${window}).`,
      keyId: key.keyId,
    };
  }
  let publicKey = keyCache.get(key.keyId);
  if (!publicKey) {
    try {
      publicKey = crypto.createPublicKey(key.publicKey);
    } catch {
      // A registry (or mirror) can serve anything as key material.
      return {
        step,
        outcome: 'fail',
        code: 'KEY_NOT_FOUND',
        message: `The material served for key ${key.keyId} is not a usable public key.`,
        keyId: key.keyId,
      };
    }
    keyCache.set(key.keyId, publicKey);
  }
  const valid = crypto.verify(message, publicKey, Buffer.from(signature.sig, 'base64'), 'sha256');
  if (!valid) {
    return {
      step,
      outcome: 'fail',
      code: 'REGISTRY_SIGNATURE_INVALID',
      message: `The signature by ${key.keyId} does not match ${message.toString('utf8')}.`,
      keyId: key.keyId,
    };
  }
  const vouched = key.origin === 'tuf' ? '' : ' (a key only the registry itself vouches for)';
  return {
    step,
    outcome: 'pass',
    code: 'OK',
    message: `Signed by npm's key ${key.keyId}${vouched}${publishedAt ? ', valid at publish time' : ''}.`,
    keyId: key.keyId,
    keyOrigin: key.origin,
  };
}
