/**
 * The durability barrier behind every ack (docs/design.md §4): storeBatch resolves only when its writes
 * would survive a Redis crash.
 *
 * - Redis ≥ 7.2 (anything that knows WAITAOF) with AOF on: `WAITAOF 1 0 <timeout>` after the
 *   writes; the reply must say the local AOF was fsynced, else the batch fails (not acked).
 * - Older servers (7.0 has no WAITAOF): durability rests on the server's `appendonly yes` with
 *   `appendfsync always`, where Redis fsyncs before it replies. Detected once with CONFIG GET; a
 *   server that disables CONFIG cannot be verified and is reported as such.
 *
 * The result is a DurabilityReport the collector logs and shows in /readyz.
 *
 * On a Redis Cluster each primary holds some tenants' writes, so both steps are per primary:
 * detection asks every primary and reports the weakest, and the barrier sends WAITAOF on the
 * client's connection to every primary (WAITAOF covers the writes of the connection it is sent on).
 */
import type { Redis } from 'ioredis';
import { isCluster, primaries, type RedisClient } from '../../common/redis.js';
import { AppError, ConfigError, errorMessage, quote, type Problem } from '../../common/errors.js';
import { silentLogger, type Logger } from '../../common/logger.js';

/**
 * `auto`: WAITAOF where the server has it and AOF is on, else rely on `appendfsync always`
 * (and report when that is missing). `waitaof`: always WAITAOF; batches fail where it is not
 * available. `none`: no barrier (tests, benchmarks); reported as not durable unless the server
 * fsyncs every write anyway.
 */
export type DurabilityMode = 'auto' | 'waitaof' | 'none';

/** Every DurabilityMode, in the order messages list them. */
export const durabilityModes: readonly DurabilityMode[] = Object.freeze(['auto', 'waitaof', 'none']);

/** The problem with a durability mode (`expected …, got …`), or undefined when it is one. */
export function checkDurabilityMode(mode: string): string | undefined {
  return (durabilityModes as readonly string[]).includes(mode)
    ? undefined
    : `expected "auto", "waitaof" or "none", got ${quote(mode)}`;
}

/** How acked batches are made durable, for logs and /readyz. */
export interface DurabilityReport {
  /**
   * `waitaof`: WAITAOF after each batch. `appendfsync-always`: the server fsyncs every write
   * before replying. `none`: nothing makes acks durable. `unchecked`: not detected yet.
   */
  readonly mode: 'waitaof' | 'appendfsync-always' | 'none' | 'unchecked';
  /** True when an acked batch survives a Redis crash (power loss included). */
  readonly durable: boolean;
  /** One sentence: what was found and, when not durable, what to change. */
  readonly detail: string;
}

/** What detection found out about the server. */
export interface ServerPersistence {
  /** `redis_version` from INFO, or undefined when INFO failed. */
  readonly version: string | undefined;
  /** Whether the server accepted `WAITAOF 0 0 …` (the command exists). */
  readonly waitAofSupported: boolean;
  /** CONFIG GET appendonly ("yes"/"no"), undefined when CONFIG is not allowed. */
  readonly appendonly: string | undefined;
  /** CONFIG GET appendfsync ("always"/"everysec"/"no"), undefined when CONFIG is not allowed. */
  readonly appendfsync: string | undefined;
  /** Why CONFIG GET failed, when it did. */
  readonly configError: string | undefined;
}

const uncheckedReport: DurabilityReport = Object.freeze({
  mode: 'unchecked',
  durable: false,
  detail: 'durability not checked yet (it is checked before the first batch is acked)',
});

