// Goal suggestions for the pickers and the commit-message trailer. Pure: no vscode, so it is unit-tested on plain
// data. (The per-goal figures of every view are in src/core/index/figures.ts.)
import { matchGlob } from '../../core/links/glob';
import { isTrailerLine, parseNoteGoals } from '../../core/links/linkRules';
import type { Goal } from '../../core/types';

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
