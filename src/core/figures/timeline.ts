// The history's counts kept by time, so that a window's figures are a few binary searches, not a pass over every
// commit: per goal, the times of its own commits (and per link source, and per author), the times of every commit
// and of untagged ones, each author's commits, and per goal with sub-goals the times of its family's commits.
// Kept beside the index and updated with it (src/core/index/indexUpdate.ts hands it over, as with daily.ts): a new
// commit is one insertion per list it belongs to, wherever the history stands.
import { eachOf, runSteps, type Steps } from '../steps';
import { goalIdsOf } from '../links/linkRules';
import type { GoalIndex } from '../index/indexTypes';
import type { CommitRecord, Link, LinkSource } from '../types';
import { authorKey } from './people';

/** A multiset of times (unix seconds), sorted ascending. */
export class Times {
  private readonly a: number[] = [];

  get size(): number {
    return this.a.length;
  }

  add(t: number): void {
    const a = this.a;
    if (a.length === 0 || a[a.length - 1] <= t) a.push(t);
    else a.splice(upperBound(a, t), 0, t);
  }

  remove(t: number): void {
    const i = lowerBound(this.a, t);
    if (this.a[i] === t) this.a.splice(i, 1);
  }

  /** How many times fall in [since, until) (either end open when undefined). */
  count(since?: number, until?: number): number {
    const [lo, hi] = this.range(since, until);
    return hi - lo;
  }

  /** The latest time in [since, until), or null. */
  last(since?: number, until?: number): number | null {
    const [lo, hi] = this.range(since, until);
    return hi > lo ? this.a[hi - 1] : null;
  }

  /** The earliest time in [since, until), or null. */
  first(since?: number, until?: number): number | null {
    const [lo, hi] = this.range(since, until);
    return hi > lo ? this.a[lo] : null;
  }

  /** Whether any time falls in [since, until). */
  any(since?: number, until?: number): boolean {
    const [lo, hi] = this.range(since, until);
    return hi > lo;
  }

  private range(since?: number, until?: number): [number, number] {
    const a = this.a;
    const lo = since === undefined ? 0 : lowerBound(a, since);
    const hi = until === undefined ? a.length : lowerBound(a, until);
    return [lo, Math.max(lo, hi)];
  }

  /** For a cold build: add unsorted, then `seal` once. */
  push(t: number): void {
    this.a.push(t);
  }

  seal(): void {
    this.a.sort((x, y) => x - y);
  }
}

/** One goal's own commits (a commit linked twice to it counts once), by source and by author. */
export interface GoalTimes {
  readonly times: Times;
  readonly sources: Map<LinkSource, Times>;
  readonly authors: Map<string, Times>;
}

/** The set of goals whose family (the goal and its descendants) has each goal: goal id -> roots including it. */
export type FamilyRoots = ReadonlyMap<string, readonly string[]>;

export class FigureTimeline {
  /** Every non-merge commit. */
  readonly all = new Times();
  /** Non-merge commits that serve no goal. */
  readonly untagged = new Times();
  /** Person key -> that person's non-merge commits, oldest first. */
  readonly byAuthor = new Map<string, CommitRecord[]>();
  readonly goals = new Map<string, GoalTimes>();
  /** Root goal id (a goal with sub-goals) -> the times of the commits serving it or a descendant, each once. */
  families = new Map<string, Times>();
  /** The goal tree the families were counted with (a change of parents counts them again). */
  familyKey = '';
  familyRoots: FamilyRoots = new Map();

  /** Built from every commit and its links (merges are left out: figures count only non-merge commits). */
  static build(commits: readonly CommitRecord[], links: ReadonlyMap<string, readonly Link[]>, familyKey: string, roots: FamilyRoots): FigureTimeline {
    return runSteps(FigureTimeline.buildSteps(commits, links, familyKey, roots));
  }

  /** {@link build} in pieces (src/core/steps.ts). */
  static *buildSteps(commits: readonly CommitRecord[], links: ReadonlyMap<string, readonly Link[]>, familyKey: string, roots: FamilyRoots): Steps<FigureTimeline> {
    const tl = new FigureTimeline();
    tl.familyKey = familyKey;
    tl.familyRoots = roots;
    yield* eachOf(
      commits,
      (c) => {
        if (c.parents.length <= 1) tl.put(c, links.get(c.sha), true);
      },
      2048,
    );
    yield* tl.sealSteps();
    return tl;
  }

