// What flow figures keep between refreshes: the goals each delivery serves and, per goal, its deliveries with their
// lead times and batch sizes already sorted. A refresh looks only at the deliveries that landed since and at those
// holding a commit whose links changed (the timeline lists them), so flow over all history costs what the change
// costs, not a walk over every delivered commit.
import { eachOf, runSteps, type Steps } from '../steps';
import type { GoalIndex } from '../index/indexTypes';
import type { Delivery, DeliveryLog, DeliveryKind, LeadTimeBasis } from './deliveries';
import { timelineForSteps, type FigureTimeline } from './timeline';

/** One goal's deliveries over all history, newest first along the chain, with their figures sorted. */
export interface GoalBook {
  readonly list: readonly Delivery[];
  /** Measured lead times, batch sizes in commits, and in files (where read), each ascending. */
  readonly leads: readonly number[];
  readonly commits: readonly number[];
  readonly files: readonly number[];
  readonly unmeasured: number;
  readonly byBasis: Readonly<Record<LeadTimeBasis, number>>;
  readonly byKind: Readonly<Record<DeliveryKind, number>>;
  readonly first: number | null;
  readonly last: number | null;
  /** Landing times never rise down the list (the usual chain): a window is then a slice found by binary search. */
  readonly monotone: boolean;
}

interface Book {
  timeline: FigureTimeline;
  generation: number;
  /** How much of timeline.relinked was looked at. */
  seen: number;
  /** The log's list this book was brought up to (its entries are shared by the next log's). */
  deliveries: readonly Delivery[];
  goalsOf: Map<string, readonly string[]>;
  /** Commit sha (brought or landing) -> the delivery holding it. */
  deliveryOf: Map<string, Delivery>;
  byGoal: Map<string, GoalBook>;
}

const BOOKS = new WeakMap<object, Book>();

/** The goals a delivery serves: those of the commits it brings and of the commit that landed it. */
export function deliveryGoals(index: GoalIndex, d: Delivery): string[] {
  const out: string[] = [];
  const add = (sha: string): void => {
    for (const l of index.links.get(sha) ?? []) if (!out.includes(l.goalId)) out.push(l.goalId);
  };
  add(d.sha);
  for (const c of d.commits) add(c.sha);
  return out;
}

/** What flow figures read from the book: the goals of each delivery, and each goal's deliveries. */
export interface FlowBook {
  readonly goalsOf: ReadonlyMap<string, readonly string[]>;
  readonly byGoal: ReadonlyMap<string, GoalBook>;
}

/** Per goal, its deliveries and their sorted figures, for the index's links; brought up to date with the log. */
export function flowBook(index: GoalIndex, log: DeliveryLog): FlowBook {
  return runSteps(flowBookSteps(index, log));
}

/** {@link flowBook} with a first build in pieces (src/core/steps.ts): the editor builds it before its views ask. */
export function* flowBookSteps(index: GoalIndex, log: DeliveryLog): Steps<FlowBook> {
  const timeline = yield* timelineForSteps(index);
  let book = BOOKS.get(log.lineage);
  if (!book || book.timeline !== timeline || book.generation !== timeline.generation || !bringUp(book, index, log)) {
    book = yield* buildSteps(index, log, timeline);
    BOOKS.set(log.lineage, book);
  }
  return book;
}

function* buildSteps(index: GoalIndex, log: DeliveryLog, timeline: FigureTimeline): Steps<Book> {
  const book: Book = { timeline, generation: timeline.generation, seen: timeline.relinked.length, deliveries: log.deliveries, goalsOf: new Map(), deliveryOf: new Map(), byGoal: new Map() };
  const lists = new Map<string, Delivery[]>();
  yield* eachOf(
    log.deliveries,
    (d) => {
      const goals = record(book, index, d);
      for (const id of goals) {
        const list = lists.get(id);
        if (list) list.push(d);
        else lists.set(id, [d]);
      }
    },
    256,
  );
  yield* eachOf(lists, ([id, list]) => book.byGoal.set(id, goalBook(list)), 1);
  return book;
}

