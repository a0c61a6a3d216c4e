// The derived state of an index as plain data for the on-disk cache, and the index read back from it without
// walking the graph or composing links again.
import { branchGoalsByRule } from '../links/linkRules';
import { OWN_SOURCES, type CommitRecord, type GoalsFile, type Link, type LinkSource, type RepoSnapshot } from '../types';

const OWN = new Set<LinkSource>(OWN_SOURCES);
import { withoutRemote } from './branchNames';
import { goalsContext, isMerge, SOURCE_ORDER } from './indexTypes';
import { IndexState } from './indexState';
import { goalsOfMerge, setBrought } from './mergeLinks';
import { deriveAllNotes } from './ownLinks';
import { LinkTable } from './tables';
import { eachOf, PIECE, runSteps, type Steps } from '../steps';

/**
 * What an index derived, as plain data for the on-disk cache: commits are named by their position in
 * `index.commits`, and `inputs` is the snapshot it was derived from (less its commits and notes).
 */
export interface DerivedState {
  v: number;
  linkKey: string;
  inputs: Omit<RepoSnapshot, 'commits' | 'notes' | 'branchConfig'> & { branchConfig: [string, string][] };
  defaultTips: string[];
  /** Flat: merge position, count, then the positions it brought in; for every merge. */
  brought: number[];
  /** Per branch with goals by rule: [ref name, key, count or -1 (tip outside), ...positions ahead]. */
  branches: (string | number)[][];
  goalTable: string[];
  detailTable: string[];
  /** Flat: position, count, then (goal, source, detail) per link, for every linked commit. */
  links: number[];
  /** Flat: position, count, then the unknown goal ids its trailer names, for every such commit. */
  unknownIds: (number | string)[];
}

export const DERIVED_VERSION = 3;

/** The top-level shape of a derived index read from a cache file (the rest is checked as it is read). */
function looksDerived(d: unknown): d is DerivedState {
  if (typeof d !== 'object' || d === null) return false;
  const x = d as Partial<Record<keyof DerivedState, unknown>>;
  return x.v === DERIVED_VERSION && Boolean(x.inputs) && Array.isArray(x.brought) && Array.isArray(x.links) && Array.isArray(x.unknownIds);
}

/** The index state {@link exportState} described. Throws on anything that does not fit (the caller then builds cold). */
export function restoreState(goalsFile: GoalsFile, commits: readonly CommitRecord[], notes: ReadonlyMap<string, string>, d: unknown): IndexState {
  return runSteps(restoreSteps(goalsFile, commits, notes, d));
}

