export * from './types';
export { parseLockfile, checkLockfileSize, detectLockfileKind, MAX_LOCKFILE_BYTES, type LockfileKind } from './parse-lockfile';