/** Decides the barrier from what the server said. Pure; see the module comment for the rules. */
export function decideDurability(requested: DurabilityMode, server: ServerPersistence): DurabilityReport {
  const version = server.version ?? 'unknown';
  const aofOn = server.appendonly === 'yes';
  const fsyncAlways = aofOn && server.appendfsync === 'always';
  if (requested === 'waitaof') {
    if (!server.waitAofSupported) {
      return {
        mode: 'waitaof',
        durable: false,
        detail: `durability "waitaof" needs Redis ≥ 7.2 (WAITAOF), server is ${version}: batches will fail; use durability "auto" with appendfsync always`,
      };
    }
    if (server.appendonly === 'no') {
      return {
        mode: 'waitaof',
        durable: false,
        detail: `WAITAOF needs appendonly yes, server has appendonly no: batches will fail`,
      };
    }
    return { mode: 'waitaof', durable: true, detail: `WAITAOF after every batch (Redis ${version})` };
  }
  if (requested === 'auto' && server.waitAofSupported && server.appendonly !== 'no') {
    return {
      mode: 'waitaof',
      durable: true,
      detail:
        server.appendonly === undefined
          ? `WAITAOF after every batch (Redis ${version}; appendonly not visible: CONFIG GET failed)`
          : `WAITAOF after every batch (Redis ${version}, appendfsync ${server.appendfsync ?? 'unknown'})`,
    };
  }
  if (fsyncAlways) {
    return {
      mode: 'appendfsync-always',
      durable: true,
      detail: `Redis ${version} fsyncs every write before replying (appendonly yes, appendfsync always)`,
    };
  }
  const off = requested === 'none' ? 'durability barrier turned off (durability "none"); ' : '';
  if (server.appendonly === undefined) {
    return {
      mode: 'none',
      durable: false,
      detail: `${off}cannot verify that Redis ${version} fsyncs acked writes: CONFIG GET failed (${server.configError ?? 'no reply'}); make sure it runs with appendonly yes and appendfsync always`,
    };
  }
  if (!aofOn) {
    return {
      mode: 'none',
      durable: false,
      detail: `${off}Redis ${version} has appendonly no: acked batches are lost if Redis crashes; set appendonly yes and appendfsync always${server.waitAofSupported ? '' : ' (or use Redis ≥ 7.2 for WAITAOF)'}`,
    };
  }
  return {
    mode: 'none',
    durable: false,
    detail: `${off}Redis ${version} has appendfsync ${quote(server.appendfsync ?? '')}: up to about a second of acked batches can be lost in a crash; set appendfsync always${server.waitAofSupported ? '' : ' (or use Redis ≥ 7.2 for WAITAOF)'}`,
  };
}

/**
 * Checks a `WAITAOF 1 0 <timeout>` reply `[numlocal, numreplicas]`; throws an UNAVAILABLE error
 * (the batch must not be acked) unless the local AOF was fsynced.
 */
export function checkWaitAofReply(reply: unknown, timeoutMs: number): void {
  const numlocal = Array.isArray(reply) ? Number(reply[0]) : NaN;
  if (!(numlocal >= 1)) {
    throw new AppError(
      'UNAVAILABLE',
      `WAITAOF 1 0 ${timeoutMs}: expected the local AOF fsynced (numlocal ≥ 1), got ${quote(reply)}; the batch is not acknowledged`,
    );
  }
}

export interface DurabilityBarrierOptions {
  readonly redis: RedisClient;
  /** Default `auto`. */
  readonly mode?: DurabilityMode;
  /** How long WAITAOF may wait for the fsync, ms. Default 5000. */
  readonly waitAofTimeoutMs?: number;
  /** Default: silent. */
  readonly logger?: Logger;
}

/** What DurabilityBarrier uses for an option not given. */
export const durabilityBarrierDefaults: {
  readonly mode: DurabilityMode;
  readonly waitAofTimeoutMs: number;
} = Object.freeze({ mode: 'auto', waitAofTimeoutMs: 5000 });

/** Detects the server's persistence once and makes each batch durable before it is acked. */
export class DurabilityBarrier {
  private readonly redis: RedisClient;
  private readonly mode: DurabilityMode;
  private readonly timeoutMs: number;
  private readonly logger: Logger;
  private current: DurabilityReport = uncheckedReport;
  private detecting: Promise<DurabilityReport> | undefined;

  constructor(options: DurabilityBarrierOptions) {
    this.redis = options.redis;
    this.mode = options.mode ?? durabilityBarrierDefaults.mode;
    this.timeoutMs = options.waitAofTimeoutMs ?? durabilityBarrierDefaults.waitAofTimeoutMs;
    this.logger = options.logger ?? silentLogger;
    const problems: Problem[] = [];
    const modeProblem = checkDurabilityMode(this.mode);
    if (modeProblem !== undefined) problems.push({ field: 'durability', reason: modeProblem });
    if (!Number.isSafeInteger(this.timeoutMs) || this.timeoutMs < 1) {
      problems.push({
        field: 'waitAofTimeoutMs',
        reason: `expected a positive integer, got ${quote(this.timeoutMs)}`,
      });
    }
    if (problems.length > 0) throw new ConfigError(problems);
  }

