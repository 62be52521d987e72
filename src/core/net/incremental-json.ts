// Parses a JSON document while its text arrives, so that when the last byte comes only
// the end of the document is left to parse. A packument's `versions` (thousands of
// version records, most of its tens of megabytes) is parsed in runs of whole members,
// each run by one call of the engine's own JSON.parse, as soon as its text is in.
//
// Hand-written because no library does this: streaming JSON parsers (clarinet,
// jsonparse, @streamparser/json) tokenise and build every value in JavaScript, several
// times slower than JSON.parse on a 20 MB document, and a JavaScript scanner that finds
// where members end costs about as much as the parse (tried and not kept: docs/performance.md).
// Here nothing is scanned character by character. Where a run of members ends is
// only guessed, from the text `},"<key>":{` (JSON's whitespace allowed between its tokens,
// as pretty-printed documents have it) with a key the caller finds likely, and the guess
// is checked by JSON.parse itself:
//
// - `{` + the text from the start of a member up to a guessed `}` + `}` parses exactly
//   when that `}` closes a member of the split object: the text is the document's own,
//   read from the same parser state (expecting a member's key), and the closing `}` we
//   add then closes the object we opened. A `}` deeper inside a member leaves an object
//   open, and the parse fails.
// - The head of the document (up to `"versions":{`) is checked the same way: it parses,
//   with `{}}` put after it, exactly when that key is a member of the top-level object.
// - The rest (after the last run) is parsed with its beginning replaced by `{"<sentinel>":{`,
//   the same parser state.
//
// So the value is JSON.parse's whenever every piece parses; members are set as JSON.parse
// sets them (own data properties, a repeated key's last value in its first place, so that
// `__proto__` stays a key; the split key repeated at the top level takes its last value).
// Anything else (a failed guess, more whitespace than a guess allows) makes the reader
// give up and parse the whole text at the end, exactly as before, with
// JSON.parse's own error when the document is not JSON.
//
// Runs only fill time spent waiting for the network (MIN_WAIT_MS, MAX_RUN_CHARS). When the
// text comes faster than that (a fast link, a body that was there before the reader
// started), it is parsed whole at the end; a caller that wants its first rows sooner can
// first ask for a PROVISIONAL reading of the document's end (`provisional`): the last
// members of the split object and the top-level members after it, parsed from a guessed
// boundary about half a megabyte before the end (longer if its caller finds it short), in
// milliseconds instead of the hundreds a 20 MB document takes. It is not checked against
// the rest of the document, which `finish` then parses: for a first look only (see
// `ProvisionalReading`). A document written newest first (some registries' and
// generators' order) has its newest members at the start of the split object: a reading
// its caller finds short is offered again with the object's first members too, parsed
// from the text decoded already, as a run would be.
//
// The pending text is kept as the pieces it came in and joined once per parse: one string
// grown by `+=` is copied whole by every search or slice of it (in Node, reading the
// derived 20 MB packument in runs took 198–228 ms that way, 160–197 ms this way).
//
// A body read as bytes (`pushBytes`) is decoded as it comes only while runs may be parsed.
// Once no more runs will be (MAX_RUN_CHARS), its bytes are held as they came and decoded
// when the text is needed: a provisional reading decodes only the end it reads, and
// `finish` the rest. Decoding 20 MB of UTF-8 takes Chromium 45 ms on an idle core, 70–90 ms
// on the benchmark's busy machine, and none of it is needed for the first rows.

import { heldBytes } from './held-bytes';
import { assignMembers, setMember } from './json-members';
import type { JsonReader, ProvisionalReading, SplitMember } from './json-reader';

/** Runs of members are parsed once this much text is waiting (fewer, larger parses). */
const RUN_CHARS = 256 * 1024;
/**
 * ...and only when the caller waited this long for that text. Text that is already there
 * (a body buffered before the reader started, a download faster than the reader) is
 * parsed whole at the end: runs cost more CPU than one parse (about 25% more for a 20 MB
 * packument), and a reader busy parsing does not read, which stalls a fast download; they
 * are worth it only when they fill time spent waiting for the network.
 */
const MIN_WAIT_MS = 2;
/**
 * Once this much text is waiting, it comes faster than the reader waits for it (a fast
 * link, a body already there): runs would compete with the download for the CPU. No more
 * runs are parsed; the rest is parsed at the end, after a provisional reading of its end
 * for the first rows (`provisional`).
 */
