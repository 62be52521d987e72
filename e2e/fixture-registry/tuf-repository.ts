// Derived TUF repositories in the layout of Sigstore's (consistent snapshots, targets
// under targets/ with a hash prefix), signed with test keys generated in code at
// start-up: ECDSA P-256 (`ecdsa`, `ecdsa-sha2-nistp256`, PEM), as Sigstore's own
// repository's keys are, or Ed25519. tuf-js has no writer, so the metadata is built here: canonical JSON
// (@tufjs/canonical-json, the encoding tuf-js verifies against) signed with node:crypto.
//
// Every case starts from the same initial root (version 1) and rotates once to a
// version 2. `valid` serves the real public-good trusted_root.json and npm's keys as
// targets; each other case breaks one rule and must be refused with its own reason.
import type * as NodeCrypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import { canonicalize } from '@tufjs/canonical-json';

// Node's own crypto, loaded at run time: the browser-crypto test project aliases the
// `crypto` import to the app's verify-only shim, and this module signs.
const { createHash, generateKeyPairSync, sign } = createRequire(import.meta.url)('node:crypto') as typeof NodeCrypto;

export const TUF_CASES = {
  valid: 'rotates the root once (v1 → v2) and serves the public-good trusted_root.json and npm keys: must be used',
  'expired-timestamp': 'timestamp.json expired yesterday: must be refused',
  rollback: '2.root.json is root version 1 served again: a rollback, must be refused',
  'too-few-signatures': 'the v2 root asks 2 signatures on timestamp.json, it carries 1: must be refused',
  'unsigned-rotation': '2.root.json is signed by its own new key only, not by the v1 root: must be refused',
} as const;
export type TufCaseName = keyof typeof TUF_CASES;

export interface TufRepositorySet {
  /** Root version 1 as JSON text: the initial root a client must be given. */
  initialRoot: string;
  /** Files of each case by path relative to the case's base URL (`1.root.json`, `targets/<hash>.trusted_root.json`…). */
  cases: Record<TufCaseName, Map<string, string>>;
  /**
   * The `valid` repository at other timestamp and snapshot versions, signed with the same
   * keys: what it serves after later updates (or a rollback to an older state), for the
   * tests of metadata kept from an earlier visit.
   */
  validAt(versions: { timestamp: number; snapshot: number }): Map<string, string>;
}

export interface TufRepositoryInput {
  trustedRoot: string;
  npmKeys: string;
  now?: Date;
  /** The keys' type (default `ed25519`); the fixture registry serves `ecdsa-p256`, as Sigstore does. */
  keyType?: TestKeyType;
}

export type TestKeyType = 'ed25519' | 'ecdsa-p256';

type JsonObject = { [key: string]: unknown };

interface TestKey {
  id: string;
  publicJson: JsonObject;
  privateKey: KeyObject;
}

function newKey(type: TestKeyType): TestKey {
  let publicJson: JsonObject;
  let privateKey: KeyObject;
  if (type === 'ecdsa-p256') {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = pair.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    publicJson = { keytype: 'ecdsa', scheme: 'ecdsa-sha2-nistp256', keyval: { public: pem } };
    privateKey = pair.privateKey;
  } else {
    const pair = generateKeyPairSync('ed25519');
    const raw = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    publicJson = { keytype: 'ed25519', scheme: 'ed25519', keyval: { public: raw.toString('hex') } };
    privateKey = pair.privateKey;
  }
  // TUF key ids: sha256 of the canonical JSON of the public key.
  const id = createHash('sha256').update(canonicalize(publicJson)).digest('hex');
  return { id, publicJson, privateKey };
}

