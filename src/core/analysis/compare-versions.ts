// Two versions side by side: what a reviewer checks before trusting an upgrade
// (publisher, evidence, source, build, keys, dependencies, install scripts), each with
// whether it changed. Pure: the compare page only renders this.
import { INSTALL_SCRIPT_NAMES, type StepName, type TrustLevel, type VersionView } from '../model';
import { STEP_LABELS } from './findings';
import { compareUrl } from './links';
import { sameRepository } from './source-url';
import { TRUST_RANK } from './trust-level';
import { versionFacts, type Fact, type FactSource, type VersionFacts } from './version-facts';

export type CompareFieldName =
  | 'publisher'
  | 'trust'
  | 'verification'
  | 'repository'
  | 'commit'
  | 'workflow'
  | 'ref'
  | 'trigger'
  | 'runner'
  | 'trusted-publisher-config'
  | 'registry-key'
  | 'dependencies'
  | 'install-scripts';

/** One side of a compared field. Text only: metadata is never markup. */
export interface ComparedValue {
  /** May hold line breaks (one line per key used, for instance). */
  text: string;
  /** A second line: where the value comes from, a reason, an approver. */
  detail?: string;
  /** For origin facts: the signed certificate, the predicate, or package metadata. */
  source?: FactSource;
  /** For origin facts: whether the source is verified (see {@link Fact.verified}). */
  verified?: boolean;
  /** An http(s) link built by links.ts (checked by `safeHttpUrl`). */
  href?: string;
}

export interface FieldComparison {
  field: CompareFieldName;
  label: string;
  /** Undefined: not recorded for this version. */
  from?: ComparedValue;
  to?: ComparedValue;
  changed: boolean;
  /** For `trust`: whether the second version's level is stronger or weaker. */
  direction?: 'stronger' | 'weaker';
}

export type EntryChangeKind = 'added' | 'removed' | 'changed';

/** A dependency or an install script that differs between the two versions. */
export interface EntryChange {
  name: string;
  kind: EntryChangeKind;
  from?: string;
  to?: string;
}

export interface VersionComparison {
  from: string;
  to: string;
  fields: FieldComparison[];
  /** By name. */
  dependencies: EntryChange[];
  /** In npm's run order: preinstall, install, postinstall. */
  installScripts: EntryChange[];
  /** The forge's diff between the two commits: only when both are known, in the same repository. */
  commitDiffUrl?: string;
  changedFields: CompareFieldName[];
  /** Either version's verification has not finished: trust and origin may still change. */
  pending: boolean;
  summary: string;
}

export const COMPARE_LABELS: Record<CompareFieldName, string> = {
  publisher: 'Publisher',
  trust: 'Trust level',
  verification: 'Verification',
  repository: 'Repository',
  commit: 'Commit',
  workflow: 'Workflow file',
  ref: 'Ref',
  trigger: 'Trigger',
  runner: 'Runner',
  'trusted-publisher-config': 'Trusted-publisher config',
  'registry-key': 'npm keys used',
  dependencies: 'Dependencies',
  'install-scripts': 'Install scripts',
};

const TRUST_TEXT: Record<TrustLevel, string> = {
  staged: 'Staged publish',
  'trusted-publisher': 'Trusted publisher',
  provenance: 'Provenance',
  none: 'No provenance',
};

const STATUS_TEXT = {
  verified: 'Verified',
  failed: 'Failed',
  absent: 'No attestation',
  unavailable: 'Unavailable',
  pending: 'Verifying…',
} as const;

/**
 * A version's dependencies, which only its full record has: a compact record (the main
 * thread's, see `compactVersion`) must be completed from the registry worker first.
 */
function dependenciesOf(view: VersionView): Record<string, string> {
  const { dependencies } = view.record;
  if (!dependencies) throw new Error(`${view.record.version} is a compact record: its dependencies are not loaded.`);
  return dependencies;
}

