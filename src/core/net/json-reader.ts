// What a reader of a JSON document given in pieces offers (core/net/incremental-json.ts,
// core/net/whole-json-reader.ts), and what its caller answers to a provisional reading.

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
  /**
   * The next bytes of the document, UTF-8, decoded as `new TextDecoder().decode` decodes
   * them all at once (a leading byte order mark dropped, invalid bytes replaced); `waitedMs`
   * as for `push`. A reader is given either text or bytes.
   */
  pushBytes(bytes: Uint8Array, waitedMs?: number): void;
  /** The document's value, exactly `JSON.parse(all the text)`: the same value, or the same error. */
  finish(): unknown;
  /** All the text pushed (for error messages). */
  text(): string;
  /**
   * Before `finish`, once all the text is in, or sooner with `more` (where the text so far
   * may end with the document; the reader's state is not changed, and an end that gives
   * no reading is not followed by a longer one): a PROVISIONAL reading
   * of the document when much of it is left to parse (see `ProvisionalReading`);
   * undefined otherwise. Ends of growing length are read (PROVISIONAL_TAIL_CHARS, then
   * longer ones up to 4 times that) until `enough` takes one (without `enough`, the first
   * reading); what it answers decides what is offered next (`ProvisionalVerdict`).
   */
  provisional?(
    enough?: (reading: ProvisionalReading) => ProvisionalVerdict,
    more?: boolean,
  ): ProvisionalReading | undefined;
}

/**
 * What the caller of `JsonReader.provisional` says of a reading:
 * - `true`: taken;
 * - `false`: it lacks what the caller needs, and the caller cannot say why. The same end
 *   is offered again with the split object's first members of about its length (the
 *   newest of a document written newest first), then an end 4 times as long, and again
 *   with the first members;
 * - a number N (at least 1): the end holds the right members, N too few of them (a
 *   document in publish order whose newest members are larger than the end read). An end
 *   longer by about N of its members, with a margin, is offered next, and not the first
 *   members: one reading of the length needed instead of three.
 */
export type ProvisionalVerdict = boolean | number;

/**
 * The document's top-level members, its split member holding only its LAST members (and,
 * when offered again, its FIRST ones before them): read from the end of the text (and its
 * start), from guessed boundaries, without parsing what lies between.
 * Not checked against the rest of the document (that is `finish`), so:
 * - the guess is right, and these are exactly the whole document's members, unless a
 *   top-level member after the split one has, inside its object value, a likely key with
 *   an object value (no npm packument does: `time`, `users`, `maintainers`, `readme`…
 *   hold strings, booleans and arrays). In a document made that way to mislead this
 *   reading, that member's members may stand as the split member's;
 * - the text before the guessed boundary may not be JSON at all: `finish` then throws;
 * - a member repeated (a key twice in the split object, which JSON allows) has the value
 *   of its place read, where JSON.parse takes its last one;
 * - asked for before the whole text is in (core/net/http-client.ts, after a piece ending
 *   with `}`), a reading parses only where the text ends with the document, unless the
 *   guessed boundary is inside a member of the split object (a member's object value with
 *   a likely key and an object value: no npm packument has one), where it may stand for
 *   the document read to that point.
 */
export interface ProvisionalReading {
  document: Record<string, unknown>;
}
