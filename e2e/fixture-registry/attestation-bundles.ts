// Reading what the derived cases need out of recorded npm attestations: the in-toto
// statement inside a bundle's DSSE envelope (subject name, version, sha512), the SLSA
// provenance facts (source repository, commit) and the Rekor integrated time. Also the
// small byte-level alterations the tampered sub-registry applies.
import { createHash } from 'node:crypto';
import {
  isJsonObject,
  parseJsonObject,
  readArray,
  readFirstObject,
  readObject,
  readString,
  type JsonObject,
} from './json-value';

export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
export const SLSA_PROVENANCE_V02 = 'https://slsa.dev/provenance/v0.2';
export const NPM_PUBLISH_V01 = 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1';

export interface Attestation {
  predicateType: string;
  bundle: JsonObject;
}

/** The body of `GET /-/npm/v1/attestations/<name>@<version>`. */
export interface AttestationsResponse {
  attestations: Attestation[];
}

export function parseAttestationsResponse(text: string, where: string): AttestationsResponse {
  const doc = parseJsonObject(text, where);
  const attestations = readArray(doc, 'attestations', where).map((entry, index) => {
    const at = `${where}.attestations[${index}]`;
    if (!isJsonObject(entry)) throw new Error(`${at}: expected an object`);
    return { predicateType: readString(entry, 'predicateType', at), bundle: readObject(entry, 'bundle', at) };
  });
  return { attestations };
}

export function attestationsResponseToJson(response: AttestationsResponse): JsonObject {
  return {
    attestations: response.attestations.map(({ predicateType, bundle }) => ({ predicateType, bundle })),
  };
}

export function isProvenancePredicate(predicateType: string): boolean {
  return predicateType === SLSA_PROVENANCE_V1 || predicateType === SLSA_PROVENANCE_V02;
}

// The README warns that the order of the two attestations varies between recordings, so
// they are always picked by predicate type, never by position.
export function findProvenance(response: AttestationsResponse, where: string): Attestation {
  const found = response.attestations.find((a) => isProvenancePredicate(a.predicateType));
  if (!found) throw new Error(`${where}: no SLSA provenance attestation`);
  return found;
}

export function findPublish(response: AttestationsResponse, where: string): Attestation {
  const found = response.attestations.find((a) => a.predicateType === NPM_PUBLISH_V01);
  if (!found) throw new Error(`${where}: no npm publish attestation`);
  return found;
}

/** The in-toto statement a bundle signs (base64 `dsseEnvelope.payload`). */
export function readStatement(bundle: JsonObject, where: string): JsonObject {
  const payload = readString(readObject(bundle, 'dsseEnvelope', where), 'payload', `${where}.dsseEnvelope`);
  return parseJsonObject(Buffer.from(payload, 'base64').toString('utf8'), `${where} (DSSE payload)`);
}

export interface Subject {
  name: string;
  version: string;
  /** `sha512-<base64>`, the form of `dist.integrity`. */
  integrity: string;
}

/** `subject[0]`: `pkg:npm/<url-encoded name>@<version>` and the tarball's sha512 in hex. */
export function readSubject(statement: JsonObject, where: string): Subject {
  const subject = readFirstObject(statement, 'subject', where);
  const purl = readString(subject, 'name', `${where}.subject[0]`);
  const sha512Hex = readString(
    readObject(subject, 'digest', `${where}.subject[0]`),
    'sha512',
    `${where}.subject[0].digest`,
  );
  const prefix = 'pkg:npm/';
  const at = purl.lastIndexOf('@');
  if (!purl.startsWith(prefix) || at <= prefix.length)
    throw new Error(`${where}: subject ${purl} is not an npm purl`);
  return {
    name: decodeURIComponent(purl.slice(prefix.length, at)),
    version: purl.slice(at + 1),
    integrity: `sha512-${Buffer.from(sha512Hex, 'hex').toString('base64')}`,
  };
}

export interface ProvenanceFacts extends Subject {
  predicateType: string;
  /** `git+https://github.com/<owner>/<repo>.git`, the form of `repository.url`. */
  repositoryUrl: string;
  /** The built commit. */
  gitHead: string;
  /** Rekor's integrated time of the provenance signature, unix seconds. */
  integratedTime: number;
}

export function readProvenanceFacts(provenance: Attestation, where: string): ProvenanceFacts {
  const statement = readStatement(provenance.bundle, where);
  const predicate = readObject(statement, 'predicate', where);
  const source =
    provenance.predicateType === SLSA_PROVENANCE_V1
      ? readSlsaV1Source(predicate, `${where}.predicate`)
      : readSlsaV02Source(predicate, `${where}.predicate`);
  return {
    ...readSubject(statement, where),
    predicateType: provenance.predicateType,
    repositoryUrl: `git+${source.repository}.git`,
    gitHead: source.commit,
    integratedTime: readIntegratedTime(provenance.bundle, where),
  };
}

interface SourceFacts {
  repository: string;
  commit: string;
}

function readSlsaV1Source(predicate: JsonObject, where: string): SourceFacts {
  const build = readObject(predicate, 'buildDefinition', where);
  const workflow = readObject(readObject(build, 'externalParameters', where), 'workflow', where);
  const dependency = readFirstObject(build, 'resolvedDependencies', where);
  return {
    repository: readString(workflow, 'repository', where),
    commit: readString(readObject(dependency, 'digest', where), 'gitCommit', where),
  };
}

function readSlsaV02Source(predicate: JsonObject, where: string): SourceFacts {
  const configSource = readObject(readObject(predicate, 'invocation', where), 'configSource', where);
  // `git+https://github.com/sigstore/sigstore-js@refs/heads/main` → the repository URL.
  const uri = readString(configSource, 'uri', where).replace(/^git\+/, '');
  const at = uri.lastIndexOf('@');
  const repository = at > uri.indexOf('//') ? uri.slice(0, at) : uri;
  const material = readFirstObject(predicate, 'materials', where);
  return { repository, commit: readString(readObject(material, 'digest', where), 'sha1', where) };
}

export function firstTlogEntry(bundle: JsonObject, where: string): JsonObject {
  return readFirstObject(readObject(bundle, 'verificationMaterial', where), 'tlogEntries', where);
}

export function readIntegratedTime(bundle: JsonObject, where: string): number {
  const value = readString(firstTlogEntry(bundle, where), 'integratedTime', where);
  const seconds = Number(value);
  if (!Number.isSafeInteger(seconds))
    throw new Error(`${where}: integratedTime ${value} is not unix seconds`);
  return seconds;
}

/**
 * Flips the lowest bit of the last byte of base64 data. On a DER ECDSA signature that
 * byte is inside the S integer, so the signature still parses and fails only on the
 * cryptographic check — the failure a reviewer wants to see, not a parse error.
 */
export function flipLastBit(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  const last = bytes.length - 1;
  if (last < 0) throw new Error('cannot alter empty base64 data');
  bytes[last] = (bytes[last] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

/** A different 40-hex commit: the last hex digit changed. */
export function alterCommit(commit: string): string {
  const last = commit.slice(-1);
  return commit.slice(0, -1) + (last === '0' ? '1' : '0');
}

/** `sha512-<base64>` of some bytes: an integrity for tarball bytes the fixtures derive. */
export function sha512Integrity(bytes: string): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

export function sha1Hex(bytes: string): string {
  return createHash('sha1').update(bytes).digest('hex');
}
