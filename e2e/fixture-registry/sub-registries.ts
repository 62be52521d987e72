// DERIVED sub-registries: mirrors that serve altered data, the threat the explorer
// exists to catch. Each starts from the main registry's derived documents and changes
// exactly one field per alteration; each alteration says which verification step must
// fail (or, for /mismatch/, which metadata check must disagree with the signed identity).
import {
  alterCommit,
  attestationsResponseToJson,
  findProvenance,
  findPublish,
  firstTlogEntry,
  flipLastBit,
  parseAttestationsResponse,
  sha512Integrity,
  type Attestation,
  type AttestationsResponse,
} from './attestation-bundles';
import { PLAYWRIGHT_CLI, SIGSTORE, TUF_JS, type DerivedRegistryData } from './derived-packages';
import {
  cloneJson,
  parseJsonObject,
  readFirstObject,
  readObject,
  readString,
  type JsonObject,
} from './json-value';

export type SubRegistryName = 'tampered' | 'mismatch';

export interface Alteration {
  name: string;
  version: string;
  /** Which served document changed. */
  document: 'packument' | 'attestations';
  /** The one field that differs from the main registry's copy. */
  field: string;
  alteration: string;
  /** The verification step that must fail (or the check that must disagree). */
  expectedFailure: string;
  /** The error code @sigstore/verify throws for the altered bundle, when a bundle is altered. */
  sigstoreVerifyCode?: string;
}

export interface SubRegistryData {
  data: DerivedRegistryData;
  alterations: Alteration[];
}

export const MISMATCH_REPOSITORY_URL = 'git+https://github.com/derived-example/not-tuf-js.git';

export function buildSubRegistry(name: SubRegistryName, main: DerivedRegistryData): SubRegistryData {
  const data: DerivedRegistryData = {
    packuments: new Map([...main.packuments].map(([pkg, doc]) => [pkg, cloneJson(doc)])),
    attestations: new Map(main.attestations),
  };
  const alterations = name === 'tampered' ? tamper(data) : mismatch(data);
  return { data, alterations };
}

function tamper(data: DerivedRegistryData): Alteration[] {
  return [
    alterAttestations(data, `${PLAYWRIGHT_CLI}@0.1.1`, findProvenance, (bundle) => {
      const signature = readFirstObject(
        readObject(bundle, 'dsseEnvelope', 'bundle'),
        'signatures',
        'bundle.dsseEnvelope',
      );
      signature.sig = flipLastBit(readString(signature, 'sig', 'signatures[0]'));
      return {
        field: 'attestations[SLSA provenance v1].bundle.dsseEnvelope.signatures[0].sig',
        alteration:
          'The lowest bit of the last byte of the provenance DSSE signature is flipped (the DER signature still parses).',
        expectedFailure:
          'The provenance signature: @sigstore/verify compares the bundle with its Rekor dsse entry before checking the signature and fails there ' +
          '(TLOG_BODY_ERROR, signature mismatch); checked directly, the DSSE signature does not verify with the key of its Fulcio certificate.',
        sigstoreVerifyCode: 'TLOG_BODY_ERROR',
      };
    }),
    alterAttestations(data, `${TUF_JS}@1.0.0`, findProvenance, (bundle) => {
      const envelope = readObject(bundle, 'dsseEnvelope', 'bundle');
      const statement = Buffer.from(readString(envelope, 'payload', 'dsseEnvelope'), 'base64').toString(
        'utf8',
      );
      const predicate = readObject(
        parseJsonObject(statement, 'tuf-js@1.0.0 statement'),
        'predicate',
        'statement',
      );
      const material = readFirstObject(predicate, 'materials', 'predicate');
      const commit = readString(
        readObject(material, 'digest', 'materials[0]'),
        'sha1',
        'materials[0].digest',
      );
      // A text replacement keeps every other byte of the signed statement as recorded.
      envelope.payload = Buffer.from(statement.replaceAll(commit, alterCommit(commit)), 'utf8').toString(
        'base64',
      );
      return {
        field: 'attestations[SLSA provenance v0.2].bundle.dsseEnvelope.payload',
        alteration: `Inside the base64 in-toto statement the built commit ${commit} is replaced everywhere (GITHUB_SHA, materials, configSource) by ${alterCommit(commit)}; the subject is untouched.`,
        expectedFailure:
          'The provenance signature: @sigstore/verify finds the payload hash no longer matches the Rekor intoto entry (TLOG_BODY_ERROR), and the DSSE ' +
          "signature over the altered payload does not verify with the certificate key either. The subject still binds tuf-js@1.0.0's integrity, so only signature/log checks catch it.",
        sigstoreVerifyCode: 'TLOG_BODY_ERROR',
      };
    }),
    alterSigstore100Integrity(data),
    alterAttestations(data, `${SIGSTORE}@1.3.0`, findPublish, (bundle) => {
      const promise = readObject(firstTlogEntry(bundle, 'bundle'), 'inclusionPromise', 'tlogEntries[0]');
      promise.signedEntryTimestamp = flipLastBit(
        readString(promise, 'signedEntryTimestamp', 'inclusionPromise'),
      );
      return {
        field:
          'attestations[npm publish v0.1].bundle.verificationMaterial.tlogEntries[0].inclusionPromise.signedEntryTimestamp',
        alteration:
          "The lowest bit of the last byte of Rekor's signed entry timestamp on the publish attestation is flipped.",
        expectedFailure:
          "Transparency-log verification of the publish attestation: Rekor's signed entry timestamp does not verify with Rekor's key, " +
          'and this v0.1 bundle has no inclusion proof to fall back on (TLOG_INCLUSION_PROMISE_ERROR). The provenance bundle of 1.3.0 is intact.',
        sigstoreVerifyCode: 'TLOG_INCLUSION_PROMISE_ERROR',
      };
    }),
  ];
}

