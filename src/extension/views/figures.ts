// Per-goal figures for the Goals view under its filters (time window, only my work). Pure: no vscode,
// so it is unit-tested on plain indexes.
import { descendantsOf, isMerge, type GoalIndex } from '../../core/index/goalIndex';
import { matchGlob } from '../../core/links/glob';
import { isTrailerLine, parseNoteGoals } from '../../core/links/linkRules';
import type { CommitRecord, Goal, Link } from '../../core/types';

export interface ViewFilter {
  /** Only commits at or after this time (unix seconds). */
  since?: number;
  /** Only commits by this author email (compared case-insensitively). */
  email?: string | null;
}

export interface GoalFigures {
  /** The goal's own linked commits inside the filter, newest first. */
  own: CommitRecord[];
  /** Commits of the goal and its descendants, each once. */
  total: number;
  /** Latest commit time of the goal or its descendants inside the filter, or -1. */
  last: number;
}

export interface ViewFigures {
  byGoal: Map<string, GoalFigures>;
  untagged: CommitRecord[];
  /** Non-merge commits inside the filter. */
  commits: number;
}

export function passes(c: CommitRecord, filter: ViewFilter): boolean {
  if (filter.since !== undefined && c.time < filter.since) return false;
  if (filter.email && c.email.toLowerCase() !== filter.email.toLowerCase()) return false;
  return true;
}

export function viewFigures(index: GoalIndex, filter: ViewFilter): ViewFigures {
  const own = new Map<string, CommitRecord[]>();
  let commits = 0;
  for (const c of index.commits) {
    if (isMerge(c) || !passes(c, filter)) continue;
    commits++;
    const seen = new Set<string>();
    for (const l of index.links.get(c.sha) ?? []) {
      if (seen.has(l.goalId)) continue;
      seen.add(l.goalId);
      const list = own.get(l.goalId);
      if (list) list.push(c);
      else own.set(l.goalId, [c]);
    }
  }
  const byGoal = new Map<string, GoalFigures>();
  for (const id of index.goals.keys()) {
    const all = new Set<string>();
    let last = -1;
    for (const d of descendantsOf(index, id)) {
      for (const c of own.get(d) ?? []) {
        all.add(c.sha);
        last = Math.max(last, c.time);
      }
    }
    byGoal.set(id, { own: own.get(id) ?? [], total: all.size, last });
  }
  return { byGoal, untagged: index.untagged.filter((c) => passes(c, filter)), commits };
}

/** "via Goal trailer", "via branch feat/x and 1 more": the reasons of a commit's link to one goal. */
export function reasonFor(links: readonly Link[] | undefined, goalId: string): string {
  const mine = (links ?? []).filter((l) => l.goalId === goalId);
  if (mine.length === 0) return '';
  return mine.length === 1 ? mine[0].detail : `${mine[0].detail} and ${mine.length - 1} more`;
}

export interface Suggestion {
  goal: Goal;
  reasons: string[];
}

export interface SuggestionInput {
  /** Goal ids the current branch serves. */
  branchGoals: readonly string[];
  /** Repository-relative paths (forward slashes) of the working tree and index changes. */
  changedPaths: readonly string[];
  /** Goal ids of the most recent commits, newest first (repeats allowed). */
  recentGoals: readonly string[];
}

/**
 * Goals worth offering first, strongest first: the branch's goals, then goals whose `paths` cover changed
 * files (more files first), then the goals of recent commits (more recent first). Achieved and dropped
 * goals are never suggested.
 */
export function suggestGoals(goals: readonly Goal[], input: SuggestionInput): Suggestion[] {
  const open = goals.filter((g) => g.status !== 'achieved' && g.status !== 'dropped');
  const score = new Map<string, { score: number; reasons: string[] }>();
  const add = (id: string, points: number, reason: string) => {
    const s = score.get(id) ?? { score: 0, reasons: [] };
    s.score += points;
    if (!s.reasons.includes(reason)) s.reasons.push(reason);
    score.set(id, s);
  };
  for (const id of input.branchGoals) add(id, 1000, 'branch');
  for (const g of open) {
    if (g.paths.length === 0) continue;
    const hits = input.changedPaths.filter((p) => g.paths.some((glob) => matchGlob(glob, p))).length;
    if (hits) add(g.id, 100 + hits, hits === 1 ? '1 changed file' : `${hits} changed files`);
  }
  input.recentGoals.forEach((id, i) => add(id, Math.max(1, 50 - i), 'recent commits'));
  return open
    .filter((g) => score.has(g.id))
    .map((g, order) => ({ g, order, s: score.get(g.id) as { score: number; reasons: string[] } }))
    .sort((a, b) => b.s.score - a.s.score || a.order - b.order)
    .map(({ g, s }) => ({ goal: g, reasons: s.reasons }));
}

/**
 * Adds `<key>: <goalId>` to a commit message as a git trailer: into the trailer block when the message ends
 * with one (a last paragraph of `Token: value` lines after the subject), else as a new paragraph. An empty
 * message gets an empty subject line first. Unchanged when the goal is already named.
 */
export function addTrailer(message: string, key: string, goalId: string): string {
  if (parseNoteGoals(message, key).includes(goalId)) return message;
  const trailer = `${key}: ${goalId}`;
  const body = message.replace(/\s+$/, '');
  if (body.trim().length === 0) return `\n\n${trailer}`;
  const paragraphs = body.split(/\n\s*\n/);
  const last = paragraphs[paragraphs.length - 1].split('\n');
  const isTrailerBlock = paragraphs.length > 1 && last.every((l) => isTrailerLine(l) || /^\s+\S/.test(l));
  return isTrailerBlock ? `${body}\n${trailer}` : `${body}\n\n${trailer}`;
}
