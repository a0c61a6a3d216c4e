// The commit graph as flat arrays, and set differences over it ("reachable from A but not from B"),
// which both the branch rule and the merge rule need.
//
// Walks go by generation number (children before parents), which we compute ourselves, so they are exact
// even when commit dates are skewed (rebased or cherry-picked work), unlike a walk ordered by date.
// The graph only grows (commits are appended as history moves, and dropped ones are marked), so an index
// kept in memory can follow new commits without being rebuilt.
import { PIECE, runSteps, type Steps } from '../steps';
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
  size = 0;
  private readonly indexOf: Map<string, number> = new Map();
  /** Commits by graph index, in the order they were appended (dropped ones stay, marked not alive). */
  readonly commits: CommitRecord[] = [];
  /** parentList[parentStart[i] .. parentStart[i+1]) = indices of commit i's parents that are in the graph. */
  private parentStart: Int32Array = new Int32Array(1);
  private parentList: Int32Array = new Int32Array(0);
  private parentCount = 0;
  /**
   * Generation number: 1 + the largest of the parents' (1 for a root). A descendant always has a larger one, so
   * walks in decreasing generation are exact even with skewed commit dates, and a commit's generation never
   * changes: appending commits keeps the order valid.
   */
  private gen: Int32Array = new Int32Array(0);
  private flags: Uint8Array = new Uint8Array(0);
  /** Heap membership during a walk (all zero between walks). */
  private inHeap: Uint8Array = new Uint8Array(0);
  /** 0 for a commit no walked tip reaches any more (amended, rebased, reset, deleted branch). */
  private alive: Uint8Array = new Uint8Array(0);
  private dead = 0;
  /** Commits below this index have their parents and generation. */
  private resolved = 0;

  /** `_indexOf` (a sha -> position table of `commits` the caller has) is accepted for older callers, not needed. */
  constructor(commits: readonly CommitRecord[] = [], _indexOf?: ReadonlyMap<string, number>) {
    this.append(commits);
  }

  /**
   * Adds commits (any order). Parents must be in the graph already or in the same batch; any other parent is
   * outside the indexed history (a shallow walk). A dropped commit that comes back is alive again.
   * Returns the indices of the commits that are new or back.
   */
  append(batch: readonly CommitRecord[]): number[] {
    const added: number[] = [];
    for (const c of batch) {
      const i = this.register(c);
      if (i >= 0) added.push(i);
    }
    this.resolve();
    return added;
  }

  /**
   * First half of {@link append}, for one commit as it streams in: gives it an index (or brings a dropped one
   * back) and returns it, or -1 when it is there already. Call {@link resolve} once the batch is complete.
   */
  register(c: CommitRecord): number {
    const known = this.indexOf.get(c.sha);
    if (known !== undefined) {
      if (known < this.resolved && !this.alive[known]) {
        this.commits[known] = c; // the same commit; keep the caller's record
        this.alive[known] = 1;
        this.dead--;
        return known;
      }
      return -1;
    }
    this.indexOf.set(c.sha, this.size);
    this.commits.push(c);
    return this.size++;
  }

  /** Second half of {@link append}: parents, generations and flags of the commits registered since the last call. */
  resolve(): void {
    runSteps(this.resolveSteps());
  }

  /** {@link resolve} in pieces (src/core/steps.ts). */
  *resolveSteps(): Steps<void> {
    const first = this.resolved;
    const n = this.size;
    this.resolved = n;
    if (n === first) return;
    // Perf (bench/run.js, 200k commits): parents in two flat arrays (CSR) instead of one Int32Array per
    // commit, which cost ~200k small objects and much of the GC time of a cold index.
    let extra = 0;
    for (let i = first; i < n; i++) extra += this.commits[i].parents.length;
    this.parentStart = grow32(this.parentStart, n + 1);
    this.parentList = grow32(this.parentList, this.parentCount + extra);
    this.gen = grow32(this.gen, n);
    this.flags = grow8(this.flags, n);
    this.inHeap = grow8(this.inHeap, n);
    this.alive = grow8(this.alive, n);
    const start = this.parentStart;
    const list = this.parentList;
    let k = this.parentCount;
    for (let i = first; i < n; i++) {
      if ((i - first + 1) % PIECE === 0) yield;
      start[i] = k;
      this.alive[i] = 1;
      for (const p of this.commits[i].parents) {
        const j = this.indexOf.get(p);
        if (j !== undefined) list[k++] = j;
      }
    }
    start[n] = k;
    this.parentCount = k;
    yield* this.generations(first, n);
  }

  /** Marks commits as no longer walked. They stay in the graph (a reset may bring them back). */
  drop(indices: Iterable<number>): void {
    for (const i of indices) {
      if (this.alive[i]) {
        this.alive[i] = 0;
        this.dead++;
      }
    }
  }

  isAlive(i: number): boolean {
    return this.alive[i] === 1;
  }

  /** Commits in the graph that are not alive. */
  get deadCount(): number {
    return this.dead;
  }

  parentsOf(i: number): Int32Array {
    return this.parentList.subarray(this.parentStart[i], this.parentStart[i + 1]);
  }

  /**
   * Generation numbers of commits first..n-1, whose parents are older commits or among them. Oldest first (git
   * lists parents after their children): most commits then find their parents done, and a piece stays short.
   */
  private *generations(first: number, n: number): Steps<void> {
    const { gen, parentStart: start, parentList: list } = this;
    const stack: number[] = [];
    for (let r = n - 1; r >= first; r--) {
      if ((n - r) % PIECE === 0) yield;
      if (gen[r] !== 0) continue;
      stack.push(r);
      while (stack.length) {
        const i = stack[stack.length - 1];
        let ready = true;
        let g = 0;
        for (let e = start[i]; e < start[i + 1]; e++) {
          const p = list[e];
          if (gen[p] === 0) {
            ready = false;
            stack.push(p);
          } else if (gen[p] > g) g = gen[p];
        }
        if (ready) {
          gen[i] = g + 1;
          stack.pop();
        }
      }
    }
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
    const heap = new GenHeap(this.gen, this.inHeap);
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
    return runSteps(this.mainlineSteps(tipSha));
  }

  /** {@link mainline} in pieces (src/core/steps.ts): a yield every few thousand commits walked. */
  *mainlineSteps(tipSha: string): Steps<Mainline | null> {
    const tip = this.indexOf.get(tipSha);
    if (tip === undefined) return null;
    const { parentStart: start, parentList: list } = this;
    const chain: number[] = [];
    for (let i = tip; ; ) {
      chain.push(i);
      if (chain.length % PIECE === 0) yield;
      if (start[i + 1] === start[i]) break;
      i = list[start[i]];
    }
    let walked = 0;
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
          if (++walked % PIECE === 0) yield;
        }
        brought.set(m, got);
      }
      reach[m] = 1;
      if (++walked % PIECE === 0) yield;
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
}

