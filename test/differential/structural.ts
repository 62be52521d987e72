// DERIVED structural mutations for the differential guard. The seeded bit flips
// (corpus.ts `mutations`) change bytes inside the signed and logged fields; these change
// the JSON around them: a member or element removed, a value of another type, a number
// or numeric string one off or spelled otherwise, a string edited or taken from elsewhere
// in the document, an array emptied, shortened, reversed or grown, a key renamed, an
// unknown member added, another bundle version named. Applied to a bundle, or to the
// trusted root an item is verified with. An exploratory run of this kind found, in its
// first 400 mutations, a message signature whose digest names no known algorithm checked
// differently by the page and by the library (see message-signature.ts); the guard keeps
// a seeded sample of it. Deterministic: the same seed gives the same items.
import { makeRng, type Rng } from '../support/rng';
import { bundlesOf } from './corpus';
import { bundledTrustedRoot, SUPPORTED_MEDIA_TYPES, type Item } from './engines';

type Path = (string | number)[];
type Container = Record<string, unknown> | unknown[];

const BUNDLE_MEDIA_TYPES = [...SUPPORTED_MEDIA_TYPES];

/** Values put in place of another: other types, empty ones, extremes. */
const REPLACEMENTS: unknown[] = [null, 0, 1, -1, 1.5, 1e20, '', 'x', 'AAAA', '0', '-1', true, false, [], {}];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

/** Every path in `root` (not the root itself), depth first. */
function pathsOf(root: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (at.length > 0) out.push(at);
  if (Array.isArray(root)) root.forEach((value, i) => pathsOf(value, [...at, i], out));
  else if (isContainer(root))
    for (const key of Object.keys(root)) pathsOf((root as Record<string, unknown>)[key], [...at, key], out);
  return out;
}

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const part of path) value = isContainer(value) ? (value as Record<string | number, unknown>)[part] : undefined;
  return value;
}

/** Sets a member as JSON.parse would (an own property, even `__proto__`). */
function setMember(container: Container, key: string | number, value: unknown): void {
  Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
}

function numberSpellings(text: string): unknown[] {
  const n = BigInt(text);
  return [
    String(n + 1n),
    String(n - 1n),
    '0',
    '-1',
    `0${text}`,
    ` ${text}`,
    `${text}.0`,
    '1e2',
    '18446744073709551616',
    Number(text),
  ];
}

function stringEdits(text: string): string[] {
  return [
    `${text}=`,
    text.slice(0, -1),
    text.toUpperCase(),
    text.toLowerCase(),
    ` ${text}`,
    `${text}\n`,
    text.replace(/=+$/, ''),
    text.replace(/\+/g, '-').replace(/\//g, '_'),
    text + text,
    // Unpaired surrogates, and a character outside ASCII: the browser's Buffer package once
    // encoded the first otherwise than Node (src/core/crypto/node-buffer.ts).
    `${text}\ud800\ud800`,
    `\udc00${text}`,
    `${text}\u00e9`,
  ];
}

/**
 * One mutation of `root` in place (a container), described. Kinds are tried in a seeded
 * order until one applies to the chosen place.
 */
function mutateOnce(root: Container, rng: Rng, bundle: boolean): string {
  const paths = pathsOf(root);
  if (paths.length === 0) {
    // Emptied by an earlier mutation of the same item.
    setMember(root, Array.isArray(root) ? 0 : 'unknownField', null);
    return 'null added to an empty document';
  }
  const strings = paths.map((p) => valueAt(root, p)).filter((v): v is string => typeof v === 'string');
  for (;;) {
    const path = rng.pick(paths);
    const key = path[path.length - 1] as string | number;
    const parent = valueAt(root, path.slice(0, -1)) as Container;
    const value = valueAt(root, path);
    const where = path.join('.');
    switch (rng.int(9)) {
      case 0:
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key as string];
        return `${where} removed`;
      case 1: {
        const next = rng.pick(REPLACEMENTS);
        setMember(parent, key, structuredClone(next));
        return `${where} = ${JSON.stringify(next)}`;
      }
      case 2:
        if (typeof value === 'string' && /^-?\d{1,30}$/.test(value)) {
          const next = rng.pick(numberSpellings(value));
          setMember(parent, key, next);
          return `${where} = ${JSON.stringify(next)}`;
        }
        if (typeof value === 'number') {
          const next = rng.pick([value + 1, value - 1, 0, -1, String(value), value + 0.5, 2 ** 53]);
          setMember(parent, key, next);
          return `${where} = ${JSON.stringify(next)}`;
        }
        break;
      case 3:
        if (typeof value === 'string') {
          setMember(parent, key, rng.pick(stringEdits(value)));
          return `${where} edited`;
        }
        break;
      case 4:
        if (typeof value === 'string' && strings.length > 1) {
          setMember(parent, key, rng.pick(strings));
          return `${where} = another string of the document`;
        }
        break;
      case 5:
        if (Array.isArray(value)) {
          const edit = rng.int(4);
          if (edit === 0) value.length = 0;
          else if (edit === 1 && value.length > 0) value.push(structuredClone(value[0]));
          else if (edit === 2) value.reverse();
          else value.splice(rng.int(Math.max(1, value.length)), 1);
          return `${where}: ${['emptied', 'first element repeated', 'reversed', 'one element removed'][edit]}`;
        }
        break;
      case 6:
        if (typeof key === 'string' && !Array.isArray(parent)) {
          const renamed = rng.pick([
            key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
            key.toLowerCase(),
            key.toUpperCase(),
            `${key}X`,
          ]);
          if (renamed !== key) {
            setMember(parent, renamed, value);
            delete parent[key];
            return `${where} renamed ${renamed}`;
          }
        }
        break;
      case 7:
        if (isContainer(value) && !Array.isArray(value)) {
          const name = rng.pick(['unknownField', '$case', '__proto__', 'constructor']);
          const next = rng.pick(REPLACEMENTS);
          setMember(value, name, structuredClone(next));
          return `${where}.${name} = ${JSON.stringify(next)} added`;
        }
        break;
      default:
        if (bundle && 'mediaType' in root && !Array.isArray(root)) {
          const next = rng.pick(BUNDLE_MEDIA_TYPES);
          root.mediaType = next;
          return `mediaType = ${next}`;
        }
    }
  }
}