/** `a` is the version compared from (usually the older), `b` the one compared to. */
export function compareVersions(a: VersionView, b: VersionView): VersionComparison {
  const factsA = versionFacts(a);
  const factsB = versionFacts(b);
  const dependencies = entryChanges(dependenciesOf(a), dependenciesOf(b), compareNames);
  const installScripts = entryChanges(
    a.record.installScripts,
    b.record.installScripts,
    (x, y) =>
      INSTALL_SCRIPT_NAMES.indexOf(x as (typeof INSTALL_SCRIPT_NAMES)[number]) -
      INSTALL_SCRIPT_NAMES.indexOf(y as (typeof INSTALL_SCRIPT_NAMES)[number]),
  );

  const fields: FieldComparison[] = [
    plain('publisher', publisherValue(a), publisherValue(b)),
    trustField(a, b),
    plain('verification', verificationValue(a), verificationValue(b), (x, y) => x.text === y.text),
    plain(
      'repository',
      factValue(factsA.repository, factsA.links.repository),
      factValue(factsB.repository, factsB.links.repository),
      (x, y) => sameRepository(x.text, y.text) ?? x.text === y.text,
    ),
    plain(
      'commit',
      factValue(factsA.commit, factsA.links.commit),
      factValue(factsB.commit, factsB.links.commit),
      sameIgnoringCase,
    ),
    plain(
      'workflow',
      factValue(factsA.workflow, factsA.links.workflow),
      factValue(factsB.workflow, factsB.links.workflow),
    ),
    plain('ref', factValue(factsA.ref), factValue(factsB.ref)),
    plain('trigger', factValue(factsA.trigger), factValue(factsB.trigger)),
    plain('runner', factValue(factsA.runner), factValue(factsB.runner)),
    plain('trusted-publisher-config', configValue(a), configValue(b)),
    plain('registry-key', keysValue(a), keysValue(b)),
    {
      field: 'dependencies',
      label: COMPARE_LABELS.dependencies,
      from: { text: countText(Object.keys(dependenciesOf(a)).length, 'dependency', 'dependencies') },
      to: { text: countText(Object.keys(dependenciesOf(b)).length, 'dependency', 'dependencies') },
      changed: dependencies.length > 0,
    },
    {
      field: 'install-scripts',
      label: COMPARE_LABELS['install-scripts'],
      from: { text: scriptNames(a) },
      to: { text: scriptNames(b) },
      changed: installScripts.length > 0,
    },
  ];

  const changedFields = fields.filter((f) => f.changed).map((f) => f.field);
  const comparison: VersionComparison = {
    from: a.record.version,
    to: b.record.version,
    fields,
    dependencies,
    installScripts,
    changedFields,
    pending: a.verification === undefined || b.verification === undefined,
    summary: comparisonSummary(a.record.version, b.record.version, fields, changedFields),
  };
  const diff = commitDiffUrl(factsA, factsB);
  if (diff) comparison.commitDiffUrl = diff;
  return comparison;
}

function plain(
  field: CompareFieldName,
  from: ComparedValue | undefined,
  to: ComparedValue | undefined,
  same: (x: ComparedValue, y: ComparedValue) => boolean = (x, y) => x.text === y.text && x.detail === y.detail,
): FieldComparison {
  const comparison: FieldComparison = { field, label: COMPARE_LABELS[field], changed: false };
  if (from) comparison.from = from;
  if (to) comparison.to = to;
  // Recorded on one side only is a change too: a workflow that appears or disappears.
  comparison.changed = from && to ? !same(from, to) : from !== to;
  return comparison;
}

function sameIgnoringCase(x: ComparedValue, y: ComparedValue): boolean {
  return x.text.toLowerCase() === y.text.toLowerCase();
}

function trustField(a: VersionView, b: VersionView): FieldComparison {
  const field = plain('trust', trustValue(a), trustValue(b), (x, y) => x.text === y.text);
  if (a.trust !== b.trust) field.direction = TRUST_RANK[b.trust] > TRUST_RANK[a.trust] ? 'stronger' : 'weaker';
  return field;
}

function trustValue(view: VersionView): ComparedValue {
  const value: ComparedValue = { text: TRUST_TEXT[view.trust] };
  if (view.trustPending) value.detail = 'claimed by the registry: verification has not finished';
  return value;
}

function publisherValue(view: VersionView): ComparedValue | undefined {
  const publisher = view.record.publisher;
  if (!publisher) return undefined;
  const trusted = publisher.trustedPublisher;
  const value: ComparedValue = {
    text: trusted ? `${view.provider?.label ?? trusted.id} (trusted publisher)` : publisher.name,
  };
  if (publisher.approver) value.detail = `approved by ${publisher.approver.name}`;
  else if (!trusted) value.detail = "an account's token";
  return value;
}

