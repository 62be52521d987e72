// The differential guard's inputs, named and seeded in one place: the Vitest guard
// (differential.test.ts, buffer-conversions.test.ts) runs them through the browser
// pipeline under Node, and e2e/specs/differential-chromium.spec.ts through the app's own
// verifier workers in Chromium. Deterministic: the same seeds give the same items.
import { conformanceItems, mutations, recordedItems } from './corpus';
import type { Item } from './engines';
import { generatedItem, signDsse, pae, STATEMENT, type GeneratedKeyKind } from './generated';
import { signerEdits, structuralMutations } from './structural';
import { generatedInstance } from '../support/generated-keyless';
import {
  GENERATED_BLOB_KEY,
  generatedBundle,
  generatedMessageSignatureBundle,
  generatedRegistryKey,
  generatedTrustedRoot,
  statementWithDigestStarting,
} from '../support/generated-bundle';

export const SEEDS = { bitFlips: 0x5160, structural: 0x57d, trustedRoot: 0x2007, signer: 0x51a } as const;
export const COUNTS = { bitFlips: 300, structural: 300, trustedRoot: 150, signer: 120 } as const;

export const KEY_KINDS: readonly GeneratedKeyKind[] = [
  'P-256',
  'P-384',
  'P-521',
  'Ed25519',
  'RSA-2048',
  'RSA-4096',
  'RSA-PSS-2048',
];

/** GENERATED: a cosign sign-blob style bundle, with its artifact, key and trusted root. */
export function generatedMessageItem(): Item {
  const artifact = new TextEncoder().encode('generated artifact bytes\n');
  return {
    name: 'generated message signature',
    bundle: JSON.stringify(generatedMessageSignatureBundle(artifact)),
    artifact,
    trustedRoot: JSON.stringify(generatedTrustedRoot()),
    publicKey: GENERATED_BLOB_KEY.pem,
  };
}

/** The valid bases of the structural mutations: recorded, conformance and generated bundles. */
export function structuralBases(): Item[] {
  const instance = generatedInstance();
  const common = { trustedRoot: JSON.stringify(instance.trustedRoot), npmKeys: [instance.npmKey] };
  return [
    ...recordedItems(),
    ...conformanceItems().filter((c) => !c.name.endsWith('_fail')),
    { ...common, name: 'generated provenance', bundle: JSON.stringify(instance.provenanceBundle(0)) },
    { ...common, name: 'generated publish', bundle: JSON.stringify(instance.publishBundle(0)) },
    generatedMessageItem(),
  ];
}

/** The seeded bit flips' bases: recorded bundles and the conformance cases that verify. */
export function bitFlipBases(): Item[] {
  return [...recordedItems(), ...conformanceItems().filter((c) => !c.name.endsWith('_fail'))];
}

/** GENERATED: per key type, a valid DSSE signature and one over other bytes (logged as is). */
export function keyTypeItems(): [Item, string][] {
  const other = Buffer.concat([pae('application/vnd.in-toto+json', Buffer.from(STATEMENT, 'utf8')), Buffer.from(' ')]);
  return KEY_KINDS.flatMap((kind): [Item, string][] => [
    [generatedItem('valid', kind), 'OK'],
    [generatedItem('signature over other bytes', kind, signDsse(kind, other)), 'SIGNATURE_ERROR'],
  ]);
}

function conversionItem(name: string, payload: string, options: Parameters<typeof generatedBundle>[1]): Item {
  return {
    name: `GENERATED: ${name}`,
    bundle: JSON.stringify(generatedBundle(payload, options)),
    trustedRoot: JSON.stringify(generatedTrustedRoot()),
    npmKeys: [generatedRegistryKey()],
  };
}

/**
 * GENERATED inputs on which the browser's Buffer package converts otherwise than Node's
 * (src/core/crypto/node-buffer.ts), with Node's verdict: a Rekor body's payload digest in
 * hex that is not clean hex, and DSSE payloadTypes with unpaired surrogates.
 */
export function bufferConversionCases(): [Item, string][] {
  // The package read `cz` as 0x0c.
  const { text, hex } = statementWithDigestStarting(0x0c);
  return [
    [conversionItem('the digest as written', text, {}), 'OK'],
    [conversionItem('the digest in upper case', text, { payloadHash: hex.toUpperCase() }), 'OK'],
    // Node decodes pairs up to the first one that is not hex; the package parsed `cz` as 0x0c.
    [
      conversionItem('the digest with its first pair `cz`', text, { payloadHash: `cz${hex.slice(2)}` }),
      'TLOG_BODY_ERROR',
    ],
    [conversionItem('the digest followed by `zz`', text, { payloadHash: `${hex}zz` }), 'OK'],
    // … and it parsed ` 0` as 0x00: one byte more than the digest.
    [conversionItem('the digest followed by ` 0`', text, { payloadHash: `${hex} 0` }), 'OK'],
    [conversionItem('the digest cut at an odd length', text, { payloadHash: hex.slice(0, 63) }), 'TLOG_BODY_ERROR'],
    // Node writes U+FFFD for every unpaired surrogate; the package dropped the last of two.
    ...['application/vnd.in-toto+json\ud800\ud800', '\udbff\ud800', 'x\udc00', '\ud800x\ud800'].map(
      (payloadType): [Item, string] => [
        conversionItem(`payloadType ${JSON.stringify(payloadType)}`, text, { payloadType }),
        'PAYLOAD_MALFORMED',
      ],
    ),
  ];
}

/** The guard's seeded samples, as differential.test.ts runs them. */
export function seededSamples(): Record<'bitFlips' | 'structural' | 'trustedRoot' | 'signer', Item[]> {
  const bases = structuralBases();
  return {
    bitFlips: mutations(bitFlipBases(), COUNTS.bitFlips, SEEDS.bitFlips),
    structural: structuralMutations(bases, COUNTS.structural, SEEDS.structural, 'bundle'),
    trustedRoot: structuralMutations(bases, COUNTS.trustedRoot, SEEDS.trustedRoot, 'trusted-root'),
    signer: signerEdits(
      conformanceItems().filter((c) => !c.name.endsWith('_fail')),
      COUNTS.signer,
      SEEDS.signer,
    ),
  };
}
