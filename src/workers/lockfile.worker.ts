// Reads a lockfile off the main thread: parsing a large package-lock.json or
// pnpm-lock.yaml (YAML, then the shortest path to every entry) takes the main thread
// hundreds of milliseconds. The parsed entries cross back by structured clone.
import { expose } from 'comlink';
import { LockfileError, parseLockfile, type LockfileErrorData, type ParsedLockfile } from '../core/review';

export type LockfileOutcome = { ok: true; value: ParsedLockfile } | { ok: false; error: LockfileErrorData };

const service = {
  parse(text: string): LockfileOutcome {
    try {
      return { ok: true, value: parseLockfile(text) };
    } catch (error) {
      if (error instanceof LockfileError) return { ok: false, error: error.toData() };
      return { ok: false, error: { code: 'MALFORMED', message: error instanceof Error ? error.message : String(error) } };
    }
  },
};

export type LockfileService = typeof service;

expose(service);
