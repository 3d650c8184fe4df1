/**
 * Disjoint sets over the integers 0…n-1 (union-find with path compression and union by rank):
 * near-constant time per operation, which keeps a sweep over every tenant linear in the links.
 */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly rank: Uint8Array;

  /** @param size number of elements, 0…size-1, each in a set of its own */
  constructor(readonly size: number) {
    this.parent = new Int32Array(size);
    this.rank = new Uint8Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
  }

  /** The representative of i's set (the same for every member until the next union). */
  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root] ?? root;
    // Path compression: everything on the way now points at the root.
    let at = i;
    while (at !== root) {
      const next = this.parent[at] ?? root;
      this.parent[at] = root;
      at = next;
    }
    return root;
  }

  /** Joins the sets of a and b; returns false when they were one set already. */
  union(a: number, b: number): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    const rankA = this.rank[ra] ?? 0;
    const rankB = this.rank[rb] ?? 0;
    // Union by rank: the shallower tree goes under the deeper one, so trees stay O(log n) deep.
    if (rankA < rankB) this.parent[ra] = rb;
    else if (rankA > rankB) this.parent[rb] = ra;
    else {
      this.parent[rb] = ra;
      this.rank[ra] = rankA + 1;
    }
    return true;
  }

  /** True when a and b are in one set. */
  connected(a: number, b: number): boolean {
    return this.find(a) === this.find(b);
  }
}
