// Test-only GENERATED Sigstore instance shaped like the public-good one, so that as many
// DISTINCT valid npm-style bundles as a measurement needs can be made (the recorded
// ones are a dozen, and a benchmark that repeats them times the signature cache, not
// verification). Fixed seeds: every run builds the same instance and bundles.
//
// The instance: a P-384 root CA and intermediate (as Fulcio's), a P-256 CT log, a
// P-256 Rekor log, and an "npm" registry key. Each bundle index gets:
// - a provenance bundle: v0.3, keyless, its own ephemeral P-256 leaf certificate
//   (GitHub Actions identity extensions, an embedded SCT), a DSSE envelope with an
//   in-toto statement, a Rekor `dsse` 0.0.1 entry with a signed entry timestamp, an
//   inclusion proof and a signed checkpoint;
// - a publish bundle: v0.3, DSSE signed by the npm key (publicKey hint), logged the same way.
// Nothing here is real Sigstore data, and nothing here is trusted outside the tests and
// the benchmark that build it.
import { Buffer } from 'buffer';
import { p256, p384 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { RegistryKey } from '../../src/core/registry/npm-keys';
import {
  bitString,
  boolean,
  explicit,
  implicit,
  integer,
  octetString,
  oid,
  sequence,
  set,
  utcTime,
  utf8String,
} from './der';
import { loggedEntry, pae, type GeneratedLog } from './generated-bundle';

const SPKI_P256_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');
const SPKI_P384_PREFIX = Buffer.from('3076301006072a8648ce3d020106052b81040022036200', 'hex');
const ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const ECDSA_SHA384 = '1.2.840.10045.4.3.3';
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const KEYLESS_REKOR_URL = 'https://rekor.keyless.generated.test';
const REKOR_NAME = 'rekor.keyless.generated.test';
export const KEYLESS_NPM_KEY_ID = 'SHA256:generated-keyless-npm-key';
const DSSE_TYPE = 'application/vnd.in-toto+json';
/** Integrated time of bundle 0; each next bundle is logged a minute later. */
const FIRST_LOGGED = 1_750_000_000;

interface Curve {
  sign(message: Uint8Array, secretKey: Uint8Array, opts: { format: 'der' }): Uint8Array;
  getPublicKey(secretKey: Uint8Array, compressed: boolean): Uint8Array;
}

interface Key {
  curve: Curve;
  secretKey: Uint8Array;
  spki: Buffer;
  sigAlg: string;
}

function key(seed: string, size: 256 | 384): Key {
  const curve: Curve = size === 256 ? p256 : p384;
  const digest = sha256(new TextEncoder().encode(seed));
  // A P-384 secret is 48 bytes: extend the seed's hash.
  const secretKey = size === 256 ? digest : Buffer.concat([digest, sha256(digest).subarray(0, 16)]);
  const prefix = size === 256 ? SPKI_P256_PREFIX : SPKI_P384_PREFIX;
  return {
    curve,
    secretKey,
    spki: Buffer.concat([prefix, Buffer.from(curve.getPublicKey(secretKey, false))]),
    sigAlg: size === 256 ? ECDSA_SHA256 : ECDSA_SHA384,
  };
}

const signWith = (signer: Key, message: Uint8Array): Buffer =>
  Buffer.from(signer.curve.sign(message, signer.secretKey, { format: 'der' }));

const name = (organization: string, commonName?: string): Buffer =>
  sequence(
    set(sequence(oid('2.5.4.10'), utf8String(organization))),
    ...(commonName ? [set(sequence(oid('2.5.4.3'), utf8String(commonName)))] : []),
  );

const extension = (id: string, value: Uint8Array, critical = false): Buffer =>
  sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));

const keyId = (spki: Uint8Array): Buffer => Buffer.from(sha256(spki).subarray(0, 20));

