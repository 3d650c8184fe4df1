/**
 * prom-client's default process and Node.js metrics (CPU, memory, event loop lag, GC, handles),
 * registered the same way by every program.
 */
import { collectDefaultMetrics, type Registry } from 'prom-client';

/**
 * Gauges prom-client names with a `_total` suffix, which Prometheus reserves for counters
 * (`promtool check metrics` rejects them). Nothing is lost by dropping them: `nodejs_active_handles`,
 * `nodejs_active_requests` and `nodejs_active_resources` carry the same counts by type.
 */
const misnamedDefaultGauges = Object.freeze([
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
]);

/** Registers the default process metrics on `registry`, minus the misnamed gauges. */
export function collectProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
  for (const name of misnamedDefaultGauges) registry.removeSingleMetric(name);
}
