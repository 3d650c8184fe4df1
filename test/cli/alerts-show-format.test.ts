import { describe, expect, it } from 'vitest';
import type { StoredAlert } from '../../common/alerts/alert-model.js';
import { formatShow } from '../../cli/alerts-command.js';

const day = 86_400_000;
const t0 = Date.parse('2026-03-01T00:00:00Z');

const alert: StoredAlert = {
  alertId: 'al-1',
  rule: 'effective_ownership',
  severity: 'high',
  score: 3.25,
  clusterId: 'c-1',
  tenantIds: ['t-a'],
  anchorTenantId: 't-a',
  state: 'resolved',
  firstSeenMs: t0,
  lastSeenMs: t0 + 200 * day,
  policyVersion: 'p2',
  informational: false,
  evidence: { gpus: 8 },
  updatedAtMs: t0,
  episodes: [
    {
      startMs: t0,
      endMs: t0 + 95 * day + 4 * 3_600_000,
      severity: 'medium',
      score: 1.5,
      tenantIds: ['t-a'],
      policyVersion: 'p1',
      evidence: {},
    },
    {
      startMs: t0 + 180 * day,
      endMs: t0 + 180 * day + 40 * 60_000,
      severity: 'high',
      score: 3.25,
      tenantIds: ['t-a'],
      policyVersion: 'p2',
      evidence: {},
    },
  ],
};

describe('gpuwatch alerts show', () => {
  it('lists the episodes with readable event-time dates, oldest first, before the evidence', () => {
    const text = formatShow(alert, []);
    expect(text).toContain(
      [
        '  episodes:       (event time: when the condition held)',
        '    FROM                  TO                      LENGTH  SEVERITY  SCORE  POLICY',
        '    2026-03-01T00:00:00Z  2026-06-04T04:00:00Z  95 d 4 h  medium     1.50  p1',
        '    2026-08-28T00:00:00Z  2026-08-28T00:40:00Z    40 min  high       3.25  p2',
        '  evidence:',
      ].join('\n'),
    );
  });

  it('says when an alert predates episodes, and when every episode was withdrawn', () => {
    const { episodes: _e, ...old } = alert;
    expect(formatShow(old, [])).toContain('    (not recorded: the alert predates episodes)');
    expect(formatShow({ ...alert, episodes: [] }, [])).toContain('(none: every episode was withdrawn)');
  });
});