/**
 * `count` items, each a base item with one or two structural mutations of its bundle
 * (one of the bundles of an attestations response, or the response itself) or of its
 * trusted root (the item's, else the bundled public-good root the page uses by default).
 */
export function structuralMutations(
  bases: Item[],
  count: number,
  seed: number,
  target: 'bundle' | 'trusted-root',
): Item[] {
  const rng = makeRng(seed);
  const out: Item[] = [];
  for (let i = 0; i < count; i++) {
    const base = bases[i % bases.length];
    if (!base) break;
    const times = rng.int(4) === 0 ? 2 : 1;
    const edits: string[] = [];
    if (target === 'trusted-root') {
      const root = JSON.parse(base.trustedRoot ?? JSON.stringify(bundledTrustedRoot)) as Container;
      for (let k = 0; k < times; k++) edits.push(mutateOnce(root, rng, false));
      out.push({
        ...base,
        name: `derived: ${base.name}, trusted root: ${edits.join('; ')} (#${i})`,
        trustedRoot: JSON.stringify(root),
      });
    } else {
      const json = JSON.parse(base.bundle) as Container;
      const inner = bundlesOf(json);
      const mutated = inner.length > 0 && rng.int(5) > 0 ? rng.pick(inner) : json;
      for (let k = 0; k < times; k++) edits.push(mutateOnce(mutated as Container, rng, true));
      out.push({ ...base, name: `derived: ${base.name}, ${edits.join('; ')} (#${i})`, bundle: JSON.stringify(json) });
    }
  }
  return out;
}

/**
 * `count` items, each a base item (one that names an expected identity and issuer) with
 * its identity, its issuer or both edited as a person might type them: case, a trailing
 * `/` or `@`, one character short, percent-encoded, another scheme, a look-alike letter,
 * an invisible character, a pattern (`.*`), or another item's.
 */
export function signerEdits(bases: Item[], count: number, seed: number): Item[] {
  const rng = makeRng(seed);
  const named = bases.filter((b) => b.identity !== undefined && b.issuer !== undefined);
  const identities = [...new Set(named.map((b) => b.identity as string))];
  const issuers = [...new Set(named.map((b) => b.issuer as string))];
  const edit = (text: string, others: string[]): string =>
    rng.pick([
      text.toUpperCase(),
      text.replace(/^https/, 'HTTPS'),
      text.replace(/[a-z]/, (c) => c.toUpperCase()),
      `${text}/`,
      `${text}@`,
      text.slice(0, -1),
      `${text.slice(0, Math.max(9, text.length - 12))}.*`,
      text.replace('.', '-'),
      text.replace(/\//g, '%2F'),
      text.replace('https://', 'http://'),
      text.replace('a', '\u0430'),
      `${text}\u200b`,
      `mailto:${text}`,
      ` ${text} `,
      rng.pick(others),
    ]);
  const out: Item[] = [];
  for (let i = 0; i < count && named.length > 0; i++) {
    const base = named[i % named.length] as Item;
    const which = rng.int(3);
    const identity = which !== 1 ? edit(base.identity as string, identities) : (base.identity as string);
    const issuer = which !== 0 ? edit(base.issuer as string, issuers) : (base.issuer as string);
    out.push({
      ...base,
      name: `derived: ${base.name}, identity ${JSON.stringify(identity)}, issuer ${JSON.stringify(issuer)} (#${i})`,
      identity,
      issuer,
    });
  }
  return out;
}
