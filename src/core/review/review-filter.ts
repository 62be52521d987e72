// The review table's filters and orders: pure, so the screen only renders their result.
import type { TrustLevel, VerificationStatus } from '../model';
import type { IntegrityStatus } from './integrity';
import { byWeakness, type ReviewFindingKind, type ReviewRow } from './review';

export interface ReviewFilter {
  trust?: TrustLevel;
  verification?: VerificationStatus | 'pending';
  integrity?: IntegrityStatus;
  placement?: 'direct' | 'transitive';
  /** `any`: rows with a finding; `none`: rows without; a kind: rows with that finding. */
  findings?: 'any' | 'none' | ReviewFindingKind;
  /** Part of the name, case-insensitive. */
  name?: string;
}

export type ReviewSort = 'weakness' | 'name' | 'trust' | 'verification' | 'published';

export const REVIEW_SORT_LABELS: Record<ReviewSort, string> = {
  weakness: 'Weakest first',
  name: 'Name',
  trust: 'Trust level',
  verification: 'Verification',
  published: 'Newest publish first',
};

const TRUST_ORDER: Record<TrustLevel, number> = { none: 0, provenance: 1, 'trusted-publisher': 2, staged: 3 };
const VERIFICATION_ORDER: Record<VerificationStatus | 'pending', number> = { failed: 0, unavailable: 1, absent: 2, pending: 3, verified: 4 };

export function filterReviewRows(rows: readonly ReviewRow[], filter: ReviewFilter): ReviewRow[] {
  const name = filter.name?.trim().toLowerCase();
  return rows.filter(
    (row) =>
      (filter.trust === undefined || row.trust === filter.trust) &&
      (filter.verification === undefined || row.verification === filter.verification) &&
      (filter.integrity === undefined || row.integrity.status === filter.integrity) &&
      (filter.placement === undefined || row.direct === (filter.placement === 'direct')) &&
      (filter.findings === undefined ||
        (filter.findings === 'any'
          ? row.findings.length > 0
          : filter.findings === 'none'
            ? row.findings.length === 0
            : row.findings.some((f) => f.kind === filter.findings))) &&
      (!name || row.name.toLowerCase().includes(name)),
  );
}

/** A new array in the chosen order; ties by name, then version (a stable table). */
export function sortReviewRows(rows: readonly ReviewRow[], sort: ReviewSort): ReviewRow[] {
  const byName = (a: ReviewRow, b: ReviewRow) => compareText(a.name, b.name) || compareText(a.version, b.version);
  const order: Record<ReviewSort, (a: ReviewRow, b: ReviewRow) => number> = {
    weakness: byWeakness,
    name: byName,
    trust: (a, b) => TRUST_ORDER[a.trust] - TRUST_ORDER[b.trust] || byName(a, b),
    verification: (a, b) => VERIFICATION_ORDER[a.verification] - VERIFICATION_ORDER[b.verification] || byName(a, b),
    published: (a, b) => compareText(b.publishedAt ?? '', a.publishedAt ?? '') || byName(a, b),
  };
  return [...rows].sort(order[sort]);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
