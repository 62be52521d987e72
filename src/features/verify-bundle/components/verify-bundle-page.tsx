import { lazy, Suspense } from 'react';
import { LoadingBlock } from '../../../components/loading-block';

// Most visits never open this page: its form and results load in their own chunk, so
// the initial bundle does not carry them.
const VerifyBundleScreen = lazy(() => import('./verify-bundle-screen'));

export function VerifyBundlePage() {
  return (
    <Suspense fallback={<LoadingBlock label="Loading the bundle verifier…" />}>
      <VerifyBundleScreen />
    </Suspense>
  );
}
