// The pool's failure handling with fake workers: a worker that crashes or hangs mid-job
// is replaced, its job runs once more, and a second loss ends the job `unavailable`.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VersionRecord, VersionVerification } from '../core/model';
import { VerifierPool, type VerifierRemote, type VerifierWorker } from './verifier-pool';

type Behaviour = 'answers' | 'crashes' | 'hangs';

interface FakeWorker extends VerifierWorker {
  terminated: boolean;
  verified: string[];
}

function fakeWorker(behaviour: Behaviour): FakeWorker {
  let crash!: (error: Error) => void;
  const failed = new Promise<never>((_, reject) => {
    crash = reject;
  });
  failed.catch(() => undefined);
  const never = new Promise<never>(() => undefined);
  let answered = false;
  const worker: FakeWorker = {
    terminated: false,
    verified: [],
    failed,
    terminate: () => {
      worker.terminated = true;
    },
    remote: {
      configure: () => Promise.resolve(),
      useTrustedRoot: () => Promise.resolve(),
      cancel: () => {
        if (behaviour !== 'hangs') return Promise.resolve();
        // A hanging worker answers its first call (it loaded), then nothing.
        if (answered) return never;
        answered = true;
        return Promise.resolve();
      },
      verify: (_jobId, _base, record) => {
        worker.verified.push(record.version);
        if (behaviour === 'answers') return Promise.resolve({ ok: true, value: verified(record) });
        // The way a crashed worker shows: an `error` event, and the call never answered.
        if (behaviour === 'crashes')
          queueMicrotask(() => crash(new Error('The verification worker crashed: out of memory.')));
        return never;
      },
      verifyBundle: () => {
        worker.verified.push('bundle');
        if (behaviour === 'answers') return Promise.resolve({ ok: true, value: { input: 'bundle', verdicts: [] } });
        if (behaviour === 'crashes')
          queueMicrotask(() => crash(new Error('The verification worker crashed: out of memory.')));
        return never;
      },
    } satisfies VerifierRemote,
  };
  return worker;
}

function verified(record: VersionRecord): VersionVerification {
  return { name: record.name, version: record.version, status: 'verified', steps: [] };
}

function record(version: string): VersionRecord {
  return { name: 'derived-pool', version, dist: {} } as unknown as VersionRecord;
}