const MAX_RUN_CHARS = 1024 * 1024;
/**
 * Bytes held (see `pushBytes`) are decoded once the caller has waited for them about as
 * long as decoding them takes at this pace (Chromium decodes UTF-8 at 450 MB/s on an idle
 * core of the benchmark's machine, 220–290 MB/s on a busy one)...
 */
const DECODE_BYTES_PER_MS = 250_000;
/**
 * ...counting at most this much of one wait. On a slow link the body comes in many small
 * pieces, each waited for a millisecond or two: what is held is decoded in those waits (in
 * marks on a 50 Mbit/s link, 80–140 times for the derived 20 MB packument). On loopback it
 * comes in pieces of megabytes, sometimes after a long wait, which is a busy machine (the
 * browser's network service waiting for a core): decoding then would only slow the download
 * more, and it stays held to the end.
 */
const ONE_WAIT_MAX_MS = 1;
/** A piece waited for less than this was there already (a read resolved at once): its wait does not count. */
const THERE_ALREADY_MS = 0.5;
/**
 * A provisional reading is offered only when at least this much text is left to parse
 * at the end (a 20 MB packument takes 150–200 ms to parse; a megabyte, 10–25 ms)...
 * Twice the tail read: below that, the reading would parse most of the document twice.
 * It was 4 MB; at 1 MB, the first row of a link to 3,000 small versions (3.2 MB, derived)
 * came 194 → 180 ms from navigation, of 1.1 MB 186 → 173 ms (medians of 6 alternated
 * runs): their newest are read from the end, 512 KB, before the whole is parsed.
 */
const PROVISIONAL_MIN_CHARS = 1024 * 1024;
/**
 * ...and reads about the last PROVISIONAL_TAIL_CHARS of it; if its caller needs more
 * (`provisional`'s `enough`), 4 times that. It is read after the last byte, before the
 * first rows: the shorter, the sooner they come. The derived 3,000-version packuments'
 * 50 newest versions and `time` take their last 280 KB (10 MB) and 450 KB (20 MB).
 */
const PROVISIONAL_TAIL_CHARS = 512 * 1024;
const PROVISIONAL_TAIL_GROWTH = 4;
/**
 * An end its caller finds N members short (`ProvisionalVerdict`) is read again longer by
 * N of its members' average length, a quarter more, and at least a quarter longer; ends
 * are read at most this many times. A link to 3,000 versions of 9 KB (27 MB, derived from
 * `next`'s) waited for three readings (512 KB, the same with the first members, 2 MB), now
 * two (512 and about 700 KB): first row 288 → 257 ms, 1.22 → 1.09 × fetch + parse (medians
 * of 8 alternated runs).
 */
const LONGER_END_MARGIN = 1.25;
const LONGER_END_MIN_GROWTH = 1.25;
const MAX_END_READINGS = 3;
/** The head is looked for in the first this many characters; a packument's is a few hundred. */
const HEAD_LIMIT = 1024 * 1024;
/**
 * The key that stands for the split object when the rest is parsed. A NUL has one JSON
 * spelling, `\u0000`, so a document that could have this key at its top level is one
 * whose text contains `"\u0000"`: such a document is parsed whole.
 */
const SENTINEL = '\u0000';
const SENTINEL_TEXT = JSON.stringify(SENTINEL);
/** JSON's whitespace, up to this much between the tokens of a boundary (a pretty-printed document's). */
const WS = '[ \\t\\n\\r]{0,64}';
/** A member's end followed by the next member's key and an object value; the key without escapes. */
const BOUNDARY = new RegExp(`\\}${WS},${WS}"([^"\\\\]{1,256})"${WS}:${WS}\\{`, 'y');
/** The longest text BOUNDARY matches: `},"`, a key of 256 characters, `":{`, and its whitespace. */
const MAX_BOUNDARY = 3 + 256 + 3 + 4 * 64;
/** What may follow a member's `}` in a boundary: its `,`, or whitespace. */
const AFTER_MEMBER = new Set([','.charCodeAt(0), 32, 9, 10, 13]);

type Phase = 'head' | 'members' | 'whole';

export interface ReaderOptions {
  /** The pending text that makes a run (tests use small runs to cut documents everywhere). */
  runChars?: number;
  /** See MAX_RUN_CHARS. */
  maxRunChars?: number;
  /** The least text left for a provisional reading, and how much of its end it reads (tests use small ones). */
  provisionalMinChars?: number;
  provisionalTailChars?: number;
}

