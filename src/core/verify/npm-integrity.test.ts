// npmIntegrity against ssri (the library npm's client reads dist.integrity with), on
// seeded random integrity strings: the same text, the same first digest. Runs in the
// `unit` project and in `browser-crypto` (the browser's Buffer); ssri on Node's Buffer.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../../test/support/rng';
import { onNodeBuffer } from '../../../test/differential/engines';
import { npmIntegrity } from './npm-integrity';

interface SsriIntegrity {
  toString(): string;
  hexDigest(): string;
}
const ssri = createRequire(import.meta.url)('ssri') as {
  parse(text: string): SsriIntegrity | null;
  fromHex(hex: string, algorithm: string): SsriIntegrity | null;
};

const rng = makeRng(0x551);
const b64 = (bytes: number) => rng.bytes(bytes).toString('base64');
const TOKENS: (() => string)[] = [
  () => `sha512-${b64(64)}`,
  () => `sha512-${b64(64)}`,
  () => `sha1-${b64(20)}`,
  () => `sha256-${b64(32)}`,
  () => `md5-${b64(16)}`,
  () => `sha3-256-${b64(32)}`,
  () => `SHA512-${b64(64)}`,
  () => `foo-${b64(8)}`,
  () => `sha512-${b64(64).slice(0, 40)}*-_${b64(8)}`,
  () => `sha512-${b64(64)}?opt`,
  () => `sha1-${b64(20)}?a?b`,
  () => `sha512-${b64(64)}?`,
  () => 'sha512',
  () => 'sha512-',
  () => '-abc',
];
const SEPARATORS = [' ', ' ', '  ', '\t', '\n', ' \r\n '];

function randomIntegrity(): string {
  const count = 1 + rng.int(4);
  const tokens = Array.from({ length: count }, () => rng.pick(TOKENS)());
  const body = tokens.map((t, i) => (i === 0 ? t : `${rng.pick(SEPARATORS)}${t}`)).join('');
  return `${rng.int(4) === 0 ? rng.pick(SEPARATORS) : ''}${body}${rng.int(4) === 0 ? rng.pick(SEPARATORS) : ''}`;
}

describe("npmIntegrity reads dist.integrity as npm's client does (ssri)", () => {
  it('gives the text ssri gives, and its first digest, on 5,000 seeded strings', () => {
    const differences: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const text = randomIntegrity();
      const ours = npmIntegrity({ integrity: text });
      const theirs = onNodeBuffer(() => {
        const parsed = ssri.parse(text);
        return parsed ? { text: parsed.toString(), hex: parsed.hexDigest() } : undefined;
      });
      const same = ours?.text === theirs?.text && (theirs === undefined || ours?.first.hex === theirs.hex);
      if (!same) differences.push(JSON.stringify({ text, ours, theirs }));
    }
    expect(differences.slice(0, 5)).toEqual([]);
  });

  it('takes the sha1 of dist.shasum where there is no integrity, as ssri.fromHex does', () => {
    for (const shasum of ['0123456789abcdef0123456789abcdef01234567', 'ABCDEF', 'zz12', '1']) {
      const theirs = onNodeBuffer(() => ssri.fromHex(shasum, 'sha1')?.toString());
      expect(npmIntegrity({ shasum })?.text, shasum).toBe(theirs);
      expect(npmIntegrity({ integrity: '', shasum })?.text).toBe(theirs);
    }
    expect(npmIntegrity({})).toBeUndefined();
  });
});