  /**
   * Shas whose links changed since the build, merges included, in order (what figures kept elsewhere, such as the
   * goals of each delivery, must look at again). Emptied when long, with `generation` bumped: keep nothing then.
   */
  readonly relinked: string[] = [];
  generation = 0;

  add(c: CommitRecord, links: readonly Link[] | undefined): void {
    if (c.parents.length <= 1) this.put(c, links, false);
  }

  /** Takes back what `add(c, links)` added (with the same links). */
  remove(c: CommitRecord, links: readonly Link[] | undefined): void {
    if (c.parents.length > 1) return;
    const t = c.time;
    const who = authorKey(c);
    this.all.remove(t);
    const mine = this.byAuthor.get(who);
    if (mine) {
      const i = mine.indexOf(c, lowerBoundBy(mine, t));
      const j = i >= 0 ? i : mine.findIndex((x) => x.sha === c.sha);
      if (j >= 0) mine.splice(j, 1);
      if (mine.length === 0) this.byAuthor.delete(who);
    }
    const ids = goalIdsOf(links);
    if (ids.length === 0) {
      this.untagged.remove(t);
      return;
    }
    for (const id of ids) {
      const g = this.goals.get(id);
      if (!g) continue;
      g.times.remove(t);
      g.authors.get(who)?.remove(t);
    }
    for (const l of links ?? []) this.goals.get(l.goalId)?.sources.get(l.source)?.remove(t);
    for (const root of this.rootsOf(ids)) this.families.get(root)?.remove(t);
  }

  /**
   * Notes that the links of `sha` may have changed: once per update that touched it, even when the previous update
   * noted it last (a readers' mark may already be past it: a note added, then taken back).
   */
  relink(sha: string): void {
    if (this.relinked.length >= 100_000) {
      this.relinked.length = 0;
      this.generation++;
    }
    this.relinked.push(sha);
  }

  /** Counts the families again for another goal tree (a goals.yaml edit that moved a parent). */
  recountFamilies(commits: readonly CommitRecord[], links: ReadonlyMap<string, readonly Link[]>, familyKey: string, roots: FamilyRoots): void {
    this.familyKey = familyKey;
    this.familyRoots = roots;
    this.families = new Map();
    for (const c of commits) {
      if (c.parents.length > 1) continue;
      const ids = goalIdsOf(links.get(c.sha));
      for (const root of this.rootsOf(ids)) familyOf(this.families, root).push(c.time);
    }
    for (const f of this.families.values()) f.seal();
  }

  private put(c: CommitRecord, links: readonly Link[] | undefined, cold: boolean): void {
    const t = c.time;
    const who = authorKey(c);
    const add = (x: Times): void => (cold ? x.push(t) : x.add(t));
    add(this.all);
    let mine = this.byAuthor.get(who);
    if (!mine) this.byAuthor.set(who, (mine = []));
    if (cold || mine.length === 0 || mine[mine.length - 1].time <= t) mine.push(c);
    else mine.splice(upperBoundBy(mine, t), 0, c);
    const ids = goalIdsOf(links);
    if (ids.length === 0) {
      add(this.untagged);
      return;
    }
    for (const id of ids) {
      const g = this.goalOf(id);
      add(g.times);
      let a = g.authors.get(who);
      if (!a) g.authors.set(who, (a = new Times()));
      add(a);
    }
    for (const l of links ?? []) {
      const g = this.goalOf(l.goalId);
      let s = g.sources.get(l.source);
      if (!s) g.sources.set(l.source, (s = new Times()));
      add(s);
    }
    for (const root of this.rootsOf(ids)) add(familyOf(this.families, root));
  }

  /** Sorts every list once the build has put every commit in (each sort of a long list is a piece of its own). */
  private *sealSteps(): Steps<void> {
    this.all.seal();
    yield;
    this.untagged.seal();
    yield;
    yield* eachOf(this.byAuthor.values(), (list) => list.sort((a, b) => a.time - b.time), 16);
    for (const g of this.goals.values()) {
      g.times.seal();
      yield;
      yield* eachOf(g.sources.values(), (s) => s.seal(), 1);
      yield* eachOf(g.authors.values(), (a) => a.seal(), 64);
    }
    yield* eachOf(this.families.values(), (f) => f.seal(), 1);
  }

