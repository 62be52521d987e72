// GENERATED inputs on which the browser's Buffer (the `buffer` package) converts otherwise
// than Node's, through both engines: a Rekor body's payload digest in hex that is not
// clean hex, and a DSSE payloadType with unpaired surrogates (src/core/crypto/node-buffer.ts
// says what differs and why it matters). Without node-buffer.ts the page verified a body
// whose digest Node does not read (`cz…`), failed one Node verifies (`… 0`), and checked
// the signature over other bytes than the signer signed (`…\ud800\ud800`).
import { describe, expect, it } from 'vitest';
import {
  generatedBundle,
  generatedRegistryKey,
  generatedTrustedRoot,
  statementWithDigestStarting,
} from '../support/generated-bundle';
import { compare } from './compare';
import type { Item } from './engines';

function item(name: string, payload: string, options: Parameters<typeof generatedBundle>[1]): Item {
  return {
    name,
    bundle: JSON.stringify(generatedBundle(payload, options)),
    trustedRoot: JSON.stringify(generatedTrustedRoot()),
    npmKeys: [generatedRegistryKey()],
  };
}

describe('GENERATED: conversions where the browser’s Buffer package and Node’s differ', () => {
  // The package read `cz` as 0x0c.
  const { text, hex } = statementWithDigestStarting(0x0c);
  const cases: [Item, string][] = [
    [item('the digest as written', text, {}), 'OK'],
    [item('the digest in upper case', text, { payloadHash: hex.toUpperCase() }), 'OK'],
    // Node decodes pairs up to the first one that is not hex; the package parses `cz` as 0x0c.
    [item('the digest with its first pair `cz`', text, { payloadHash: `cz${hex.slice(2)}` }), 'TLOG_BODY_ERROR'],
    [item('the digest followed by `zz`', text, { payloadHash: `${hex}zz` }), 'OK'],
    // … and the package parses ` 0` as 0x00: one byte more than the digest.
    [item('the digest followed by ` 0`', text, { payloadHash: `${hex} 0` }), 'OK'],
    [item('the digest cut at an odd length', text, { payloadHash: hex.slice(0, 63) }), 'TLOG_BODY_ERROR'],
    // Node writes U+FFFD for every unpaired surrogate; the package drops the last of two.
    ...['application/vnd.in-toto+json\ud800\ud800', '\udbff\ud800', 'x\udc00', '\ud800x\ud800'].map(
      (payloadType): [Item, string] => [
        item(`payloadType ${JSON.stringify(payloadType)}`, text, { payloadType }),
        'PAYLOAD_MALFORMED',
      ],
    ),
  ];

  it('both engines give the same verdict, and Node’s is the one expected', async () => {
    const { differences, verdicts } = await compare(cases.map(([input]) => input));
    expect(differences).toEqual([]);
    expect(cases.map(([input]) => [input.name, verdicts.get(input.name)])).toEqual(
      cases.map(([input, code]) => [input.name, [code]]),
    );
  });
});
