export function AuditPage({ name, version }: { name: string; version: string }) {
  return (
    <p className="mt-8 text-sm">
      Audit view of {name}@{version}: not built yet.
    </p>
  );
}
