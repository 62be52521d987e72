import type { CertificateIdentity } from '../core/model';
import { FULCIO_EXTENSIONS } from '../core/verify/identity';

const FULCIO_ARC = '1.3.6.1.4.1.57264.1.';

/** The OID beside a label: `SAN`, the issuer's in full, the rest as `…1.9` (same arc). */
function oidText(oid: string): string {
  if (!oid.startsWith(FULCIO_ARC)) return 'SAN';
  return oid === `${FULCIO_ARC}8` ? oid : `…${oid.slice(FULCIO_ARC.length - 2)}`;
}

/**
 * The identity a signing certificate carries, one row per field present, in the order of
 * the core's table. Each row has `data-field` (the field's name) on the row, or on the value
 * cell where a screen needs the value alone (`fieldHookOn="value"`). Given `signed` (what
 * the certificate signed) and `verified`, a note first says what the values prove.
 */
export function CertificateTable({
  identity,
  fieldHookOn = 'row',
  signed,
  verified = false,
}: {
  identity: CertificateIdentity;
  fieldHookOn?: 'row' | 'value';
  signed?: string;
  verified?: boolean;
}) {
  const hook = (on: 'row' | 'value', field: string) => (fieldHookOn === on ? { 'data-field': field } : {});
  return (
    <>
      {signed ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          {verified
            ? `Fulcio extensions of the certificate that signed the ${signed}; issued from the signer’s OIDC token (the CI provider’s, for a build), so authoritative.`
            : `Read from a certificate whose ${signed} did not verify: these values are not proven.`}
        </p>
      ) : null}
      <table className="mt-2 w-full text-sm" data-testid="certificate-fields">
        <tbody>
          {FULCIO_EXTENSIONS.filter(({ field }) => identity[field] !== undefined).map(({ field, oid, label }) => (
            <tr key={field} className="border-b border-zinc-100 dark:border-zinc-800" {...hook('row', field)}>
              <th scope="row" className="py-1 pr-4 text-left font-normal text-zinc-600 dark:text-zinc-400">
                {label} <span className="text-[11px] text-zinc-500 dark:text-zinc-400">{oidText(oid)}</span>
              </th>
              <td className="break-all py-1 font-mono text-xs" {...hook('value', field)}>
                {identity[field]}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