interface CertificateInput {
  serial: number;
  issuer: Buffer;
  subject: Buffer;
  notBefore: Date;
  notAfter: Date;
  spki: Buffer;
  extensions: Buffer[];
  signer: Key;
}

function tbsCertificate(input: CertificateInput): Buffer {
  return sequence(
    explicit(0, integer(2)),
    integer(input.serial),
    sequence(oid(input.signer.sigAlg)),
    input.issuer,
    sequence(utcTime(input.notBefore), utcTime(input.notAfter)),
    input.subject,
    input.spki,
    explicit(3, sequence(...input.extensions)),
  );
}

function certificate(tbs: Buffer, signer: Key): Buffer {
  return sequence(tbs, sequence(oid(signer.sigAlg)), bitString(signWith(signer, tbs)));
}

function caExtensions(subject: Key, issuer: Key, pathLength: number): Buffer[] {
  return [
    // keyCertSign and cRLSign (bits 5 and 6).
    extension('2.5.29.15', bitString(Buffer.from([0x06]), 1), true),
    extension('2.5.29.19', sequence(boolean(true), integer(pathLength)), true),
    extension('2.5.29.14', octetString(keyId(subject.spki))),
    extension('2.5.29.35', sequence(implicit(0, keyId(issuer.spki)))),
  ];
}

