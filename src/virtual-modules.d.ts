// Built by scripts/sigstore-seeds.ts from the installed @sigstore/tuf at build time.
declare module 'virtual:sigstore-seeds' {
  /** The Sigstore public-good trusted root (JSON form of dev.sigstore.trustroot.v1.TrustedRoot). */
  export const trustedRoot: unknown;
  /** npm's registry keys as Sigstore's TUF repository serves them (`registry.npmjs.org/keys.json`). */
  export const npmKeys: unknown;
  /** The @sigstore/tuf version they came from. */
  export const tufVersion: string;
  /** The TUF root (root.json, JSON text) the app starts from when following Sigstore's TUF repository. */
  export const tufRoot: string;
  /** ISO date of the bundled trusted root: the newest `validFor.start` of its keys. */
  export const trustedRootUpdated: string;
  /** SHA-256 (hex) of `JSON.stringify(trustedRoot)`, as `digestOf` computes it. */
  export const trustedRootDigest: string;
  /** The verifier's build fingerprint (app and @sigstore versions, verification sources): part of a stored verdict's key. */
  export const verifierBuild: string;
}
