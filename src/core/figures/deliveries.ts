// Deliveries: work reaching the default branch, read from the commit graph alone (docs/flow.md).
//
// Walking the default branch's first-parent chain, each commit on it is one delivery:
// - a merge delivers the commits reachable from its other parents and not from its first (git's `M^1..M^2`,
//   every other parent of an octopus together); a branch merged twice delivers, the second time, only what came
//   after the first merge;
// - any other commit on the chain (made there, or a squash or rebase merge, which leave no merge commit)
//   delivers itself.
// What a delivery brings depends only on its commit and the commit's ancestors, which never change: a delivery
// once worked out is kept by sha, and a refresh works out only the chain commits it has not seen (its cost is set
// by the change, not by the history). Which goals a delivery serves is read from the index's links when figures
// are computed, since links change with goals.yaml.
import { eachOf, PIECE, runSteps, type Steps } from '../steps';
import { CommitGraph, type Mainline } from '../index/graph';
import type { CommitRecord } from '../types';

/** From this many merges to work out at once, one pass up the chain (CommitGraph.mainline) beats a walk per merge. */
const ONE_PASS_FROM = 8;

/**
 * How a delivery's lead time was measured:
 * - `first-commit-to-merge`: a merge; from the earliest author time of the commits it brings to the merge's commit time;
 * - `author-to-commit`: a commit on the chain itself (direct, squash or rebase merge); from its author time to its
 *   commit time: the branch's history is gone, so the time spent before the squash cannot be seen.
 */
export type LeadTimeBasis = 'first-commit-to-merge' | 'author-to-commit';

/** `merge`: a merge commit; `squash`: a chain commit whose subject names a pull request; `direct`: any other chain commit. */
export type DeliveryKind = 'merge' | 'squash' | 'direct';

/** What git says of a commit on the default branch's first-parent chain beyond the log pass: when it was committed. */
export interface MainlineFact {
  /** Commit (not author) time, unix seconds: when it reached the default branch. */
  committedAt: number;
  /** Files changed against its first parent (all it brought, for a merge); null when not read. */
  files: number | null;
  /** Its first parent, or null for a root: the chain without the graph. */
  parent: string | null;
}

/**
 * Where the index's view of the chain starts: the default branch's tip when the index has it, else the newest
 * chain commit it has (HEAD on a branch that forked from it: the deliveries up to the fork), else null.
 */
export function chainTipIn(tip: string | null, facts: ReadonlyMap<string, MainlineFact>, has: (sha: string) => boolean): string | null {
  for (let sha = tip, steps = 0; sha !== null && steps <= facts.size; steps++) {
    if (has(sha)) return sha;
    sha = facts.get(sha)?.parent ?? null;
  }
  return null;
}

export interface Delivery {
  /** The commit on the default branch's first-parent chain that delivered the work. */
  sha: string;
  kind: DeliveryKind;
  /** Pull-request number from the subject ("Merge pull request #12 from ...", "Title (#12)"), or null. */
  pr: number | null;
  /** When it reached the default branch (the landing commit's commit time; its author time when not read). */
  landedAt: number;
  /** Earliest author time of the commits it brings. */
  firstAuthoredAt: number;
  /** landedAt - firstAuthoredAt in seconds; null when that would be negative (skewed clocks): never invented. */
  leadTime: number | null;
  basis: LeadTimeBasis;
  /** Non-merge commits it brings, newest first (for a commit on the chain: itself). */
  commits: readonly CommitRecord[];
  /** Files changed against the first parent, or null when unknown. */
  files: number | null;
}

/** Every delivery of the default branch, newest first, and how to update them when history moves. */
export class DeliveryLog {
  /** Newest first along the chain (the order of `git log --first-parent`). */
  readonly deliveries: readonly Delivery[];
  /** The chain's tip this log was worked out at, or null when the default branch is not in the index. */
  readonly tip: string | null;
  /** Chain commits worked out on the last update (all of them when cold): what the refresh cost. */
  readonly workedOut: number;
  /** The same for every log updated from this one (what is kept per lineage, as flowBook.ts does, is keyed by it). */
  get lineage(): object {
    return this.known;
  }

