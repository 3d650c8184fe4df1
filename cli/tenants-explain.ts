/**
 * `gpuwatch tenants explain ID`, the text form: the cluster, its members, each link's evidence
 * and the values ignored as too common, from detector/linkage/cluster-explanation.ts (which reads
 * Redis) under the weights of detector/linkage/linkage-policy-source.ts. `--json` prints the
 * Explanation itself.
 */
import type { ExplainedValue, Explanation } from '../detector/linkage/cluster-explanation.js';
import { formatTable, isoSeconds, type TableColumn } from './table.js';

/**
 * A digest shortened for the table: the scheme and 16 hex digits (64 bits: no two values of one
 * deployment collide in practice); `--json` has the whole digest.
 */
export function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  const hex = colon >= 0 ? digest.slice(colon + 1) : digest;
  return hex.length > 16 ? `${digest.slice(0, colon + 1)}${hex.slice(0, 16)}…` : digest;
}

function number(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}

/** A VALUE column only when some value is readable (workload fingerprints). */
function withValueColumn(columns: TableColumn[], values: readonly ExplainedValue[]): TableColumn[] {
  return values.some((v) => v.value !== undefined) ? [...columns, { header: 'VALUE' }] : columns;
}

/** The explanation as text: the cluster, its members, each link's evidence, the ignored values. */
export function formatExplanation(e: Explanation): string {
  const out: string[] = [];
  const others = e.tenantIds.length - 1;
  out.push(
    others === 0
      ? `tenant ${e.tenantId} is linked to no other tenant (cluster ${e.clusterId})`
      : `tenant ${e.tenantId} belongs to cluster ${e.clusterId} with ${others} other tenant${others === 1 ? '' : 's'}`,
  );
  if (e.truncated)
    out.push('note: the cluster reached the size limit of one resolution: there may be more members');
  out.push(
    `policy ${e.policySource} (version ${e.policyVersion}): a pair is linked at a score of ${number(e.linkThreshold)} or more; values held by more than ${e.genericValueMaxTenants} tenants are ignored`,
  );
  out.push('', 'members:');
  out.push(
    formatTable(
      [
        { header: 'TENANT' },
        { header: 'LEGAL NAME' },
        { header: 'COUNTRY' },
        { header: 'KYC' },
        { header: 'ACCOUNT CREATED' },
      ],
      e.members.map((m) =>
        m.hasProfile
          ? [m.tenantId, m.legalName, m.country, m.kycVerified ? 'yes' : 'no', isoSeconds(m.accountCreatedMs)]
          : [m.tenantId, '(no profile)'],
      ),
      { indent: '  ' },
    ),
  );
  out.push('', `links (${e.links.length}):`);
  if (e.links.length === 0) out.push('  (none)');
  for (const l of e.links) {
    out.push(`  ${l.a} — ${l.b}: score ${number(l.score)} ≥ threshold ${number(l.threshold)}`);
    out.push(
      formatTable(
        withValueColumn(
          [
            { header: 'KIND' },
            { header: 'WEIGHT', align: 'right' },
            { header: 'SHARED BY', align: 'right' },
            { header: 'DIGEST' },
          ],
          l.evidence,
        ),
        l.evidence.map((v) => [
          v.kind,
          number(v.weight),
          String(v.sharedBy),
          shortDigest(v.digest),
          v.value ?? '',
        ]),
        { indent: '    ' },
      ),
    );
  }
  out.push(
    '',
    `ignored as too common (held by more than ${e.genericValueMaxTenants} tenants) (${e.ignored.length}):`,
  );
  out.push(
    e.ignored.length === 0
      ? '  (none)'
      : formatTable(
          withValueColumn(
            [{ header: 'KIND' }, { header: 'SHARED BY', align: 'right' }, { header: 'DIGEST' }],
            e.ignored,
          ),
          e.ignored.map((v) => [v.kind, String(v.sharedBy), shortDigest(v.digest), v.value ?? '']),
          { indent: '  ' },
        ),
  );
  return out.join('\n');
}
