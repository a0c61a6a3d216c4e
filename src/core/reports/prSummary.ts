// The pull-request summary as data: the goals a change serves, its commits that serve none (with their first
// suggestion), the shared code it touches and whose goals that code served, and the goals.yaml problems it adds.
// Pure: figures come from the index, the figures module, Impact and the suggester; the git layer reads the range.
// The renderings (Markdown for a comment, JSON) are in prSummaryFormats.ts.
import { isoDate } from '../dates';
import { declaredGoals, historyImpact, indirectImpact } from '../impact/impact';
import { computeFigures, DEFAULT_STALE_AFTER_DAYS, type CommitmentState } from '../figures/figures';
import { dailyOf } from '../figures/daily';
import { computeEffort } from '../figures/effort';
import type { GoalIndex } from '../index/goalIndex';
import { goalIdsOf } from '../links/linkRules';
import type { GoalSuggestion } from '../suggest/suggest';
import type { Problem } from '../types';
import { outcomeOf, type OutcomeEntry } from './dashboardData';

/** Commitments due within this many days are shown beside a goal the change serves. */
export const DUE_WITHIN_DAYS = 30;

/** A changed file that others depend on, as the git layer read it. */
export interface SharedFileInput {
  path: string;
  /** Commits (shas) that changed the file before the change. */
  shas: readonly string[];
  /** Files that depend on it, nearest first; `distance` 1 is a direct dependent. */
  dependents: readonly { path: string; distance: number; shas: readonly string[] }[];
  /** Its CODEOWNERS owners. */
  owners: readonly string[];
}

export interface PrSummaryInput {
  index: GoalIndex;
  /** The range as typed (`main..feat/x`), and its ends as commits (`from` null: everything `to` reaches). */
  range: { text: string; from: string | null; to: string };
  /** Non-merge commits of the range (shas), newest first. */
  commits: readonly string[];
  /** Files the change touches (base...head), repository paths. */
  changedFiles: readonly string[];
  /** First suggestions of the untagged commits of the range (shas missing: no suggestion). */
  suggestions: ReadonlyMap<string, readonly GoalSuggestion[]>;
  /** Changed files that others depend on, or that goals.yaml declares as a goal's code. */
  shared: readonly SharedFileInput[];
  /** Changed files left unexamined for shared code (a huge change is read up to a cap). */
  sharedNotExamined?: number;
  /** goals.yaml problems at the range's start (null: no goals.yaml there) and at its end. */
  problemsBefore: readonly Problem[] | null;
  problemsAfter: readonly Problem[];
  now: Date;
}

export interface PrGoal {
  id: string;
  title: string;
  status: string;
  owner: string | null;
  advisor: string | null;
  /** Commits of the range that serve it. */
  commits: number;
  outcome: Pick<OutcomeEntry, 'metric' | 'unit' | 'baseline' | 'target' | 'latest' | 'progress'> | null;
  /** The goal's work to date (every commit indexed, this change's included): person-days and people (not bots). */
  toDate: { commits: number; personDays: number; people: number };
  /** Open commitments due within DUE_WITHIN_DAYS days, and missed ones (due and not done). */
  commitmentsDue: { what: string; due: string; state: CommitmentState }[];
}

export interface PrUntagged {
  sha: string;
  subject: string;
  author: string;
  /** The first suggestion, or null when nothing is sure enough to say. */
  suggestion: { goalId: string; confidence: number; evidence: string } | null;
}

export interface PrSharedGoal {
  id: string;
  /** Commits of that goal which changed the file itself (before the change). */
  commits: number;
  /** Commits of that goal which changed its dependents (and not the file). */
  throughDependents: number;
  /** goals.yaml names the file in the goal's `paths`. */
  declared: boolean;
  /** The change serves this goal itself. */
  servedHere: boolean;
}

export interface PrSharedFile {
  path: string;
  dependents: number;
  /** Dependents beyond one hop (0 where only direct dependents are known). */
  transitive: number;
  goals: PrSharedGoal[];
  owners: string[];
}

export interface PrSummary {
  range: string;
  from: string | null;
  to: string;
  generatedAt: string;
  /** The goals.yaml commit trailer key ("Goal"). */
  trailer: string;
  totals: { commits: number; linked: number; untagged: number; files: number };
  goals: PrGoal[];
  untagged: PrUntagged[];
  /** Most-affected first: the most goals served by others, then the most dependents. */
  shared: PrSharedFile[];
  sharedNotExamined: number;
  /** Problems of goals.yaml at the range's end that were not there at its start. */
  problems: Problem[];
}