export function incrementalJsonReader(split: SplitMember, options: ReaderOptions = {}): JsonReader {
  const runChars = options.runChars ?? RUN_CHARS;
  const maxRunChars = Math.max(runChars, options.maxRunChars ?? MAX_RUN_CHARS);
  /** More than `maxRunChars` was waiting at once: no more runs (MAX_RUN_CHARS). */
  let fast = false;
  const provisionalMinChars = options.provisionalMinChars ?? PROVISIONAL_MIN_CHARS;
  const provisionalTailChars = options.provisionalTailChars ?? PROVISIONAL_TAIL_CHARS;
  const pieces: string[] = [];
  const whole = () => pieces.join('');
  const key = JSON.stringify(split.name);
  // The split member's key and the start of its object (regular expression characters escaped).
  const marker = new RegExp(`${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${WS}:${WS}\\{`);
  let phase: Phase = 'head';
  /** In `head`: the text so far. */
  let headText = '';
  /**
   * In `members`: the text not parsed yet, as the pieces it came in (joined only to be
   * parsed: searching or slicing one string built by `+=` copies all of it each time).
   * It starts at a member's key (or the object's end).
   */
  let pending: string[] = [];
  let pendingLength = 0;
  /** The top-level members before the split one, the split one's value standing as `{}`. */
  let head: Record<string, unknown> = {};
  const members: Record<string, unknown> = {};
  /** Time the caller waited for the text since the last run. */
  let waited = 0;
  let parsedRun = false;

  const giveUp = () => {
    phase = 'whole';
    headText = '';
    pending = [];
  };

  const readHead = () => {
    const found = marker.exec(headText);
    if (!found) {
      if (headText.length > HEAD_LIMIT) giveUp();
      return;
    }
    try {
      head = JSON.parse(`${headText.slice(0, found.index)}${key}:{}}`) as Record<string, unknown>;
    } catch {
      giveUp();
      return;
    }
    const rest = headText.slice(found.index + found[0].length);
    headText = '';
    pending = [rest];
    pendingLength = rest.length;
    phase = 'members';
  };

  /**
   * Up to `length` characters of the text in `texts` from `offset` in piece `i` (a negative
   * offset counts back into the pieces before it).
   */
  const textAt = (texts: string[], i: number, offset: number, length: number): string => {
    while (offset < 0 && i > 0) offset += texts[--i]!.length;
    let text = '';
    for (; i < texts.length && text.length < length; i++, offset = 0)
      text += texts[i]!.slice(Math.max(0, offset), Math.max(0, offset) + length - text.length);
    return text;
  };

  /**
   * Whether a boundary with a likely key starts at `offset` in piece `i` of `texts` (its
   * `}`): how far after that `}` the next member starts (past the `,`), else -1.
   */
  const likelyBoundaryAt = (texts: string[], i: number, offset: number): number => {
    BOUNDARY.lastIndex = 0;
    const found = BOUNDARY.exec(textAt(texts, i, offset, MAX_BOUNDARY));
    return found && split.likelyKey(found[1]!) ? found[0].indexOf(',') + 1 : -1;
  };

  /** Boundaries before this index of the pending text were looked at already (none was likely). */
  let looked = 0;

  /**
   * The last likely boundary in the text of `texts` (`length` characters; the pending text
   * when not given) whose `}` is not before `floor` and before `ceiling`: the index of that
   * `}` (`end`) and of the next member (`next`, past the `,`); undefined if there is none.
   */
  const lastLikelyBoundary = (
    floor: number,
    ceiling = pendingLength,
    texts = pending,
    length = pendingLength,
  ): { end: number; next: number } | undefined => {
    let pieceEnd = length;
    for (let i = texts.length - 1; i >= 0 && pieceEnd > floor; i--) {
      const piece = texts[i]!;
      const pieceStart = pieceEnd - piece.length;
      pieceEnd = pieceStart;
      // Each `}` of this piece, from its last; the rest of a boundary may run into the next pieces.
      for (let from = Math.min(piece.length, ceiling - pieceStart) - 1; from >= 0;) {
        const at = piece.lastIndexOf('}', from);
        if (at < 0 || pieceStart + at < floor) break;
        const after = at + 1 < piece.length ? piece.charCodeAt(at + 1) : undefined;
        if (after === undefined || AFTER_MEMBER.has(after)) {
          const next = likelyBoundaryAt(texts, i, at);
          if (next > 0) return { end: pieceStart + at, next: pieceStart + at + next };
        }
        from = at - 1;
      }
    }
    return undefined;
  };

  /** The text of `texts` (the pending text when not given) from `start` to `end`, as pieces (none copied whole). */
  const pendingPieces = (start: number, end = pendingLength, texts = pending): string[] => {
    const out: string[] = [];
    let pieceStart = 0;
    for (const piece of texts) {
      const pieceEnd = pieceStart + piece.length;
      if (pieceEnd > start && pieceStart < end)
        out.push(
          pieceStart >= start && pieceEnd <= end
            ? piece
            : piece.slice(Math.max(0, start - pieceStart), end - pieceStart),
        );
      pieceStart = pieceEnd;
    }
    return out;
  };

  /**
   * The document's rest (`text`: from a member's key of the split object to the end),
   * parsed in the parser state it is read in: its last members under the sentinel, the
   * top-level members after them. Undefined when it does not parse, or may hold the sentinel.
   */
  const parseRest = (text: string): Record<string, unknown> | undefined => {
    if (text.includes(SENTINEL_TEXT)) return undefined;
    try {
      return JSON.parse(`{${SENTINEL_TEXT}:{${text}`) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  };

  /** The document: the head's members, the split one's value `splitValue`, then the rest's. */
  const assemble = (splitValue: unknown, rest: Record<string, unknown>): Record<string, unknown> => {
    const value: Record<string, unknown> = {};
    for (const key of Object.keys(head)) setMember(value, key, key === split.name ? splitValue : head[key]);
    for (const key of Object.keys(rest)) if (key !== SENTINEL) setMember(value, key, rest[key]);
    return value;
  };

  /** Parses the members up to the last likely boundary in the pending text. */
  const readMembers = () => {
    const floor = looked;
    // A boundary found later may start up to its longest length before the old end.
    looked = Math.max(0, pendingLength - MAX_BOUNDARY);
    const boundary = lastLikelyBoundary(floor);
    if (!boundary) return;
    let run: Record<string, unknown>;
    try {
      // The run, from the pending text's start through the boundary's `}`, joined once.
      run = JSON.parse(['{', ...pendingPieces(0, boundary.end + 1), '}'].join('')) as Record<string, unknown>;
    } catch {
      // Not a member's end (or not JSON): the whole text is parsed at the end.
      giveUp();
      return;
    }
    assignMembers(members, run);
    parsedRun = true;
    // The rest starts after the boundary's `,`.
    pending = pendingPieces(boundary.next);
    pendingLength -= boundary.next;
    looked = 0;
    waited = 0;
  };

  const pushText = (text: string, waitedMs = 0) => {
    pieces.push(text);
    if (phase === 'whole') return;
    if (waitedMs >= THERE_ALREADY_MS) waited += waitedMs;
    if (phase === 'head') {
      headText += text;
      readHead();
      return;
    }
    if (text === '') return;
    pending.push(text);
    pendingLength += text.length;
    if (pendingLength > maxRunChars) fast = true;
    if (!fast && pendingLength >= runChars && waited >= MIN_WAIT_MS) readMembers();
  };

  const bytes = heldBytes((text) => pushText(text));
  /** Time the caller waited for the bytes held. */
  let heldWait = 0;

  /** The provisional reading of the end of `texts` (`length` characters), about `tailChars` long. */
  const provisionalOf = (texts: string[], length: number, tailChars: number): ProvisionalReading | undefined => {
    // The last likely boundary at least the tail's length before the end, looked for in
    // the tail's length before that.
    const ceiling = length - tailChars + 1;
    const boundary = lastLikelyBoundary(Math.max(0, ceiling - tailChars), ceiling, texts, length);
    if (!boundary) return undefined;
    const rest = parseRest(pendingPieces(boundary.next, length, texts).join(''));
    return rest && { document: assemble(rest[SENTINEL], rest) };
  };

  /** A provisional reading of about the last `tailChars` of the document, if it gives one; `more` text may follow. */
  const readEnd = (tailChars: number, more: boolean): ProvisionalReading | undefined => {
    if (phase !== 'members' || pendingLength + bytes.length() < provisionalMinChars) return undefined;
    // Enough bytes held for the end it reads: only those are decoded. The boundary is
    // most often within a member's length before the tail: looked for in a quarter of
    // the tail's length before it, then in the tail's length as from text. (Counted in
    // bytes: an end of many multi-byte characters holds fewer characters than that, and
    // may give no reading, never another one.)
    if (bytes.length() >= 2 * tailChars) {
      for (const before of [Math.ceil(tailChars / 4), tailChars]) {
        const tail = bytes.lastText(tailChars + before);
        const reading = provisionalOf([tail], tail.length, tailChars);
        if (reading) return reading;
      }
      return undefined;
    }
    // More may follow: the held bytes only, the decoder's stream left open.
    if (more) bytes.decodeHeld();
    else bytes.decodeAll();
    if (pendingLength < provisionalMinChars) return undefined;
    return provisionalOf(pending, pendingLength, tailChars);
  };

  /**
   * The split object's first members, from about its first `chars` of text (with the runs
   * parsed already): the pending text is parsed up to a likely boundary as a run would be,
   * nothing of the reader's state changed. Undefined when there are none.
   */
  const readStart = (chars: number): Record<string, unknown> | undefined => {
    if (phase !== 'members') return undefined;
    const first: Record<string, unknown> = {};
    assignMembers(first, members);
    // Only text decoded already (at least MAX_RUN_CHARS of it when the rest is held as bytes).
    const boundary = lastLikelyBoundary(0, Math.min(chars, pendingLength));
    if (boundary) {
      try {
        assignMembers(
          first,
          JSON.parse(['{', ...pendingPieces(0, boundary.end + 1), '}'].join('')) as Record<string, unknown>,
        );
      } catch {
        // Not a member's end: the runs' members only.
      }
    }
    return Object.keys(first).length > 0 ? first : undefined;
  };

  /**
   * An end about `missing` members longer than `chars`, from the length of the members an
   * end of `chars` held (`reading`). An overestimate: the end holds other members than the
   * split object's (a packument's `time`), counted here as if they were its.
   */
  const longerEnd = (chars: number, reading: ProvisionalReading, missing: number): number => {
    const members = reading.document[split.name];
    const held = typeof members === 'object' && members !== null ? Object.keys(members).length : 0;
    return held === 0
      ? chars * PROVISIONAL_TAIL_GROWTH
      : chars + Math.ceil(((missing * chars) / held) * LONGER_END_MARGIN);
  };

  /** `reading`, its split member holding `first` members before its last ones. */
  const withFirstMembers = (reading: ProvisionalReading, first: Record<string, unknown>): ProvisionalReading => {
    const last = reading.document[split.name] as Record<string, unknown>;
    const both: Record<string, unknown> = {};
    assignMembers(both, first);
    // A member in both (a short document) has the same text: its value is the same.
    assignMembers(both, last);
    // A copy (own data properties, `__proto__` too, in order), its split member replaced in place.
    const document = { ...reading.document };
    setMember(document, split.name, both);
    return { document };
  };

  return {
    push: pushText,
    pushBytes(chunk, waitedMs = 0) {
      // No run will parse this text (the whole is parsed at the end): held as bytes.
      if ((phase === 'members' && fast) || phase === 'whole') {
        bytes.hold(chunk);
        if (waitedMs >= THERE_ALREADY_MS) heldWait += Math.min(waitedMs, ONE_WAIT_MAX_MS);
        // What is held is decoded while the reader has waited about as long as that takes:
        // on a slow link, in the waits for the network (DECODE_BYTES_PER_MS).
        if (heldWait * DECODE_BYTES_PER_MS >= bytes.length()) {
          bytes.decodeHeld();
          heldWait = 0;
        }
      } else pushText(bytes.decodeNow(chunk), waitedMs);
    },
    finish() {
      bytes.decodeAll();
      // No run parsed (the text was there already, or the guess never fit): one parse.
      if (phase !== 'members' || !parsedRun) return JSON.parse(whole()) as unknown;
      const rest = parseRest(pending.join(''));
      // Not JSON, or the sentinel may be in it: the whole text, with JSON.parse's own error.
      if (!rest) return JSON.parse(whole()) as unknown;
      assignMembers(members, rest[SENTINEL] as Record<string, unknown>);
      return assemble(members, rest);
    },
    text() {
      bytes.decodeAll();
      return whole();
    },
    provisional(enough = () => true, more = false) {
      const longest = provisionalTailChars * PROVISIONAL_TAIL_GROWTH;
      let chars = provisionalTailChars;
      for (let readings = 1; ; readings++) {
        const end = readEnd(chars, more);
        let next = chars * PROVISIONAL_TAIL_GROWTH;
        if (end) {
          const verdict = enough(end);
          if (verdict === true) return end;
          if (typeof verdict === 'number' && verdict >= 1) next = longerEnd(chars, end, verdict);
          else {
            // Short: the newest members may be the split object's first (a document written
            // newest first): the same end, with them.
            const first = readStart(chars);
            const both = first && withFirstMembers(end, first);
            if (both && enough(both) === true) return both;
          }
        }
        // With more to come, no end may be where the document's is: none longer is read.
        if ((!end && more) || chars >= longest || readings >= MAX_END_READINGS) return undefined;
        chars = Math.min(longest, Math.max(Math.ceil(chars * LONGER_END_MIN_GROWTH), next));
      }
    },
  };
}
