// The commit graph as flat arrays, and set differences over it ("reachable from A but not from B"),
// which both the branch rule and the merge rule need.
//
// Walks use a topological rank (children before parents) that we compute ourselves, so they are exact
// even when commit dates are skewed (rebased or cherry-picked work), unlike a walk ordered by date.
import type { CommitRecord } from '../types';

/** The first-parent history of one tip: what it reaches, and what each merge on the chain brought in. */
export interface Mainline {
  tip: number;
  /** reach[i] = 1 when commit i is reachable from the tip. */
  reach: Uint8Array;
  /** Merge index on the chain -> indices of the commits it brought in. */
  brought: Map<number, number[]>;
  onChain: Set<number>;
}

export class CommitGraph {
  readonly size: number;
  private readonly indexOf: Map<string, number> = new Map();
  /** parentList[parentStart[i] .. parentStart[i+1]) = indices of commit i's parents that are in the graph. */
  private readonly parentStart: Int32Array;
  private readonly parentList: Int32Array;
  /** rank[i] < rank[j] whenever i is a descendant of j. */
  private readonly rank: Int32Array;
  private readonly flags: Uint8Array;
  /** Heap membership during a walk (all zero between walks). */
  private readonly inHeap: Uint8Array;

  /** `indexOf` may be given when the caller already built the sha -> position table (IndexBuilder does). */
  constructor(readonly commits: readonly CommitRecord[], indexOf?: Map<string, number>) {
    this.size = commits.length;
    if (indexOf) this.indexOf = indexOf;
    // Perf (bench/run.js, 200k commits): parents in two flat arrays (CSR) instead of one Int32Array per
    // commit, which cost ~200k small objects and much of the GC time of a cold index.
    const n = commits.length;
    if (!indexOf) for (let i = 0; i < n; i++) this.indexOf.set(commits[i].sha, i);
    const start = new Int32Array(n + 1);
    let total = 0;
    for (let i = 0; i < n; i++) total += commits[i].parents.length;
    const list = new Int32Array(total);
    let k = 0;
    for (let i = 0; i < n; i++) {
      start[i] = k;
      for (const p of commits[i].parents) {
        const j = this.indexOf.get(p);
        if (j !== undefined) list[k++] = j;
      }
    }
    start[n] = k;
    this.parentStart = start;
    this.parentList = list;
    this.rank = this.topologicalRank();
    this.flags = new Uint8Array(this.size);
    this.inHeap = new Uint8Array(this.size);
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
    const heap = new RankHeap(this.rank, this.inHeap);
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
      for (let e = this.parentStart[i], end = this.parentStart[i + 1]; e < end; e++) push(this.parentList[e], uninteresting);
    }
    heap.clear();
    const out = result.filter((i) => !(flags[i] & UNINTERESTING));
    for (const i of touched) flags[i] = 0;
    return out;
  }

  /**
   * Walks the first-parent chain of `tip` from its root up, keeping the set of commits reachable so far.
   * At each merge on the chain, the commits reachable from its other parents and not yet in that set are
   * exactly the ones the merge brought in (git's `M^1..M^2`). Every commit is visited once: O(N) for all
   * mainline merges together, where a walk per merge costs the distance back to each branch's fork point.
   */
  mainline(tipSha: string): Mainline | null {
    const tip = this.indexOf.get(tipSha);
    if (tip === undefined) return null;
    const { parentStart: start, parentList: list } = this;
    const chain: number[] = [];
    for (let i = tip; ; ) {
      chain.push(i);
      if (start[i + 1] === start[i]) break;
      i = list[start[i]];
    }
    const reach = new Uint8Array(this.size);
    const brought = new Map<number, number[]>();
    const stack: number[] = [];
    for (let c = chain.length - 1; c >= 0; c--) {
      const m = chain[c];
      const others = start[m + 1] - start[m] - 1;
      if (others > 0) {
        const got: number[] = [];
        for (let k = start[m] + 1; k < start[m + 1]; k++) stack.push(list[k]);
        while (stack.length) {
          const i = stack.pop() as number;
          if (reach[i]) continue;
          reach[i] = 1;
          got.push(i);
          for (let k = start[i]; k < start[i + 1]; k++) if (!reach[list[k]]) stack.push(list[k]);
        }
        brought.set(m, got);
      }
      reach[m] = 1;
    }
    return { tip, reach, brought, onChain: new Set(chain) };
  }

  /** reach[i] = 1 when commit i is reachable from one of `tips` (unknown shas are ignored). */
  reach(tips: readonly string[]): Uint8Array {
    const { parentStart: start, parentList: list } = this;
    const reach = new Uint8Array(this.size);
    const stack: number[] = [];
    for (const t of tips) {
      const i = this.indexOf.get(t);
      if (i !== undefined) stack.push(i);
    }
    while (stack.length) {
      const i = stack.pop() as number;
      if (reach[i]) continue;
      reach[i] = 1;
      for (let k = start[i]; k < start[i + 1]; k++) if (!reach[list[k]]) stack.push(list[k]);
    }
    return reach;
  }

  /** Commits reachable from `tipSha` that are outside `reach` (an ancestor-closed set, e.g. a mainline's). */
  outside(tipSha: string, reach: Uint8Array): number[] {
    const tip = this.indexOf.get(tipSha);
    if (tip === undefined || reach[tip]) return [];
    const { parentStart: start, parentList: list, flags } = this;
    const out: number[] = [];
    const stack = [tip];
    while (stack.length) {
      const i = stack.pop() as number;
      if (reach[i] || flags[i]) continue;
      flags[i] = 1;
      out.push(i);
      for (let k = start[i]; k < start[i + 1]; k++) stack.push(list[k]);
    }
    for (const i of out) flags[i] = 0;
    return out;
  }

  /** Marks everything below an already-walked commit as uninteresting (rare: only with odd graphs). */
  private spreadUninteresting(start: number, touched: number[]): void {
    const stack = Array.from(this.parentList.subarray(this.parentStart[start], this.parentStart[start + 1]));
    while (stack.length) {
      const i = stack.pop() as number;
      if (this.flags[i] & 2) continue;
      if (!(this.flags[i] & 1)) touched.push(i);
      this.flags[i] |= 3;
      for (let e = this.parentStart[i], end = this.parentStart[i + 1]; e < end; e++) stack.push(this.parentList[e]);
    }
  }

  /** Kahn's algorithm over child->parent edges: tips first, roots last. */
  private topologicalRank(): Int32Array {
    const n = this.size;
    const childCount = new Int32Array(n);
    for (let e = 0; e < this.parentList.length; e++) childCount[this.parentList[e]]++;
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
      for (let e = this.parentStart[i], end = this.parentStart[i + 1]; e < end; e++) if (--childCount[this.parentList[e]] === 0) pending.push(this.parentList[e]);
    }
    return rank;
  }
}

