import semver from 'semver';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildLargePackumentText, LARGE } from '../../../e2e/fixture-registry/large-packument';
import { listFixtures, readFixture } from '../../../test/support/fixtures';
import { JSON_LAYOUTS, newestFirst } from '../../../test/support/json-layouts';
import { makeRng, type Rng } from '../../../test/support/rng';
import { incrementalJsonReader, type ReaderOptions } from './incremental-json';
import type { ProvisionalVerdict, SplitMember } from './json-reader';
import { wholeJsonReader } from './whole-json-reader';

const VERSIONS: SplitMember = { name: 'versions', likelyKey: (key) => semver.valid(key) !== null };

type Outcome = { ok: true; value: unknown } | { ok: false; message: string };

function outcome(run: () => unknown): Outcome {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

interface Delivery {
  /** Largest piece pushed at once. */
  maxPiece: number;
  /** Milliseconds waited for each piece (0: the text was already there). */
  waitMs: number;
  runChars: number;
}

/** Pushes `text` in random pieces, each waited for `waitMs`, and finishes. */
function readInPieces(text: string, rng: Rng, delivery: Delivery, split: SplitMember = VERSIONS): Outcome {
  const options: ReaderOptions = { runChars: delivery.runChars };
  const reader = incrementalJsonReader(split, options);
  for (let at = 0; at < text.length;) {
    const size = 1 + rng.int(delivery.maxPiece);
    reader.push(text.slice(at, at + size), delivery.waitMs);
    at += size;
  }
  return outcome(() => reader.finish());
}

/**
 * Pushes `text` in random pieces, asks for a provisional reading (reading ends of
 * `tailChars` characters, whatever is left; the first `refuse` readings refused, some as
 * members short, and `offered` in order), then finishes.
 */
function readProvisionally(
  text: string,
  rng: Rng,
  delivery: Delivery,
  tailChars: number,
  refuse = 0,
): { provisional: Outcome; final: Outcome; offered: Record<string, unknown>[] } {
  const reader = incrementalJsonReader(VERSIONS, {
    runChars: delivery.runChars,
    provisionalMinChars: tailChars,
    provisionalTailChars: tailChars,
  });
  for (let at = 0; at < text.length;) {
    const size = 1 + rng.int(delivery.maxPiece);
    reader.push(text.slice(at, at + size), delivery.waitMs);
    at += size;
  }
  const offered: Record<string, unknown>[] = [];
  // A refusal says, one time in three, that the end is some members short.
  const refusal = (): ProvisionalVerdict => (rng.int(3) === 0 ? 1 + rng.int(50) : false);
  const provisional = outcome(
    () => reader.provisional?.(({ document }) => offered.push(document) > refuse || refusal())?.document,
  );
  return { provisional, final: outcome(() => reader.finish()), offered };
}

/**
 * A provisional reading of `text` is what it claims to be: the whole document's top-level
 * members, its `versions` holding only the whole document's last versions, with the same
 * values (key order included).
 */
function expectEndOfDocument(text: string, reading: unknown, label: string): void {
  const whole = JSON.parse(text) as Record<string, unknown>;
  const document = reading as Record<string, unknown>;
  expect(Object.keys(document), label).toEqual(Object.keys(whole));
  for (const key of Object.keys(whole)) {
    if (key === 'versions') continue;
    expect(JSON.stringify(document[key]), `${label}: ${key}`).toBe(JSON.stringify(whole[key]));
  }
  const last = Object.entries(document.versions as Record<string, unknown>);
  const all = Object.entries(whole.versions as Record<string, unknown>);
  expect(last.length, label).toBeGreaterThan(0);
  expect(JSON.stringify(last), label).toBe(JSON.stringify(all.slice(all.length - last.length)));
}

/**
 * `reading` is the end `end` with the whole document's first versions before its own: the
 * same top-level members, its `versions` the first k of the whole, then the end's (a
 * version in both, in a short document, in its first place).
 */
function expectEndsOfDocument(text: string, reading: unknown, end: unknown, label: string): void {
  const whole = Object.keys((JSON.parse(text) as { versions: object }).versions);
  const document = reading as Record<string, unknown>;
  const last = Object.keys((end as { versions: object }).versions);
  const keys = Object.keys(document.versions as object);
  expect(Object.keys(document), label).toEqual(Object.keys(end as object));
  const first = keys.filter((key) => !last.includes(key));
  expect(first.length, label).toBeGreaterThan(0);
  expect(keys.slice(0, first.length), label).toEqual(whole.slice(0, first.length));
  expect(new Set(keys), label).toEqual(new Set([...first, ...last]));
  const values = (JSON.parse(text) as { versions: Record<string, unknown> }).versions;
  for (const key of keys)
    expect(JSON.stringify((document.versions as Record<string, unknown>)[key]), `${label}: ${key}`).toBe(
      JSON.stringify(values[key]),
    );
}

/** Every object and array of `value` has the prototype JSON.parse gives it. */
function plainPrototypes(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  const expected = Array.isArray(value) ? Array.prototype : Object.prototype;
  if (Object.getPrototypeOf(value) !== expected) return false;
  return Object.values(value).every(plainPrototypes);
}

/** The reader's outcome is JSON.parse's: the same value (key order and prototypes included), or the same error. */
function expectSameAsJsonParse(text: string, actual: Outcome, label = ''): void {
  const expected = outcome(() => JSON.parse(text) as unknown);
  if (!expected.ok) {
    expect(actual, label).toEqual(expected);
    return;
  }
  expect(actual.ok, label).toBe(true);
  if (!actual.ok) return;
  expect(JSON.stringify(actual.value), label).toBe(JSON.stringify(expected.value));
  expect(plainPrototypes(actual.value), label).toBe(true);
}

/** A small packument with what real ones have: escapes, nested objects, non-ASCII text. */
function smallPackument(): string {
  const version = (v: string) => ({
    name: 'pkg',
    version: v,
    description: 'a "quoted" }," description \\ with é and \u2028',
    repository: { type: 'git', url: 'git+https://github.com/o/pkg.git' },
    dependencies: { a: '^1.0.0', b: '~2.1.0' },
    dist: {
      integrity: 'sha512-abc',
      signatures: [{ keyid: 'SHA256:x', sig: 'MEUC' }],
      attestations: { url: 'https://r.test/-/npm/v1/attestations/pkg@' + v, provenance: { predicateType: 'p' } },
    },
    _npmUser: { name: 'me', email: 'me@example.com' },
  });
  return JSON.stringify({
    _id: 'pkg',
    name: 'pkg',
    'dist-tags': { latest: '1.2.0' },
    versions: {
      '1.0.0': version('1.0.0'),
      '1.1.0': version('1.1.0'),
      '1.2.0-beta.1': version('1.2.0-beta.1'),
      '1.2.0': version('1.2.0'),
    },
    time: { created: '2020-01-01T00:00:00.000Z', '1.0.0': '2020-01-01T00:00:00.000Z' },
    maintainers: [{ name: 'me' }],
    readme: 'x },"1.0.0":{ y',
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('incrementalJsonReader: the same value or error as JSON.parse', () => {
  it.each(JSON_LAYOUTS)(
    'every recorded packument, %s, cut anywhere, text arriving slowly (runs parsed while it arrives)',
    (_layout, write) => {
      const files = listFixtures('registry', 'packuments');
      expect(files.length).toBeGreaterThan(5);
      const rng = makeRng(7);
      let finishedWithoutWholeText = 0;
      for (const file of files) {
        const text = write(readFixture('registry', 'packuments', file));
        for (let round = 0; round < 3; round++) {
          const delivery = { maxPiece: 1 + rng.int(8192), waitMs: 3, runChars: 1 + rng.int(4096) };
          const parse = vi.spyOn(JSON, 'parse');
          const actual = readInPieces(text, rng, delivery);
          // What finish parsed: not the whole text, when runs were parsed before.
          const wholeAtTheEnd = parse.mock.calls.some(([argument]) => argument === text);
          parse.mockRestore();
          expectSameAsJsonParse(text, actual, `${file} ${JSON.stringify(delivery)}`);
          if (!wholeAtTheEnd) finishedWithoutWholeText += 1;
        }
      }
      // Not vacuous: the runs happen on real documents.
      expect(finishedWithoutWholeText).toBeGreaterThan(files.length);
    },
  );

  it('text that is already there (not waited for) is parsed once, whole, at the end', () => {
    const text = smallPackument();
    const reader = incrementalJsonReader(VERSIONS, { runChars: 16 });
    const parse = vi.spyOn(JSON, 'parse');
    // Each read resolved at once (a tenth of a millisecond): the text was there already.
    for (let at = 0; at < text.length; at += 50) reader.push(text.slice(at, at + 50), 0.1);
    expect(parse).not.toHaveBeenCalledWith(expect.stringContaining('"1.1.0":{'));
    const value = reader.finish();
    expect(parse.mock.calls.filter(([argument]) => argument === text)).toHaveLength(1);
    parse.mockRestore();
    expect(value).toStrictEqual(JSON.parse(text));
  });

  it('when the last piece comes, only the rest of the document is left to parse', () => {
    const text = smallPackument();
    const reader = incrementalJsonReader(VERSIONS, { runChars: 16 });
    const cut = text.indexOf(',"time"');
    for (let at = 0; at < cut; at += 40) reader.push(text.slice(at, Math.min(at + 40, cut)), 5);
    reader.push(text.slice(cut));
    const parse = vi.spyOn(JSON, 'parse');
    const value = reader.finish();
    const parsed = parse.mock.calls.map(([argument]) => argument.length);
    parse.mockRestore();
    expect(value).toStrictEqual(JSON.parse(text));
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toBeLessThan(text.length - text.indexOf('"1.1.0":{'));
  });

  it.each([
    [
      'a __proto__ version, top-level key and head key',
      '{"__proto__":1,"versions":{"1.0.0":{"a":1},"__proto__":{"b":2},"2.0.0":{"c":3}},"x":{"__proto__":{"d":4}},"__proto__":5}',
    ],
    [
      'a version repeated across runs: its first place, its last value',
      '{"versions":{"1.0.0":{"a":1},"2.0.0":{"b":2},"1.0.0":{"a":3},"3.0.0":{"c":4}}}',
    ],
    [
      'versions repeated at the top level after the first',
      '{"versions":{"1.0.0":{"a":1},"2.0.0":{"b":2}},"versions":{"3.0.0":{"c":3}}}',
    ],
    [
      'versions repeated at the top level before the first object',
      '{"versions":1,"versions":{"1.0.0":{"a":1},"2.0.0":{"b":2}}}',
    ],
    [
      'a nested "versions":{ before the top-level one',
      '{"x":{"versions":{"1.0.0":{}}},"versions":{"1.0.0":{"a":1},"2.0.0":{"b":2}}}',
    ],
    [
      'a version-like key with an object value inside a version (a wrong guess)',
      '{"versions":{"1.0.0":{"a":{"b":1},"2.0.0":{"c":1}},"3.0.0":{"d":{"e":1},"4.0.0":{}}}}',
    ],
    ['a top-level key spelled as the sentinel', '{"versions":{"1.0.0":{"a":1},"2.0.0":{"b":2}},"\\u0000":{"s":1}}'],
    ['the sentinel as a version key', '{"versions":{"1.0.0":{"a":1},"\\u0000":{"s":1},"2.0.0":{"b":2}}}'],
    [
      'integer-like keys (ordered first by the engine)',
      '{"versions":{"1.0.0":{"a":1},"7":{"b":2},"2.0.0":{"c":3},"0":{"d":4}},"5":1,"a":2}',
    ],
    ['pretty-printed', JSON.stringify(JSON.parse('{"versions":{"1.0.0":{"a":{"b":1}},"2.0.0":{"c":2}}}'), null, 2)],
    ["Python's separators", '{"name": "x", "versions": {"1.0.0": {"a": {"b": 1}}, "2.0.0": {"c": 2}}, "time": {}}'],
    [
      'more whitespace between tokens than a guess allows',
      `{"versions":{"1.0.0":{"a":1}${' '.repeat(65)},"2.0.0":{"b":2}},\n\t"time" \r: {}}`,
    ],
    ['whitespace around the split key', '{"versions"\n :\t{ "1.0.0" : { "a" : 1 } ,\r\n"2.0.0":{"b":2} } }'],
    ['versions empty', '{"name":"x","versions":{},"time":{}}'],
    ['versions an array', '{"versions":[{"a":1},{"b":2}],"time":{}}'],
    [
      'escaped keys and strings that look like boundaries',
      '{"ver\\u0073ions":{"1.0.0":{"a":"},\\"2.0.0\\":{"}},"versions":{"1.0.0":{"s":"}},\\"9.9.9\\":{"},"2.0.0":{"t":"\\\\"}}}',
    ],
    ['trailing garbage', '{"versions":{"1.0.0":{"a":1},"2.0.0":{"b":2}}} x'],
    ['a second document after the first', '{"versions":{"1.0.0":{"a":1},"2.0.0":{"b":2}}}{"versions":{}}'],
    ['trailing comma in versions', '{"versions":{"1.0.0":{"a":1},"2.0.0":{"b":2},}}'],
    ['an array at the top', '[{"versions":{"1.0.0":{"a":1},"2.0.0":{"b":2}}}]'],
    ['leading whitespace and a BOM-less padding', '  \n {"versions":{"1.0.0":{"a":1},"2.0.0":{"b":2}}}  \n'],
  ])('%s', (_label, text) => {
    for (let seed = 0; seed < 40; seed++) {
      const rng = makeRng(seed);
      const delivery = { maxPiece: 1 + rng.int(12), waitMs: 3, runChars: 1 + rng.int(40) };
      expectSameAsJsonParse(text, readInPieces(text, rng, delivery), `seed ${seed}`);
      // A provisional reading first (text already there, ends of any length) never throws,
      // and changes nothing of the final value.
      const { provisional, final } = readProvisionally(
        text,
        rng,
        { ...delivery, waitMs: 0 },
        1 + rng.int(30),
        rng.int(4),
      );
      expect(provisional.ok, `seed ${seed}`).toBe(true);
      expectSameAsJsonParse(text, final, `seed ${seed}, after a provisional reading`);
    }
  });

  it('a document cut anywhere fails with JSON.parse error', () => {
    const text = smallPackument();
    const rng = makeRng(11);
    for (let end = 0; end < text.length; end++) {
      const cut = text.slice(0, end);
      expectSameAsJsonParse(cut, readInPieces(cut, rng, { maxPiece: 30, waitMs: 3, runChars: 8 }), `cut at ${end}`);
    }
  });

  it('randomly mutated documents, cut into random pieces', () => {
    const base = smallPackument();
    const alphabet = [
      '{',
      '}',
      '[',
      ']',
      '"',
      ',',
      ':',
      '\\',
      ' ',
      '1',
      'a',
      '.',
      '},"1.0.0":{',
      '"versions":{',
      '\\u0000',
    ];
    const rng = makeRng(2024);
    let valid = 0;
    for (let i = 0; i < 4000; i++) {
      let text = base;
      for (let edits = 1 + rng.int(3); edits > 0; edits--) {
        const at = rng.int(text.length);
        const kind = rng.int(3);
        const insert = kind === 1 ? '' : rng.pick(alphabet);
        text = text.slice(0, at) + insert + text.slice(at + (kind === 2 ? 0 : 1));
      }
      const delivery = { maxPiece: 1 + rng.int(64), waitMs: rng.int(2) * 3, runChars: 1 + rng.int(64) };
      const actual = readInPieces(text, rng, delivery);
      expectSameAsJsonParse(text, actual, `mutation ${i}: ${text}`);
      if (actual.ok) valid += 1;
      if (i % 4 === 0) {
        // A provisional reading first never throws, and changes nothing of the final value.
        const { provisional, final } = readProvisionally(text, rng, delivery, 1 + rng.int(400), rng.int(4));
        expect(provisional.ok, `mutation ${i}: ${text}`).toBe(true);
        expectSameAsJsonParse(text, final, `mutation ${i} after a provisional reading: ${text}`);
      }
    }
    // Both kinds are exercised: documents still valid after the edit, and broken ones.
    expect(valid).toBeGreaterThan(200);
    expect(valid).toBeLessThan(3800);
  }, 60_000);

  it('the derived 3,000-version packument with the default run size, arriving in 64 KB pieces', () => {
    const text = buildLargePackumentText({ name: LARGE });
    const reader = incrementalJsonReader(VERSIONS);
    for (let at = 0; at < text.length; at += 65_536) reader.push(text.slice(at, at + 65_536), 1);
    const parse = vi.spyOn(JSON, 'parse');
    const value = reader.finish();
    const leftAtTheEnd = parse.mock.calls.reduce((sum, [argument]) => sum + argument.length, 0);
    parse.mockRestore();
    expect(JSON.stringify(value)).toBe(text);
    // Under one run and the document's tail (its `time`) was left for the end.
    expect(leftAtTheEnd).toBeLessThan(text.length / 20);
  }, 60_000);

  it('once more text is waiting than a run may hold, no more runs: the rest is parsed at the end', () => {
    const text = smallPackument();
    const reader = incrementalJsonReader(VERSIONS, { runChars: 16, maxRunChars: 300 });
    const parse = vi.spyOn(JSON, 'parse');
    const versions = text.indexOf('"1.0.0":{');
    // The head, then more than 300 characters at once, then the rest in pieces waited for.
    reader.push(text.slice(0, versions), 5);
    reader.push(text.slice(versions, versions + 400), 5);
    for (let at = versions + 400; at < text.length; at += 40) reader.push(text.slice(at, at + 40), 5);
    const runs = parse.mock.calls.length - 1; // the head's check
    const value = reader.finish();
    parse.mockRestore();
    expect(runs).toBe(0);
    expect(value).toStrictEqual(JSON.parse(text));
  });
});

describe('incrementalJsonReader: a provisional reading of the end of the document', () => {
  /** A reader given all of `text`, in pieces of 800 KB that were there already (a buffered body). */
  const buffered = (text: string) => {
    const reader = incrementalJsonReader(VERSIONS);
    for (let at = 0; at < text.length; at += 800_000) reader.push(text.slice(at, at + 800_000), 0.1);
    return reader;
  };

  it.each(JSON_LAYOUTS)(
    'every recorded packument, %s, cut anywhere: the top-level members and the last versions, as JSON.parse has them',
    (_layout, write) => {
      const rng = makeRng(99);
      let read = 0;
      let withFirst = 0;
      for (const file of listFixtures('registry', 'packuments')) {
        const text = write(readFixture('registry', 'packuments', file));
        const whole = JSON.parse(text) as { versions?: unknown };
        if (typeof whole.versions !== 'object' || whole.versions === null) continue;
        for (let round = 0; round < 4; round++) {
          const delivery = { maxPiece: 1 + rng.int(8192), waitMs: 0, runChars: 1 + rng.int(4096) };
          const tail = 1 + rng.int(Math.min(text.length, 60_000));
          // Some readings refused: each end is then offered with the first versions too.
          const { provisional, final, offered } = readProvisionally(text, rng, delivery, tail, rng.int(4));
          expectSameAsJsonParse(text, final, file);
          if (!provisional.ok) throw new Error(`${file}: ${provisional.message}`);
          if (offered.length === 0) continue;
          const all = Object.keys(whole.versions);
          offered.forEach((reading, i) => {
            const label = `${file}, tail ${tail}, reading ${i}`;
            const keys = Object.keys(reading.versions as object);
            // An end; or, after one, that end with the first versions.
            if (JSON.stringify(keys) === JSON.stringify(all.slice(all.length - keys.length)))
              expectEndOfDocument(text, reading, label);
            else {
              expectEndsOfDocument(text, reading, offered[i - 1], label);
              withFirst += 1;
            }
          });
          read += 1;
        }
      }
      // Not vacuous: most recorded documents are read this way, some with their first versions.
      expect(read).toBeGreaterThan(20);
      expect(withFirst).toBeGreaterThan(10);
    },
  );

  it('the derived 3,000-version packument, buffered: read from its last 512–640 KB in one parse', () => {
    const text = buildLargePackumentText({ name: LARGE });
    const reader = buffered(text);
    const parse = vi.spyOn(JSON, 'parse');
    const reading = reader.provisional?.();
    const parsed = parse.mock.calls.map(([argument]) => argument.length);
    parse.mockRestore();
    expect(reading).toBeDefined();
    expectEndOfDocument(text, reading?.document, LARGE);
    expect(Object.keys(reading?.document.versions as object).length).toBeGreaterThan(50);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toBeGreaterThan(512 * 1024);
    expect(parsed[0]).toBeLessThan(660_000);
    // And the whole value after it.
    expect(JSON.stringify(reader.finish())).toBe(text);
  }, 60_000);

  it('a reading its caller finds short is offered with the first versions, then an end four times as long, then no more', () => {
    const text = buildLargePackumentText({ name: LARGE });
    const reader = buffered(text);
    const offered: Record<string, unknown>[] = [];
    // Refused four times: nothing more is read, and nothing is returned.
    expect(reader.provisional?.(({ document }) => (offered.push(document), false))).toBeUndefined();
    expect(offered).toHaveLength(4);
    const counts = offered.map((document) => Object.keys(document.versions as object).length);
    // The ends: the last versions only.
    for (const i of [0, 2]) expectEndOfDocument(text, offered[i], LARGE);
    expect(counts[2]).toBeGreaterThan(3 * counts[0]!);
    // Each end again, with the first versions (at most what was decoded as it came) before its own.
    for (const i of [1, 3]) expectEndsOfDocument(text, offered[i], offered[i - 1], `${LARGE}, reading ${i}`);
    // Taken the third time: that reading is the one returned.
    let asked = 0;
    const taken = reader.provisional?.(() => ++asked === 3);
    expect(asked).toBe(3);
    expect(Object.keys(taken?.document.versions as object)).toHaveLength(counts[2]!);
    expect(JSON.stringify(reader.finish())).toBe(text);
  }, 60_000);

  it('an end its caller finds N versions short is read again longer by about N of its versions, not with the first ones', () => {
    const text = buildLargePackumentText({ name: LARGE });
    const reader = buffered(text);
    const held = (document: Record<string, unknown>) => Object.keys(document.versions as object).length;
    const parse = vi.spyOn(JSON, 'parse');
    const offered: Record<string, unknown>[] = [];
    // Wants 40 more versions than the first end holds.
    let wanted = 0;
    const reading = reader.provisional?.(({ document }) => {
      offered.push(document);
      wanted ||= held(document) + 40;
      return held(document) >= wanted || wanted - held(document);
    });
    const parsed = parse.mock.calls.map(([argument]) => argument.length);
    parse.mockRestore();
    // Two ends, one parse each: the second has the 40 more, in less than the 4 times longer end.
    expect(offered).toHaveLength(2);
    for (const document of offered) expectEndOfDocument(text, document, LARGE);
    expect(reading?.document).toBe(offered[1]);
    expect(held(offered[1]!)).toBeGreaterThanOrEqual(wanted);
    expect(parsed).toHaveLength(2);
    expect(parsed[1]).toBeGreaterThan(parsed[0]!);
    expect(parsed[1]).toBeLessThan(2 * parsed[0]!);
    expect(JSON.stringify(reader.finish())).toBe(text);
  }, 60_000);

  it('ends found short are read at most three times, each at least a quarter longer, and never past four times the first', () => {
    const text = buildLargePackumentText({ name: LARGE });
    const reader = buffered(text);
    const parse = vi.spyOn(JSON, 'parse');
    const offered: Record<string, unknown>[] = [];
    expect(reader.provisional?.(({ document }) => (offered.push(document), 1))).toBeUndefined();
    const parsed = parse.mock.calls.map(([argument]) => argument.length);
    parse.mockRestore();
    expect(offered).toHaveLength(3);
    for (const document of offered) expectEndOfDocument(text, document, LARGE);
    expect(parsed).toHaveLength(3);
    for (const i of [1, 2]) expect(parsed[i]).toBeGreaterThan(1.2 * parsed[i - 1]!);
    // Each end is read from a boundary at most a quarter of its length before it.
    expect(parsed[2]).toBeLessThan(4 * 1.25 * 512 * 1024);
    // So many versions short that the estimate passes four times the first end: that end, then no more.
    const capped: number[] = [];
    const again = buffered(text);
    expect(
      again.provisional?.(({ document }) => (capped.push(JSON.stringify(document).length), 100_000)),
    ).toBeUndefined();
    expect(capped).toHaveLength(2);
    expect(capped[1]).toBeGreaterThan(3.5 * capped[0]!);
    expect(JSON.stringify(again.finish())).toBe(text);
  }, 60_000);

  it('a document written newest first: its newest versions from its first text, in one more parse of about the same length', () => {
    const text = newestFirst(buildLargePackumentText({ name: LARGE }));
    const reader = buffered(text);
    const newest = Object.keys((JSON.parse(text) as { versions: object }).versions).slice(0, 50);
    const parse = vi.spyOn(JSON, 'parse');
    const offered: Record<string, unknown>[] = [];
    const reading = reader.provisional?.(({ document }) => {
      offered.push(document);
      const held = document.versions as object;
      return newest.every((version) => Object.hasOwn(held, version));
    });
    const parsed = parse.mock.calls.map(([argument]) => argument.length);
    parse.mockRestore();
    // The end alone, refused; then with the first versions, taken.
    expect(offered).toHaveLength(2);
    expect(reading?.document).toBe(offered[1]);
    expectEndsOfDocument(text, offered[1], offered[0], 'newest first');
    expect(parsed).toHaveLength(2);
    for (const length of parsed) expect(length).toBeLessThan(660_000);
    expect(JSON.stringify(reader.finish())).toBe(text);
  }, 60_000);

  it('a document that arrived slowly: its first versions are those the runs parsed as it came', () => {
    const version = (v: string) => ({ name: 'pkg', version: v, description: `version ${v}, "quoted" },"x":{` });
    const versions = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => `1.0.${29 - i}`).map((v) => [v, version(v)]),
    );
    const text = JSON.stringify({ name: 'pkg', versions, time: { created: '2020-01-01T00:00:00.000Z' } });
    // Runs of about 1,000 characters parsed as the text came (waited for), then a provisional reading.
    const reader = incrementalJsonReader(VERSIONS, {
      runChars: 1000,
      provisionalMinChars: 1,
      provisionalTailChars: 300,
    });
    for (let at = 0; at < text.length; at += 200) reader.push(text.slice(at, at + 200), 5);
    const offered: Record<string, unknown>[] = [];
    reader.provisional?.(({ document }) => (offered.push(document), false));
    expect(offered.length).toBeGreaterThanOrEqual(2);
    expectEndsOfDocument(text, offered[1], offered[0], 'arrived slowly');
    // The newest (first) versions, which only the runs parsed.
    expect(Object.keys(offered[1]!.versions as object).slice(0, 3)).toEqual(['1.0.29', '1.0.28', '1.0.27']);
    expect(reader.finish()).toStrictEqual(JSON.parse(text));
  });

  it('nothing when little is left to parse, or no likely boundary is in the end (pretty-printed: one)', () => {
    const text = smallPackument();
    const small = incrementalJsonReader(VERSIONS, { provisionalMinChars: text.length + 1 });
    small.push(text);
    expect(small.provisional?.()).toBeUndefined();
    // More whitespace between a version's end and the next than a guess allows: no boundary.
    const spacedText = text.replaceAll('},"1.', `}${' '.repeat(65)},"1.`);
    const pretty = JSON.stringify(JSON.parse(text), null, 2);
    for (const [document, reading] of [
      [spacedText, false],
      [pretty, true],
    ] as const) {
      const reader = incrementalJsonReader(VERSIONS, { provisionalMinChars: 10, provisionalTailChars: 200 });
      reader.push(document);
      expect(reader.provisional?.() !== undefined).toBe(reading);
      expect(reader.finish()).toStrictEqual(JSON.parse(text));
    }
  });

  it('a document made to mislead it: a later top-level object with version-like keys (its limit), finish still exact', () => {
    const text =
      '{"name":"x","versions":{"1.0.0":{"a":1},"1.0.1":{"b":2}},"time":{"1.0.0":"t"},' +
      '"other":{"k":{"c":3},"9.9.9":{"d":4},"9.9.10":{"e":5}}}';
    const reader = incrementalJsonReader(VERSIONS, { provisionalMinChars: 1, provisionalTailChars: 30 });
    reader.push(text, 0);
    const reading = reader.provisional?.();
    // The guess lands in `other`: its members stand as the last versions, until `finish`.
    expect(Object.keys(reading?.document.versions as object)).toEqual(['9.9.9', '9.9.10']);
    expect(reader.finish()).toStrictEqual(JSON.parse(text));
  });
});

/** How a body's bytes come: pieces of up to `maxPiece` bytes, each waited for `waitMs`. */
interface ByteDelivery extends Delivery {
  maxRunChars: number;
}

/**
 * Pushes `bytes` in random pieces (cut anywhere, inside characters too), asks for a
 * provisional reading when `tailChars` is given, then reads the text and finishes.
 */
function readBytes(
  bytes: Uint8Array,
  rng: Rng,
  delivery: ByteDelivery,
  tailChars?: number,
): { provisional: Outcome; text: string; final: Outcome } {
  const reader = incrementalJsonReader(VERSIONS, {
    runChars: delivery.runChars,
    maxRunChars: delivery.maxRunChars,
    ...(tailChars !== undefined ? { provisionalMinChars: tailChars, provisionalTailChars: tailChars } : {}),
  });
  for (let at = 0; at < bytes.length;) {
    const size = 1 + rng.int(delivery.maxPiece);
    reader.pushBytes(bytes.subarray(at, at + size), delivery.waitMs);
    at += size;
  }
  const provisional = outcome(() => (tailChars === undefined ? undefined : reader.provisional?.()?.document));
  return { provisional, text: reader.text(), final: outcome(() => reader.finish()) };
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** A packument whose text is mostly characters of two to four bytes. */
function wideCharacterPackument(): string {
  const versions: Record<string, unknown> = {};
  for (let i = 0; i < 40; i++) versions[`1.${i}.0`] = { name: 'é', description: `${'é€😀'.repeat(i % 7)}ü`, dist: {} };
  return JSON.stringify({ name: 'é', versions, time: { '1.0.0': '2020-01-01T00:00:00.000Z' }, readme: '😀' });
}

describe('incrementalJsonReader: a body read as bytes', () => {
  it('the text TextDecoder gives and the value or error JSON.parse gives, however the bytes are cut and held', () => {
    const rng = makeRng(31);
    const documents: [string, Uint8Array][] = [
      ['small', utf8(smallPackument())],
      ['wide characters', utf8(wideCharacterPackument())],
      // A byte order mark (dropped), invalid bytes and an unfinished character (replaced).
      ['with a byte order mark', concat(new Uint8Array([0xef, 0xbb, 0xbf]), utf8(smallPackument()))],
      ['invalid bytes', concat(utf8(smallPackument().slice(0, 300)), new Uint8Array([0xff, 0x80, 0xc3]), utf8('x'))],
      ['an unfinished last character', concat(utf8(wideCharacterPackument()), new Uint8Array([0xf0, 0x9f]))],
    ];
    for (const file of listFixtures('registry', 'packuments')) {
      documents.push([file, utf8(JSON.stringify(readFixture('registry', 'packuments', file)))]);
    }
    let provisional = 0;
    for (const [label, bytes] of documents) {
      const text = new TextDecoder().decode(bytes);
      for (let round = 0; round < 6; round++) {
        const delivery = {
          maxPiece: 1 + rng.int(round % 2 ? 64 : 8192),
          waitMs: rng.int(3) * 2,
          runChars: 1 + rng.int(4096),
          maxRunChars: 1 + rng.int(8192),
        };
        const tail = round % 3 === 0 ? undefined : 1 + rng.int(Math.min(bytes.length, 4000));
        const read = readBytes(bytes, rng, delivery, tail);
        expect(read.text, `${label}, round ${round}`).toBe(text);
        expectSameAsJsonParse(text, read.final, `${label}, round ${round}`);
        if (!read.provisional.ok) throw new Error(`${label}: ${read.provisional.message}`);
        if (read.provisional.value === undefined) continue;
        expectEndOfDocument(text, read.provisional.value, `${label}, round ${round}, tail ${tail}`);
        provisional += 1;
      }
    }
    expect(provisional).toBeGreaterThan(20);
  });

  it('randomly mutated documents, as bytes: JSON.parse of what TextDecoder gives, a provisional reading first or not', () => {
    const base = wideCharacterPackument();
    const rng = makeRng(77);
    for (let i = 0; i < 600; i++) {
      let text = base;
      for (let edits = 1 + rng.int(3); edits > 0; edits--) {
        const at = rng.int(text.length);
        const insert = rng.pick(['{', '}', '"', ',', ':', '\\', '},"1.0.0":{', '\uD83D', 'é']);
        text = text.slice(0, at) + insert + text.slice(at + rng.int(2));
      }
      const bytes = utf8(text);
      const delivery = {
        maxPiece: 1 + rng.int(200),
        waitMs: rng.int(2) * 3,
        runChars: 1 + rng.int(64),
        maxRunChars: 1 + rng.int(400),
      };
      const read = readBytes(bytes, rng, delivery, i % 2 ? 1 + rng.int(600) : undefined);
      expect(read.provisional.ok, `mutation ${i}`).toBe(true);
      expect(read.text).toBe(new TextDecoder().decode(bytes));
      expectSameAsJsonParse(read.text, read.final, `mutation ${i}: ${text}`);
    }
  });

  it('once no more runs will be parsed, bytes are held undecoded: the provisional reading decodes only the end it reads', () => {
    const text = buildLargePackumentText({ name: LARGE });
    const bytes = utf8(text);
    const reader = incrementalJsonReader(VERSIONS);
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    const decoded = () =>
      decode.mock.calls.reduce((sum, [input]) => sum + ((input as Uint8Array | undefined)?.byteLength ?? 0), 0);
    // Already there, as a body buffered before the reader started: read without waiting.
    for (let at = 0; at < bytes.length; at += 65_536) reader.pushBytes(bytes.subarray(at, at + 65_536), 0);
    const beforeTheEnd = decoded();
    const reading = reader.provisional?.();
    const forTheReading = decoded() - beforeTheEnd;
    expect(reading).toBeDefined();
    expectEndOfDocument(text, reading?.document, LARGE);
    expect(Object.keys(reading?.document.versions as object).length).toBeGreaterThan(50);
    // Decoded: about what made runs stop (a megabyte), then the end read (512–640 KB).
    expect(beforeTheEnd).toBeLessThan(1_200_000);
    expect(forTheReading).toBeLessThan(700_000);
    expect(JSON.stringify(reader.finish())).toBe(text);
    expect(decoded() - forTheReading).toBe(bytes.length);
  }, 60_000);

  it('a provisional reading asked for after every piece changes nothing: no reading before the end, then the same one', () => {
    const rng = makeRng(1201);
    // The derived 3,000-version packument (multi-byte characters in it) as bytes, cut anywhere.
    const text = `${buildLargePackumentText({ name: LARGE })}\n`;
    const bytes = new TextEncoder().encode(text);
    const atEnd = incrementalJsonReader(VERSIONS);
    atEnd.pushBytes(bytes, 0);
    const expected = atEnd.provisional?.()?.document;
    expect(expected).toBeDefined();
    for (let round = 0; round < 3; round++) {
      const reader = incrementalJsonReader(VERSIONS);
      const early: string[] = [];
      for (let at = 0; at < bytes.length;) {
        const size = 1 + rng.int(3_000_000);
        reader.pushBytes(bytes.slice(at, at + size), rng.int(2));
        at += size;
        // Every piece, a reading asked for; one offered only once the document's text is all in.
        const reading = reader.provisional?.(undefined, true);
        if (reading) early.push(text.slice(new TextDecoder().decode(bytes.slice(0, at)).length).trim());
      }
      expect(early.every((rest) => rest === '')).toBe(true);
      expect(early.length).toBeGreaterThan(0);
      expect(JSON.stringify(reader.provisional?.()?.document)).toBe(JSON.stringify(expected));
      expect(JSON.stringify(reader.finish())).toBe(text.trim());
    }
  }, 60_000);

  it('held bytes are decoded as they come when the reader waited for them about as long as decoding takes', () => {
    const text = wideCharacterPackument();
    const bytes = utf8(text);
    const versions = bytes.indexOf(0x7b, new TextDecoder().decode(bytes).indexOf('"versions":{') + 11) + 1;
    const decodedAfter = (waitMs: number) => {
      const reader = incrementalJsonReader(VERSIONS, { runChars: 16, maxRunChars: 300 });
      const decode = vi.spyOn(TextDecoder.prototype, 'decode');
      reader.pushBytes(bytes.subarray(0, versions), 0);
      // More than a run may hold at once: held from here on.
      reader.pushBytes(bytes.subarray(versions, versions + 400), 0);
      // Pieces of 100 bytes, each waited for `waitMs` (decoding 100 bytes takes far less than 1 ms).
      for (let at = versions + 400; at < bytes.length; at += 100)
        reader.pushBytes(bytes.subarray(at, at + 100), waitMs);
      const decoded = decode.mock.calls.reduce(
        (sum, [input]) => sum + ((input as Uint8Array | undefined)?.byteLength ?? 0),
        0,
      );
      decode.mockRestore();
      expect(reader.finish()).toStrictEqual(JSON.parse(text));
      return decoded;
    };
    // Not waited for: held to the end.
    expect(decodedAfter(0)).toBe(versions + 400);
    // Waited for (a slow link): each decoded as it comes.
    expect(decodedAfter(1)).toBe(bytes.length);
  });

  it('one long wait does not pay for decoding much: only a few short ones do (a busy machine, not a slow link)', () => {
    const versions: Record<string, unknown> = {};
    for (let i = 0; i < 400; i++) versions[`1.0.${i}`] = { name: 'p', readme: 'x'.repeat(2000) };
    const text = JSON.stringify({ name: 'p', versions, time: {} });
    const bytes = utf8(text);
    const start = text.indexOf('"1.0.0"');
    const reader = incrementalJsonReader(VERSIONS, { runChars: 16, maxRunChars: 300 });
    reader.pushBytes(bytes.subarray(0, start), 0);
    // More than a run may hold at once: held from here on.
    reader.pushBytes(bytes.subarray(start, start + 400), 0);
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    // 700 KB, waited for once for 50 ms (it takes about 2.8 ms to decode at 250 KB/ms): held.
    reader.pushBytes(bytes.subarray(start + 400, start + 700_000), 50);
    reader.pushBytes(bytes.subarray(start + 700_000, start + 700_100), 0);
    expect(decode).not.toHaveBeenCalled();
    // Then pieces each waited for a millisecond: decoded once they paid for what is held.
    for (let at = start + 700_100, i = 0; i < 3; at += 100, i++) reader.pushBytes(bytes.subarray(at, at + 100), 1);
    expect(decode).toHaveBeenCalled();
    reader.pushBytes(bytes.subarray(start + 700_400), 0);
    expect(reader.finish()).toStrictEqual(JSON.parse(text));
  });
});

describe('wholeJsonReader', () => {
  it('is JSON.parse of everything pushed', () => {
    const reader = wholeJsonReader();
    reader.push('{"a":');
    reader.push('[1,2]}');
    expect(reader.finish()).toStrictEqual({ a: [1, 2] });
    expect(reader.text()).toBe('{"a":[1,2]}');
  });

  it('decodes bytes as TextDecoder does, a character cut between pieces included', () => {
    const bytes = utf8('{"a":"é😀"}');
    const reader = wholeJsonReader();
    for (let at = 0; at < bytes.length; at += 3) reader.pushBytes(bytes.subarray(at, at + 3));
    expect(reader.finish()).toStrictEqual({ a: 'é😀' });
    expect(reader.text()).toBe('{"a":"é😀"}');
  });
});
