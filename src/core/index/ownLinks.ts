// A commit's own links: its trailer and issue keys (from its message and the goals' ids and keys), the routing
// rules (its author, subject and changed files against the goals' globs), and its note in
// refs/notes/goals. Each is kept by graph index so that an update replaces one commit's without touching the rest.
import type { CommitGraph } from './graph';
import { parseNoteGoals, splitGoalIds } from '../links/linkRules';
import type { Link } from '../types';
import type { GoalsContext } from './indexTypes';

const NOTE_DETAIL = 'via note (refs/notes/goals)';

/** The part of the index state that own and note links live in. */
export interface OwnLinksState {
  readonly graph: CommitGraph;
  readonly ctx: GoalsContext;
  /** Trailer and issue-key links, by graph index. */
  readonly own: Map<number, Link[]>;
  /** Unknown goal ids named by a commit's trailer, by graph index. */
  readonly ownUnknown: Map<number, string[]>;
  readonly notes: ReadonlyMap<string, string>;
  readonly noteLinks: Map<number, Link[]>;
  readonly noteUnknown: Map<number, string[]>;
}

export function deriveOwn(st: OwnLinksState, i: number): void {
  const c = st.graph.commits[i];
  const { goals, keys, trailerDetail } = st.ctx;
  let links: Link[] | undefined;
  const add = (l: Link): void => {
    if (!links) links = [l];
    else if (!links.some((x) => x.goalId === l.goalId && x.source === l.source)) links.push(l);
  };
  if (c.trailers.length) {
    for (const id of splitGoalIds(c.trailers)) {
      if (goals.has(id)) add({ goalId: id, source: 'trailer', detail: trailerDetail });
      else st.ownUnknown.set(i, [...(st.ownUnknown.get(i) ?? []), id]);
    }
  }
  if (c.issueKeys.length && !keys.empty) for (const m of keys.match(c.issueKeys)) add({ goalId: m.goalId, source: 'key', detail: `via issue key ${m.key}` });
  // The routing rules (authors, subjects, changed files) read only the commit itself, like its trailer.
  if (!st.ctx.rules.empty) for (const l of st.ctx.rules.match(c)) add(l);
  if (links) st.own.set(i, links);
}

export function deriveAllNotes(st: OwnLinksState): void {
  st.noteLinks.clear();
  st.noteUnknown.clear();
  for (const sha of st.notes.keys()) deriveNote(st, sha);
}

/** Note links of one commit from the current notes; returns its graph index when it is indexed. */
export function deriveNote(st: OwnLinksState, sha: string): number[] {
  const i = st.graph.index(sha);
  if (i === undefined || !st.graph.isAlive(i)) return [];
  st.noteLinks.delete(i);
  st.noteUnknown.delete(i);
  const note = st.notes.get(sha);
  if (note === undefined) return [i];
  const links: Link[] = [];
  const unknown: string[] = [];
  for (const id of parseNoteGoals(note, st.ctx.goalsFile.trailer)) {
    if (st.ctx.goals.has(id)) links.push({ goalId: id, source: 'note', detail: NOTE_DETAIL });
    else unknown.push(id);
  }
  if (links.length) st.noteLinks.set(i, links);
  if (unknown.length) st.noteUnknown.set(i, unknown);
  return [i];
}
