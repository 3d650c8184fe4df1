import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../common/errors.js';
import { clusterIdOf, linkTenants, oldestAnchor } from '../../../detector/linkage/clusters.js';
import {
  linkageAttributeKinds,
  linkageDefaults,
  resolveLinkageOptions,
} from '../../../detector/linkage/linkage-options.js';
import {
  isLink,
  scorePair,
  type SharedValue,
  type TenantNode,
} from '../../../detector/linkage/link-scoring.js';
import { UnionFind } from '../../../detector/linkage/union-find.js';
import type { TenantIdentity } from '../../../detector/model.js';

const options = linkageDefaults;
const shared = (kind: TenantIdentity['kind'], sharedBy = 2, digest = `d-${kind}`): SharedValue => ({
  kind,
  digest,
  sharedBy,
});
const links = (values: SharedValue[]): boolean => isLink(scorePair('a', 'b', values, options), options);

const strong = ['payment_fingerprint', 'ssh_key', 'registration_number'] as const;
const medium = ['email', 'phone', 'address', 'admin_ip', 'beneficial_owner', 'workload_fingerprint'] as const;

describe('scorePair with the default weights', () => {
  it.each(strong)('a shared %s links on its own', (kind) => {
    expect(links([shared(kind)])).toBe(true);
  });

  it.each(medium)('a shared %s alone does not link', (kind) => {
    expect(links([shared(kind)])).toBe(false);
  });

  it.each(medium)('a shared %s plus a shared email domain does not link', (kind) => {
    expect(links([shared(kind), shared('email_domain')])).toBe(false);
  });

  const mediumPairs = medium.flatMap((x, i) => medium.slice(i).map((y) => [x, y] as const));
  it.each(mediumPairs)('two medium values (%s, %s) link', (x, y) => {
    expect(links([shared(x, 2, 'd1'), shared(y, 2, 'd2')])).toBe(true);
  });

  it.each([
    ['an email domain alone', [shared('email_domain')], false],
    ['a payment fingerprint held by 20 tenants', [shared('payment_fingerprint', 20)], true],
    ['a payment fingerprint held by 21 tenants (generic)', [shared('payment_fingerprint', 21)], false],
    ['an admin IP shared by 21 tenants (NAT) and a phone', [shared('admin_ip', 21), shared('phone')], false],
    [
      'a public image (30 tenants) and an email',
      [shared('workload_fingerprint', 30), shared('email')],
      false,
    ],
    ['a private image and an email', [shared('workload_fingerprint', 3), shared('email')], true],
    ['nothing', [], false],
  ] as const)('%s → linked %s', (_name, values, expected) => {
    expect(links([...values])).toBe(expected);
  });

  it('sums the weights of the shared values, sorts the evidence and drops generic values', () => {
    const link = scorePair(
      'zeta',
      'alpha',
      [shared('phone', 3), shared('email_domain', 5000), shared('ssh_key', 2), shared('address', 4)],
      options,
    );
    expect(link).toEqual({
      a: 'alpha',
      b: 'zeta',
      score: 8 + 4 + 3.5,
      evidence: [
        { kind: 'ssh_key', digest: 'd-ssh_key', weight: 8, sharedBy: 2 },
        { kind: 'phone', digest: 'd-phone', weight: 4, sharedBy: 3 },
        { kind: 'address', digest: 'd-address', weight: 3.5, sharedBy: 4 },
      ],
    });
  });

  it('keeps the Fellegi–Sunter rules of docs/design.md §6.2 for every kind', () => {
    const w = options.weights;
    const t = options.linkThreshold;
    const mediumWeights = medium.map((k) => w[k] ?? 0);
    for (const k of strong) expect(w[k]).toBeGreaterThanOrEqual(t);
    expect(Math.max(...mediumWeights) + (w.email_domain ?? 0)).toBeLessThan(t);
    expect(2 * Math.min(...mediumWeights)).toBeGreaterThanOrEqual(t);
    expect(Object.keys(w).sort()).toEqual([...linkageAttributeKinds].sort());
  });
});

describe('resolveLinkageOptions', () => {
  it('fills defaults and replaces only the weights it is given', () => {
    const resolved = resolveLinkageOptions({ weights: { phone: 6 }, linkThreshold: 7 });
    expect(resolved.weights.phone).toBe(6);
    expect(resolved.weights.ssh_key).toBe(linkageDefaults.weights.ssh_key);
    expect(resolved.genericValueMaxTenants).toBe(20);
    expect(Object.isFrozen(resolved)).toBe(true);
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      resolveLinkageOptions({
        weights: { shoe_size: 1, phone: Number.NaN },
        linkThreshold: 0,
        genericValueMaxTenants: 1.5,
      });
    } catch (err: unknown) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.field)).toEqual([
      'linkage.weights.phone',
      'linkage.weights.shoe_size',
      'linkage.linkThreshold',
      'linkage.genericValueMaxTenants',
    ]);
  });
});