function alterSigstore100Integrity(data: DerivedRegistryData): Alteration {
  const version = versionDocument(data, SIGSTORE, '1.0.0');
  const dist = readObject(version, 'dist', 'sigstore@1.0.0');
  const otherBytes = 'derived fixture: bytes that are not the sigstore@1.0.0 tarball';
  dist.integrity = sha512Integrity(otherBytes);
  noteDerived(version, `TAMPERED on this sub-registry: dist.integrity is the sha512 of "${otherBytes}".`);
  return {
    name: SIGSTORE,
    version: '1.0.0',
    document: 'packument',
    field: "versions['1.0.0'].dist.integrity",
    alteration:
      'dist.integrity is replaced by the sha512 of other bytes; the attestations are the recorded ones, unaltered.',
    expectedFailure:
      "Subject binding: every signature verifies, but the provenance subject's sha512 is not the packument's dist.integrity, so the attestations do not vouch for this tarball.",
  };
}

function mismatch(data: DerivedRegistryData): Alteration[] {
  const packument = packumentOf(data, TUF_JS);
  const version = versionDocument(data, TUF_JS, '1.0.0');
  const gitHead = readString(version, 'gitHead', 'tuf-js@1.0.0');
  readObject(version, 'repository', 'tuf-js@1.0.0').url = MISMATCH_REPOSITORY_URL;
  readObject(packument, 'repository', 'tuf-js').url = MISMATCH_REPOSITORY_URL;
  version.gitHead = alterCommit(gitHead);
  noteDerived(
    version,
    `MISMATCH on this sub-registry: repository.url is ${MISMATCH_REPOSITORY_URL} and gitHead ${alterCommit(gitHead)}, not what the provenance certifies.`,
  );
  const expectedFailure =
    'No signature fails: the certificate and provenance (authoritative) name github.com/theupdateframework/tuf-js at commit ' +
    `${gitHead}; the explorer must show that identity and flag that the packument metadata disagrees.`;
  return [
    {
      name: TUF_JS,
      version: '1.0.0',
      document: 'packument',
      field: "versions['1.0.0'].repository.url (and the top-level repository.url)",
      alteration: `repository.url points to ${MISMATCH_REPOSITORY_URL}.`,
      expectedFailure,
    },
    {
      name: TUF_JS,
      version: '1.0.0',
      document: 'packument',
      field: "versions['1.0.0'].gitHead",
      alteration: `gitHead is ${alterCommit(gitHead)}, not the built commit ${gitHead}.`,
      expectedFailure,
    },
  ];
}

type AlterBundle = (bundle: JsonObject) => Pick<Alteration, 'field' | 'alteration' | 'expectedFailure'>;

function alterAttestations(
  data: DerivedRegistryData,
  spec: string,
  select: (response: AttestationsResponse, where: string) => Attestation,
  alter: AlterBundle,
): Alteration {
  const text = data.attestations.get(spec);
  if (text === undefined) throw new Error(`No derived attestations for ${spec} to alter.`);
  const response = parseAttestationsResponse(text, spec);
  const described = alter(select(response, spec).bundle);
  data.attestations.set(spec, JSON.stringify(attestationsResponseToJson(response)));
  const at = spec.lastIndexOf('@');
  return { name: spec.slice(0, at), version: spec.slice(at + 1), document: 'attestations', ...described };
}

function packumentOf(data: DerivedRegistryData, name: string): JsonObject {
  const packument = data.packuments.get(name);
  if (!packument) throw new Error(`No derived packument ${name} to alter.`);
  return packument;
}

function versionDocument(data: DerivedRegistryData, name: string, version: string): JsonObject {
  return readObject(readObject(packumentOf(data, name), 'versions', name), version, `${name}.versions`);
}

function noteDerived(document: JsonObject, note: string): void {
  document._derived = `${typeof document._derived === 'string' ? `${document._derived} ` : ''}${note}`;
}
