import { describe, expect, it } from 'vitest';
import { loadPackument } from '../../../test/support/derived-record';
import { absentVerification, verifiedVerification } from '../../../test/support/derived-verification';
import type { PackageRecord, VersionVerification } from '../model';
import { parseLockfile } from './lockfiles/parse-lockfile';
import { createViewReceiver, createViewSender, inPieces, type ReviewMessage, type ReviewViewMessage } from './review-view';
import { startReview, type ReviewRunSnapshot } from './run-review';

const vue = loadPackument('vue');
const isOdd = loadPackument('is-odd');
const integrity = (pkg: PackageRecord, version: string) => pkg.versions.find((v) => v.version === version)?.dist.integrity ?? '';
const LOCKFILE = JSON.stringify({
  name: 'derived-project',
  lockfileVersion: 3,
  packages: {
    '': { name: 'derived-project', dependencies: { vue: '^3.5.0', 'is-odd': '^3.0.0' } },
    'node_modules/vue': { version: '3.5.27', resolved: 'https://registry.example/vue/-/vue-3.5.27.tgz', integrity: integrity(vue, '3.5.27') },
    'node_modules/is-odd': { version: '3.0.1', resolved: 'https://registry.example/is-odd/-/is-odd-3.0.1.tgz', integrity: integrity(isOdd, '3.0.1') },
  },
});

/** A review whose packages and verifications the test releases one at a time. */
function steppedReview() {
  const packages = new Map<string, (record: PackageRecord) => void>();
  const verifications: Array<() => void> = [];
  const run = startReview({
    input: { kind: 'parsed', lockfile: parseLockfile(LOCKFILE) },
    fetchPackage: (name) => new Promise<PackageRecord>((resolve) => packages.set(name, resolve)),
    fetchPackument: () => Promise.reject(new Error('not used')),
    verify: (record) =>
      new Promise<VersionVerification>((resolve) =>
        verifications.push(() => resolve(record.dist.attestations ? verifiedVerification(record) : absentVerification(record))),
      ),
  });
  return { run, packages, verifications };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const strip = (snapshot: ReviewRunSnapshot) => {
  const view: Partial<ReviewRunSnapshot> = JSON.parse(JSON.stringify(snapshot)) as ReviewRunSnapshot;
  delete view.entries;
  return view;
};

describe('review views as deltas (derived verification results on recorded packuments)', () => {
  it('the receiver rebuilds every snapshot exactly, though only changed rows are sent', async () => {
    const { run, packages, verifications } = steppedReview();
    const send = createViewSender();
    const receive = createViewReceiver();
    const changedCounts: number[] = [];
    const check = () => {
      const snapshot = run.snapshot();
      const message = send(snapshot);
      changedCounts.push(message.rows.changed.length);
      // What crosses the worker boundary is a structured clone.
      expect(JSON.parse(JSON.stringify(receive(structuredClone(message))))).toEqual(strip(snapshot));
    };
    await settle();
    check(); // both rows pending: sent once
    check(); // nothing changed: nothing sent
    packages.get('vue')?.(vue);
    await settle();
    check(); // vue's row is loaded
    packages.get('is-odd')?.(isOdd);
    await settle();
    check();
    while (verifications.length) verifications.shift()?.();
    const last = await run.done;
    check();
    expect(changedCounts.slice(0, 4)).toEqual([2, 0, 1, 1]);
    expect(changedCounts[4]).toBeGreaterThan(0);
    expect(last.review.rows).toHaveLength(2);
  });

  it('the order is sent only when it changes; the view carries no entries', async () => {
    const { run } = steppedReview();
    await settle();
    const send = createViewSender();
    const first = send(run.snapshot());
    const second = send(run.snapshot());
    expect(first.rows.order).toEqual(['vue@3.5.27', 'is-odd@3.0.1']);
    expect(second.rows.order).toBeUndefined();
    expect('entries' in first).toBe(false);
    const receive = createViewReceiver();
    const shown = receive(first);
    expect(receive(second).review.rows).toBe(shown.review.rows);
  });

  it('a view of many rows crosses in pieces; the receiver shows nothing until its view, then the same view', async () => {
    const { run, packages } = steppedReview();
    await settle();
    packages.get('vue')?.(vue);
    packages.get('is-odd')?.(isOdd);
    await settle();
    const message = createViewSender()(run.snapshot());
    expect(message.rows.changed).toHaveLength(2);

    // One row per message: a piece, then the view with the last row, the order and the summary.
    const parts = inPieces(message, 1);
    expect(parts).toHaveLength(2);
    expect(parts[0]).toEqual({ piece: [message.rows.changed[0]] });
    const view = parts[1] as ReviewViewMessage;
    expect(view.rows.changed).toEqual([message.rows.changed[1]]);
    expect(view.rows.order).toEqual(message.rows.order);
    expect(view.summary).toEqual(message.summary);

    const inOne = createViewReceiver()(structuredClone(message));
    const receive = createViewReceiver();
    const shown = parts.map((part: ReviewMessage) => receive(structuredClone(part)));
    expect(shown[0]).toBeUndefined();
    expect(shown[1]).toEqual(inOne);
    expect(shown[1]?.review.rows).toHaveLength(2);

    // Few rows: one message, as it is.
    expect(inPieces(message, 2)).toEqual([message]);
    expect(inPieces(message)).toEqual([message]);
  });

  it('cuts a thousand rows into pieces of at most the size asked, in order', () => {
    const rows = Array.from({ length: 1001 }, (_, i) => ({ key: `p${i}@1.0.0` })) as unknown as ReviewViewMessage['rows']['changed'];
    const message = { rows: { changed: rows, order: rows.map((row) => row.key) } } as unknown as ReviewViewMessage;
    const parts = inPieces(message, 200);
    const sizes = parts.map((part) => ('piece' in part ? part.piece.length : part.rows.changed.length));
    expect(sizes).toEqual([200, 200, 200, 200, 200, 1]);
    expect(parts.slice(0, -1).every((part) => 'piece' in part)).toBe(true);
    const keys = parts.flatMap((part) => ('piece' in part ? part.piece : part.rows.changed)).map((row) => row.key);
    expect(keys).toEqual(message.rows.order);
    const exact = inPieces({ ...message, rows: { changed: rows.slice(0, 400) } }, 200);
    expect(exact.map((part) => ('piece' in part ? part.piece.length : part.rows.changed.length))).toEqual([200, 200]);
  });
});
