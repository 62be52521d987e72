// Has a TUF refresh's signature checks start warm. In the browser they run in the app's
// crypto shim (pure JS: @noble/curves), and the first check of a key type in a new
// worker builds the curve's tables and compiles the check's code: the updater's first
// checks (the trusted root's own signatures, when it is constructed) took 30–40 ms more
// cold than warm in the trust worker, on the way to a revisit's verdicts.
//
// `warmSignatureChecks` checks one signature of the root per key type, through
// @tufjs/models (tuf-js's own path to `crypto.verify`), and throws the answer away:
// called while the worker waits for IndexedDB, that work is done by then. Nothing
// depends on it, and nothing is kept but what the code keeps for any check: V8's
// compiled code and noble's precomputed multiples of the curve's base point (the
// crypto shim keeps no answer outside a verification's session).
import { Metadata, MetadataKind, type Root } from '@tufjs/models';

/**
 * One check per key type of this TUF root (JSON text), answers thrown away. Never throws.
 * With `nativeEcdsa` (the refresh's checks resolved by WebCrypto: tuf-client.ts), ECDSA
 * keys are left out: their checks never reach the JS code.
 */
export function warmSignatureChecks(rootText: string, { nativeEcdsa = false }: { nativeEcdsa?: boolean } = {}): void {
  const root = rootOf(rootText);
  if (!root) return;
  const kinds = new Set<string>();
  for (const [keyId, key] of Object.entries(root.signed.keys)) {
    const kind = `${key.keyType} ${key.scheme}`;
    if (kinds.has(kind) || !(keyId in root.signatures) || (nativeEcdsa && isEcdsa(key))) continue;
    kinds.add(kind);
    try {
      key.verifySignature(root);
    } catch {
      // A root whose signature does not verify warms the code all the same; the
      // updater, not this, decides.
    }
  }
}

/**
 * Whether this TUF root (JSON text) names an ECDSA key: the refresh's checks that WebCrypto
 * can make (tuf-client.ts, `signatures`). For a root of Ed25519 keys only, resolving them
 * ahead is a rehearsal for nothing: its checks stay in JS.
 */
export function hasEcdsaKeys(rootText: string): boolean {
  const root = rootOf(rootText);
  return root !== undefined && Object.values(root.signed.keys).some(isEcdsa);
}

function rootOf(rootText: string): Metadata<Root> | undefined {
  try {
    return Metadata.fromJSON(MetadataKind.Root, JSON.parse(rootText) as Parameters<typeof Metadata.fromJSON>[1]);
  } catch {
    return undefined;
  }
}

function isEcdsa(key: { keyType: string; scheme: string }): boolean {
  return /ecdsa/i.test(`${key.keyType} ${key.scheme}`);
}
