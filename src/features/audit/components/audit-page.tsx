import { lazy, Suspense } from 'react';
import { LoadingBlock } from '../../../components/loading-block';

// A page for printing, opened from one version's detail: it loads in its own chunk.
const AuditScreen = lazy(() => import('./audit-screen'));

export function AuditPage({ name, version }: { name: string; version: string }) {
  return (
    <Suspense fallback={<LoadingBlock label="Loading the audit view…" />}>
      <AuditScreen name={name} version={version} />
    </Suspense>
  );
}
