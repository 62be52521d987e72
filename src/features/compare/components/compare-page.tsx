export function ComparePage({ name, from, to }: { name: string; from: string; to: string }) {
  return (
    <p className="mt-8 text-sm">
      Comparing {name} {from} with {to}: not built yet.
    </p>
  );
}
