import { describe, expect, it } from 'vitest';
import type { StoredAlert } from '../../common/alerts/alert-model.js';
import { formatHistory, historyRows } from '../../cli/tenants-history.js';

const t0 = Date.parse('2026-01-05T00:00:00Z');
const day = 86_400_000;

describe('tenants history rows', () => {
  it('shows an alert stored before episodes as one starred row from first to last seen', () => {
    const old: StoredAlert = {
      alertId: 'al-old',
      rule: 'structuring',
      severity: 'medium',
      score: 1,
      clusterId: 'c',
      tenantIds: ['t-a'],
      anchorTenantId: 't-a',
      state: 'open',
      firstSeenMs: t0,
      lastSeenMs: t0 + 3 * day,
      policyVersion: 'p0',
      informational: false,
      evidence: {},
      updatedAtMs: t0,
    };
    const rows = historyRows([old]);
    expect(rows).toEqual([
      expect.objectContaining({
        alert_id: 'al-old',
        start_unix_ms: t0,
        end_unix_ms: t0 + 3 * day,
        episode: false,
      }),
    ]);
    const text = formatHistory('t-a', rows);
    expect(text).toContain('al-old *');
    expect(text).toContain("* stored before episodes: the row spans the alert's first to last seen");
  });
});
