import type { ComparedValue } from '../../../core/analysis/compare-versions';
import type { FactSource } from '../../../core/analysis/version-facts';
import { ExternalLink } from '../../../components/external-link';

const SOURCE_TEXT: Record<FactSource, string> = {
  certificate: 'signing certificate',
  predicate: 'provenance predicate',
  metadata: 'package metadata, not verified',
};

/** One side of a compared field, as text (metadata is never markup). */
export function ComparedValueView({ value, mono }: { value: ComparedValue | undefined; mono: boolean }) {
  if (!value) return <span className="text-zinc-500 dark:text-zinc-400">not recorded</span>;
  const unverified = value.source !== undefined && (value.source === 'metadata' || !value.verified);
  return (
    <div className="min-w-0">
      <div className={`whitespace-pre-line break-all ${mono ? 'font-mono text-xs' : ''}`}>
        {value.href ? <ExternalLink href={value.href}>{value.text}</ExternalLink> : value.text}
      </div>
      {value.detail ? <div className="text-xs text-zinc-600 dark:text-zinc-400">{value.detail}</div> : null}
      {value.source ? (
        <div
          className={`text-[11px] ${unverified ? 'text-amber-700 dark:text-amber-300' : 'text-zinc-500 dark:text-zinc-400'}`}
        >
          from the {SOURCE_TEXT[value.source]}
          {value.source !== 'metadata' && !value.verified ? ' (not verified)' : ''}
        </div>
      ) : null}
    </div>
  );
}