  /** The last detection's result (`unchecked` before the first). */
  report(): DurabilityReport {
    return this.current;
  }

  /** Detects once (again after `refresh`, or after a barrier failed) and returns the report. */
  detect(): Promise<DurabilityReport> {
    this.detecting ??= this.probe().then(
      (report) => {
        this.current = report;
        const fields = { mode: report.mode, durable: report.durable, detail: report.detail };
        if (report.durable) this.logger.info('redis durability', fields);
        else this.logger.warn('redis durability: acked batches may be lost in a Redis crash', fields);
        return report;
      },
      (err: unknown) => {
        this.detecting = undefined;
        throw err;
      },
    );
    return this.detecting;
  }

  /** Forgets the detection, e.g. after Redis was reconfigured. */
  refresh(): Promise<DurabilityReport> {
    this.detecting = undefined;
    return this.detect();
  }

  /** Resolves when every write this connection sent so far is durable (as far as the mode can). */
  async wait(): Promise<void> {
    const report = await this.detect();
    if (report.mode !== 'waitaof') return;
    try {
      const replies = await Promise.all(
        primaries(this.redis).map((node) => node.call('WAITAOF', 1, 0, this.timeoutMs)),
      );
      for (const reply of replies) checkWaitAofReply(reply, this.timeoutMs);
    } catch (err: unknown) {
      // The server may have been replaced or reconfigured: look again before the next batch.
      this.detecting = undefined;
      if (err instanceof AppError) throw err;
      throw new AppError('UNAVAILABLE', `WAITAOF failed: ${errorMessage(err)}`, { cause: err });
    }
  }

  private async probe(): Promise<DurabilityReport> {
    // A Cluster client learns its primaries on connecting: PING waits for that.
    if (isCluster(this.redis)) await this.redis.ping();
    const nodes = primaries(this.redis);
    if (nodes.length === 0) {
      // A Cluster client before it learned the slots: the next batch detects again.
      throw new AppError('UNAVAILABLE', 'redis cluster: no primary known yet; durability not detected');
    }
    const reports = await Promise.all(nodes.map((node) => this.probeOne(node)));
    if (reports.length === 1) return reports[0] as DurabilityReport;
    // The weakest primary decides: a batch's tenants may live on any of them.
    const at = (i: number): string => `${nodes[i]?.options.host ?? '?'}:${nodes[i]?.options.port ?? '?'}`;
    const weak = reports.findIndex((r) => !r.durable);
    if (weak >= 0) {
      const worst = reports[weak] as DurabilityReport;
      return { ...worst, detail: `cluster primary ${at(weak)}: ${worst.detail}` };
    }
    const first = reports[0] as DurabilityReport;
    if (reports.every((r) => r.mode === first.mode)) {
      return { ...first, detail: `${first.detail} (each of the ${nodes.length} cluster primaries)` };
    }
    // One barrier for all: WAITAOF where some lack it fails, skipping it where some need it loses.
    return {
      mode: 'none',
      durable: false,
      detail: `cluster primaries differ in persistence (${reports.map((r, i) => `${at(i)} ${r.mode}`).join(', ')}): configure them alike (deploy/redis/redis.conf)`,
    };
  }

  private async probeOne(node: Redis): Promise<DurabilityReport> {
    let version: string | undefined;
    try {
      const info = await node.info('server');
      version = /^redis_version:(\S+)/m.exec(info)?.[1];
    } catch {
      version = undefined;
    }
    let waitAofSupported: boolean;
    try {
      // Asks for nothing, so it returns at once; only tells whether the command exists.
      await node.call('WAITAOF', 0, 0, 100);
      waitAofSupported = true;
    } catch {
      waitAofSupported = false;
    }
    let appendonly: string | undefined;
    let appendfsync: string | undefined;
    let configError: string | undefined;
    try {
      const reply = await node.call('CONFIG', 'GET', 'append*');
      const pairs = Array.isArray(reply) ? reply.map((x) => String(x)) : [];
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        if (pairs[i] === 'appendonly') appendonly = pairs[i + 1];
        if (pairs[i] === 'appendfsync') appendfsync = pairs[i + 1];
      }
      if (appendonly === undefined) configError = `CONFIG GET append* answered ${quote(reply)}`;
    } catch (err: unknown) {
      configError = errorMessage(err);
    }
    return decideDurability(this.mode, { version, waitAofSupported, appendonly, appendfsync, configError });
  }
}
