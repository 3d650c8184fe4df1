/** The event policy of the outbox on its own (no Redis): which change of an alert is worth telling. */
import { describe, expect, it } from 'vitest';
import { outboxEventFor } from '../../../common/alerts/alert-events.js';
import type { StoredAlert } from '../../../common/alerts/alert-model.js';

const base: StoredAlert = {
  alertId: 'al-1',
  rule: 'shell_ring',
  clusterId: 'c-1',
  severity: 'high',
  score: 10,
  tenantIds: ['t-a', 't-b'],
  anchorTenantId: 't-a',
  state: 'open',
  firstSeenMs: 0,
  lastSeenMs: 1,
  policyVersion: 'p1',
  informational: false,
  evidence: {},
  updatedAtMs: 0,
};
const live: StoredAlert = { ...base, announced: true, notifiedScore: 10 };

describe('outboxEventFor', () => {
  it.each([
    ['a new alert', undefined, base, 'alert.opened'],
    ['a new informational alert', undefined, { ...base, informational: true }, undefined],
    ['a score drift under 10 %', live, { ...live, score: 10.9 }, undefined],
    ['a score change of 10 %', live, { ...live, score: 11 }, 'alert.updated'],
    ['a new severity', live, { ...live, severity: 'critical' }, 'alert.updated'],
    ['a new member', live, { ...live, tenantIds: ['t-a', 't-b', 't-c'] }, 'alert.updated'],
    ['an acknowledgement', live, { ...live, state: 'acknowledged' }, 'alert.updated'],
    ['the resolution of an announced alert', live, { ...live, state: 'resolved' }, 'alert.resolved'],
    ['the resolution of an alert never announced', base, { ...base, state: 'resolved' }, undefined],
    ['an informational alert that stops being one', { ...base, informational: true }, base, 'alert.opened'],
  ] as const)('%s → %s', (_name, prev, next, type) => {
    expect(outboxEventFor(prev, next).type).toBe(type);
  });

  it('remembers the score last told, so drift adds up to an update', () => {
    const quiet = outboxEventFor(live, { ...live, score: 10.6 });
    expect(quiet.alert).toMatchObject({ announced: true, notifiedScore: 10 });
    expect(outboxEventFor(quiet.alert, { ...quiet.alert, score: 11.2 }).type).toBe('alert.updated');
  });

  it('marks what it announces and forgets it once resolved', () => {
    expect(outboxEventFor(undefined, base).alert).toMatchObject({ announced: true, notifiedScore: 10 });
    expect(outboxEventFor(live, { ...live, state: 'resolved' }).alert.announced).toBe(false);
  });
});