  private constructor(
    private readonly graph: CommitGraph,
    private readonly known: Map<string, Delivery | null>,
    private readonly aheadMemo: Map<string, readonly CommitRecord[]>,
    tip: string | null,
    deliveries: readonly Delivery[],
    workedOut: number,
  ) {
    this.tip = tip;
    this.deliveries = deliveries;
    this.workedOut = workedOut;
  }

  static empty(): DeliveryLog {
    return new DeliveryLog(new CommitGraph(), new Map(), new Map(), null, [], 0);
  }

  /**
   * The deliveries of the first-parent chain from `tip`, given the index's commits (newest first, as git log gives
   * them: new ones ahead of known ones) and the chain's facts. Reuses what this log worked out already; the
   * returned log shares it (this one stays valid for its own tip).
   */
  update(commits: readonly CommitRecord[], tip: string | null, facts: ReadonlyMap<string, MainlineFact>): DeliveryLog {
    return runSteps(this.updateSteps(commits, tip, facts));
  }

  /**
   * {@link update} in pieces (src/core/steps.ts). Its graph and what it worked out are shared with this log, and
   * are half-done between pieces: run it in pieces only while nothing reads this log (a first read).
   */
  *updateSteps(commits: readonly CommitRecord[], tip: string | null, facts: ReadonlyMap<string, MainlineFact>): Steps<DeliveryLog> {
    const g = this.graph;
    // New commits come first in the index's list: stop at the first one the graph has (a cold log takes all).
    // The graph keeps every commit it was given, so fewer commits than the list holds means some were missed
    // (a list in another order): then every commit is looked at once.
    let fresh: CommitRecord[] = [];
    for (const c of commits) {
      if (g.index(c.sha) !== undefined) break;
      fresh.push(c);
      if (fresh.length % PIECE === 0) yield;
    }
    if (g.size + fresh.length < commits.length) fresh = commits.filter((c) => g.index(c.sha) === undefined);
    if (fresh.length) {
      yield* eachOf(fresh, (c) => g.register(c));
      yield* g.resolveSteps();
    }
    if (tip === null || g.index(tip) === undefined) return new DeliveryLog(g, this.known, this.aheadMemo, null, [], 0);
    if (tip === this.tip) return this.workedOut === 0 ? this : new DeliveryLog(g, this.known, this.aheadMemo, tip, this.deliveries, 0);

    const chain: string[] = [];
    let workedOut = 0;
    // Walk the chain down from the tip; stop where the previous log's chain starts (its list is reused).
    let reuseFrom = -1;
    const previousTip = this.tip;
    for (let sha: string | undefined = tip; sha !== undefined; ) {
      if (sha === previousTip) {
        reuseFrom = chain.length;
        break;
      }
      chain.push(sha);
      if (chain.length % PIECE === 0) yield;
      const parents: readonly string[] = g.commits[g.index(sha) as number].parents;
      // The chain ends at a root, or where it leaves the indexed history (a shallow clone).
      sha = parents.length > 0 && g.index(parents[0]) !== undefined ? parents[0] : undefined;
    }
    const out: Delivery[] = [];
    const due = (sha: string): boolean => {
      const d = this.known.get(sha);
      return d === undefined || (d !== null && d.files === null && facts.get(sha)?.files != null);
    };
    // Many merges to work out (a first read): one pass up the chain finds what each brought, where a walk per
    // merge would go back to each branch's fork point.
    let merges = 0;
    yield* eachOf(chain, (sha) => {
      if (due(sha) && g.commits[g.index(sha) as number].parents.length > 1) merges++;
    });
    const main = merges >= ONE_PASS_FROM ? yield* g.mainlineSteps(tip) : null;
    yield* eachOf(
      chain,
      (sha) => {
        let d = this.known.get(sha);
        if (due(sha)) {
          d = this.workOut(sha, facts.get(sha), main);
          this.known.set(sha, d);
          workedOut++;
        }
        if (d) out.push(d);
      },
      256,
    );
    const deliveries = reuseFrom >= 0 ? out.concat(this.deliveries) : out;
    return new DeliveryLog(g, this.known, this.aheadMemo, tip, deliveries, workedOut);
  }

