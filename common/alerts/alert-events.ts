/**
 * When a change of an alert is worth telling webhook subscribers (docs/design.md §7; see
 * docs/decisions.md, D-alert-events): `alert.opened` when an alert that is not informational goes
 * live (new, reopened, or no longer informational); then, while subscribers know it as live,
 * `alert.updated` when its state, severity, informational flag, tenants or anchor change or its
 * score moves by ≥ 10 % since the last event (not every hourly refresh of the evidence numbers),
 * and `alert.resolved` when it is resolved (by the detector or an analyst). Informational alerts
 * that were never announced produce no events.
 *
 * The store (alert-store.ts) appends the event this decides to its outbox in the same write as
 * the change.
 */
import type { StoredAlert } from './alert-model.js';

/** Webhook event types of docs/design.md §7. */
export const alertEventTypes = Object.freeze(['alert.opened', 'alert.updated', 'alert.resolved'] as const);
export type AlertEventType = (typeof alertEventTypes)[number];

/** Relative score change since the last event that makes an `alert.updated` (10 %). */
export const notableScoreChange = 0.1;

function notableChange(prev: StoredAlert, next: StoredAlert): boolean {
  if (
    prev.state !== next.state ||
    prev.severity !== next.severity ||
    prev.informational !== next.informational ||
    prev.anchorTenantId !== next.anchorTenantId ||
    prev.tenantIds.join('\n') !== next.tenantIds.join('\n')
  ) {
    return true;
  }
  const base = prev.notifiedScore ?? prev.score;
  return Math.abs(next.score - base) >= notableScoreChange * Math.max(Math.abs(base), 1e-9);
}

/**
 * The outbox event a change from `prev` (undefined: a new alert) to `next` makes, if any, and
 * `next` with its announcement bookkeeping updated. See the module comment for the rules.
 */
export function outboxEventFor(
  prev: StoredAlert | undefined,
  next: StoredAlert,
): { type: AlertEventType | undefined; alert: StoredAlert } {
  const announced = prev?.announced === true;
  let type: AlertEventType | undefined;
  if (next.state === 'resolved') type = announced ? 'alert.resolved' : undefined;
  else if (!announced) type = next.informational ? undefined : 'alert.opened';
  else if (prev !== undefined && notableChange(prev, next)) type = 'alert.updated';
  if (type === undefined) {
    const { notifiedScore, ...rest } = next;
    const kept = prev?.notifiedScore ?? notifiedScore;
    return {
      type,
      alert: { ...rest, announced, ...(kept === undefined ? {} : { notifiedScore: kept }) },
    };
  }
  return { type, alert: { ...next, announced: type !== 'alert.resolved', notifiedScore: next.score } };
}
