import { describe, expect, it } from 'vitest';
import type { StoredAlert } from '../../../common/alerts/alert-model.js';
import { webhookBody } from '../../../detector/delivery/outbox-dispatcher.js';
import { toPostableAlert } from '../../../detector/alertmanager/alertmanager-alert.js';

const day = 86_400_000;
const t0 = Date.parse('2026-02-01T00:00:00Z');

const alert: StoredAlert = {
  alertId: 'al-1',
  rule: 'effective_ownership',
  severity: 'high',
  score: 3,
  clusterId: 'c-1',
  tenantIds: ['t-a', 't-b'],
  anchorTenantId: 't-a',
  state: 'open',
  firstSeenMs: t0,
  lastSeenMs: t0 + 120 * day,
  policyVersion: 'p2',
  informational: false,
  evidence: { gpus: 16 },
  updatedAtMs: t0,
  episodes: [
    {
      startMs: t0,
      endMs: t0 + 40 * day,
      severity: 'medium',
      score: 1,
      tenantIds: ['t-a'],
      policyVersion: 'p1',
      evidence: {},
    },
    {
      startMs: t0 + 90 * day,
      endMs: t0 + 120 * day,
      severity: 'high',
      score: 3,
      tenantIds: ['t-a', 't-b'],
      policyVersion: 'p2',
      evidence: { gpus: 16 },
    },
  ],
};

describe('what an alert event carries about its episodes', () => {
  it('puts the episode that opened or changed the alert in the webhook body, in event time', () => {
    const body = JSON.parse(webhookBody('alert.updated', t0 + 121 * day, alert)) as {
      data: { episode?: unknown; episodes?: unknown[] };
    };
    expect(body.data.episode).toEqual({
      start: '2026-05-02T00:00:00.000Z',
      end: '2026-06-01T00:00:00.000Z',
      severity: 'high',
      score: 3,
      tenant_ids: ['t-a', 't-b'],
      policy_version: 'p2',
      evidence: { gpus: 16 },
    });
    expect(body.data.episodes).toHaveLength(2);
    const { episodes: _e, ...old } = alert;
    expect(JSON.parse(webhookBody('alert.opened', t0, old))).not.toHaveProperty('data.episode');
  });

  it('names the latest episode in the Alertmanager annotations', () => {
    const postable = toPostableAlert(alert, { nowMs: t0 + 121 * day, endsAtMs: t0 + 122 * day });
    expect(postable.annotations.episode).toBe(
      '2026-05-02T00:00:00.000Z to 2026-06-01T00:00:00.000Z (high); 2 episode(s) in all',
    );
  });
});
