/**
 * The fleet's event-time watermark (docs/design.md §2: the detector's "now" is the latest segment end it
 * has seen, per tenant and globally). Collectors advance it as they store batches; the detector
 * reads it to judge a cluster that has stopped reporting at the fleet's time rather than at its
 * own last hour, so the alerts of a tenant that went quiet resolve after the policy period.
 *
 * One string key (`RedisKeys.fleetWatermark()`, its own hash tag), only ever raised: a script
 * compares and sets in one step, so collectors racing with older ends never move it back.
 */
import type { RedisClient } from '../redis.js';

const advanceLua = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local proposed = tonumber(ARGV[1])
if proposed > current then
  redis.call('SET', KEYS[1], ARGV[1])
  return proposed
end
return current`;

interface WatermarkCommands {
  gpuwatchAdvanceWatermark(key: string, ms: number): Promise<number>;
}

function withCommands(redis: RedisClient): RedisClient & WatermarkCommands {
  const typed = redis as RedisClient & Partial<WatermarkCommands>;
  if (typed.gpuwatchAdvanceWatermark === undefined) {
    redis.defineCommand('gpuwatchAdvanceWatermark', { numberOfKeys: 1, lua: advanceLua });
  }
  return redis as RedisClient & WatermarkCommands;
}

export interface FleetWatermarkOptions {
  readonly redis: RedisClient;
  /** `RedisKeys.fleetWatermark()`. */
  readonly key: string;
  /**
   * Writes are skipped unless they raise the watermark by at least this much over what this
   * process last wrote, ms. Default 1000: a live fleet moves it once a second at most per
   * collector, a replay (months of history in minutes) about once per batch.
   */
  readonly granularityMs?: number;
}

export class FleetWatermark {
  private readonly redis: RedisClient & WatermarkCommands;
  private readonly key: string;
  private readonly granularityMs: number;
  /** The highest value this process has written or read back. */
  private knownMs = 0;

  constructor(options: FleetWatermarkOptions) {
    this.redis = withCommands(options.redis);
    this.key = options.key;
    this.granularityMs = options.granularityMs ?? 1000;
  }

  /**
   * Raises the watermark to `endMs` if that is later; resolves with the watermark after the call.
   * Cheap when nothing changes: no command is sent for an end within the granularity.
   */
  async advance(endMs: number): Promise<number> {
    if (!Number.isFinite(endMs) || endMs < this.knownMs + this.granularityMs) return this.knownMs;
    const now = await this.redis.gpuwatchAdvanceWatermark(this.key, Math.floor(endMs));
    if (now > this.knownMs) this.knownMs = now;
    return this.knownMs;
  }

  /** The watermark, Unix ms; 0 when nothing has been stored yet. */
  async read(): Promise<number> {
    const value = Number((await this.redis.get(this.key)) ?? 0);
    return Number.isFinite(value) && value > 0 ? value : 0;
  }
}
