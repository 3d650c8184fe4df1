/**
 * The detector's webhook options (docs/design.md §7, §9), spread into detectorOptionSpecs: the
 * defaults and bounds of webhook delivery, stated once here for the option specs, the endpoint
 * file (webhook-endpoints.ts) and the classes that deliver.
 */
import type { NumberRange } from '../../common/config-schema.js';
import type { OptionSpecs } from '../../common/config.js';

/** Defaults of webhook delivery. */
export interface DeliveryDefaults {
  /** Request timeout of an endpoint that sets none, ms. 10 s. */
  readonly timeoutMs: number;
  /** Divides the retry schedule (1 = real time). 1. */
  readonly retryScale: number;
  /** Requests in flight at once. 8. */
  readonly concurrency: number;
  /** Outbox entries idle this long with a consumer are claimed by another, ms. 30 s. */
  readonly claimIdleMs: number;
}

export const deliveryDefaults: DeliveryDefaults = Object.freeze({
  timeoutMs: 10_000,
  retryScale: 1,
  concurrency: 8,
  claimIdleMs: 30_000,
});

/** A request timeout, ms: above 0 and at most 2 minutes (a receiver should answer at once and work later). */
export const webhookTimeoutRange: NumberRange = Object.freeze({ min: 0, above: true, max: 120_000 });

export const deliveryOptionSpecs = {
  webhook: {
    type: 'string',
    description:
      'URL of one webhook endpoint (named "default", every rule, min severity low); needs --webhook-secret-file',
  },
  webhookSecretFile: {
    type: 'string',
    description:
      "file of the --webhook endpoint's whsec_ secret(s), one per line (several sign every message during a key rotation); re-read on SIGHUP",
  },
  webhooks: {
    type: 'string',
    description:
      'YAML or JSON list of webhook endpoints: name, url, secret_file, min_severity, rules, timeout; re-read on SIGHUP',
  },
  webhookTimeout: {
    type: 'duration',
    description: "webhook request timeout (an endpoint's `timeout` overrides it)",
    default: deliveryDefaults.timeoutMs,
    range: webhookTimeoutRange,
  },
  webhookRetryScale: {
    type: 'number',
    description:
      'divides the webhook retry schedule (5s, 5m, 30m, 2h, 5h, 10h, 10h): 1 = real time; tests and the demo use e.g. 1000',
    default: deliveryDefaults.retryScale,
    range: { min: 1, max: 10_000_000 },
  },
  webhookConcurrency: {
    type: 'int',
    description: 'webhook requests in flight at once',
    default: deliveryDefaults.concurrency,
    range: { min: 1, max: 256 },
  },
} as const satisfies OptionSpecs;
