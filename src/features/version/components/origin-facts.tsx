import type { ReactNode } from 'react';
import { loggedAt } from '../../../core/analysis/findings-text';
import { repositoryLabel, versionFacts, type Fact } from '../../../core/analysis/version-facts';
import type { VersionView } from '../../../core/model';
import { ExternalLink } from '../../../components/external-link';
import { PublisherLabel } from '../../../components/publisher-label';
import { formatAbsolute, formatRelative } from '../../../components/relative-time';
import { MetaText } from '../../../components/meta-text';

const SOURCE_TEXT: Record<Fact['source'], string> = {
  certificate: 'signing certificate',
  predicate: 'provenance predicate',
  metadata: 'package metadata, not verified',
};

export function OriginFacts({ view }: { view: VersionView }) {
  const facts = versionFacts(view);
  const { record, verification } = view;
  const registryKey = verification?.steps.find((s) => s.step === 'registry-signature')?.keyId;
  const publishKey = verification?.steps.find((s) => s.step === 'publish-attestation')?.keyId;
  const provenanceLogged = loggedAt(verification?.provenanceLog?.integratedTime);
  return (
    <section aria-labelledby="origin-heading" className="mt-6">
      <h2 id="origin-heading" className="text-lg font-semibold">
        Where it came from
      </h2>
      <dl className="mt-2 grid grid-cols-[minmax(9rem,auto)_1fr] gap-x-4 gap-y-1.5 text-sm">
        <Row label="Published">
          {record.publishedAt ? (
            `${formatAbsolute(record.publishedAt)} (${formatRelative(record.publishedAt)})`
          ) : record.invalidTime !== undefined ? (
            <span className="text-amber-700 dark:text-amber-300" data-testid="invalid-time">
              no valid time: the registry's value "<MetaText value={record.invalidTime} max={60} />" is not an ISO
              8601 date-time, so it is not used
            </span>
          ) : (
            'unknown'
          )}
        </Row>
        <Row label="Publisher">
          <PublisherLabel publisher={record.publisher} provider={view.provider} />
          {record.publisher?.trustedPublisher?.oidcConfigId ? (
            <div className="font-mono text-xs text-zinc-500">
              config <MetaText value={record.publisher.trustedPublisher.oidcConfigId} max={80} />
            </div>
          ) : null}
        </Row>
        {record.distTags.length ? (
          <Row label="Dist-tags">
            <MetaText value={record.distTags.join(', ')} expandable />
          </Row>
        ) : null}
        <FactRow label="Repository" fact={facts.repository}>
          {facts.repository ? (
            <ExternalLink href={facts.links.repository}>{repositoryLabel(facts.repository.value)}</ExternalLink>
          ) : null}
        </FactRow>
        <FactRow label="Commit" fact={facts.commit}>
          {facts.commit ? (
            <ExternalLink href={facts.links.commit} className="font-mono text-sky-700 underline dark:text-sky-300">
              {facts.commit.value}
            </ExternalLink>
          ) : null}
        </FactRow>
        <FactRow label="Workflow file" fact={facts.workflow}>
          {facts.workflow ? <ExternalLink href={facts.links.workflow}>{facts.workflow.value}</ExternalLink> : null}
        </FactRow>
        <FactRow label="Ref" fact={facts.ref}>
          <span className="font-mono">{facts.ref?.value}</span>
        </FactRow>
        <FactRow label="Trigger" fact={facts.trigger}>
          {facts.trigger?.value}
        </FactRow>
        <FactRow label="Runner" fact={facts.runner}>
          {facts.runner?.value}
        </FactRow>
        {facts.links.run ? (
          <Row label="Build run">
            <ExternalLink href={facts.links.run}>{facts.links.run}</ExternalLink>
          </Row>
        ) : null}
        {verification?.provenanceLog ? (
          <Row label="Rekor entry (provenance)">
            <ExternalLink href={facts.links.rekorProvenance}>
              log index {verification.provenanceLog.logIndex}
            </ExternalLink>
            {provenanceLogged ? (
              <span className="ml-2 text-xs text-zinc-500">logged {formatAbsolute(provenanceLogged)}</span>
            ) : null}
          </Row>
        ) : null}
        {verification?.publishLog ? (
          <Row label="Rekor entry (publish)">
            <ExternalLink href={facts.links.rekorPublish}>log index {verification.publishLog.logIndex}</ExternalLink>
          </Row>
        ) : null}
        <Row label="Tarball">
          {facts.links.tarball ? (
            <ExternalLink href={facts.links.tarball}>{facts.links.tarball}</ExternalLink>
          ) : record.dist.tarball ? (
            <span className="break-all">
              {record.dist.tarball}{' '}
              <span className="text-xs text-amber-700 dark:text-amber-300">(not an http(s) address: not linked)</span>
            </span>
          ) : (
            'not given'
          )}
        </Row>
        <Row label="Integrity">
          <span className="break-all font-mono text-xs">{record.dist.integrity ?? 'not given'}</span>
        </Row>
        {publishKey || registryKey ? (
          <Row label="npm keys used">
            <span className="break-all font-mono text-xs">
              {publishKey ? `publish attestation: ${publishKey}` : null}
              {publishKey && registryKey ? <br /> : null}
              {registryKey ? `registry signature: ${registryKey}` : null}
            </span>
          </Row>
        ) : null}
        {record.deprecated !== undefined ? (
          <Row label="Deprecated">
            <MetaText value={record.deprecated || 'yes'} max={1000} expandable />
          </Row>
        ) : null}
      </dl>
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}

function FactRow({ label, fact, children }: { label: string; fact: Fact | undefined; children: ReactNode }) {
  if (!fact)
    return (
      <Row label={label}>
        <span className="text-zinc-500">not recorded</span>
      </Row>
    );
  return (
    <Row label={label}>
      {children}
      <span
        className={`ml-2 text-xs ${fact.source === 'metadata' || !fact.verified ? 'text-amber-700 dark:text-amber-300' : 'text-zinc-500'}`}
      >
        from the {SOURCE_TEXT[fact.source]}
        {fact.source !== 'metadata' && !fact.verified ? ' (not verified): not proven' : ''}
      </span>
    </Row>
  );
}
