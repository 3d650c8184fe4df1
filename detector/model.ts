/**
 * The detector's view of the world (docs/design.md §6), shared by linkage, the rules, screening and the
 * alert store. Everything is in event time: `nowMs` is the watermark (the latest segment end
 * seen), never the wall clock.
 */
import type { AlertRule, AlertSeverity } from '../common/alerts/alert-model.js';
import type { IdentityKind } from '../common/tenants/identity-digest.js';

/** Rule ids (docs/design.md §6): the one list is common/alerts/alert-model.ts `alertRules`. */
export type RuleId = AlertRule;

/** Severities, lowest first: the one list is common/alerts/alert-model.ts `alertSeverities`. */
export type Severity = AlertSeverity;

/** One linkage attribute of a tenant: its kind and keyed digest (never the clear value). */
export interface TenantIdentity {
  readonly kind: IdentityKind | 'workload_fingerprint';
  readonly digest: string;
}

/** A tenant profile as the detector reads it (docs/design.md §3 Tenant, linkage values as digests). */
export interface TenantProfile {
  readonly tenantId: string;
  readonly legalName: string;
  readonly aliases: readonly string[];
  /** ISO 3166-1 alpha-2 of the headquarters; "" when unknown. */
  readonly country: string;
  /** 0 when unknown. */
  readonly accountCreatedMs: number;
  /** 0 when unknown. */
  readonly incorporatedMs: number;
  readonly registrationNumber: string;
  readonly beneficialOwners: readonly string[];
  /** tenant_id of the reseller; "" when direct. */
  readonly resellerId: string;
  readonly kycVerified: boolean;
  readonly identities: readonly TenantIdentity[];
  readonly attributes: Readonly<Record<string, string>>;
}

/** Why two tenants are linked: the shared attributes, each with its weight (log-odds). */
export interface LinkEvidence {
  readonly kind: TenantIdentity['kind'];
  readonly digest: string;
  readonly weight: number;
  /** How many tenants share this value (values shared by too many are ignored, not listed). */
  readonly sharedBy: number;
}

export interface Link {
  readonly a: string;
  readonly b: string;
  /** Sum of the evidence weights. */
  readonly score: number;
  readonly evidence: readonly LinkEvidence[];
}

/** Tenants that are one actor as far as the evidence goes (union-find over the links). */
export interface Cluster {
  /** Stable id: derived from the sorted member ids. */
  readonly clusterId: string;
  /** Sorted. */
  readonly tenantIds: readonly string[];
  /** The tenant the evaluation started from, or the oldest account. */
  readonly anchorTenantId: string;
  readonly links: readonly Link[];
}

/** What a rule found about a cluster; the alert store turns findings into alerts. */
export interface Finding {
  readonly rule: RuleId;
  readonly severity: Severity;
  /** Rule-specific strength, comparable within a rule. */
  readonly score: number;
  readonly tenantIds: readonly string[];
  readonly anchorTenantId: string;
  /** Event time. */
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
  /**
   * Informational record (e.g. effective ownership by a KYC-verified customer outside the
   * countries of concern): kept for reports, never sent as a webhook.
   */
  readonly informational: boolean;
  /** The numbers, windows, classes, shared attributes (as digests) and list entries that made it fire. */
  readonly evidence: Readonly<Record<string, unknown>>;
}
