// Counts written as Intl's en-US writes them ("1,234"), by hand for integers: a page's
// first Intl formatter loads ICU's data (40–120 ms of main thread in a fresh page), which
// landed in the module evaluation or first render of the screens that show a count.
let fallback: Intl.NumberFormat | undefined;

export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return (fallback ??= new Intl.NumberFormat('en-US')).format(n);
  const digits = String(Math.abs(n));
  let grouped = digits.slice(0, digits.length % 3 || 3);
  for (let at = grouped.length; at < digits.length; at += 3) grouped += `,${digits.slice(at, at + 3)}`;
  return n < 0 ? `-${grouped}` : grouped;
}
