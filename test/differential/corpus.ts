// The differential corpus: recorded bundles and attestations (../shared/fixtures), the
// sigstore-conformance cases (RSA chains, Ed25519 Rekor v2 entries, TSA timestamps, SCTs
// with extensions), and DERIVED mutations of them: seeded random bit flips in the
// signatures, certificates, SCTs, SETs, inclusion proofs, checkpoints, Rekor bodies and
// timestamps. Deterministic: the same seed gives the same corpus on every run.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseTufRegistryKeys, type RegistryKey } from '../../src/core/registry/npm-keys';
import { conformanceCases } from './conformance-cases';
import { resolveFixturesDir } from '../support/fixtures';
import { makeRng, type Rng } from '../support/rng';
import type { Item } from './engines';

export const FIXTURES_DIR = resolveFixturesDir();

function fixtureText(...segments: string[]): string {
  return readFileSync(join(FIXTURES_DIR, ...segments), 'utf8');
}

function fixtureFiles(...segments: string[]): string[] {
  return readdirSync(join(FIXTURES_DIR, ...segments))
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** npm's keys as Sigstore's TUF repository lists them (for the publish attestations). */
export function npmKeys(): RegistryKey[] {
  return parseTufRegistryKeys(JSON.parse(fixtureText('registry/keys/registry-keys.tuf-target.json')));
}

export const PUBLIC_GOOD_ROOT = (): string => fixtureText('sigstore/trusted-roots/public-good.json');

/** Every recorded loose bundle and attestations response, as the page would take them. */
export function recordedItems(): Item[] {
  const keys = npmKeys();
  const root = PUBLIC_GOOD_ROOT();
  return [
    ...fixtureFiles('sigstore/bundles').map((file) => ({
      name: `recorded bundle ${file}`,
      bundle: fixtureText('sigstore/bundles', file),
      trustedRoot: root,
      npmKeys: keys,
    })),
    ...fixtureFiles('registry/attestations').map((file) => ({
      name: `recorded attestations ${file}`,
      bundle: fixtureText('registry/attestations', file),
      trustedRoot: root,
      npmKeys: keys,
    })),
  ];
}

export function conformanceItems(): Item[] {
  return conformanceCases();
}

// ---------------------------------------------------------------------------------------
// Mutations

type Json = Record<string, unknown>;

function rec(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A place in a bundle that holds bytes (base64, or checkpoint text). */
export interface Target {
  kind: string;
  get(): Buffer;
  set(bytes: Buffer): void;
  /** Where in the bytes a flip is meaningful (default: anywhere). */
  range?: (bytes: Buffer) => [number, number];
}

function base64Field(kind: string, holder: Json, key: string, range?: Target['range']): Target | undefined {
  const value = holder[key];
  if (typeof value !== 'string' || value === '') return undefined;
  return {
    kind,
    get: () => Buffer.from(holder[key] as string, 'base64'),
    set: (bytes) => {
      holder[key] = bytes.toString('base64');
    },
    ...(range ? { range } : {}),
  };
}

function hexField(kind: string, holder: Json, key: string): Target | undefined {
  const value = holder[key];
  if (typeof value !== 'string' || value === '') return undefined;
  return {
    kind,
    get: () => Buffer.from(holder[key] as string, 'hex'),
    set: (bytes) => {
      holder[key] = bytes.toString('hex');
    },
  };
}

const SCT_OID = Buffer.from('060a2b06010401d679020402', 'hex');

/** The bytes of the SCT list extension's value, inside a certificate's DER. */
function sctRange(der: Buffer): [number, number] {
  const at = der.indexOf(SCT_OID);
  if (at < 0) return [0, 0];
  return [at + SCT_OID.length, Math.min(der.length, at + SCT_OID.length + 240)];
}

/** The last 72 bytes of a certificate: its signature value. */
function certificateSignatureRange(der: Buffer): [number, number] {
  return [der.length - 60, der.length];
}

/** The signature line(s) of a checkpoint note: `— <name> <base64(keyhint ‖ signature)>`. */
function checkpointTarget(holder: Json): Target | undefined {
  const envelope = holder.envelope;
  if (typeof envelope !== 'string') return undefined;
  const lines = envelope.split('\n');
  const index = lines.findIndex((l) => l.startsWith('\u2014 '));
  if (index < 0) return undefined;
  const parts = (lines[index] ?? '').split(' ');
  return {
    kind: 'checkpoint signature',
    get: () => Buffer.from(parts[parts.length - 1] ?? '', 'base64'),
    set: (bytes) => {
      parts[parts.length - 1] = bytes.toString('base64');
      lines[index] = parts.join(' ');
      holder.envelope = lines.join('\n');
    },
    // Skip the 4-byte key hint: flip the signature itself.
    range: (bytes) => [4, bytes.length],
  };
}

/** Every mutable target in one bundle. */
export function targets(bundle: Json): Target[] {
  const found: (Target | undefined)[] = [];
  const material = rec(bundle.verificationMaterial) ?? {};
  const leafHolder =
    rec(material.certificate) ?? rec(arr(rec(material.x509CertificateChain)?.certificates)[0]) ?? undefined;
  if (leafHolder) {
    found.push(base64Field('certificate', leafHolder, 'rawBytes'));
    found.push(base64Field('certificate signature', leafHolder, 'rawBytes', certificateSignatureRange));
    const sct = base64Field('SCT', leafHolder, 'rawBytes', sctRange);
    if (sct && sctRange(sct.get())[1] > 0) found.push(sct);
  }
  const dsse = rec(bundle.dsseEnvelope);
  if (dsse) {
    found.push(base64Field('DSSE signature', rec(arr(dsse.signatures)[0]) ?? {}, 'sig'));
    found.push(base64Field('DSSE payload', dsse, 'payload'));
  }
  const message = rec(bundle.messageSignature);
  if (message) found.push(base64Field('message signature', message, 'signature'));
  for (const entry of arr(material.tlogEntries).map(rec)) {
    if (!entry) continue;
    found.push(base64Field('Rekor body', entry, 'canonicalizedBody'));
    found.push(base64Field('SET', rec(entry.inclusionPromise) ?? {}, 'signedEntryTimestamp'));
    const proof = rec(entry.inclusionProof);
    if (proof) {
      found.push(
        base64Field('inclusion proof root', proof, 'rootHash') ?? hexField('inclusion proof root', proof, 'rootHash'),
      );
      const hashes = arr(proof.hashes);
      if (hashes.length > 0) {
        const holder = { value: hashes[0] } as Json;
        const t = base64Field('inclusion proof hash', holder, 'value');
        if (t) {
          found.push({
            ...t,
            set: (bytes) => {
              hashes[0] = bytes.toString('base64');
            },
          });
        }
      }
      found.push(checkpointTarget(rec(proof.checkpoint) ?? {}));
    }
  }
  for (const ts of arr(rec(material.timestampVerificationData)?.rfc3161Timestamps).map(rec)) {
    if (ts) found.push(base64Field('TSA timestamp', ts, 'signedTimestamp'));
  }
  return found.filter((t): t is Target => t !== undefined);
}

export function flipBit(target: Target, rng: Rng): void {
  const bytes = target.get();
  const [from, to] = target.range?.(bytes) ?? [0, bytes.length];
  if (to <= from) return;
  const at = from + rng.int(to - from);
  bytes[at] = (bytes[at] ?? 0) ^ (1 << rng.int(8));
  target.set(bytes);
}

/** The bundles inside an item's input (one, or each of an attestations response). */
export function bundlesOf(json: unknown): Json[] {
  const object = rec(json);
  if (!object) return [];
  if (Array.isArray(object.attestations)) {
    return object.attestations.map((a) => rec(rec(a)?.bundle)).filter((b): b is Json => b !== undefined);
  }
  return [object];
}

/**
 * DERIVED: `count` items, each one base item with one bit flipped in one target, chosen by
 * a seeded generator (bases and target classes in turn, so every class is covered).
 */
export function mutations(bases: Item[], count: number, seed: number): Item[] {
  const rng = makeRng(seed);
  const out: Item[] = [];
  const usable = bases.filter((b) => {
    try {
      return bundlesOf(JSON.parse(b.bundle)).some((bundle) => targets(bundle).length > 0);
    } catch {
      return false;
    }
  });
  for (let i = 0; i < count; i++) {
    const base = usable[i % usable.length];
    if (!base) break;
    const json: unknown = JSON.parse(base.bundle);
    const bundles = bundlesOf(json).filter((b) => targets(b).length > 0);
    const bundle = rng.pick(bundles);
    const all = targets(bundle);
    const kinds = [...new Set(all.map((t) => t.kind))];
    const kind = kinds[(i + rng.int(2)) % kinds.length] ?? '';
    const target = rng.pick(all.filter((t) => t.kind === kind));
    flipBit(target, rng);
    out.push({
      ...base,
      name: `derived: ${base.name}, bit flipped in the ${target.kind} (#${i})`,
      bundle: JSON.stringify(json),
    });
  }
  return out;
}