/**
 * Binary max-heap of commit indices ordered by generation (descendants first); tracks membership.
 * Perf (bench/run.js, 200k commits, ~13k merge walks): membership is a byte per commit rather than a Set,
 * and swaps use a temporary rather than array destructuring; the Set cost more than the walk itself.
 */
class GenHeap {
  private readonly items: number[] = [];
  /** `members` is the graph's zeroed scratch array; {@link clear} leaves it zeroed again for the next walk. */
  constructor(
    private readonly gen: Int32Array,
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
    const g = this.gen;
    a.push(i);
    this.members[i] = 1;
    let k = a.length - 1;
    const gi = g[i];
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const pv = a[parent];
      if (g[pv] >= gi) break;
      a[k] = pv;
      k = parent;
    }
    a[k] = i;
  }
  pop(): number {
    const a = this.items;
    const g = this.gen;
    const top = a[0];
    const last = a.pop() as number;
    this.members[top] = 0;
    const n = a.length;
    if (n > 0) {
      const gl = g[last];
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        if (l >= n) break;
        const rr = l + 1;
        const m = rr < n && g[a[rr]] > g[a[l]] ? rr : l;
        if (g[a[m]] <= gl) break;
        a[k] = a[m];
        k = m;
      }
      a[k] = last;
    }
    return top;
  }
}

function grow32(a: Int32Array, need: number): Int32Array {
  if (a.length >= need) return a;
  const b = new Int32Array(Math.max(need, Math.ceil(a.length * 1.5)));
  b.set(a);
  return b;
}

function grow8(a: Uint8Array, need: number): Uint8Array {
  if (a.length >= need) return a;
  const b = new Uint8Array(Math.max(need, Math.ceil(a.length * 1.5)));
  b.set(a);
  return b;
}
