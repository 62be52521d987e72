import type { ProviderInfo, Publisher } from '../core/model';
import { MetaText } from './meta-text';

/** A person's account, or a trusted-publisher badge naming the CI provider. */
export function PublisherLabel({ publisher, provider }: { publisher?: Publisher; provider?: ProviderInfo }) {
  if (!publisher) return <span className="text-xs text-zinc-500">unknown publisher</span>;
  if (publisher.trustedPublisher) {
    return (
      <div className="min-w-0 text-xs">
        <span
          className="inline-flex items-center gap-1 rounded bg-emerald-50 px-1.5 py-0.5 font-medium text-emerald-900 ring-1 ring-inset ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800"
          title={`Trusted publisher ${publisher.trustedPublisher.id}${publisher.trustedPublisher.oidcConfigId ? `, config ${publisher.trustedPublisher.oidcConfigId}` : ''}`}
        >
          <MetaText value={provider?.label ?? publisher.trustedPublisher.id} max={60} />
        </span>
        {publisher.approver ? (
          <div className="mt-0.5 text-zinc-600 dark:text-zinc-400">approved by <MetaText value={publisher.approver.name} max={60} /></div>
        ) : null}
      </div>
    );
  }
  if (!publisher.approver && !provider) {
    // The common case in one element (long lists draw one per row).
    return (
      <div className="min-w-0 text-xs font-medium" title="Published with this account's token">
        <MetaText value={publisher.name} max={60} />
      </div>
    );
  }
  return (
    <div className="min-w-0 text-xs">
      <span className="font-medium" title="Published with this account's token">
        <MetaText value={publisher.name} max={60} />
      </span>
      {publisher.approver ? (
        <div className="text-zinc-600 dark:text-zinc-400">approved by <MetaText value={publisher.approver.name} max={60} /></div>
      ) : null}
      {provider ? (
        <div className="text-zinc-500">
          built on <MetaText value={provider.label} max={60} />
          {provider.unproven ? (
            <span
              className="ml-1 text-amber-700 dark:text-amber-300"
              title="Read from a signing certificate that did not verify: not proven"
            >
              (not proven)
            </span>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
