/**
 * One evaluation (docs/design.md §6): a tenant's linked cluster, its members' profiles and their
 * whole stored usage history up to the event-time watermark, the screening context, every rule's
 * episodes over that history (episodes.ts), and the alert store's ledger of them (docs/design.md
 * §7). Judged in event time only: the wall clock caps reported time (skew) and nothing else, so
 * the same stored records give the same alerts whatever order they arrived in. Idempotent: the
 * same stored state evaluated twice leaves the same alerts (applyEpisodes answers `unchanged`).
 */
import { alertRules, type AlertRule } from '../common/alerts/alert-model.js';
import type { AlertEpisode } from '../common/alerts/alert-model.js';
import type { ApplyEvent, RedisAlertStore } from '../common/alerts/alert-store.js';
import { isControlled } from '../common/chips/chips.js';
import type { Clock } from '../common/clock.js';
import { dayMs, hourMs } from '../common/usage/usage-time.js';
import {
  HourlyPrefix,
  controlledGpuHours,
  episodeOf,
  episodesOf,
  firstUsageHourMs,
  judgeInstants,
  peakFlopOf,
  windowMeanMayReach,
  type HeldAt,
} from './episodes.js';
import { makeCluster } from './linkage/clusters.js';
import type { LinkageOptions } from './linkage/linkage-options.js';
import { LinkageResolver } from './linkage/linkage-resolver.js';
import type { PopulationLinkage } from './linkage/linkage-thread.js';
import type { IdentityGraphSource } from './linkage/identity-graph.js';
import type { Cluster, Finding, RuleId, Severity, TenantProfile } from './model.js';
import type { TenantUsage } from '../common/usage/tenant-usage.js';
import type { Policy } from './policy.js';
import { effectiveOwnership } from './rules/effective-ownership.js';
import { frontierCompute } from './rules/frontier-compute.js';
import { newAccountBurst } from './rules/new-account-burst.js';
import { evaluateScreeningMatch, isScreenedParty } from './rules/screening-match.js';
import { shellRing } from './rules/shell-ring.js';
import { structuring } from './rules/structuring.js';
import { succession } from './rules/succession.js';
import { ScreeningMatcher } from './screening/name-match.js';
import type { ScreeningListStore } from './screening/screening-list-store.js';
import type { RedisTenantProfileReader } from './tenant-profile-reader.js';
import { latestUsageEndMs, type RedisUsageReader } from '../common/usage/usage-reader.js';

/** Allowed clock skew of reported usage (docs/design.md §2): the watermark is capped at wall clock + this. */
export const defaultMaxSkewMs = 5 * 60_000;

/**
 * How far a cluster's own watermark (the end of its latest hour of usage) may lie behind the
 * fleet's before the cluster counts as quiet and is judged at the fleet's time. Two hours: a
 * cluster that reports normally is at most one hour-granularity step behind, so it keeps being
 * judged on its own data (a holder at exactly a threshold never dips below it by minutes it has
 * not reported yet), while a tenant that stopped moves on with the fleet and its alerts resolve.
 */
export const defaultQuietAfterMs = 2 * hourMs;

/** What happened to one rule's alert in one evaluation. */
export type RuleOutcome = ApplyEvent | 'resolved' | 'none';

/** A rule's episodes on one cluster and the finding of its latest hold. */
export interface RuleEpisodes {
  readonly finding: Finding;
  readonly episodes: readonly AlertEpisode[];
}

export interface EvaluationResult {
  readonly tenantId: string;
  readonly clusterId: string;
  readonly tenantIds: readonly string[];
  /** The event-time watermark the rules ran at; 0 when no member has usage. */
  readonly watermarkMs: number;
  /** Where the rules' "now" came from: the cluster's own usage, the fleet's (quiet), the wall clock. */
  readonly judgedAt: 'cluster' | 'fleet' | 'wall';
  /** Every rule's latest finding (the one its alert shows), in rule order. */
  readonly findings: readonly Finding[];
  /** Per rule that held at some time of the history: its episodes, oldest first. */
  readonly episodes: Readonly<Partial<Record<RuleId, readonly AlertEpisode[]>>>;
  /** Per rule: opened/updated/unchanged (fired) or resolved/unchanged/none (did not fire). */
  readonly outcomes: Readonly<Record<RuleId, RuleOutcome>>;
}