/** {@link restoreState} in pieces (src/core/steps.ts). */
export function* restoreSteps(goalsFile: GoalsFile, commits: readonly CommitRecord[], notes: ReadonlyMap<string, string>, d: unknown): Steps<IndexState> {
  const bad = (what: string): never => {
    throw new Error(`derived index: ${what}`);
  };
  if (!looksDerived(d)) return bad('unknown format');
  // Tables are indexed by numbers from the file: a read out of range is undefined, and checked.
  const entry = <T>(list: readonly T[], k: number): T | undefined => (Number.isInteger(k) && k >= 0 && k < list.length ? list[k] : undefined);
  const snapshot: RepoSnapshot = { ...d.inputs, branchConfig: new Map(d.inputs.branchConfig), commits: commits as CommitRecord[], notes: notes as Map<string, string> };
  const st = new IndexState();
  // The links were composed with the goals of that time; only their link key is known. A different one
  // makes the next update derive every link again.
  st.ctx = { ...goalsContext(goalsFile), linkKey: d.linkKey };
  st.defaultBranch = snapshot.defaultBranch;
  st.branchConfig = snapshot.branchConfig;
  const g = st.graph;
  const n = commits.length;
  let registered = 0;
  yield* eachOf(commits, (c) => {
    if (g.register(c) >= 0) registered++;
  });
  yield* g.resolveSteps();
  if (registered !== n) bad('duplicate commits');
  st.commits = commits;
  yield;
  const pos = (k: number): number => (Number.isInteger(k) && k >= 0 && k < n ? k : bad('position out of range'));
  // Links first: a commit's own links (trailer, key, routing rules) are the ones of its composed links with those sources.
  const sources = Object.keys(SOURCE_ORDER) as LinkSource[];
  const links = new Map<number, readonly Link[]>();
  const shared = new Map<number, Link>(); // one object per distinct link: most are repeated many times
  const details = d.detailTable.length;
  let rows = 0;
  for (let k = 0; k < d.links.length; ) {
    if (++rows % 1024 === 0) yield; // a row makes its list of links
    const i = pos(d.links[k++]);
    const count = d.links[k++];
    const list: Link[] = [];
    let own: Link[] | undefined;
    for (let j = 0; j < count; j++) {
      const gi = d.links[k++];
      const si = d.links[k++];
      const di = d.links[k++];
      const id = (gi * sources.length + si) * details + di;
      let link = shared.get(id);
      if (!link) {
        const goalId = entry(d.goalTable, gi);
        const source = entry(sources, si);
        const detail = entry(d.detailTable, di);
        if (goalId === undefined || source === undefined || detail === undefined) return bad('link table');
        shared.set(id, (link = { goalId, source, detail }));
      }
      list.push(link);
      if (OWN.has(link.source)) (own ??= []).push(link);
    }
    links.set(i, list);
    if (own) st.own.set(i, own);
  }
  for (let k = 0; k < d.unknownIds.length; ) {
    const i = pos(d.unknownIds[k++] as number);
    const count = d.unknownIds[k++] as number;
    const ids = d.unknownIds.slice(k, k + count);
    k += count;
    if (ids.length !== count || ids.some((x) => typeof x !== 'string')) bad('unknown ids');
    st.ownUnknown.set(i, ids as string[]);
  }
  yield;
  st.notes = notes;
  deriveAllNotes(st);
  st.setRefs(snapshot);
  yield;
  st.defaultTips = d.defaultTips.map((t) => (g.index(t) !== undefined ? t : bad('default tip outside the history')));
  rows = 0;
  for (let k = 0; k < d.brought.length; ) {
    if (++rows % PIECE === 0) yield;
    const m = pos(d.brought[k++]);
    const count = d.brought[k++];
    if (!(count >= 0 && k + count <= d.brought.length)) bad('brought list');
    const got = new Int32Array(count);
    for (let j = 0; j < count; j++) got[j] = pos(d.brought[k++]);
    setBrought(st, m, got);
  }
  yield;
  for (let i = 0; i < n; i++) if (commits[i].parents.length > 1 && !st.brought.has(i)) bad('a merge without its brought list');
  yield* eachOf(st.brought.keys(), (m) => st.mergeGoals.set(m, goalsOfMerge(st, m)), 512);
  rows = 0;
  const refs = new Map(snapshot.refs.map((r) => [r.name, r]));
  for (const row of d.branches) {
    if (++rows % 16 === 0) yield; // each matches the branch against every goal's globs
    const [name, key, count] = row as [string, string, number];
    const ref = refs.get(name) ?? bad(`unknown ref ${name}`);
    const short = ref.kind === 'remote' ? withoutRemote(ref.short) : ref.short;
    const all = branchGoalsByRule(short, st.ctx.goalsFile.goals, snapshot.branchConfig.get(short));
    const goals = all.filter((bg) => st.ctx.goals.has(bg.goalId));
    const ahead = count < 0 ? null : (row.slice(3) as number[]).map(pos);
    if (ahead && ahead.length !== count) bad('ahead list');
    st.branchStates.set(name, { ref, goals, unknown: all.filter((bg) => !st.ctx.goals.has(bg.goalId)).map((bg) => bg.goalId), ahead, key });
    if (goals.length) for (const i of ahead ?? []) st.aheadOf.set(i, [...(st.aheadOf.get(i) ?? []), name]);
  }
  yield;
  st.links = new LinkTable(g, links, null);
  const untagged: CommitRecord[] = [];
  yield* eachOf(commits, (c) => {
    if (!isMerge(c) && !st.links.has(c.sha)) untagged.push(c);
  });
  st.untagged = untagged;
  return st.finish(snapshot, { kind: 'incremental', recomposed: 0 });
}

export function exportState(st: IndexState): DerivedState {
  return runSteps(exportSteps(st));
}

/** {@link exportState} in pieces (src/core/steps.ts). */
export function* exportSteps(st: IndexState): Steps<DerivedState> {
  const g = st.graph;
  const at = new Int32Array(g.size).fill(-1);
  let k = 0;
  yield* eachOf(st.commits, (c) => (at[g.index(c.sha) as number] = k++));
  const brought: number[] = [];
  yield* eachOf(st.brought, ([m, got]) => {
    if (at[m] < 0) return;
    brought.push(at[m], got.length);
    for (const c of got) brought.push(at[c]);
  });
  const branches: (string | number)[][] = [];
  for (const [name, b] of st.branchStates) branches.push([name, b.key, b.ahead ? b.ahead.length : -1, ...(b.ahead ?? []).map((i) => at[i])]);
  const goalTable: string[] = [];
  const detailTable: string[] = [];
  const goalAt = new Map<string, number>();
  const detailAt = new Map<string, number>();
  const intern = (table: string[], index: Map<string, number>, v: string): number => {
    let k = index.get(v);
    if (k === undefined) {
      k = table.length;
      table.push(v);
      index.set(v, k);
    }
    return k;
  };
  const sourceAt = new Map((Object.keys(SOURCE_ORDER) as LinkSource[]).map((src, k) => [src, k]));
  const links: number[] = [];
  yield;
  yield* eachOf(st.links, ([sha, list]) => {
    links.push(at[g.index(sha) as number], list.length);
    for (const l of list) links.push(intern(goalTable, goalAt, l.goalId), sourceAt.get(l.source) as number, intern(detailTable, detailAt, l.detail));
  });
  const idx = st.index;
  const inputs = {
    root: idx.root,
    head: idx.head,
    headRef: idx.headRef,
    defaultBranch: idx.defaultBranch,
    ...(st.snapshotBases ? { defaultBases: st.snapshotBases } : {}),
    refs: [...idx.refs],
    branchConfig: [...idx.branchConfig],
    shallow: idx.shallow,
  };
  const unknownIds: (number | string)[] = [];
  for (const [i, ids] of st.ownUnknown) if (at[i] >= 0) unknownIds.push(at[i], ids.length, ...ids);
  return { v: DERIVED_VERSION, linkKey: st.ctx.linkKey, inputs, defaultTips: st.defaultTips, brought, branches, goalTable, detailTable, links, unknownIds };
}
