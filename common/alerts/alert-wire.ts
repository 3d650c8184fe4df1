/** A stored alert as the wire Alert message (docs/design.md §3) that Query.ListAlerts and webhooks carry. */
import type { IAlert } from '../proto.js';
import type { StoredAlert } from './alert-model.js';

/** The Alert message of docs/design.md §3. evidence_json carries the cluster id and the informational flag too. */
export function toWireAlert(a: StoredAlert): IAlert {
  const evidence: Record<string, unknown> = { cluster_id: a.clusterId, ...a.evidence };
  if (a.informational) evidence.informational = true;
  return {
    alert_id: a.alertId,
    rule: a.rule,
    severity: a.severity,
    score: a.score,
    tenant_ids: [...a.tenantIds],
    anchor_tenant_id: a.anchorTenantId,
    state: a.state,
    first_seen_unix_ms: a.firstSeenMs,
    last_seen_unix_ms: a.lastSeenMs,
    policy_version: a.policyVersion,
    evidence_json: JSON.stringify(evidence),
    // Only when there are any: alerts stored before episodes keep their earlier shape.
    ...(a.episodes !== undefined && a.episodes.length > 0
      ? {
          episodes: a.episodes.map((e) => ({
            start_unix_ms: e.startMs,
            end_unix_ms: e.endMs,
            severity: e.severity,
            score: e.score,
            tenant_ids: [...e.tenantIds],
            policy_version: e.policyVersion,
            evidence_json: JSON.stringify(e.evidence),
          })),
        }
      : {}),
  };
}