/** The alert events an evaluation produced, for the metrics: rule, severity, event. */
export interface AlertEvent {
  readonly rule: RuleId;
  readonly severity: Severity;
  readonly event: 'opened' | 'updated' | 'resolved';
}

export interface EvaluatorOptions {
  /**
   * The identity graph: linkage reads it with the policy's weights (rebuilt when the policy
   * version changes), shell-ring reads the holder counts of address digests.
   */
  readonly identityGraph: IdentityGraphSource;
  readonly profiles: RedisTenantProfileReader;
  readonly usage: RedisUsageReader;
  readonly screening: ScreeningListStore;
  readonly alerts: RedisAlertStore;
  /** The policy in force (a function so a reload takes effect at the next evaluation). */
  readonly policy: () => Policy;
  readonly clock: Clock;
  /**
   * The fleet's event-time watermark (common/usage/fleet-watermark.ts). Without it, a cluster is judged
   * at its own latest usage, or at the wall clock when it has none.
   */
  readonly fleetWatermark?: { read(): Promise<number> };
  /**
   * Links the whole population for a sweep away from the event loop (linkage-thread.ts); by
   * default the evaluator's own resolver does it in process.
   */
  readonly linkPopulation?: (linkage: LinkageOptions) => Promise<PopulationLinkage>;
  /** Default defaultMaxSkewMs. */
  readonly maxSkewMs?: number;
  /** Default defaultQuietAfterMs. */
  readonly quietAfterMs?: number;
  /** Called once per alert opened, updated or resolved. */
  readonly onAlertEvent?: (event: AlertEvent) => void;
}

interface CachedMatcher {
  readonly listVersion: string;
  readonly options: Policy['screening'];
  readonly matcher: ScreeningMatcher;
}

function usesControlledChips(usage: readonly TenantUsage[]): boolean {
  return usage.some((u) => u.hours.some((h) => h.gpuSeconds > 0 && isControlled(h.controlClass)));
}

/**
 * An informational finding (docs/design.md §6.3: a verified customer outside the countries of concern) is
 * recorded with severity `info`, so no severity filter treats it as an alert; the severity it
 * would have had as an alert stays in the evidence.
 */
function asRecorded(finding: Finding): Finding {
  if (!finding.informational || finding.severity === 'info') return finding;
  return {
    ...finding,
    severity: 'info',
    evidence: { ...finding.evidence, severityIfAlert: finding.severity },
  };
}

/**
 * Event time of a screening match's first episode: the first controlled usage of a matched
 * member, else the latest account creation among them (the party became a customer), else the
 * evaluation's time when neither is known.
 */
function screeningFirstSeenMs(
  matched: readonly string[],
  usage: readonly TenantUsage[],
  profiles: readonly TenantProfile[],
  nowMs: number,
): number {
  const ids = new Set(matched);
  let first = Infinity;
  for (const u of usage) {
    if (!ids.has(u.tenantId)) continue;
    const h = u.hours.find((x) => x.gpuSeconds > 0 && isControlled(x.controlClass));
    if (h !== undefined && h.hourStartMs < first) first = h.hourStartMs;
  }
  if (first !== Infinity) return first;
  let created = 0;
  for (const p of profiles)
    if (ids.has(p.tenantId) && p.accountCreatedMs > created) created = p.accountCreatedMs;
  return created > 0 && created <= nowMs ? created : nowMs;
}

/** Clusters judged between two turns of the event loop in evaluateClusters. */
const judgeGroupSize = 20;

