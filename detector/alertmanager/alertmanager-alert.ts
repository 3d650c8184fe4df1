/**
 * A stored alert as Alertmanager's API v2 `postableAlert`: which alerts are sent, and their
 * labels, annotations and times. Pure functions; the forwarder decides when.
 *
 * Labels are few, bounded and stable for the life of an alert, because Alertmanager identifies
 * an alert by its whole label set: `alertname="GpuwatchComplianceAlert"` (one name; route on
 * `rule`), `rule`, `severity`, `alert_key` (the alert id: one Alertmanager alert per gpuwatch
 * alert), `source="gpuwatch"`, plus the operator's `--alertmanager-external-labels`. Tenant ids,
 * scores and states change or are unbounded: they go in annotations.
 */
import { latestEpisode, type StoredAlert } from '../../common/alerts/alert-model.js';

/** The `alertname` label of every alert gpuwatch sends. */
export const alertmanagerAlertName = 'GpuwatchComplianceAlert';

/** Alertmanager API v2 `postableAlert`. Times are RFC 3339. */
export interface PostableAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: string;
  readonly endsAt: string;
}

/** Tenant ids named in a description; the rest are counted. */
const maxTenantsNamed = 10;
/** Top-level evidence values quoted in a description. */
const maxEvidenceItems = 8;
const maxEvidenceValueChars = 80;
const maxDescriptionChars = 2000;

/**
 * Pages SREs through Alertmanager: open or acknowledged (an analyst who has seen an alert has not
 * made it go away), and not informational or severity `info` (records for reports, like the
 * webhooks skip them). Suppressed alerts are silenced by an analyst on purpose.
 */
export function firesInAlertmanager(a: StoredAlert): boolean {
  return (a.state === 'open' || a.state === 'acknowledged') && !a.informational && a.severity !== 'info';
}

/**
 * Was sent as firing and has stopped (resolved or suppressed) at or after `sinceMs` (wall clock):
 * sent once more with endsAt = that time, so Alertmanager resolves it instead of waiting for the
 * endsAt of the last firing send.
 */
export function endedSince(a: StoredAlert, sinceMs: number): boolean {
  return (
    (a.state === 'resolved' || a.state === 'suppressed') &&
    !a.informational &&
    a.severity !== 'info' &&
    a.updatedAtMs >= sinceMs
  );
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Top-level scalar evidence, `name=value`: the numbers that made the rule fire. */
function evidenceHeadline(evidence: Readonly<Record<string, unknown>>): string {
  const items: string[] = [];
  for (const [name, value] of Object.entries(evidence)) {
    if (items.length >= maxEvidenceItems) break;
    if (typeof value === 'number') {
      items.push(`${name}=${Number.isInteger(value) ? value : Number(value.toPrecision(4))}`);
    } else if (typeof value === 'string' || typeof value === 'boolean') {
      items.push(`${name}=${clip(String(value), maxEvidenceValueChars)}`);
    }
  }
  return items.join(', ');
}

function describe(a: StoredAlert): string {
  const named = a.tenantIds.slice(0, maxTenantsNamed).join(', ');
  const more =
    a.tenantIds.length > maxTenantsNamed ? ` and ${a.tenantIds.length - maxTenantsNamed} more` : '';
  const headline = evidenceHeadline(a.evidence);
  const parts = [
    `Rule ${a.rule} (severity ${a.severity}, score ${Number(a.score.toPrecision(6))}) on a linked cluster of ${a.tenantIds.length} tenant${a.tenantIds.length === 1 ? '' : 's'}: ${named}${more}.`,
    `Seen ${iso(a.firstSeenMs)} to ${iso(a.lastSeenMs)} (event time), policy ${a.policyVersion}, state ${a.state}.`,
  ];
  if (headline !== '') parts.push(`Evidence: ${headline}.`);
  parts.push(`Details: gpuwatch alerts show ${a.alertId}`);
  return clip(parts.join(' '), maxDescriptionChars);
}

/** The labels of an alert; their JSON is what identifies the Alertmanager alert. */
export function alertmanagerLabels(
  a: StoredAlert,
  externalLabels: Readonly<Record<string, string>>,
): Record<string, string> {
  return {
    ...externalLabels,
    alertname: alertmanagerAlertName,
    rule: a.rule,
    severity: a.severity,
    alert_key: a.alertId,
    source: 'gpuwatch',
  };
}

/**
 * The postable form. `endsAtMs` (wall clock) is ahead of now for a firing alert and the end time
 * for a resolved one. `startsAt` is the alert's first_seen (event time) capped at `endsAtMs` and
 * `nowMs`: Alertmanager refuses an alert that ends before it starts, and a replayed or skewed
 * fleet can have event times ahead of the wall clock.
 */
export function toPostableAlert(
  a: StoredAlert,
  times: { readonly nowMs: number; readonly endsAtMs: number },
  externalLabels: Readonly<Record<string, string>> = {},
): PostableAlert {
  const startsMs = Math.min(a.firstSeenMs, times.nowMs, times.endsAtMs);
  const episode = latestEpisode(a);
  return {
    labels: alertmanagerLabels(a, externalLabels),
    annotations: {
      summary: clip(
        `gpuwatch ${a.rule} (${a.severity}): ${a.tenantIds.length} linked tenant${a.tenantIds.length === 1 ? '' : 's'}, anchor ${a.anchorTenantId}`,
        300,
      ),
      description: describe(a),
      anchor_tenant_id: a.anchorTenantId,
      state: a.state,
      policy_version: a.policyVersion,
      // The episode that opened or changed it (event time): when its condition held.
      ...(episode === undefined
        ? {}
        : {
            episode: `${iso(episode.startMs)} to ${iso(episode.endMs)} (${episode.severity}); ${a.episodes?.length ?? 0} episode(s) in all`,
          }),
    },
    startsAt: iso(startsMs),
    endsAt: iso(times.endsAtMs),
  };
}