  private goalOf(id: string): GoalTimes {
    let g = this.goals.get(id);
    if (!g) this.goals.set(id, (g = { times: new Times(), sources: new Map(), authors: new Map() }));
    return g;
  }

  /** The family roots that a commit serving `ids` counts in, each once. */
  private rootsOf(ids: readonly string[]): string[] {
    if (this.familyRoots.size === 0) return [];
    const out: string[] = [];
    for (const id of ids) for (const r of this.familyRoots.get(id) ?? []) if (!out.includes(r)) out.push(r);
    return out;
  }
}

function familyOf(families: Map<string, Times>, root: string): Times {
  let f = families.get(root);
  if (!f) families.set(root, (f = new Times()));
  return f;
}

/** First index whose time is >= t, in a list sorted by time. */
export function lowerBoundBy(a: readonly { time: number }[], t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid].time < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBoundBy(a: readonly { time: number }[], t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid].time <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBound(a: readonly number[], t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(a: readonly number[], t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const KEPT = new WeakMap<object, FigureTimeline>();

/** The timeline kept for an index, if any (no build). */
export function keptTimeline(index: object): FigureTimeline | undefined {
  return KEPT.get(index);
}

/** Hands `tl` to `next` (an update that changed it in place takes it from `previous`, which then builds its own). */
export function keepTimeline(next: object, tl: FigureTimeline, previous?: object): void {
  if (previous) KEPT.delete(previous);
  KEPT.set(next, tl);
}

/**
 * The timeline of an index: the one the index update handed over, or built once from its commits and links (and
 * kept for that index); its families counted for the index's goal tree.
 */
export function timelineOf(
  index: { readonly commits: readonly CommitRecord[]; readonly links: ReadonlyMap<string, readonly Link[]> },
  familyKey: string,
  roots: () => FamilyRoots,
): FigureTimeline {
  return runSteps(timelineOfSteps(index, familyKey, roots));
}

/** {@link timelineOf} with a first build in pieces (src/core/steps.ts). */
function* timelineOfSteps(
  index: { readonly commits: readonly CommitRecord[]; readonly links: ReadonlyMap<string, readonly Link[]> },
  familyKey: string,
  roots: () => FamilyRoots,
): Steps<FigureTimeline> {
  let tl = KEPT.get(index);
  if (!tl) {
    const built = yield* FigureTimeline.buildSteps(index.commits, index.links, familyKey, roots());
    tl = KEPT.get(index) ?? built; // a view may have built its own between two pieces: keep the one it holds
    KEPT.set(index, tl);
  }
  if (tl.familyKey !== familyKey) tl.recountFamilies(index.commits, index.links, familyKey, roots());
  return tl;
}

/** The index's timeline, its families counted for the index's goal tree. */
export function timelineFor(index: GoalIndex): FigureTimeline {
  return runSteps(timelineForSteps(index));
}

/** {@link timelineFor} in pieces: the editor builds it so before its views ask for figures, which then find it kept. */
export function* timelineForSteps(index: GoalIndex): Steps<FigureTimeline> {
  return yield* timelineOfSteps(index, JSON.stringify([...index.children]), () => familyRoots(index));
}

/** Goal id -> the goals with sub-goals whose family (the goal and its descendants) includes it. */
function familyRoots(index: GoalIndex): Map<string, string[]> {
  const roots = new Map<string, string[]>();
  for (const id of index.goals.keys()) {
    const family: string[] = [];
    const stack = [id];
    const seen = new Set<string>();
    while (stack.length) {
      const g = stack.pop() as string;
      if (seen.has(g)) continue;
      seen.add(g);
      family.push(g);
      for (const child of index.children.get(g) ?? []) stack.push(child);
    }
    if (family.length < 2) continue;
    for (const member of family) {
      const list = roots.get(member);
      if (list) list.push(id);
      else roots.set(member, [id]);
    }
  }
  return roots;
}
