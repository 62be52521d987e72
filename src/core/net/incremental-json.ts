// Parses a JSON document while its text arrives, so that when the last byte comes only
// the end of the document is left to parse. A packument's `versions` (thousands of
// version records, most of its tens of megabytes) is parsed in runs of whole members,
// each run by one call of the engine's own JSON.parse, as soon as its text is in.
//
// Hand-written because no library does this: streaming JSON parsers (clarinet,
// jsonparse, @streamparser/json) tokenise and build every value in JavaScript, several
// times slower than JSON.parse on a 20 MB document, and a JavaScript scanner that finds
// where members end costs about as much as the parse (tried: README, "tried and not
// kept"). Here nothing is scanned character by character. Where a run of members ends is
// only guessed, from the text `},"<key>":{` with a key the caller finds likely, and the
// guess is checked by JSON.parse itself:
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
// Anything else (a failed guess, whitespace where the guess expects none) makes the
// reader give up and parse the whole text at the end, exactly as before, with
// JSON.parse's own error when the document is not JSON.

/** The top-level member whose object is parsed member by member, and which keys to guess on. */
export interface SplitMember {
  /** The key of a top-level member whose value is an object (a packument's `versions`). */
  name: string;
  /** Whether `key` (its raw text, without escapes) is likely a member of that object. A wrong guess costs time, never a wrong value. */
  likelyKey: (key: string) => boolean;
}

export interface JsonReader {
  /**
   * The next piece of the document's text, in order, and how long the caller waited for
   * it (for the network: not time spent on its own work, such as decoding).
   */
  push(text: string, waitedMs?: number): void;
  /** The document's value, exactly `JSON.parse(all the text)`: the same value, or the same error. */
  finish(): unknown;
  /** All the text pushed (for error messages). */
  text(): string;
}

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
/** A piece waited for less than this was there already (a read resolved at once): its wait does not count. */
const THERE_ALREADY_MS = 0.5;
/** The head is looked for in the first this many characters; a packument's is a few hundred. */
const HEAD_LIMIT = 1024 * 1024;
/**
 * The key that stands for the split object when the rest is parsed. A NUL has one JSON
 * spelling, `\u0000`, so a document that could have this key at its top level is one
 * whose text contains `"\u0000"`: such a document is parsed whole.
 */
const SENTINEL = '\u0000';
const SENTINEL_TEXT = JSON.stringify(SENTINEL);
/** A member's end followed by the next member's key and an object value; the key without escapes. */
const BOUNDARY = /\},"([^"\\]{1,256})":\{/y;
/** The longest text BOUNDARY matches: `},"`, a key of 256 characters, `":{`. */
const MAX_BOUNDARY = 3 + 256 + 3;

/** A reader that parses everything at the end: `JSON.parse` of the whole text. */
export function wholeJsonReader(): JsonReader {
  const pieces: string[] = [];
  return {
    push: (text) => void pieces.push(text),
    finish: () => JSON.parse(pieces.join('')) as unknown,
    text: () => pieces.join(''),
  };
}

type Phase = 'head' | 'members' | 'whole';

export interface ReaderOptions {
  /** The pending text that makes a run (tests use small runs to cut documents everywhere). */
  runChars?: number;
}

export function incrementalJsonReader(split: SplitMember, options: ReaderOptions = {}): JsonReader {
  const runChars = options.runChars ?? RUN_CHARS;
  const pieces: string[] = [];
  const whole = () => pieces.join('');
  const marker = `${JSON.stringify(split.name)}:{`;
  let phase: Phase = 'head';
  /** Text not parsed yet; in `members`, it starts at a member's key (or the object's end). */
  let pending = '';
  /** The top-level members before the split one, the split one's value standing as `{}`. */
  let head: Record<string, unknown> = {};
  const members: Record<string, unknown> = {};
  /** Time the caller waited for the text since the last run. */
  let waited = 0;
  let parsedRun = false;

  const giveUp = () => {
    phase = 'whole';
    pending = '';
  };

  const readHead = () => {
    const at = pending.indexOf(marker);
    if (at < 0) {
      if (pending.length > HEAD_LIMIT) giveUp();
      return;
    }
    try {
      head = JSON.parse(`${pending.slice(0, at)}${marker}}}`) as Record<string, unknown>;
    } catch {
      giveUp();
      return;
    }
    pending = pending.slice(at + marker.length);
    phase = 'members';
  };

  /** Boundaries before this index of `pending` were looked at already (none was likely). */
  let looked = 0;

  /** Parses the members up to the last likely boundary in the pending text. */
  const readMembers = () => {
    let from = pending.length;
    const floor = looked;
    // A boundary found later may start up to its longest length before the old end.
    looked = Math.max(0, pending.length - MAX_BOUNDARY);
    for (;;) {
      const at = pending.lastIndexOf('},"', from);
      if (at < floor) return;
      BOUNDARY.lastIndex = at;
      const match = BOUNDARY.exec(pending);
      const key = match?.[1];
      if (key !== undefined && split.likelyKey(key)) {
        let run: Record<string, unknown>;
        try {
          run = JSON.parse(`{${pending.slice(0, at + 1)}}`) as Record<string, unknown>;
        } catch {
          // Not a member's end (or not JSON): the whole text is parsed at the end.
          giveUp();
          return;
        }
        assignMembers(members, run);
        parsedRun = true;
        pending = pending.slice(at + 2);
        looked = 0;
        waited = 0;
        return;
      }
      from = at - 1;
      if (from < 0) return;
    }
  };

  return {
    push(text, waitedMs = 0) {
      pieces.push(text);
      if (phase === 'whole') return;
      if (waitedMs >= THERE_ALREADY_MS) waited += waitedMs;
      pending += text;
      if (phase === 'head') readHead();
      if (phase === 'members' && pending.length >= runChars && waited >= MIN_WAIT_MS) readMembers();
    },
    finish() {
      // No run parsed (the text was there already, or the guess never fit): one parse.
      if (phase !== 'members' || !parsedRun) return JSON.parse(whole()) as unknown;
      let rest: Record<string, unknown>;
      try {
        if (pending.includes(SENTINEL_TEXT)) throw new Error('the sentinel key may be in the document');
        rest = JSON.parse(`{${SENTINEL_TEXT}:{${pending}`) as Record<string, unknown>;
      } catch {
        return JSON.parse(whole()) as unknown;
      }
      assignMembers(members, rest[SENTINEL] as Record<string, unknown>);
      const value: Record<string, unknown> = {};
      for (const key of Object.keys(head)) setMember(value, key, key === split.name ? members : head[key]);
      for (const key of Object.keys(rest)) if (key !== SENTINEL) setMember(value, key, rest[key]);
      return value;
    },
    text: whole,
  };
}

/** Sets a member as JSON.parse does: an own data property, even for `__proto__`. */
function setMember(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

function assignMembers(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const key of Object.keys(source)) setMember(target, key, source[key]);
}
