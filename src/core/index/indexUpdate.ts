// The incremental update: from the state of the latest index and what changed (commits added and dropped, notes,
// refs, branch config, goals.yaml), re-derive only what that change can touch. Anything it cannot account for is
// a cold build, never a guess.
import type { GoalsFile, Link, RepoSnapshot } from '../types';
import { defaultTipsOf, deriveBranches } from './branchLinks';
import { goalsContext, isMerge, type GoalIndex, type IndexChange } from './indexTypes';
import { IndexState } from './indexState';
import { goalsOfMerge, samePairs, setBrought, walkBrought } from './mergeLinks';
import { deriveAllNotes, deriveNote, deriveOwn } from './ownLinks';
import { LinkTable } from './tables';
import { usesChangedFiles } from '../links/routeRules';
import { keepDaily, keptDaily } from '../figures/daily';
import { keepTimeline, keptTimeline } from '../figures/timeline';

/**
 * The state after `change`, deriving only what it can touch; `st` is the state of `previous` (and is updated in
 * place). Equal to a cold build of `snapshot`.
 */
export function updateState(st: IndexState, previous: GoalIndex, goalsFile: GoalsFile, snapshot: RepoSnapshot, change: IndexChange): IndexState {
  const g = st.graph;
  const cold = (): IndexState => IndexState.cold(goalsFile, snapshot, snapshot.commits);
  // A new trailer key changes what git parsed out of every message: the commits themselves are new.
  if (snapshot.shallow || previous.shallow || snapshot.root !== previous.root || goalsFile.trailer !== st.ctx.goalsFile.trailer) return cold();
  // Likewise a first (or last) `changes:` rule: the log then reads (or stops reading) every commit's files.
  if (usesChangedFiles(goalsFile.goals) !== st.ctx.rules.usesFiles) return cold();
  const dropped: number[] = [];
  for (const sha of change.dropped) {
    const i = g.index(sha);
    if (i !== undefined && g.isAlive(i)) dropped.push(i);
  }
  const fresh = change.added.filter((c) => {
    const i = g.index(c.sha);
    return i === undefined || !g.isAlive(i);
  });
  // The change must account for the whole new history; anything else is a cold build, never a guess.
  if (st.commits.length - dropped.length + fresh.length !== snapshot.commits.length) return cold();
  if ((g.deadCount + dropped.length) * 2 > g.size) return cold(); // mostly dropped: start afresh
  st.version++;
  const touched = new Set<number>();
  const touchBrought = (m: number): void => {
    for (const c of st.brought.get(m) ?? []) touched.add(c);
  };

  // Dropped commits: their own contributions go; a dropped merge no longer brings anything in.
  for (const d of dropped) {
    touched.add(d);
    st.own.delete(d);
    st.ownUnknown.delete(d);
    st.noteLinks.delete(d);
    st.noteUnknown.delete(d);
    if (st.brought.has(d)) {
      touchBrought(d);
      setBrought(st, d, null);
      st.mergeGoals.delete(d);
    }
  }
  g.drop(dropped);
  const added = g.append(fresh);
  const goalsChanged = goalsFile.trailer !== st.ctx.goalsFile.trailer || goalsContext(goalsFile).linkKey !== st.ctx.linkKey;
  st.ctx = goalsContext(goalsFile);
  const mergeNamesChanged = goalsChanged || snapshot.defaultBranch !== st.defaultBranch || !sameMap(snapshot.branchConfig, st.branchConfig);
  st.defaultBranch = snapshot.defaultBranch;
  st.branchConfig = snapshot.branchConfig;
  const isAdded = new Set(added);

  if (goalsChanged) {
    st.own.clear();
    st.ownUnknown.clear();
    for (let i = 0; i < g.size; i++) if (g.isAlive(i)) deriveOwn(st, i);
  } else for (const i of added) deriveOwn(st, i);
  for (const i of added) {
    touched.add(i);
    if (g.commits[i].parents.length > 1) {
      setBrought(st, i, walkBrought(st, i));
      touchBrought(i);
    }
  }

  // Notes: only those that differ (or every one after a goals.yaml change of ids or the trailer key).
  const notesChanged: number[] = [];
  if (goalsChanged) {
    st.notes = snapshot.notes;
    deriveAllNotes(st);
  } else {
    const old = st.notes;
    st.notes = snapshot.notes;
    if (old !== snapshot.notes) {
      for (const [sha, text] of snapshot.notes) if (old.get(sha) !== text) notesChanged.push(...deriveNote(st, sha));
      for (const sha of old.keys()) if (!snapshot.notes.has(sha)) notesChanged.push(...deriveNote(st, sha));
    }
    for (const i of added) if (snapshot.notes.has(g.commits[i].sha)) notesChanged.push(...deriveNote(st, g.commits[i].sha));
  }
  for (const i of notesChanged) touched.add(i);

  // Merge goals: a merge's own links or the branch its message names may have changed.
  const remerge = new Set<number>();
  if (mergeNamesChanged) for (const m of st.brought.keys()) remerge.add(m);
  else {
    for (const i of added) if (st.brought.has(i)) remerge.add(i);
    for (const i of notesChanged) if (st.brought.has(i)) remerge.add(i);
  }
  st.setRefs(snapshot);
  for (const m of remerge) {
    const next = goalsOfMerge(st, m);
    const prev = st.mergeGoals.get(m);
    if (!prev || !samePairs(prev, next)) {
      st.mergeGoals.set(m, next);
      touchBrought(m);
      touched.add(m);
    }
  }

  // Branches: those whose tip or goals moved, and all of them when the default branch's reach moved.
  const oldTips = st.defaultTips;
  st.defaultTips = defaultTipsOf(snapshot, g);
  let newlyReached: Set<number> | null = null;
  if (oldTips.join() !== st.defaultTips.join()) {
    const ff = oldTips.length === 1 && st.defaultTips.length === 1 && g.exclusive(oldTips, st.defaultTips).length === 0;
    newlyReached = ff ? new Set(g.exclusive(st.defaultTips, oldTips)) : null;
    if (!ff) st.branchStates.forEach((b) => (b.key = '')); // recompute every ahead list
  }
  deriveBranches(st, snapshot, { newlyReached, touched });

  // Compose what was touched; everything after a change of ids, keys, globs or the trailer key.
  if (goalsChanged) {
    st.links = LinkTable.empty(g);
    st.composeAll();
  } else {
    const next = new Map<number, readonly Link[] | null>();
    for (const i of touched) next.set(i, g.isAlive(i) ? (st.compose(i) ?? null) : null);
    st.links = st.links.with(next);
  }

  const droppedShas = new Set(dropped.map((i) => g.commits[i].sha));
  const kept = dropped.length ? st.commits.filter((c) => !droppedShas.has(c.sha)) : st.commits;
  st.commits = fresh.length ? fresh.concat(kept) : kept;
  // Untagged: the old list minus what is now linked or dropped, plus what is new; a full pass only when a
  // commit that was linked lost its links (a note removed, a branch deleted...).
  let becameUntagged = false;
  const noLongerUntagged = new Set<string>();
  for (const i of touched) {
    if (isAdded.has(i)) continue;
    const c = g.commits[i];
    if (isMerge(c)) continue;
    if (!g.isAlive(i) || st.links.has(c.sha)) noLongerUntagged.add(c.sha);
    else if (previous.links.has(c.sha)) becameUntagged = true;
  }
  if (becameUntagged || goalsChanged) st.untagged = st.commits.filter((c) => !isMerge(c) && !st.links.has(c.sha));
  else {
    const newUntagged = fresh.filter((c) => !isMerge(c) && !st.links.has(c.sha));
    const keptUntagged = noLongerUntagged.size ? st.untagged.filter((c) => !noLongerUntagged.has(c.sha)) : st.untagged;
    st.untagged = newUntagged.length ? newUntagged.concat(keptUntagged) : keptUntagged;
  }
  // The daily aggregates of the previous index, if anyone read them: take back each touched commit's old links and
  // add its new ones (one person-day each), so no figure needs a pass over the history. After a change of ids, keys
  // or globs every link may differ: the next reader builds them afresh.
  // The figures' timeline likewise (one insertion per list a commit is in).
  const daily = goalsChanged ? undefined : keptDaily(previous);
  const timeline = goalsChanged ? undefined : keptTimeline(previous);
  if (daily || timeline) {
    for (const i of touched) {
      const c = g.commits[i];
      const before = isAdded.has(i) ? undefined : previous.links.get(c.sha);
      const after = g.isAlive(i) ? st.links.get(c.sha) : undefined;
      if (!isAdded.has(i)) daily?.remove(c, before);
      if (g.isAlive(i)) daily?.add(c, after);
      if (timeline) {
        timeline.relink(c.sha);
        if (!isAdded.has(i)) timeline.remove(c, before);
        if (g.isAlive(i)) timeline.add(c, after);
      }
    }
  }
  const next = st.finish(snapshot, { kind: 'incremental', recomposed: goalsChanged ? st.links.size : touched.size });
  if (daily) keepDaily(next.index, daily, previous);
  if (timeline) keepTimeline(next.index, timeline, previous);
  return next;
}

function sameMap(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
