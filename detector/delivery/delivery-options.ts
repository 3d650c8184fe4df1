/** The detector's webhook options (docs/design.md §7, §9), spread into detectorOptionSpecs. */
import type { OptionSpecs } from '../../common/config.js';

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
    default: '10s',
    check: (v: number) =>
      v > 0 && v <= 120_000 ? undefined : `expected a duration above 0 and at most 2m, got ${v} ms`,
  },
  webhookRetryScale: {
    type: 'number',
    description:
      'divides the webhook retry schedule (5s, 5m, 30m, 2h, 5h, 10h, 10h): 1 = real time; tests and the demo use e.g. 1000',
    default: 1,
    check: (v: number) => (v >= 1 && v <= 10_000_000 ? undefined : `expected 1..10000000, got ${v}`),
  },
  webhookConcurrency: {
    type: 'int',
    description: 'webhook requests in flight at once',
    default: 8,
    check: (v: number) => (v >= 1 && v <= 256 ? undefined : `expected 1..256, got ${v}`),
  },
} as const satisfies OptionSpecs;