/** The pairs of directly linked members of `cluster` that used a node in common. */
function sameNodePairs(
  cluster: Cluster,
  nodesOf: ReadonlyMap<string, readonly string[]>,
): (readonly [string, string])[] {
  const pairs: (readonly [string, string])[] = [];
  for (const link of cluster.links) {
    const a = new Set(nodesOf.get(link.a) ?? []);
    if ((nodesOf.get(link.b) ?? []).some((node) => a.has(node))) pairs.push([link.a, link.b]);
  }
  return pairs;
}

export class Evaluator {
  private readonly options: EvaluatorOptions;
  private readonly maxSkewMs: number;
  private readonly quietAfterMs: number;
  private cached: CachedMatcher | undefined;
  private resolver: { readonly options: Policy['linkage']; readonly linkage: LinkageResolver } | undefined;

  constructor(options: EvaluatorOptions) {
    this.options = options;
    this.maxSkewMs = options.maxSkewMs ?? defaultMaxSkewMs;
    this.quietAfterMs = options.quietAfterMs ?? defaultQuietAfterMs;
  }

  /** Evaluates the cluster of `tenantId` and applies the findings to the alert store. */
  async evaluateTenant(tenantId: string): Promise<EvaluationResult> {
    const policy = this.options.policy();
    const cluster = await this.linkage(policy).clusterOf(tenantId);
    const [result] = await this.evaluateClusters([cluster], policy);
    if (result === undefined) throw new Error(`no evaluation of ${tenantId}`);
    return { ...result, tenantId };
  }

  /**
   * Every cluster of the population as linkage sees it now (the sweep: one pass over the identity
   * index instead of a breadth-first expansion per tenant), multi-member clusters first, then
   * every other tenant alone. Through `linkPopulation` (a worker thread) when configured.
   */
  async clusterAll(): Promise<Cluster[]> {
    const resolver = this.linkage(this.options.policy());
    const { clusters, tenantIds } =
      this.options.linkPopulation !== undefined
        ? await this.options.linkPopulation(resolver.linkage)
        : {
            clusters: (await resolver.clusterAll()).clusters,
            tenantIds: await this.options.identityGraph.allTenantIds(),
          };
    const inClusters = new Set(clusters.flatMap((c) => c.tenantIds));
    const all: Cluster[] = [...clusters];
    for (const id of tenantIds) {
      if (!inClusters.has(id)) all.push(makeCluster([id], id, [], [], false));
    }
    return all;
  }