  /** Whether the graph has this commit. */
  has(sha: string): boolean {
    return this.graph.index(sha) !== undefined;
  }

  /**
   * Commits of branches the index did not walk (their parents in the graph or among them), so that their work in
   * progress can be told. They deliver nothing until the chain reaches them.
   */
  addCommits(records: readonly CommitRecord[]): void {
    const fresh = records.filter((c) => this.graph.index(c.sha) === undefined);
    if (fresh.length) this.graph.append(fresh);
  }

  /**
   * Commits reachable from `tip` and not from `base` (a branch's work the default branch lacks), kept per pair:
   * a refresh walks only branches whose tip or base moved.
   */
  ahead(tip: string, base: string): readonly CommitRecord[] {
    const key = `${tip}\0${base}`;
    let got = this.aheadMemo.get(key);
    if (got === undefined) {
      got = this.graph.exclusive([tip], [base]).map((i) => this.graph.commits[i]);
      if (this.aheadMemo.size > 1000) this.aheadMemo.clear();
      this.aheadMemo.set(key, got);
    }
    return got;
  }

  private workOut(sha: string, fact: MainlineFact | undefined, main: Mainline | null): Delivery | null {
    const g = this.graph;
    const i = g.index(sha) as number;
    const c = g.commits[i];
    const landedAt = fact?.committedAt ?? c.time;
    const files = fact?.files ?? null;
    if (c.parents.length > 1) {
      // The one pass's answer is git's `M^1..M^2` where the first parent is in the graph (else: a shallow edge).
      const passed = main && g.index(c.parents[0]) !== undefined ? main.brought.get(i) : undefined;
      const brought = (passed ?? g.exclusive(c.parents.slice(1), [c.parents[0]]))
        .map((j) => g.commits[j])
        .filter((b) => b.parents.length <= 1);
      // A merge that brings no work of its own (only merges, or nothing new) delivers nothing.
      if (brought.length === 0) return null;
      let first = brought[0].time;
      for (const b of brought) if (b.time < first) first = b.time;
      // Newest first, the same order whichever walk found them.
      brought.sort((a, b) => b.time - a.time || (a.sha < b.sha ? -1 : a.sha > b.sha ? 1 : 0));
      return { sha, kind: 'merge', pr: prNumber(c.subject), landedAt, firstAuthoredAt: first, leadTime: lead(landedAt, first), basis: 'first-commit-to-merge', commits: brought, files };
    }
    const pr = prNumber(c.subject);
    return { sha, kind: pr !== null ? 'squash' : 'direct', pr, landedAt, firstAuthoredAt: c.time, leadTime: lead(landedAt, c.time), basis: 'author-to-commit', commits: [c], files };
  }
}

function lead(landedAt: number, first: number): number | null {
  return landedAt >= first ? landedAt - first : null;
}

/**
 * The pull request a subject names: "Merge pull request #12 from org/x" (a merge), "Title (#12)" at the end (a
 * squash merge, as GitHub and others write it), "Merged PR 12: ..." (Azure DevOps). Fixed, linear patterns only.
 */
export function prNumber(subject: string): number | null {
  const m = /^Merge pull request #(\d{1,9})\b/.exec(subject) ?? /\(#(\d{1,9})\)\s*$/.exec(subject) ?? /^Merged PR (\d{1,9}):/.exec(subject);
  return m ? Number(m[1]) : null;
}
