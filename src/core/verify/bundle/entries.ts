// What the pasted JSON holds: one bundle, or npm's attestations response (several).
import { readRecord } from './read';

export interface Entry {
  bundle: unknown;
  /** The `predicateType` the attestations response lists for this bundle. */
  declaredPredicateType?: string;
}

export type Entries = { kind: 'bundle' | 'attestations'; list: Entry[] } | { kind: 'invalid'; message: string };

/** A bundle, or `{ attestations: [{ predicateType, bundle }] }` as npm serves them. */
export function bundleEntries(json: unknown): Entries {
  const object = readRecord(json);
  if (!object) {
    return {
      kind: 'invalid',
      message: `The input is JSON, but ${Array.isArray(json) ? 'an array' : `a ${json === null ? 'null' : typeof json}`}, not a bundle object or an attestations response.`,
    };
  }
  if ('attestations' in object) {
    const list = object.attestations;
    if (!Array.isArray(list) || list.length === 0) {
      return {
        kind: 'invalid',
        message: 'The attestations response holds no attestations: "attestations" must be a non-empty array.',
      };
    }
    return {
      kind: 'attestations',
      list: list.map((item: unknown) => {
        const entry = readRecord(item);
        const type = entry?.predicateType;
        return { bundle: entry?.bundle, ...(typeof type === 'string' ? { declaredPredicateType: type } : {}) };
      }),
    };
  }
  if (!('mediaType' in object) && !('verificationMaterial' in object)) {
    return {
      kind: 'invalid',
      message:
        'The JSON is neither a Sigstore bundle (no mediaType, no verificationMaterial) nor an attestations response (no "attestations").',
    };
  }
  return { kind: 'bundle', list: [{ bundle: json }] };
}
