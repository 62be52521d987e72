import { describe, expect, it } from 'vitest';
import { INPUT_LIMITS, MiB, binaryReason, binaryReasonOf, textProblem, tooLargeMessage } from './input-limits';

describe('binaryReasonOf', () => {
  it('derived: gzip, zip, NUL bytes and invalid UTF-8 are binary; JSON and multi-byte text are not', () => {
    expect(binaryReasonOf(new Uint8Array([0x1f, 0x8b, 8, 0]), false)).toContain('gzip');
    expect(binaryReasonOf(new Uint8Array([0x50, 0x4b, 3, 4]), false)).toContain('zip');
    expect(binaryReasonOf(new TextEncoder().encode('{"a":\u0000}'), false)).toContain('NUL');
    expect(binaryReasonOf(new Uint8Array([0x7b, 0xff, 0xfe]), false)).toContain('UTF-8');
    expect(binaryReasonOf(new TextEncoder().encode('{"mediaType":"x","ü":"日本"}'), false)).toBeUndefined();
    // A slice cut inside "日" (3 bytes) is still text when more follows.
    const cut = new TextEncoder().encode('{"a":"日"}').slice(0, 7);
    expect(binaryReasonOf(cut, true)).toBeUndefined();
  });

  it('derived: reads only the head of a large file', async () => {
    const big = new Blob([new Uint8Array([0x1f, 0x8b]), new Uint8Array(3 * MiB)]);
    await expect(binaryReason(big)).resolves.toContain('gzip');
    await expect(binaryReason(new Blob(['{"x":1}']))).resolves.toBeUndefined();
  });
});

describe('limits and messages', () => {
  it('every field has a limit; the text fields are far above real inputs', () => {
    expect(INPUT_LIMITS.bundle).toBe(2 * MiB);
    expect(INPUT_LIMITS['trusted-root']).toBe(2 * MiB);
    expect(INPUT_LIMITS['public-key']).toBe(64 * 1024);
    expect(Object.keys(INPUT_LIMITS).sort()).toEqual(
      ['artifact', 'bundle', 'digest', 'identity', 'issuer', 'public-key', 'trusted-root'].sort(),
    );
  });

  it('says the size, the limit and the field', () => {
    expect(tooLargeMessage('trusted-root', 60 * MiB, 'The pasted text')).toBe(
      'The pasted text is 60.0 MiB: larger than the 2.0 MiB a trusted root may be, so it was not loaded. Is it the artifact?',
    );
  });

  it('control characters other than whitespace make pasted text binary', () => {
    expect(textProblem('{\n\t"a": 1\r\n}')).toBeUndefined();
    expect(textProblem('\u001f\u008b')).toContain('control characters');
  });
});