describe('UnionFind', () => {
  it('joins sets transitively and says when a union changed nothing', () => {
    const sets = new UnionFind(6);
    expect(sets.union(0, 1)).toBe(true);
    expect(sets.union(1, 2)).toBe(true);
    expect(sets.union(2, 0)).toBe(false);
    sets.union(4, 5);
    expect(sets.connected(0, 2)).toBe(true);
    expect(sets.connected(0, 3)).toBe(false);
    expect(sets.connected(3, 4)).toBe(false);
    expect(sets.find(5)).toBe(sets.find(4));
  });

  it('stays shallow on a long chain (path compression)', () => {
    const n = 100_000;
    const sets = new UnionFind(n);
    for (let i = 1; i < n; i++) sets.union(i - 1, i);
    const root = sets.find(0);
    for (let i = 0; i < n; i += 997) expect(sets.find(i)).toBe(root);
  });
});

const node = (
  tenantId: string,
  identities: [TenantIdentity['kind'], string][],
  accountCreatedMs = 0,
): TenantNode => ({
  tenantId,
  accountCreatedMs,
  identities: identities.map(([kind, digest]) => ({ kind, digest })),
});

describe('linkTenants', () => {
  const freeMail = Array.from({ length: 30 }, (_, i) => node(`free-${i}`, [['email_domain', 'gmail']]));

  it('forms transitive clusters with each link and its evidence, anchored on the oldest account', () => {
    const sweep = linkTenants(
      [
        node(
          'A',
          [
            ['payment_fingerprint', 'card-1'],
            ['email_domain', 'gmail'],
          ],
          3000,
        ),
        node(
          'B',
          [
            ['payment_fingerprint', 'card-1'],
            ['ssh_key', 'key-1'],
          ],
          1000,
        ),
        node('C', [['ssh_key', 'key-1']], 0),
        node('D', [['phone', 'p-1']]),
        node('E', [['phone', 'p-1']]),
        ...freeMail,
      ],
      options,
    );
    expect(sweep.tenantCount).toBe(35);
    expect(sweep.linkCount).toBe(2);
    expect(sweep.clusters).toHaveLength(1);
    const cluster = sweep.clusterOf('C');
    expect(cluster).toEqual({
      clusterId: clusterIdOf(['A', 'B', 'C']),
      tenantIds: ['A', 'B', 'C'],
      anchorTenantId: 'B',
      links: [
        {
          a: 'A',
          b: 'B',
          score: 9,
          evidence: [{ kind: 'payment_fingerprint', digest: 'card-1', weight: 9, sharedBy: 2 }],
        },
        {
          a: 'B',
          b: 'C',
          score: 8,
          evidence: [{ kind: 'ssh_key', digest: 'key-1', weight: 8, sharedBy: 2 }],
        },
      ],
      ignored: [{ kind: 'email_domain', digest: 'gmail', sharedBy: 31 }],
      truncated: false,
    });
    expect(sweep.clusterOf('A')).toBe(cluster);
    expect(sweep.clusterOf('D').tenantIds).toEqual(['D']);
    expect(sweep.clusterOf('free-3')).toMatchObject({
      tenantIds: ['free-3'],
      ignored: [{ digest: 'gmail' }],
    });
    expect(sweep.clusterOf('nobody').tenantIds).toEqual(['nobody']);
  });

  it('gives the same cluster id whatever the input order', () => {
    const nodes = [
      node('x', [['ssh_key', 'k']]),
      node('y', [['ssh_key', 'k']]),
      node('z', [['ssh_key', 'k']]),
    ];
    const forward = linkTenants(nodes, options).clusters[0]?.clusterId;
    const backward = linkTenants([...nodes].reverse(), options).clusters[0]?.clusterId;
    expect(forward).toBe(clusterIdOf(['x', 'y', 'z']));
    expect(backward).toBe(forward);
  });

  it.each([
    [
      [
        { tenantId: 'b', accountCreatedMs: 5 },
        { tenantId: 'a', accountCreatedMs: 9 },
      ],
      'b',
    ],
    [
      [
        { tenantId: 'b', accountCreatedMs: 0 },
        { tenantId: 'a', accountCreatedMs: 9 },
      ],
      'a',
    ],
    [
      [
        { tenantId: 'b', accountCreatedMs: 0 },
        { tenantId: 'a', accountCreatedMs: 0 },
      ],
      'a',
    ],
    [
      [
        { tenantId: 'b', accountCreatedMs: 7 },
        { tenantId: 'a', accountCreatedMs: 7 },
      ],
      'a',
    ],
  ])('anchors %j on %s', (members, anchor) => {
    expect(oldestAnchor(members)).toBe(anchor);
  });
});
