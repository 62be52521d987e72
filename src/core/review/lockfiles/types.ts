// The normalised shape every lockfile format is read into. Plain data: it crosses the
// worker boundary by structured clone.

export type LockfileFormat = 'npm-v1' | 'npm-v2' | 'npm-v3' | 'pnpm-v6' | 'pnpm-v9' | 'yarn-classic' | 'yarn-berry';

export const LOCKFILE_FORMAT_LABELS: Record<LockfileFormat, string> = {
  'npm-v1': 'package-lock.json (lockfileVersion 1)',
  'npm-v2': 'package-lock.json (lockfileVersion 2)',
  'npm-v3': 'package-lock.json (lockfileVersion 3)',
  'pnpm-v6': 'pnpm-lock.yaml (lockfileVersion 6)',
  'pnpm-v9': 'pnpm-lock.yaml (lockfileVersion 9)',
  'yarn-classic': 'yarn.lock (Yarn classic, v1)',
  'yarn-berry': 'yarn.lock (Yarn Berry)',
};

/** Where an entry sits in the tree: the fields shared by registry and other entries. */
export interface TreePlacement {
  /** A dependency of the project itself (a workspace counts as the project). */
  direct: boolean;
  /** Only needed for development (undefined when the lockfile cannot tell). */
  dev?: boolean;
  /** Only pulled in through optional dependencies (undefined when it cannot tell). */
  optional?: boolean;
  /** `name@version` of every entry that depends on this one; empty for direct-only. */
  parents: string[];
  /**
   * "Why is this here": the shortest chain from the project, as `name@version` keys,
   * ending with this entry (`['a@1.0.0', 'b@2.0.0']`: the project needs a, a needs b).
   */
  path: string[];
}

/** A package from a registry, checkable against it. */
export interface LockEntry extends TreePlacement {
  /** The real registry name (an `npm:` alias is resolved to the package it names). */
  name: string;
  version: string;
  /** `name@version`. */
  key: string;
  /** The name it is installed under when that differs (an `npm:` alias). */
  aliases?: string[];
  /** The lockfile's Subresource Integrity string, as written (may hold several hashes). */
  integrity?: string;
  /** The tarball URL the lockfile resolved to. */
  resolved?: string;
}

export type NonRegistryKind = 'git' | 'file' | 'link' | 'workspace' | 'tarball' | 'bundled' | 'patch' | 'other';

/** An entry that does not come from a registry: listed, with why it cannot be checked. */
export interface NonRegistryEntry extends TreePlacement {
  name: string;
  /** The version the lockfile records, when it records one. */
  version?: string;
  /** What it points at, as written (`git+ssh://…#sha`, `file:../x`, `packages/a`). */
  source: string;
  /** `name@source`, or `name@version` when there is no source. */
  key: string;
  kind: NonRegistryKind;
  /** A sentence saying why the review cannot check it. */
  reason: string;
}

export interface ParsedLockfile {
  format: LockfileFormat;
  /** Registry packages, one per name@version, in the order of the shortest path. */
  entries: LockEntry[];
  nonRegistry: NonRegistryEntry[];
  /** Things the reader noticed and worked around, each a sentence. */
  warnings: string[];
}

export type LockfileErrorCode =
  | 'EMPTY'
  | 'TOO_LARGE'
  | 'UNKNOWN_FORMAT'
  | 'UNSUPPORTED_VERSION'
  | 'TRUNCATED'
  | 'MALFORMED';

export interface LockfileErrorData {
  code: LockfileErrorCode;
  message: string;
  /** The format it was read as, when that was known before the error. */
  format?: LockfileFormat;
}

/** Every way a lockfile can be refused, each with a code the screen can tell apart. */
export class LockfileError extends Error {
  readonly code: LockfileErrorCode;
  readonly format?: LockfileFormat;

  constructor(data: LockfileErrorData) {
    super(data.message);
    this.name = 'LockfileError';
    this.code = data.code;
    this.format = data.format;
  }

  toData(): LockfileErrorData {
    return { code: this.code, message: this.message, ...(this.format ? { format: this.format } : {}) };
  }
}