/** Updates the book for the log's new deliveries and for changed links; false when the chain did not just grow. */
function bringUp(book: Book, index: GoalIndex, log: DeliveryLog): boolean {
  const timeline = book.timeline;
  const regoal = new Set<string>();
  if (log.deliveries !== book.deliveries) {
    const old = book.deliveries;
    const fresh = log.deliveries.length - old.length;
    if (fresh < 0 || (old.length > 0 && log.deliveries[fresh] !== old[0])) return false;
    const added = new Map<string, Delivery[]>();
    for (let i = 0; i < fresh; i++) {
      const d = log.deliveries[i];
      for (const id of record(book, index, d)) {
        const list = added.get(id);
        if (list) list.push(d);
        else added.set(id, [d]);
      }
    }
    for (const [id, list] of added) book.byGoal.set(id, withNewer(book.byGoal.get(id), list));
    book.deliveries = log.deliveries;
  }
  // Deliveries holding a commit whose links changed: their goals again, and the goals they joined or left anew.
  for (let i = book.seen; i < timeline.relinked.length; i++) {
    const d = book.deliveryOf.get(timeline.relinked[i]);
    if (!d) continue;
    const before = book.goalsOf.get(d.sha) ?? [];
    const after = deliveryGoals(index, d);
    if (before.length === after.length && before.every((g) => after.includes(g))) continue;
    book.goalsOf.set(d.sha, after);
    for (const g of before) regoal.add(g);
    for (const g of after) regoal.add(g);
  }
  book.seen = timeline.relinked.length;
  for (const id of regoal) {
    const list = book.deliveries.filter((d) => book.goalsOf.get(d.sha)?.includes(id));
    if (list.length) book.byGoal.set(id, goalBook(list));
    else book.byGoal.delete(id);
  }
  return true;
}

function record(book: Book, index: GoalIndex, d: Delivery): readonly string[] {
  const goals = deliveryGoals(index, d);
  book.goalsOf.set(d.sha, goals);
  book.deliveryOf.set(d.sha, d);
  for (const c of d.commits) book.deliveryOf.set(c.sha, d);
  return goals;
}

function goalBook(list: readonly Delivery[]): GoalBook {
  const byBasis: Record<LeadTimeBasis, number> = { 'first-commit-to-merge': 0, 'author-to-commit': 0 };
  const byKind: Record<DeliveryKind, number> = { merge: 0, squash: 0, direct: 0 };
  const leads: number[] = [];
  const commits: number[] = [];
  const files: number[] = [];
  let unmeasured = 0;
  let first: number | null = null;
  let last: number | null = null;
  for (const d of list) {
    if (d.leadTime === null) unmeasured++;
    else leads.push(d.leadTime);
    commits.push(d.commits.length);
    if (d.files !== null) files.push(d.files);
    byBasis[d.basis]++;
    byKind[d.kind]++;
    if (last === null || d.landedAt > last) last = d.landedAt;
    if (first === null || d.landedAt < first) first = d.landedAt;
  }
  const up = (a: number, b: number): number => a - b;
  return { list, leads: leads.sort(up), commits: commits.sort(up), files: files.sort(up), unmeasured, byBasis, byKind, first, last, monotone: descending(list) };
}

/** A goal's book with deliveries newer than all it holds (newest first) put in front, its sorted figures kept sorted. */
function withNewer(b: GoalBook | undefined, newer: readonly Delivery[]): GoalBook {
  if (!b) return goalBook(newer);
  const leads = [...b.leads];
  const commits = [...b.commits];
  const files = [...b.files];
  const byBasis = { ...b.byBasis };
  const byKind = { ...b.byKind };
  let { unmeasured, first, last } = b;
  for (const d of newer) {
    if (d.leadTime === null) unmeasured++;
    else insertSorted(leads, d.leadTime);
    insertSorted(commits, d.commits.length);
    if (d.files !== null) insertSorted(files, d.files);
    byBasis[d.basis]++;
    byKind[d.kind]++;
    if (last === null || d.landedAt > last) last = d.landedAt;
    if (first === null || d.landedAt < first) first = d.landedAt;
  }
  const monotone = b.monotone && descending(newer) && (b.list.length === 0 || newer[newer.length - 1].landedAt >= b.list[0].landedAt);
  return { list: newer.concat(b.list), leads, commits, files, unmeasured, byBasis, byKind, first, last, monotone };
}

function insertSorted(a: number[], x: number): void {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  a.splice(lo, 0, x);
}

function descending(list: readonly Delivery[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i].landedAt > list[i - 1].landedAt) return false;
  return true;
}

/** A goal's deliveries that landed in [since, until), in the list's order. */
export function deliveriesIn(b: GoalBook, since: number | undefined, until: number | undefined): readonly Delivery[] {
  const inside = (d: Delivery): boolean => (until === undefined || d.landedAt < until) && (since === undefined || d.landedAt >= since);
  if (!b.monotone) return b.list.filter(inside);
  // Newest first: the first index landed before `until`, and the first landed before `since`.
  const firstBelow = (t: number): number => {
    let lo = 0;
    let hi = b.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b.list[mid].landedAt >= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return b.list.slice(until === undefined ? 0 : firstBelow(until), since === undefined ? b.list.length : firstBelow(since));
}
