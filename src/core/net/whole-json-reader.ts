// The reader for a document that is not read as it arrives: all of it is parsed at the
// end, by one JSON.parse (http-client.ts, for every document but a packument).
import { heldBytes } from './held-bytes';
import type { JsonReader } from './json-reader';

/** A reader that parses everything at the end: `JSON.parse` of the whole text. */
export function wholeJsonReader(): JsonReader {
  const pieces: string[] = [];
  const bytes = heldBytes((text) => void pieces.push(text));
  const whole = () => {
    bytes.decodeAll();
    return pieces.join('');
  };
  return {
    push: (text) => void pieces.push(text),
    pushBytes: (chunk) => void pieces.push(bytes.decodeNow(chunk)),
    finish: () => JSON.parse(whole()) as unknown,
    text: whole,
  };
}