function verificationValue(view: VersionView): ComparedValue {
  const verification = view.verification;
  if (!verification) return { text: STATUS_TEXT.pending };
  const value: ComparedValue = { text: STATUS_TEXT[verification.status] };
  if (verification.status === 'failed') {
    const failed = verification.steps.filter((s) => s.outcome === 'fail');
    value.detail = failed.map((s) => `${STEP_LABELS[s.step]} failed (${s.code})`).join('; ');
  } else if (verification.status === 'unavailable' && verification.unavailableReason) {
    value.detail = verification.unavailableReason;
  }
  return value;
}

function factValue(fact: Fact | undefined, href?: string): ComparedValue | undefined {
  if (!fact) return undefined;
  const value: ComparedValue = { text: fact.value, source: fact.source, verified: fact.verified };
  if (href) value.href = href;
  return value;
}

function configValue(view: VersionView): ComparedValue | undefined {
  const id = view.record.publisher?.trustedPublisher?.oidcConfigId;
  return id ? { text: id } : undefined;
}

const KEY_STEPS: [StepName, string][] = [
  ['registry-signature', 'registry signature'],
  ['publish-attestation', 'publish attestation'],
];

/** The npm keys that verified the registry signature and the publish attestation. */
function keysValue(view: VersionView): ComparedValue | undefined {
  const used = KEY_STEPS.flatMap(([step, label]) => {
    const keyId = view.verification?.steps.find((s) => s.step === step)?.keyId;
    return keyId ? [{ label, keyId }] : [];
  });
  const [first, second] = used;
  if (!first) return undefined;
  if (!second) return { text: first.keyId, detail: first.label };
  if (first.keyId === second.keyId) return { text: first.keyId, detail: `${first.label} and ${second.label}` };
  return { text: used.map((u) => `${u.keyId} (${u.label})`).join('\n') };
}

function scriptNames(view: VersionView): string {
  const names = INSTALL_SCRIPT_NAMES.filter((name) => view.record.installScripts[name] !== undefined);
  return names.length ? names.join(', ') : 'none';
}

function entryChanges(
  from: Partial<Record<string, string>>,
  to: Partial<Record<string, string>>,
  order: (x: string, y: string) => number,
): EntryChange[] {
  const names = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort(order);
  const changes: EntryChange[] = [];
  for (const name of names) {
    const before = Object.hasOwn(from, name) ? from[name] : undefined;
    const after = Object.hasOwn(to, name) ? to[name] : undefined;
    if (before === after) continue;
    if (before === undefined && after !== undefined) changes.push({ name, kind: 'added', to: after });
    else if (after === undefined && before !== undefined) changes.push({ name, kind: 'removed', from: before });
    else if (before !== undefined && after !== undefined)
      changes.push({ name, kind: 'changed', from: before, to: after });
  }
  return changes;
}

function compareNames(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

function commitDiffUrl(a: VersionFacts, b: VersionFacts): string | undefined {
  const commitA = a.commit?.value;
  const commitB = b.commit?.value;
  if (!commitA || !commitB || commitA.toLowerCase() === commitB.toLowerCase()) return undefined;
  if (sameRepository(a.repository?.value, b.repository?.value) !== true) return undefined;
  return compareUrl(a.repository?.value, commitA, commitB);
}

function countText(n: number, one: string, many: string): string {
  if (n === 0) return `no ${many}`;
  return `${n} ${n === 1 ? one : many}`;
}

function comparisonSummary(from: string, to: string, fields: FieldComparison[], changed: CompareFieldName[]): string {
  if (from === to) return `Both sides are ${from}: nothing to compare.`;
  if (changed.length === 0) return `${to} and ${from} agree on all ${fields.length} compared fields.`;
  const labels = changed.map((field) => COMPARE_LABELS[field].toLowerCase());
  const list = labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
  return `${changed.length} of ${fields.length} compared fields ${changed.length === 1 ? 'differs' : 'differ'} between ${from} and ${to}: ${list}.`;
}