/**
 * Binary min-heap of commit indices ordered by rank; tracks membership.
 * Perf (bench/run.js, 200k commits, ~13k merge walks): membership is a byte per commit rather than a Set,
 * and swaps use a temporary rather than array destructuring; the Set cost more than the walk itself.
 */
class RankHeap {
  private readonly items: number[] = [];
  /** `members` is the graph's zeroed scratch array; {@link clear} leaves it zeroed again for the next walk. */
  constructor(
    private readonly rank: Int32Array,
    private readonly members: Uint8Array,
  ) {}
  clear(): void {
    for (const i of this.items) this.members[i] = 0;
    this.items.length = 0;
  }
  get size(): number {
    return this.items.length;
  }
  has(i: number): boolean {
    return this.members[i] === 1;
  }
  push(i: number): void {
    const a = this.items;
    const r = this.rank;
    a.push(i);
    this.members[i] = 1;
    let k = a.length - 1;
    const ri = r[i];
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const pv = a[parent];
      if (r[pv] <= ri) break;
      a[k] = pv;
      k = parent;
    }
    a[k] = i;
  }
  pop(): number {
    const a = this.items;
    const r = this.rank;
    const top = a[0];
    const last = a.pop() as number;
    this.members[top] = 0;
    const n = a.length;
    if (n > 0) {
      const rl = r[last];
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        if (l >= n) break;
        const rr = l + 1;
        const m = rr < n && r[a[rr]] < r[a[l]] ? rr : l;
        if (r[a[m]] >= rl) break;
        a[k] = a[m];
        k = m;
      }
      a[k] = last;
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
