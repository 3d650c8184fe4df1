/**
 * Dead letters and disabled endpoints of webhook delivery, in Redis under the hash tag
 * `{webhooks}` (keys from RedisKeys). A dead letter keeps everything needed to look into it and
 * send it again: the payload exactly as sent, the endpoint name, attempts, last HTTP status and
 * error. Bounded: the newest `maxDeadLetters` (10 000) are kept, the oldest dropped in the same
 * script that adds one. An endpoint disabled by `410 Gone` stays disabled across restarts until
 * `gpuwatch alerts redeliver` re-enables it (or `enable()`).
 */
import type { RedisClient } from '../../common/redis.js';
import type { AlertEventType } from '../../common/alerts/alert-events.js';
import type { RedisKeys } from '../../common/redis-keys.js';

/** Dead letters kept; the oldest beyond are dropped. */
export const maxDeadLetters = 10_000;

export interface DeadLetter {
  /** Delivery id (the BullMQ job id): `<endpoint>.<alertId>.<rev>`. */
  readonly id: string;
  readonly endpoint: string;
  /** The `webhook-id` (`<alertId>:<rev>`). */
  readonly eventId: string;
  readonly type: AlertEventType;
  readonly alertId: string;
  /** The request body exactly as sent. */
  readonly body: string;
  readonly attempts: number;
  /** HTTP status of the last attempt; undefined when no response came (timeout, refused). */
  readonly lastStatus?: number | undefined;
  readonly lastError: string;
  /** Why it stopped: attempts exhausted, permanent failure, endpoint disabled / gone / not configured. */
  readonly reason: string;
  /** Wall clock, Unix ms. */
  readonly atMs: number;
}

export interface DisabledEndpoint {
  readonly atMs: number;
  readonly reason: string;
}

/** KEYS: hash, index. ARGV: id, JSON, at ms, max kept. */
const addScript = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if excess > 0 then
  local old = redis.call('ZRANGE', KEYS[2], 0, excess - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1)
  for _, id in ipairs(old) do redis.call('HDEL', KEYS[1], id) end
end
return 1
`;

export class RedisDeadLetterStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly maxKept = maxDeadLetters,
  ) {}

  async add(letter: DeadLetter): Promise<void> {
    await this.redis.eval(
      addScript,
      2,
      this.keys.webhookDeadLetters(),
      this.keys.webhookDeadLetterIndex(),
      letter.id,
      JSON.stringify(letter),
      String(letter.atMs),
      String(this.maxKept),
    );
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    const json = await this.redis.hget(this.keys.webhookDeadLetters(), id);
    return json === null ? undefined : (JSON.parse(json) as DeadLetter);
  }

  /** Newest first, at most `limit`. */
  async list(limit = 100): Promise<DeadLetter[]> {
    const ids = await this.redis.zrevrange(this.keys.webhookDeadLetterIndex(), 0, Math.max(0, limit - 1));
    if (ids.length === 0) return [];
    const jsons = await this.redis.hmget(this.keys.webhookDeadLetters(), ...ids);
    return jsons.filter((j): j is string => j !== null).map((j) => JSON.parse(j) as DeadLetter);
  }

  count(): Promise<number> {
    return this.redis.zcard(this.keys.webhookDeadLetterIndex());
  }

  async remove(id: string): Promise<void> {
    await this.redis
      .multi()
      .hdel(this.keys.webhookDeadLetters(), id)
      .zrem(this.keys.webhookDeadLetterIndex(), id)
      .exec();
  }

  async disable(endpoint: string, reason: string, atMs: number): Promise<void> {
    const value: DisabledEndpoint = { atMs, reason };
    await this.redis.hset(this.keys.webhookDisabledEndpoints(), endpoint, JSON.stringify(value));
  }

  /** True when it was disabled. */
  async enable(endpoint: string): Promise<boolean> {
    return (await this.redis.hdel(this.keys.webhookDisabledEndpoints(), endpoint)) === 1;
  }

  async disabled(): Promise<Map<string, DisabledEndpoint>> {
    const all = await this.redis.hgetall(this.keys.webhookDisabledEndpoints());
    return new Map(Object.entries(all).map(([k, v]) => [k, JSON.parse(v) as DisabledEndpoint]));
  }

  async isDisabled(endpoint: string): Promise<boolean> {
    return (await this.redis.hexists(this.keys.webhookDisabledEndpoints(), endpoint)) === 1;
  }
}