/** The summary's figures. Deterministic: the same inputs give the same summary, key for key. */
export function buildPrSummary(input: PrSummaryInput): PrSummary {
  const { index } = input;
  const perGoal = new Map<string, number>();
  const untagged: PrUntagged[] = [];
  let linked = 0;
  for (const sha of input.commits) {
    const c = index.bySha.get(sha);
    const links = index.links.get(sha) ?? [];
    if (links.length) {
      linked++;
      for (const id of goalIdsOf(links)) perGoal.set(id, (perGoal.get(id) ?? 0) + 1);
      continue;
    }
    const first = input.suggestions.get(sha)?.[0];
    untagged.push({
      sha,
      subject: c?.subject ?? '',
      author: c?.author ?? '',
      suggestion: first ? { goalId: first.goalId, confidence: first.confidence, evidence: first.evidence[0]?.text ?? '' } : null,
    });
  }

  const figures = computeFigures(index, { now: input.now, staleAfterDays: DEFAULT_STALE_AFTER_DAYS });
  const effort = perGoal.size ? computeEffort(dailyOf(index), index.goals, { now: input.now }) : null;
  const today = isoDate(input.now);
  const horizon = isoDate(new Date(input.now.getTime() + DUE_WITHIN_DAYS * 86_400_000));
  const goals: PrGoal[] = [];
  for (const [id, commits] of perGoal) {
    const f = figures.byId.get(id);
    const g = index.goals.get(id);
    if (!f || !g) continue;
    const o = outcomeOf(g);
    goals.push({
      id,
      title: g.title,
      status: g.status,
      owner: g.owner ?? null,
      advisor: g.advisor ?? null,
      commits,
      outcome: o && { metric: o.metric, unit: o.unit, baseline: o.baseline, target: o.target, latest: o.latest, progress: o.progress },
      toDate: { commits: f.own.length, personDays: round1(effort?.goals.get(id)?.personDays ?? 0), people: effort?.goals.get(id)?.people ?? 0 },
      commitmentsDue: f.commitments
        .filter((c) => c.due !== null && (c.state === 'missed' || (c.state === 'open' && c.due >= today && c.due <= horizon)))
        .map((c) => ({ what: c.what, due: c.due ?? '', state: c.state })),
    });
  }
  goals.sort((a, b) => b.commits - a.commits || a.id.localeCompare(b.id));

  const served = new Set(perGoal.keys());
  // A file nobody depends on is shared only when it served goals this change does not serve itself.
  const shared = input.shared.map((s) => sharedFile(index, s, served)).filter((s) => s.dependents > 0 || othersOf(s) > 0);
  shared.sort((a, b) => othersOf(b) - othersOf(a) || b.goals.length - a.goals.length || b.dependents - a.dependents || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  return {
    range: input.range.text,
    from: input.range.from,
    to: input.range.to,
    generatedAt: input.now.toISOString(),
    trailer: index.goalsFile.trailer,
    totals: { commits: input.commits.length, linked, untagged: untagged.length, files: input.changedFiles.length },
    goals,
    untagged,
    shared,
    sharedNotExamined: input.sharedNotExamined ?? 0,
    problems: introducedProblems(input.problemsBefore, input.problemsAfter),
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Goals a shared file served that this change does not serve itself: whose outcomes the change could break. */
function othersOf(s: PrSharedFile): number {
  return s.goals.filter((g) => !g.servedHere).length;
}

function sharedFile(index: GoalIndex, s: SharedFileInput, served: ReadonlySet<string>): PrSharedFile {
  const declared = new Set(declaredGoals(index, s.path, false).map((d) => d.goalId));
  const own = historyImpact(index, s.shas).history;
  const through = indirectImpact(index, s.dependents.map((d) => ({ path: d.path, shas: d.shas })), s.shas);
  const ids = new Set<string>([...declared, ...own.map((h) => h.goalId), ...through.map((t) => t.goalId)]);
  const goals: PrSharedGoal[] = [...ids].map((id) => ({
    id,
    commits: own.find((h) => h.goalId === id)?.commits ?? 0,
    throughDependents: through.find((t) => t.goalId === id)?.commits ?? 0,
    declared: declared.has(id),
    servedHere: served.has(id),
  }));
  goals.sort((a, b) => b.commits + b.throughDependents - (a.commits + a.throughDependents) || Number(b.declared) - Number(a.declared) || a.id.localeCompare(b.id));
  return {
    path: s.path,
    dependents: s.dependents.length,
    transitive: s.dependents.filter((d) => d.distance > 1).length,
    goals,
    owners: [...s.owners],
  };
}

/**
 * Problems at the end that were not at the start. Lines move when goals.yaml is edited, so a problem is the
 * same when its code and message are; each problem at the start pardons one alike at the end.
 */
export function introducedProblems(before: readonly Problem[] | null, after: readonly Problem[]): Problem[] {
  const left = new Map<string, number>();
  for (const p of before ?? []) left.set(problemKey(p), (left.get(problemKey(p)) ?? 0) + 1);
  const out: Problem[] = [];
  for (const p of after) {
    const k = problemKey(p);
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else out.push(p);
  }
  return out;
}

function problemKey(p: Problem): string {
  return `${p.code}\0${p.message.replace(/\bline \d+\b/g, 'line N')}`;
}