function pem(label: string, der: Uint8Array): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function uint(value: bigint | number, bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  let v = BigInt(value);
  for (let i = bytes - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

const hashChildren = (left: Uint8Array, right: Uint8Array): Buffer =>
  Buffer.from(sha256(Buffer.concat([Buffer.from([1]), left, right])));

/**
 * An RFC 6962 inclusion proof for a leaf at `index` in a tree of `size` leaves whose
 * other nodes are made-up hashes: the root is computed from them as a verifier
 * recomputes it, so the proof is consistent by construction.
 */
function inclusionProof(leaf: Uint8Array, index: bigint, size: bigint, seed: string): { hashes: Buffer[]; root: Buffer } {
  const inner = (index ^ (size - 1n)).toString(2).replace(/^0+/, '').length;
  const border = (index >> BigInt(inner)).toString(2).split('1').length - 1;
  const hashes = Array.from({ length: inner + border }, (_, i) =>
    Buffer.from(sha256(new TextEncoder().encode(`${seed} node ${i}`))),
  );
  let root: Buffer = Buffer.from(sha256(Buffer.concat([Buffer.from([0]), leaf])));
  hashes.slice(0, inner).forEach((h, i) => {
    root = (index >> BigInt(i)) & 1n ? hashChildren(h, root) : hashChildren(root, h);
  });
  for (const h of hashes.slice(inner)) root = hashChildren(h, root);
  return { hashes, root };
}

export interface GeneratedInstance {
  /** The instance's trusted root (JSON form). */
  trustedRoot: Record<string, unknown>;
  /** Its npm registry key, as the app and the reference verifier take it. */
  npmKey: RegistryKey;
  /** The npm key as a PEM public key (for @sigstore/verify's key finder). */
  npmKeyPem: string;
  /** `changes` replace parts of the signed statement (a test of what binds it to a version). */
  provenanceBundle(index: number, changes?: StatementChanges): Record<string, unknown>;
  publishBundle(index: number, changes?: StatementChanges): Record<string, unknown>;
  /** The name, version and sha512 (hex) that bundle `index`'s statements name. */
  subjectOf(index: number): { name: string; version: string; sha512: string };
  /** A registry signature (`dist.signatures[].sig`, base64 DER) of `message` by the npm key. */
  signRegistry(message: string): string;
}

/** Parts of a generated statement to replace: its subjects, its predicate type, the publish predicate. */
export interface StatementChanges {
  subject?: unknown[];
  predicateType?: string;
  predicate?: Record<string, unknown>;
}

/** GENERATED: a Sigstore instance like the public-good one (see the file's header). */
export function generatedInstance(): GeneratedInstance {
  const root = key('keyless root ca', 384);
  const intermediate = key('keyless intermediate ca', 384);
  const ctlog = key('keyless ct log', 256);
  const rekor = key('keyless rekor', 256);
  const npm = key('keyless npm key', 256);
  const rekorId = Buffer.from(sha256(rekor.spki));
  const ctlogId = Buffer.from(sha256(ctlog.spki));
  const log: GeneratedLog = { logId: rekorId, sign: (message) => signWith(rekor, message) };

  const rootName = name('sigstore.generated.test', 'generated-root');
  const intermediateName = name('sigstore.generated.test', 'generated-intermediate');
  const caFrom = new Date('2020-01-01T00:00:00Z');
  const caUntil = new Date('2040-01-01T00:00:00Z');
  const rootCert = certificate(
    tbsCertificate({ serial: 1, issuer: rootName, subject: rootName, notBefore: caFrom, notAfter: caUntil, spki: root.spki, extensions: caExtensions(root, root, 1), signer: root }),
    root,
  );
  const intermediateCert = certificate(
    tbsCertificate({ serial: 2, issuer: rootName, subject: intermediateName, notBefore: caFrom, notAfter: caUntil, spki: intermediate.spki, extensions: caExtensions(intermediate, root, 0), signer: root }),
    root,
  );
  const issuerKeyHash = Buffer.from(sha256(intermediate.spki));

  const publicKey = (spki: Buffer) => ({
    rawBytes: spki.toString('base64'),
    keyDetails: 'PKIX_ECDSA_P256_SHA_256',
    validFor: { start: caFrom.toISOString() },
  });
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [{ baseUrl: KEYLESS_REKOR_URL, hashAlgorithm: 'SHA2_256', publicKey: publicKey(rekor.spki), logId: { keyId: rekorId.toString('base64') } }],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.generated.test', commonName: 'generated-intermediate' },
        uri: 'https://fulcio.generated.test',
        certChain: { certificates: [{ rawBytes: intermediateCert.toString('base64') }, { rawBytes: rootCert.toString('base64') }] },
        validFor: { start: caFrom.toISOString() },
      },
    ],
    ctlogs: [{ baseUrl: 'https://ctfe.generated.test', hashAlgorithm: 'SHA2_256', publicKey: publicKey(ctlog.spki), logId: { keyId: ctlogId.toString('base64') } }],
    timestampAuthorities: [],
  };

  /** A leaf certificate for `leaf`, issued by the intermediate, with an SCT from the CT log. */
  function leafCertificate(index: number, leaf: Key, loggedAt: number): Buffer {
    const repo = `generated/bench-${index}`;
    const url = `https://github.com/${repo}`;
    const workflow = `${url}/.github/workflows/release.yml@refs/heads/main`;
    const commit = Buffer.from(sha256(Buffer.from(repo))).toString('hex').slice(0, 40);
    const raw = (text: string) => Buffer.from(text);
    // Fulcio's GitHub Actions extensions, legacy (raw) and current (UTF8String), as in
    // a real npm provenance certificate, so that parsing costs what it costs there.
    const fulcio: [number, Buffer][] = [
      [1, raw(GITHUB_ISSUER)],
      [2, raw('push')],
      [3, raw(commit)],
      [4, raw('release')],
      [5, raw(repo)],
      [6, raw('refs/heads/main')],
      [8, utf8String(GITHUB_ISSUER)],
      [9, utf8String(workflow)],
      [10, utf8String(commit)],
      [11, utf8String('github-hosted')],
      [12, utf8String(url)],
      [13, utf8String(commit)],
      [14, utf8String('refs/heads/main')],
      [15, utf8String(String(100000 + index))],
      [16, utf8String('https://github.com/generated')],
      [17, utf8String('4242')],
      [18, utf8String(workflow)],
      [19, utf8String(commit)],
      [20, utf8String('push')],
      [21, utf8String(`${url}/actions/runs/${9000 + index}/attempts/1`)],
      [22, utf8String('public')],
    ];
    const extensions = [
      extension('2.5.29.15', bitString(Buffer.from([0x80]), 7), true),
      extension('2.5.29.37', sequence(oid('1.3.6.1.5.5.7.3.3'))),
      extension('2.5.29.14', octetString(keyId(leaf.spki))),
      extension('2.5.29.35', sequence(implicit(0, keyId(intermediate.spki)))),
      extension('2.5.29.17', sequence(implicit(6, Buffer.from(workflow))), true),
      ...fulcio.map(([n, value]) => extension(`1.3.6.1.4.1.57264.1.${n}`, value)),
    ];
    const cert: Omit<CertificateInput, 'extensions'> = {
      serial: 1000 + index,
      issuer: intermediateName,
      subject: sequence(),
      notBefore: new Date((loggedAt - 60) * 1000),
      notAfter: new Date((loggedAt + 540) * 1000),
      spki: leaf.spki,
      signer: intermediate,
    };
    // RFC 6962 §3.2: the SCT signs the precertificate's TBS (without the SCT extension).
    const precert = tbsCertificate({ ...cert, extensions });
    const timestamp = uint(BigInt(loggedAt - 30) * 1000n, 8);
    const signed = Buffer.concat([
      Buffer.from([0, 0]),
      timestamp,
      uint(1, 2),
      issuerKeyHash,
      uint(precert.length, 3),
      precert,
      uint(0, 2),
    ]);
    const sctSignature = signWith(ctlog, signed);
    // hash sha256 (4), signature ecdsa (3).
    const sct = Buffer.concat([Buffer.from([0]), ctlogId, timestamp, uint(0, 2), Buffer.from([4, 3]), uint(sctSignature.length, 2), sctSignature]);
    const list = Buffer.concat([uint(sct.length + 2, 2), uint(sct.length, 2), sct]);
    const withSct = [...extensions, extension('1.3.6.1.4.1.11129.2.4.2', octetString(list))];
    return certificate(tbsCertificate({ ...cert, extensions: withSct }), intermediate);
  }

  /** The Rekor entry for a DSSE envelope, with its SET, an inclusion proof and a signed checkpoint. */
  function logged(index: number, kindSeed: string, payload: Buffer, signature: Buffer, verifier: string): Record<string, unknown> {
    const loggedAt = FIRST_LOGGED + index * 60;
    const logIndex = 200_000_000 + index * 2 + (kindSeed === 'publish' ? 1 : 0);
    const body = {
      apiVersion: '0.0.1',
      kind: 'dsse',
      spec: {
        payloadHash: { algorithm: 'sha256', value: Buffer.from(sha256(payload)).toString('hex') },
        signatures: [{ signature: signature.toString('base64'), verifier }],
      },
    };
    const entry = loggedEntry(log, 'dsse', body, loggedAt, logIndex);
    const treeSize = BigInt(logIndex) + 1000n + BigInt(index);
    const leaf = Buffer.from(String(entry.canonicalizedBody), 'base64');
    const proof = inclusionProof(leaf, BigInt(logIndex), treeSize, `${kindSeed} ${index}`);
    const note = `${REKOR_NAME} - 1193050959916656506\n${treeSize}\n${proof.root.toString('base64')}\n`;
    const noteSignature = Buffer.concat([rekorId.subarray(0, 4), signWith(rekor, Buffer.from(note, 'utf8'))]);
    return {
      ...entry,
      inclusionProof: {
        logIndex: String(logIndex),
        rootHash: proof.root.toString('base64'),
        treeSize: String(treeSize),
        hashes: proof.hashes.map((h) => h.toString('base64')),
        checkpoint: { envelope: `${note}\n\u2014 ${REKOR_NAME} ${noteSignature.toString('base64')}\n` },
      },
    };
  }

  // A publish bundle's DSSE signature names the npm key (as npm's do), a provenance's none.
  function bundle(material: Record<string, unknown>, payload: Buffer, signature: Buffer, entry: Record<string, unknown>, keyid = '') {
    return {
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: { ...material, tlogEntries: [entry], timestampVerificationData: {} },
      dsseEnvelope: {
        payload: payload.toString('base64'),
        payloadType: DSSE_TYPE,
        signatures: [{ sig: signature.toString('base64'), keyid }],
      },
    };
  }

  const subjectOf = (index: number) => ({
    name: `generated-bench-${index}`,
    version: `1.0.${index}`,
    sha512: Buffer.from(sha256(Buffer.from(`tarball ${index}`))).toString('hex').repeat(2),
  });
  const subject = (index: number) => {
    const { name, version, sha512 } = subjectOf(index);
    return { name: `pkg:npm/${name}@${version}`, digest: { sha512 } };
  };

  return {
    trustedRoot,
    npmKey: { keyId: KEYLESS_NPM_KEY_ID, publicKey: npm.spki.toString('base64'), scheme: 'ecdsa-sha2-nistp256', origin: 'tuf' },
    npmKeyPem: pem('PUBLIC KEY', npm.spki),
    subjectOf,
    signRegistry: (message) => signWith(npm, Buffer.from(message, 'utf8')).toString('base64'),
    provenanceBundle(index, changes = {}) {
      const leaf = key(`keyless leaf ${index}`, 256);
      const loggedAt = FIRST_LOGGED + index * 60;
      const cert = leafCertificate(index, leaf, loggedAt);
      const repo = `https://github.com/generated/bench-${index}`;
      const payload = Buffer.from(
        JSON.stringify({
          _type: 'https://in-toto.io/Statement/v1',
          subject: changes.subject ?? [subject(index)],
          predicateType: changes.predicateType ?? 'https://slsa.dev/provenance/v1',
          predicate: {
            buildDefinition: {
              buildType: 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1',
              externalParameters: { workflow: { ref: 'refs/heads/main', repository: repo, path: '.github/workflows/release.yml' } },
              internalParameters: { github: { event_name: 'push', repository_id: String(100000 + index), repository_owner_id: '4242' } },
              resolvedDependencies: [{ uri: `git+${repo}@refs/heads/main`, digest: { gitCommit: Buffer.from(sha256(Buffer.from(repo))).toString('hex').slice(0, 40) } }],
            },
            runDetails: {
              builder: { id: 'https://github.com/actions/runner/github-hosted' },
              metadata: { invocationId: `${repo}/actions/runs/${9000 + index}/attempts/1` },
            },
          },
        }),
      );
      const signature = signWith(leaf, pae(DSSE_TYPE, payload));
      const entry = logged(index, 'provenance', payload, signature, Buffer.from(pem('CERTIFICATE', cert)).toString('base64'));
      return bundle({ certificate: { rawBytes: cert.toString('base64') } }, payload, signature, entry);
    },
    publishBundle(index, changes = {}) {
      const payload = Buffer.from(
        JSON.stringify({
          _type: 'https://in-toto.io/Statement/v1',
          subject: changes.subject ?? [subject(index)],
          predicateType: changes.predicateType ?? 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1',
          predicate: changes.predicate ?? {
            name: `generated-bench-${index}`,
            version: `1.0.${index}`,
            registry: 'https://registry.npmjs.org',
          },
        }),
      );
      const signature = signWith(npm, pae(DSSE_TYPE, payload));
      const entry = logged(index, 'publish', payload, signature, Buffer.from(pem('PUBLIC KEY', npm.spki)).toString('base64'));
      return bundle({ publicKey: { hint: KEYLESS_NPM_KEY_ID } }, payload, signature, entry, KEYLESS_NPM_KEY_ID);
    },
  };
}

