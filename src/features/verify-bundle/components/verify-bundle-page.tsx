export function VerifyBundlePage() {
  return <p className="mt-8 text-sm">Verify a bundle: not built yet.</p>;
}
