// The key id an attestation's DSSE signature carries. npm's client chooses an attestation's
// key by it, not by the bundle's key hint (pacote's verifyAttestations, which `npm audit
// signatures` runs; held to it by test/differential/npm-client.test.ts): a signature that
// names a key is checked with that key of npm's, which must have been valid when the entry
// was logged, and a bundle without one is checked as keyless. So an attestation whose
// signature names a key npm does not serve, or one signed with npm's key (a publish
// attestation) whose signature names no key or another than its hint, is refused here too.
import type { StepCode } from '../model';
import { keyValidAt, type RegistryKey } from '../registry/npm-keys';

interface KeyIdProblem {
  code: StepCode;
  message: string;
}

export function dsseKeyIdProblem(bundle: unknown, keys: RegistryKey[]): KeyIdProblem | undefined {
  const { keyid, hint, keyed, loggedAt } = read(bundle);
  if (!keyid) {
    return keyed
      ? {
          code: 'KEY_NOT_FOUND',
          message: `Its DSSE signature names no key (the bundle's hint is ${hint ?? 'none'}): npm's client then checks it as keyless, and refuses it.`,
        }
      : undefined;
  }
  const key = keys.find((k) => k.keyId === keyid);
  if (!key) {
    return { code: 'KEY_NOT_FOUND', message: `Its DSSE signature names key ${keyid}, which is not one of npm's keys.` };
  }
  if (keyed && hint !== keyid) {
    return {
      code: 'KEY_NOT_FOUND',
      message: `Its DSSE signature names key ${keyid}, its verification material ${hint ?? 'none'}.`,
    };
  }
  // npm's client reads the first log entry's time as it is (an unreadable one: keyValidAt).
  if (!keyValidAt(key, loggedAt)) {
    const unreadable = Number.isNaN(loggedAt.getTime());
    return {
      code: 'KEY_NOT_VALID_AT_TIME',
      message: `Its DSSE signature names key ${keyid}, not valid when the entry was logged (${unreadable ? 'no readable time' : loggedAt.toISOString()}; valid ${key.validFrom ?? 'from the start'} to ${key.validUntil ?? 'now'}).`,
    };
  }
  return undefined;
}

function read(bundle: unknown): { keyid: string; hint: string | undefined; keyed: boolean; loggedAt: Date } {
  const b = (typeof bundle === 'object' && bundle !== null ? bundle : {}) as {
    dsseEnvelope?: { signatures?: { keyid?: unknown }[] };
    verificationMaterial?: { publicKey?: { hint?: unknown }; tlogEntries?: { integratedTime?: unknown }[] };
  };
  const signatures = b.dsseEnvelope?.signatures;
  const first = Array.isArray(signatures) ? signatures[0] : undefined;
  const keyid = typeof first?.keyid === 'string' ? first.keyid : '';
  const publicKey = b.verificationMaterial?.publicKey;
  const hint = typeof publicKey?.hint === 'string' ? publicKey.hint : undefined;
  const entries = b.verificationMaterial?.tlogEntries;
  const time = Array.isArray(entries) ? entries[0]?.integratedTime : undefined;
  return { keyid, hint, keyed: publicKey !== undefined, loggedAt: new Date(Number(time) * 1000) };
}
