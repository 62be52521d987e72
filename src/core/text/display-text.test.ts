import { describe, expect, it } from 'vitest';
import { DISPLAY_MAX_CHARS, displayText, escapeInvisible } from './display-text';

describe('escapeInvisible', () => {
  it('derived: U+202E (right-to-left override) is shown as a visible escape, so the text reads as it is', () => {
    expect(escapeInvisible('safe\u202Egnp.exe')).toBe('safe\\u202egnp.exe');
  });

  it.each([
    ['\u200b', '\\u200b'],
    ['\u200e', '\\u200e'],
    ['\u2066', '\\u2066'],
    ['\u2069', '\\u2069'],
    ['\u061c', '\\u061c'],
    ['\ufeff', '\\ufeff'],
    ['\u0000', '\\u0000'],
    ['\u001b', '\\u001b'],
    ['\u007f', '\\u007f'],
    ['\u0085', '\\u0085'],
    ['\u2028', '\\u2028'],
  ])('derived: %j becomes %s', (char, escaped) => {
    expect(escapeInvisible(`a${char}b`)).toBe(`a${escaped}b`);
  });

  it('line breaks and tabs read as one space; ordinary text, accents, CJK and emoji are untouched', () => {
    expect(escapeInvisible('one\r\n\ttwo')).toBe('one two');
    expect(escapeInvisible('Vue.js — café 日本語 🚀 ناشر')).toBe('Vue.js — café 日本語 🚀 ناشر');
  });
});

describe('displayText', () => {
  it('short values are shown whole', () => {
    expect(displayText('1.0.0')).toEqual({ text: '1.0.0', full: '1.0.0', truncated: false, length: 5 });
  });

  it('derived: a 100 KB version is cut at the limit with an ellipsis; the full value stays available', () => {
    const long = `1.0.0-${'a'.repeat(100_000)}`;
    const shown = displayText(long);
    expect(shown.truncated).toBe(true);
    expect([...shown.text]).toHaveLength(DISPLAY_MAX_CHARS);
    expect(shown.text.endsWith('…')).toBe(true);
    expect(shown.full).toBe(long);
    expect(shown.length).toBe(100_006);
    expect(displayText(long, 20).text).toBe(`1.0.0-${'a'.repeat(13)}…`);
  });

  it('never splits a surrogate pair', () => {
    expect(displayText('🚀🚀🚀', 2).text).toBe('🚀…');
  });
});