  /**
   * Evaluates clusters and applies their findings to the alert store, reading what they need in
   * batches (usage, profiles, address holder counts, the fleet watermark and the screening list
   * once for all of them): the sweep's path, and evaluateTenant's with one cluster.
   */
  async evaluateClusters(
    clusters: readonly Cluster[],
    policy: Policy = this.options.policy(),
  ): Promise<EvaluationResult[]> {
    const { profiles, usage, clock } = this.options;
    const wallMs = clock.nowMs();
    const capMs = wallMs + this.maxSkewMs;
    const allIds = [...new Set(clusters.flatMap((c) => c.tenantIds))];

    // The whole stored history (as far back as the store keeps hours) up to wall clock + skew,
    // then cut at the watermark: hours past it are future reports.
    const readTo = capMs + hourMs;
    const [firstRead, fleetMs, profileList, matcher] = await Promise.all([
      usage.manyTenantUsage(allIds, 0, readTo),
      this.options.fleetWatermark?.read() ?? Promise.resolve(0),
      profiles.getMany(allIds),
      this.matcher(policy),
    ]);
    const usageById = new Map(firstRead.map((u) => [u.tenantId, u]));
    const profileById = new Map<string, TenantProfile>();
    for (const p of profileList) if (p !== undefined) profileById.set(p.tenantId, p);
    // The fleet's time at hour granularity, like the clusters' own watermarks.
    const fleetHourEndMs = fleetMs > 0 ? Math.min(Math.ceil(fleetMs / hourMs) * hourMs, capMs) : 0;

    const plans = clusters.map((cluster) => {
      const raw = cluster.tenantIds.map((id) => usageById.get(id) ?? { tenantId: id, hours: [] });
      let watermarkMs = Math.min(latestUsageEndMs(raw), capMs);
      let judgedAt: EvaluationResult['judgedAt'] = watermarkMs > 0 ? 'cluster' : 'wall';
      if (watermarkMs > 0 && fleetHourEndMs - watermarkMs > this.quietAfterMs) {
        // A quiet cluster: its usage stopped while the fleet's went on. Judge it at the fleet's
        // time, so conditions that needed its usage stop holding and their alerts resolve.
        watermarkMs = fleetHourEndMs;
        judgedAt = 'fleet';
      }
      if (watermarkMs === 0 && fleetHourEndMs > 0) judgedAt = 'fleet';
      return { cluster, watermarkMs, judgedAt };
    });

    const addressDigests = [
      ...new Set(
        [...profileById.values()].flatMap((p) =>
          p.identities.filter((i) => i.kind === 'address').map((i) => i.digest),
        ),
      ),
    ];
    const addressCounts = await this.options.identityGraph.holderCounts(
      addressDigests.map((digest) => ({ kind: 'address', digest })),
    );
    const addressTenantCounts = new Map(addressDigests.map((d, i) => [d, addressCounts[i] ?? 1]));

    // Which linked members landed on the same nodes (succession's extra weight; never a link).
    const linkedIds = [...new Set(clusters.filter((c) => c.links.length > 0).flatMap((c) => c.tenantIds))];
    const nodesOf =
      linkedIds.length > 0 ? await usage.tenantNodes(linkedIds) : new Map<string, readonly string[]>();

    // Which rules have an alert on which cluster, in one read: most clusters have none, and
    // then a rule that did not fire has nothing to resolve or withdraw.
    const rules = alertRules as readonly AlertRule[];
    const live = await this.options.alerts.hasAlert(
      clusters.flatMap((c) => rules.map((rule) => ({ rule, clusterId: c.clusterId }))),
    );

    // The rules are synchronous CPU: judge a few clusters at a time and let the event loop run
    // between groups, so a sweep chunk does not hold it for the whole chunk.
    const results: EvaluationResult[] = [];
    for (let from = 0; from < plans.length; from += judgeGroupSize) {
      if (from > 0) await new Promise((resolve) => setImmediate(resolve));
      const group = plans.slice(from, from + judgeGroupSize);
      results.push(
        ...(await Promise.all(
          group.map((plan, j) => {
            const i = from + j;
            return this.judge(plan, policy, {
              liveRules: new Set(rules.filter((_, r) => live[i * rules.length + r] === true)),
              sameNodePairs: sameNodePairs(plan.cluster, nodesOf),
              wallMs,
              fleetHourEndMs,
              usageById,
              profileById,
              addressTenantCounts,
              matcher,
            });
          }),
        )),
      );
    }
    return results;
  }

