// JSON text as the user pasted it: parsed, and when it is not JSON, where and why.
import { errorText } from './read';
import type { Parsed } from './types';

/**
 * JSON.parse, and when it fails, where and why. Engines word (and place) their errors
 * differently, and V8 often gives no position at all, so the place comes from a small
 * scanner of our own that stops at the first character JSON does not allow.
 */
export function parseJsonText(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const found = findJsonError(text);
    if (!found) return { ok: false, message: `: ${errorText(error)}.` };
    const { line, column } = lineAndColumn(text, found.offset);
    return {
      ok: false,
      message: `at line ${line}, column ${column} (character ${found.offset + 1}): ${found.reason}.`,
    };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/** The first syntax error of `text` as JSON (RFC 8259), or undefined when there is none. */
export function findJsonError(text: string): { offset: number; reason: string } | undefined {
  let i = 0;
  class Stop {
    constructor(
      readonly offset: number,
      readonly reason: string,
    ) {}
  }
  const describe = (at: number): string => {
    const char = text[at];
    if (char === undefined) return 'the text ends too early: a string, object or array is not closed';
    const shown = char === '\n' ? 'a line break' : char === '\t' ? 'a tab' : JSON.stringify(char);
    return `unexpected ${shown}`;
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++;
  };
  const expect = (char: string, reason: string) => {
    if (text[i] !== char)
      throw new Stop(
        i,
        text[i] === undefined ? describe(i) : `${reason}, not ${describe(i).replace('unexpected ', '')}`,
      );
    i++;
  };
  const string = () => {
    expect('"', 'expected a string in double quotes');
    for (;;) {
      const char = text[i];
      if (char === undefined) throw new Stop(i, 'the text ends inside a string');
      if (char === '"') {
        i++;
        return;
      }
      if (char < ' ') throw new Stop(i, `${describe(i)} inside a string (control characters must be escaped)`);
      if (char === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            throw new Stop(i, 'a \\u escape needs four hex digits');
          i += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) throw new Stop(i, 'an invalid escape in a string');
        i += 2;
        continue;
      }
      i++;
    }
  };
  /** An object's or array's members, from its opening bracket up to and including `close`. */
  const members = (close: '}' | ']', member: () => void): void => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      member();
      space();
      if (text[i] === ',') {
        i++;
        space();
        if (text[i] === close) throw new Stop(i - 1, `a comma before "${close}" (trailing commas are not JSON)`);
        continue;
      }
      expect(close, `expected "," or "${close}"`);
      return;
    }
  };
  const property = (): void => {
    space();
    if (text[i] !== '"')
      throw new Stop(
        i,
        text[i] === undefined
          ? describe(i)
          : `expected a property name in double quotes, not ${describe(i).replace('unexpected ', '')}`,
      );
    string();
    space();
    expect(':', 'expected ":" after the property name');
    value();
  };
  const value = (): void => {
    space();
    const char = text[i];
    if (char === '{') return members('}', property);
    if (char === '[') return members(']', value);
    if (char === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!literal) throw new Stop(i, describe(i));
    i += literal[0].length;
  };
  try {
    value();
    space();
    if (i < text.length) throw new Stop(i, `${describe(i)} after the end of the JSON value`);
    return undefined;
  } catch (stop) {
    // Anything else (a stack overflow on absurd nesting): the engine's own message will do.
    return stop instanceof Stop ? { offset: stop.offset, reason: stop.reason } : undefined;
  }
}
