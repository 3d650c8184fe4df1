/**
 * Whether the collector should get traffic: Redis reachable, the gRPC port bound, not draining.
 * Read by gRPC health (Check/Watch) and by /readyz; emits `change` when the answer flips.
 */
import { EventEmitter } from 'node:events';
import type { RedisClient } from '../common/redis.js';

export interface ReadinessReport {
  readonly ready: boolean;
  readonly redis: 'ready' | 'unreachable';
  readonly listening: boolean;
  readonly draining: boolean;
  /** How acked batches are made durable, when the store reports it. */
  readonly durability?: unknown;
}

export class Readiness extends EventEmitter<{ change: [ready: boolean] }> {
  private redisReady = false;
  private listening = false;
  private draining = false;
  private lastReady = false;

  /** @param durability the store's durability report, when it has one (shown in /readyz) */
  constructor(private readonly durability?: () => unknown) {
    super();
  }

  /** Follows a client's connection state: `ready` is up; `close`/`end` is down until `ready` again. */
  watchRedis(redis: RedisClient): void {
    this.setRedisReady(redis.status === 'ready');
    redis.on('ready', () => this.setRedisReady(true));
    redis.on('close', () => this.setRedisReady(false));
    redis.on('end', () => this.setRedisReady(false));
  }

  setRedisReady(value: boolean): void {
    this.redisReady = value;
    this.update();
  }
  setListening(value: boolean): void {
    this.listening = value;
    this.update();
  }
  /** Shutting down: not ready from now on. */
  startDraining(): void {
    this.draining = true;
    this.update();
  }

  get isDraining(): boolean {
    return this.draining;
  }
  get ready(): boolean {
    return this.redisReady && this.listening && !this.draining;
  }

  report(): ReadinessReport {
    const durability = this.durability?.();
    return {
      ready: this.ready,
      redis: this.redisReady ? 'ready' : 'unreachable',
      listening: this.listening,
      draining: this.draining,
      ...(durability !== undefined ? { durability } : {}),
    };
  }

  private update(): void {
    const now = this.ready;
    if (now !== this.lastReady) {
      this.lastReady = now;
      this.emit('change', now);
    }
  }
}
