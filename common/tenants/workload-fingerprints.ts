/**
 * Workload fingerprints (a container image digest or similar, docs/design.md §3 `workload_fingerprint`)
 * as linkage evidence (docs/design.md §6.2). The collector keeps, per tenant, the fingerprints it stored
 * usage for (`keys.workloads(tenant)`, field = the fingerprint itself) and adds the tenant to the
 * identity index under `workload_fingerprint` + workloadFingerprintDigest(); the detector links
 * tenants that ran the same private image.
 *
 * Unlike the profile's linkage attributes these are not keyed: an image digest names software,
 * not a person, and the audit log already holds it as sent. The plain SHA-256 below only keeps
 * the index key short and free of characters (braces) that would break its hash tag, and gives
 * evidence one shape (`kind` + digest) for every attribute.
 */
import { createHash } from 'node:crypto';

/** Prefix of a workload fingerprint digest. */
export const workloadDigestPrefix = 'sha256:';

/** Surrounding white space removed (fingerprints are otherwise opaque); "" links nothing. */
export function normalizeWorkloadFingerprint(value: string): string {
  return value.normalize('NFKC').trim();
}

/** `sha256:<hex>` of `workload_fingerprint:<normalized>`; "" for an empty fingerprint. */
export function workloadFingerprintDigest(value: string): string {
  const normalized = normalizeWorkloadFingerprint(value);
  if (normalized === '') return '';
  return (
    workloadDigestPrefix + createHash('sha256').update(`workload_fingerprint:${normalized}`).digest('hex')
  );
}
