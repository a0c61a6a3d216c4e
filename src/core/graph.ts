// The commit graph as flat arrays, and set differences over it ("reachable from A but not from B"),
// which both the branch rule and the merge rule need.
//
// Walks use a topological rank (children before parents) that we compute ourselves, so they are exact
// even when commit dates are skewed (rebased or cherry-picked work), unlike a walk ordered by date.
import type { CommitRecord } from './types';

export class CommitGraph {
  readonly size: number;
  private readonly indexOf = new Map<string, number>();
  /** parents[i] = indices of commit i's parents that are in the graph. */
  private readonly parents: Int32Array[];
  /** rank[i] < rank[j] whenever i is a descendant of j. */
  private readonly rank: Int32Array;
  private readonly flags: Uint8Array;

  constructor(readonly commits: readonly CommitRecord[]) {
    this.size = commits.length;
    commits.forEach((c, i) => this.indexOf.set(c.sha, i));
    this.parents = commits.map((c) => {
      const known: number[] = [];
      for (const p of c.parents) {
        const j = this.indexOf.get(p);
        if (j !== undefined) known.push(j);
      }
      return Int32Array.from(known);
    });
    this.rank = this.topologicalRank();
    this.flags = new Uint8Array(this.size);
  }

  index(sha: string): number | undefined {
    return this.indexOf.get(sha);
  }

  /**
   * Indices of commits reachable from any of `include` and from none of `exclude` (git's `A ^B`).
   * Unknown shas are ignored. Cost is proportional to the commits walked, not to the graph.
   */
  exclusive(include: readonly string[], exclude: readonly string[]): number[] {
    const SEEN = 1;
    const UNINTERESTING = 2;
    const flags = this.flags;
    const touched: number[] = [];
    const heap = new RankHeap(this.rank);
    let interestingQueued = 0;

    const push = (i: number, uninteresting: boolean): void => {
      const f = flags[i];
      if (f & SEEN) {
        // Already queued or done: it may only become uninteresting (a flag only ever spreads one way).
        if (uninteresting && !(f & UNINTERESTING)) {
          flags[i] = f | UNINTERESTING;
          if (heap.has(i)) interestingQueued--;
          else this.spreadUninteresting(i, touched);
        }
        return;
      }
      flags[i] = SEEN | (uninteresting ? UNINTERESTING : 0);
      touched.push(i);
      heap.push(i);
      if (!uninteresting) interestingQueued++;
    };

    for (const sha of exclude) {
      const i = this.indexOf.get(sha);
      if (i !== undefined) push(i, true);
    }
    for (const sha of include) {
      const i = this.indexOf.get(sha);
      if (i !== undefined) push(i, false);
    }

    const result: number[] = [];
    while (heap.size > 0 && interestingQueued > 0) {
      const i = heap.pop();
      const uninteresting = (flags[i] & UNINTERESTING) !== 0;
      if (!uninteresting) {
        interestingQueued--;
        result.push(i);
      }
      for (const p of this.parents[i]) push(p, uninteresting);
    }
    const out = result.filter((i) => !(flags[i] & UNINTERESTING));
    for (const i of touched) flags[i] = 0;
    return out;
  }

  /** Marks everything below an already-walked commit as uninteresting (rare: only with odd graphs). */
  private spreadUninteresting(start: number, touched: number[]): void {
    const stack = [...this.parents[start]];
    while (stack.length) {
      const i = stack.pop() as number;
      if (this.flags[i] & 2) continue;
      if (!(this.flags[i] & 1)) touched.push(i);
      this.flags[i] |= 3;
      for (const p of this.parents[i]) stack.push(p);
    }
  }

  /** Kahn's algorithm over child->parent edges: tips first, roots last. */
  private topologicalRank(): Int32Array {
    const n = this.size;
    const childCount = new Int32Array(n);
    for (const ps of this.parents) for (const p of ps) childCount[p]++;
    const rank = new Int32Array(n);
    // Process in log order among ready commits so ranks follow git's order closely.
    const ready: number[] = [];
    for (let i = n - 1; i >= 0; i--) if (childCount[i] === 0) ready.push(i);
    let next = 0;
    const pending = new MinIndexHeap();
    for (const i of ready) pending.push(i);
    while (pending.size > 0) {
      const i = pending.pop();
      rank[i] = next++;
      for (const p of this.parents[i]) if (--childCount[p] === 0) pending.push(p);
    }
    return rank;
  }
}

/** Binary min-heap of commit indices ordered by rank; tracks membership. */
class RankHeap {
  private readonly items: number[] = [];
  private readonly members = new Set<number>();
  constructor(private readonly rank: Int32Array) {}
  get size(): number {
    return this.items.length;
  }
  has(i: number): boolean {
    return this.members.has(i);
  }
  push(i: number): void {
    const a = this.items;
    const r = this.rank;
    a.push(i);
    this.members.add(i);
    let k = a.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (r[a[parent]] <= r[a[k]]) break;
      [a[parent], a[k]] = [a[k], a[parent]];
      k = parent;
    }
  }
  pop(): number {
    const a = this.items;
    const r = this.rank;
    const top = a[0];
    const last = a.pop() as number;
    this.members.delete(top);
    if (a.length > 0) {
      a[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const rr = l + 1;
        let m = k;
        if (l < a.length && r[a[l]] < r[a[m]]) m = l;
        if (rr < a.length && r[a[rr]] < r[a[m]]) m = rr;
        if (m === k) break;
        [a[m], a[k]] = [a[k], a[m]];
        k = m;
      }
    }
    return top;
  }
}

/** Min-heap of plain indices (lower index = newer in git log order). */
class MinIndexHeap {
  private readonly a: number[] = [];
  get size(): number {
    return this.a.length;
  }
  push(v: number): void {
    const a = this.a;
    a.push(v);
    let k = a.length - 1;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (a[p] <= a[k]) break;
      [a[p], a[k]] = [a[k], a[p]];
      k = p;
    }
  }
  pop(): number {
    const a = this.a;
    const top = a[0];
    const last = a.pop() as number;
    if (a.length > 0) {
      a[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < a.length && a[l] < a[m]) m = l;
        if (r < a.length && a[r] < a[m]) m = r;
        if (m === k) break;
        [a[m], a[k]] = [a[k], a[m]];
        k = m;
      }
    }
    return top;
  }
}