function signed(body: JsonObject, keys: TestKey[]): string {
  const data = Buffer.from(canonicalize(body));
  // ECDSA: a DER signature over the SHA-256 of the data; Ed25519: over the data itself.
  const digestOf = (key: TestKey) => (key.privateKey.asymmetricKeyType === 'ec' ? 'sha256' : null);
  const signatures = keys.map((key) => ({
    keyid: key.id,
    sig: sign(digestOf(key), data, key.privateKey).toString('hex'),
  }));
  return JSON.stringify({ signatures, signed: body }, null, 2);
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface RoleKeys {
  root: TestKey[];
  rootThreshold?: number;
  timestamp: TestKey[];
  timestampThreshold?: number;
  snapshot: TestKey;
  targets: TestKey;
}

function rootBody(version: number, keys: RoleKeys, expires: string): JsonObject {
  const all = [...keys.root, ...keys.timestamp, keys.snapshot, keys.targets];
  const role = (list: TestKey[], threshold = 1) => ({ keyids: list.map((k) => k.id), threshold });
  return {
    _type: 'root',
    spec_version: '1.0',
    version,
    expires,
    consistent_snapshot: true,
    keys: Object.fromEntries(all.map((k) => [k.id, k.publicJson])),
    roles: {
      root: role(keys.root, keys.rootThreshold),
      timestamp: role(keys.timestamp, keys.timestampThreshold),
      snapshot: role([keys.snapshot]),
      targets: role([keys.targets]),
    },
  };
}

function fileMeta(text: string, version: number): JsonObject {
  const bytes = Buffer.from(text, 'utf8');
  return { version, length: bytes.length, hashes: { sha256: createHash('sha256').update(bytes).digest('hex') } };
}

export function buildTufRepositories(input: TufRepositoryInput): TufRepositorySet {
  const now = input.now ?? new Date();
  const inDays = (days: number) => isoSeconds(new Date(now.getTime() + days * 86_400_000));
  const newKeyOfType = () => newKey(input.keyType ?? 'ed25519');
  const rootV1Key = newKeyOfType();
  const rootV2Key = newKeyOfType();
  const timestampKeys = [newKeyOfType(), newKeyOfType()];
  const snapshotKey = newKeyOfType();
  const targetsKey = newKeyOfType();
  const v1Keys: RoleKeys = {
    root: [rootV1Key],
    timestamp: [timestampKeys[0] as TestKey],
    snapshot: snapshotKey,
    targets: targetsKey,
  };
  const v1Body = rootBody(1, v1Keys, inDays(365));
  const initialRoot = signed(v1Body, [rootV1Key]);

  const targetFiles: Record<string, string> = {
    'trusted_root.json': input.trustedRoot,
    'registry.npmjs.org/keys.json': input.npmKeys,
  };

  const build = (options: {
    root2: string;
    timestampThreshold?: number;
    timestampSigners?: TestKey[];
    timestampExpires?: string;
    timestampVersion?: number;
    snapshotVersion?: number;
  }): Map<string, string> => {
    const timestampVersion = options.timestampVersion ?? 1;
    const snapshotVersion = options.snapshotVersion ?? 1;
    const files = new Map<string, string>([
      ['1.root.json', initialRoot],
      ['2.root.json', options.root2],
    ]);
    const targets: JsonObject = {};
    for (const [path, text] of Object.entries(targetFiles)) {
      const meta = fileMeta(text, 1);
      targets[path] = { length: meta.length, hashes: meta.hashes };
      const hash = (meta.hashes as { sha256: string }).sha256;
      const slash = path.lastIndexOf('/');
      files.set(`targets/${path.slice(0, slash + 1)}${hash}.${path.slice(slash + 1)}`, text);
    }
    const targetsText = signed({ _type: 'targets', spec_version: '1.0', version: 1, expires: inDays(90), targets }, [
      targetsKey,
    ]);
    files.set('1.targets.json', targetsText);
    const snapshotText = signed(
      {
        _type: 'snapshot',
        spec_version: '1.0',
        version: snapshotVersion,
        expires: inDays(30),
        meta: { 'targets.json': fileMeta(targetsText, 1) },
      },
      [snapshotKey],
    );
    files.set(`${snapshotVersion}.snapshot.json`, snapshotText);
    files.set(
      'timestamp.json',
      signed(
        {
          _type: 'timestamp',
          spec_version: '1.0',
          version: timestampVersion,
          expires: options.timestampExpires ?? inDays(7),
          meta: { 'snapshot.json': fileMeta(snapshotText, snapshotVersion) },
        },
        options.timestampSigners ?? [timestampKeys[0] as TestKey],
      ),
    );
    return files;
  };

  const v2Keys: RoleKeys = { ...v1Keys, root: [rootV2Key] };
  const rotated = signed(rootBody(2, v2Keys, inDays(365)), [rootV1Key, rootV2Key]);
  const twoTimestampKeys = signed(
    rootBody(2, { ...v2Keys, timestamp: timestampKeys, timestampThreshold: 2 }, inDays(365)),
    [rootV1Key, rootV2Key],
  );

  return {
    initialRoot,
    cases: {
      valid: build({ root2: rotated }),
      'expired-timestamp': build({ root2: rotated, timestampExpires: inDays(-1) }),
      rollback: build({ root2: initialRoot }),
      'too-few-signatures': build({ root2: twoTimestampKeys }),
      'unsigned-rotation': build({ root2: signed(rootBody(2, v2Keys, inDays(365)), [rootV2Key]) }),
    },
    validAt: ({ timestamp, snapshot }) =>
      build({ root2: rotated, timestampVersion: timestamp, snapshotVersion: snapshot }),
  };
}