function poolOf(...behaviours: Behaviour[]) {
  const started: FakeWorker[] = [];
  const pool = new VerifierPool({
    size: 1,
    pingIntervalMs: 1000,
    pingTimeoutMs: 3000,
    createWorker: () => {
      const worker = fakeWorker(behaviours[started.length] ?? 'answers');
      started.push(worker);
      return worker;
    },
  });
  return { pool, started };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('VerifierPool when a worker dies', () => {
  it('a worker that crashes mid-job is terminated and replaced, and the job runs again on the new one', async () => {
    const { pool, started } = poolOf('crashes', 'answers');
    const result = await pool.verify('https://r.test', [], record('1.0.0'));
    expect(result.status).toBe('verified');
    expect(started).toHaveLength(2);
    expect(started[0]?.terminated).toBe(true);
    expect(started[0]?.verified).toEqual(['1.0.0']);
    expect(started[1]?.verified).toEqual(['1.0.0']);
    expect(pool.workerCount).toBe(1);
  });

  it('every job in flight on the crashed worker is retried, each once', async () => {
    const { pool, started } = poolOf('crashes', 'answers');
    const results = await Promise.all(
      ['1.0.0', '1.1.0', '1.2.0'].map((v) => pool.verify('https://r.test', [], record(v))),
    );
    expect(results.map((r) => r.status)).toEqual(['verified', 'verified', 'verified']);
    expect(started[1]?.verified.sort()).toEqual(['1.0.0', '1.1.0', '1.2.0']);
  });

  it('a job whose second worker dies too ends unavailable with the reason, never pending', async () => {
    const { pool, started } = poolOf('crashes', 'crashes', 'answers');
    const result = await pool.verify('https://r.test', [], record('2.0.0'));
    expect(result.status).toBe('unavailable');
    expect(result.unavailableReason).toBe(
      'the verification worker stopped twice while checking this version (The verification worker crashed: out of memory); nothing was checked',
    );
    expect(result.steps.map((s) => [s.step, s.outcome])).toEqual([
      ['provenance-bundle', 'skip'],
      ['publish-attestation', 'skip'],
      ['subject-binding', 'skip'],
      ['registry-signature', 'skip'],
    ]);
    expect(started.slice(0, 2).every((w) => w.terminated)).toBe(true);
    // The pool still works afterwards, on a fresh worker.
    await expect(pool.verify('https://r.test', [], record('2.0.1'))).resolves.toMatchObject({ status: 'verified' });
  });

  it('a worker that stops answering (no error event) is given up on after an unanswered ping', async () => {
    vi.useFakeTimers();
    const { pool, started } = poolOf('hangs', 'answers');
    const result = pool.verify('https://r.test', [], record('3.0.0'));
    // The first ping is answered (the worker has loaded), the next one is not.
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(1000); // the second ping goes out
    expect(started).toHaveLength(1);
    expect(started[0]?.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(3000); // and is not answered
    await expect(result).resolves.toMatchObject({ status: 'verified', version: '3.0.0' });
    expect(started[0]?.terminated).toBe(true);
    expect(started).toHaveLength(2);
  });

  it('a job cancelled by its caller is not retried', async () => {
    const { pool, started } = poolOf('crashes', 'answers');
    const controller = new AbortController();
    const result = pool.verify('https://r.test', [], record('4.0.0'), controller.signal);
    controller.abort();
    await expect(result).rejects.toMatchObject({ code: 'ABORTED' });
    expect(started[1]?.verified ?? []).toEqual([]);
  });

  it('#/verify: a bundle check whose worker crashes runs once more on a new worker', async () => {
    const { pool, started } = poolOf('crashes', 'answers');
    await expect(pool.verifyBundle({ bundle: '{}' })).resolves.toMatchObject({ input: 'bundle' });
    expect(started).toHaveLength(2);
    expect(started[0]?.terminated).toBe(true);
    expect(started.map((w) => w.verified)).toEqual([['bundle'], ['bundle']]);
    expect(pool.workerCount).toBe(1);
  });

  it('#/verify: a bundle check whose second worker crashes too ends in an error saying so, and the pool still works', async () => {
    const { pool, started } = poolOf('crashes', 'crashes', 'answers');
    await expect(pool.verifyBundle({ bundle: '{}' })).rejects.toThrow(
      'The verification worker stopped twice while checking this bundle (The verification worker crashed: out of memory; then The verification worker crashed: out of memory); nothing was checked. Try again, or reload the page.',
    );
    expect(started.slice(0, 2).every((w) => w.terminated)).toBe(true);
    await expect(pool.verifyBundle({ bundle: '{}' })).resolves.toMatchObject({ input: 'bundle' });
    expect(started).toHaveLength(3);
  });
});

describe('VerifierPool starting its workers', () => {
  /** A pool whose idle callbacks run only when the test says so, and whose workers answer when told. */
  function staggeredPool(size: number) {
    const started: FakeWorker[] = [];
    const idle: (() => void)[] = [];
    const answers: (() => void)[] = [];
    const pool = new VerifierPool({
      size,
      pingIntervalMs: 60_000,
      whenIdle: (run) => idle.push(run),
      createWorker: () => {
        const worker = fakeWorker('answers');
        worker.remote.verify = (_jobId, _base, job) => {
          worker.verified.push(job.version);
          return new Promise((resolve) => answers.push(() => resolve({ ok: true, value: verified(job) })));
        };
        started.push(worker);
        return worker;
      },
    });
    const runIdle = async () => {
      const next = idle.shift();
      expect(next).toBeDefined();
      next?.();
      await Promise.resolve();
    };
    return { pool, started, idle, answers, runIdle };
  }

  it('starts one worker at the first job, and each other one in an idle callback of its own', async () => {
    const { pool, started, idle, runIdle } = staggeredPool(3);
    const jobs = Array.from({ length: 9 }, (_, i) => pool.verify('https://r.test', [], record(`1.0.${i}`)));
    await Promise.resolve();
    expect(started).toHaveLength(1);
    // One growth step waits at a time.
    expect(idle).toHaveLength(1);
    await runIdle();
    await vi.waitFor(() => expect(started).toHaveLength(2));
    expect(idle).toHaveLength(1);
    await runIdle();
    await vi.waitFor(() => expect(started).toHaveLength(3));
    // The pool is at its size: no more growth, and every job has a worker (three each).
    expect(idle).toHaveLength(0);
    await vi.waitFor(() => expect(started.map((w) => w.verified.length)).toEqual([3, 3, 3]));
    void jobs;
  });

  it('does not grow when the work fits on the workers it has', async () => {
    const { pool, started, idle, answers, runIdle } = staggeredPool(4);
    const job = pool.verify('https://r.test', [], record('2.0.0'));
    await vi.waitFor(() => expect(started[0]?.verified).toEqual(['2.0.0']));
    answers.shift()?.();
    await expect(job).resolves.toMatchObject({ status: 'verified' });
    // The growth asked for while the only worker was busy finds nothing waiting.
    while (idle.length) await runIdle();
    expect(started).toHaveLength(1);
  });

  it('every job still settles with its own answer while the pool grows', async () => {
    const { pool, started, answers, runIdle, idle } = staggeredPool(2);
    const versions = Array.from({ length: 8 }, (_, i) => `3.0.${i}`);
    const jobs = versions.map((v) => pool.verify('https://r.test', [], record(v)));
    await Promise.resolve();
    await runIdle();
    for (let answered = 0; answered < versions.length; answered += 1) {
      await vi.waitFor(() => expect(answers.length).toBeGreaterThan(0));
      answers.shift()?.();
      await Promise.resolve();
    }
    const results = await Promise.all(jobs);
    expect(results.map((r) => r.version)).toEqual(versions);
    expect(started).toHaveLength(2);
    expect(started.flatMap((w) => w.verified).sort()).toEqual([...versions].sort());
    expect(idle).toHaveLength(0);
  });

  it('prewarm starts the first worker when idle and loads it; the next job uses it', async () => {
    const { pool, started, idle, answers, runIdle } = staggeredPool(2);
    pool.prewarm();
    pool.prewarm();
    expect(started).toHaveLength(0);
    expect(idle).toHaveLength(1);
    await runIdle();
    expect(started).toHaveLength(1);
    const job = pool.verify('https://r.test', [], record('4.0.0'));
    await vi.waitFor(() => expect(started[0]?.verified).toEqual(['4.0.0']));
    answers.shift()?.();
    await expect(job).resolves.toMatchObject({ status: 'verified' });
    expect(started).toHaveLength(1);
  });
});
