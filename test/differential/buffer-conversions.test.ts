// GENERATED inputs on which the browser's Buffer (the `buffer` package) converts otherwise
// than Node's, through both engines: a Rekor body's payload digest in hex that is not
// clean hex, and a DSSE payloadType with unpaired surrogates (samples.ts; what differs and
// why it matters: src/core/crypto/node-buffer.ts). Without node-buffer.ts the page verified
// a body whose digest Node does not read (`cz…`), failed one Node verifies (`… 0`), and
// checked the signature over other bytes than the signer signed (`…\ud800\ud800`).
import { describe, expect, it } from 'vitest';
import { compare } from './compare';
import { bufferConversionCases } from './samples';

describe('GENERATED: conversions where the browser’s Buffer package and Node’s differ', () => {
  it('both engines give the same verdict, and Node’s is the one expected', async () => {
    const cases = bufferConversionCases();
    const { differences, verdicts } = await compare(cases.map(([input]) => input));
    expect(differences).toEqual([]);
    expect(cases.map(([input]) => [input.name, verdicts.get(input.name)])).toEqual(
      cases.map(([input, code]) => [input.name, [code]]),
    );
  });
});