  /** The rules on one cluster, and their findings applied to the alert store. */
  private async judge(
    plan: {
      readonly cluster: Cluster;
      readonly watermarkMs: number;
      readonly judgedAt: EvaluationResult['judgedAt'];
    },
    policy: Policy,
    read: {
      /** Rules with an alert on this cluster, live or resolved (read before the rules ran). */
      readonly liveRules: ReadonlySet<AlertRule>;
      /** Linked members whose allocations used a node in common. */
      readonly sameNodePairs: readonly (readonly [string, string])[];
      readonly wallMs: number;
      readonly fleetHourEndMs: number;
      readonly usageById: ReadonlyMap<string, TenantUsage>;
      readonly profileById: ReadonlyMap<string, TenantProfile>;
      readonly addressTenantCounts: ReadonlyMap<string, number>;
      readonly matcher: CachedMatcher | undefined;
    },
  ): Promise<EvaluationResult> {
    const { alerts } = this.options;
    const { cluster, watermarkMs, judgedAt } = plan;
    const { matcher, addressTenantCounts } = read;
    const memberUsage = cluster.tenantIds.map((id) => {
      const hours = read.usageById.get(id)?.hours ?? [];
      const last = hours[hours.length - 1];
      return {
        tenantId: id,
        hours:
          last === undefined || last.hourStartMs < watermarkMs
            ? hours
            : hours.filter((h) => h.hourStartMs < watermarkMs),
      };
    });
    const memberProfiles = cluster.tenantIds
      .map((id) => read.profileById.get(id))
      .filter((p): p is TenantProfile => p !== undefined);
    const screenedParty = matcher !== undefined && isScreenedParty(memberProfiles, matcher.matcher);

    const inputs = { cluster, profiles: memberProfiles, usage: memberUsage };
    const ruled: RuleEpisodes[] = [];
    const once = (f: Finding | undefined): void => {
      if (f !== undefined) ruled.push({ finding: f, episodes: [episodeOf(asRecorded(f), policy.version)] });
    };
    if (watermarkMs > 0) {
      ruled.push(...this.windowedEpisodes({ ...inputs, screenedParty }, policy, watermarkMs));
      // Facts of the past, found in the whole history whenever its records arrived.
      once(shellRing({ ...inputs, addressTenantCounts }, policy, watermarkMs));
      once(succession({ ...inputs, sameNodePairs: read.sameNodePairs }, policy, watermarkMs));
      once(newAccountBurst(inputs, policy, watermarkMs));
    } else {
      // No usage stored: only the profile-based rules can hold; judged at the fleet's time, or
      // at the wall clock before any usage has been stored.
      const profileNowMs = read.fleetHourEndMs > 0 ? read.fleetHourEndMs : read.wallMs;
      once(shellRing({ ...inputs, addressTenantCounts }, policy, profileNowMs));
    }
    const nowMs = watermarkMs > 0 ? watermarkMs : read.fleetHourEndMs > 0 ? read.fleetHourEndMs : read.wallMs;
    if (matcher !== undefined) {
      once(
        evaluateScreeningMatch({
          cluster,
          profiles: memberProfiles,
          matcher: matcher.matcher,
          usesControlledChips: usesControlledChips(memberUsage),
          nowMs,
          firstSeenOf: (matched) => screeningFirstSeenMs(matched, memberUsage, memberProfiles, nowMs),
          listVersion: matcher.listVersion,
        }),
      );
    }
    ruled.sort((a, b) => alertRules.indexOf(a.finding.rule) - alertRules.indexOf(b.finding.rule));

    // Each rule's alert is its own record: the lifecycle writes of one cluster run side by side.
    const outcomes = {} as Record<RuleId, RuleOutcome>;
    const recorded = ruled.map((r) => asRecorded(r.finding));
    const fired = new Set(recorded.map((f) => f.rule));
    const resolveAfterMs = policy.alerts.resolveAfterDays * dayMs;
    // Usage older than the first hour read is no longer in the store: its episodes stay as recorded.
    const firstHour = firstUsageHourMs(memberUsage);
    const derivedFromMs = firstHour > 0 ? firstHour : nowMs;
    await Promise.all([
      ...ruled.map(async ({ finding, episodes }) => {
        const { alert, event } = await alerts.applyEpisodes(
          { finding: { ...asRecorded(finding), clusterId: cluster.clusterId }, episodes, derivedFromMs },
          policy.version,
          nowMs,
          resolveAfterMs,
        );
        outcomes[finding.rule] = event;
        if (event !== 'unchanged')
          this.options.onAlertEvent?.({ rule: finding.rule, severity: alert.severity, event });
      }),
      ...(alertRules as readonly AlertRule[])
        .filter((rule) => !fired.has(rule))
        .map(async (rule) => {
          if (!read.liveRules.has(rule)) {
            outcomes[rule] = 'none';
            return;
          }
          const { alert, event } = await alerts.withdrawEpisodes(
            rule,
            cluster.clusterId,
            derivedFromMs,
            nowMs,
            resolveAfterMs,
          );
          // 'updated': some of its episodes were withdrawn, others stand.
          outcomes[rule] = event;
          if ((event === 'resolved' || event === 'updated') && alert !== undefined)
            this.options.onAlertEvent?.({ rule, severity: alert.severity, event });
        }),
    ]);
    return {
      tenantId: cluster.anchorTenantId,
      clusterId: cluster.clusterId,
      tenantIds: cluster.tenantIds,
      watermarkMs,
      judgedAt,
      findings: recorded,
      episodes: Object.fromEntries(ruled.map((r) => [r.finding.rule, r.episodes])),
      outcomes,
    };
  }

  /**
   * The windowed rules (effective ownership, structuring, frontier compute) judged at each
   * instant of judgeInstants over the whole history, their holds merged into episodes. The
   * prefix sums screen out the instants at which the rule's necessary condition (mean
   * concurrency, compute) fails, so the rules themselves run only where they may hold.
   */
  private windowedEpisodes(
    inputs: Parameters<typeof effectiveOwnership>[0],
    policy: Policy,
    watermarkMs: number,
  ): RuleEpisodes[] {
    const instants = judgeInstants(firstUsageHourMs(inputs.usage), watermarkMs);
    const eo = policy.effectiveOwnership;
    const fc = policy.frontierCompute;
    const gpus = new HourlyPrefix(inputs.usage, watermarkMs, controlledGpuHours);
    const flop = new HourlyPrefix(inputs.usage, watermarkMs, peakFlopOf);
    const owned: HeldAt[] = [];
    const structured: HeldAt[] = [];
    const frontier: HeldAt[] = [];
    for (const atMs of instants) {
      const mayOwn = windowMeanMayReach(gpus, atMs, eo.windowDays, eo.minMeanConcurrentGpus);
      owned.push({ atMs, finding: mayOwn ? effectiveOwnership(inputs, policy, atMs) : undefined });
      structured.push({ atMs, finding: mayOwn ? structuring(inputs, policy, atMs) : undefined });
      const mayFrontier = windowMeanMayReach(
        flop,
        atMs,
        fc.windowDays,
        fc.infoFlop / fc.utilization / (fc.windowDays * 24),
      );
      frontier.push({ atMs, finding: mayFrontier ? frontierCompute(inputs, policy, atMs) : undefined });
    }
    const out: RuleEpisodes[] = [];
    for (const results of [owned, structured, frontier]) {
      const recorded = results.map((r) => ({
        atMs: r.atMs,
        finding: r.finding === undefined ? undefined : asRecorded(r.finding),
      }));
      const { episodes, latest } = episodesOf(recorded, policy.version);
      if (latest !== undefined) out.push({ finding: latest, episodes });
    }
    return out;
  }

  /** The resolver with the policy's linkage weights, rebuilt only when another policy is in force. */
  private linkage(policy: Policy): LinkageResolver {
    if (this.resolver?.options !== policy.linkage) {
      this.resolver = {
        options: policy.linkage,
        linkage: new LinkageResolver({ source: this.options.identityGraph, linkage: policy.linkage }),
      };
    }
    return this.resolver.linkage;
  }

  /** The matcher over the active list, rebuilt only when the list or the policy changes. */
  private async matcher(policy: Policy): Promise<CachedMatcher | undefined> {
    const info = await this.options.screening.info();
    if (info === undefined) return undefined;
    if (this.cached?.listVersion === info.version && this.cached.options === policy.screening)
      return this.cached;
    const list = await this.options.screening.load();
    if (list === undefined) return undefined;
    this.cached = {
      listVersion: list.version,
      options: policy.screening,
      matcher: new ScreeningMatcher(list.entries, policy.screening),
    };
    return this.cached;
  }
}
