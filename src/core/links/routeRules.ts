// The routing rules of goals.yaml: work that serves a goal without anyone tagging each commit.
//   authors:  text globs on the author's name or email (dependabot[bot], *@release-bot.example.com)
//   subjects: text globs on the subject line ("Bump *", "chore(deps)*")
//   changes:  path globs; a commit whose changed files ALL fall under them serves the goal (.github/**)
// Globs, never regular expressions: goals.yaml is repository content. Text globs are compared ignoring case (an
// author writes "Bump" or "bump"); path globs are case-sensitive, as paths are. Both match in linear time.
import { matchGlob } from './glob';
import { matchTextGlob } from './textGlob';
import type { CommitRecord, Goal, Link } from '../types';

interface GoalRules {
  goalId: string;
  /** As written (shown in the link's reason), and lower-cased (matched against lower-cased text). */
  authors: readonly string[];
  authorsLower: readonly string[];
  subjects: readonly string[];
  subjectsLower: readonly string[];
  changes: readonly string[];
}

const lower = (globs: readonly string[]): string[] => globs.map((g) => g.toLowerCase());

/** Paths remembered with the goals whose `changes` take them: most files come back in many commits. */
const PATH_CACHE_LIMIT = 50_000;

export class RouteRules {
  private readonly rules: GoalRules[];
  private readonly byFiles: GoalRules[];
  private readonly pathGoals = new Map<string, readonly number[]>();
  /** True when no goal has a routing rule. */
  readonly empty: boolean;
  /** True when some goal links by changed files: the log must then read each commit's files. */
  readonly usesFiles: boolean;

  constructor(goals: readonly Goal[]) {
    this.rules = [];
    for (const g of goals) {
      const authors = g.authors ?? [];
      const subjects = g.subjects ?? [];
      const changes = g.changes ?? [];
      if (authors.length || subjects.length || changes.length) {
        this.rules.push({ goalId: g.id, authors, authorsLower: lower(authors), subjects, subjectsLower: lower(subjects), changes });
      }
    }
    this.byFiles = this.rules.filter((r) => r.changes.length > 0);
    this.empty = this.rules.length === 0;
    this.usesFiles = this.byFiles.length > 0;
  }

  /** The links the routing rules give a commit, in goal order: author, then subject, then changed files. */
  match(c: CommitRecord): Link[] {
    if (this.empty) return [];
    const out: Link[] = [];
    let name: string | undefined;
    let email: string | undefined;
    let subject: string | undefined;
    for (const r of this.rules) {
      if (r.authors.length) {
        name ??= c.author.toLowerCase();
        email ??= c.email.toLowerCase();
        const k = r.authorsLower.findIndex((g) => matchTextGlob(g, name as string) || matchTextGlob(g, email as string));
        if (k >= 0) out.push({ goalId: r.goalId, source: 'author', detail: `via author glob ${r.authors[k]}` });
      }
      if (r.subjects.length) {
        subject ??= c.subject.toLowerCase();
        const k = r.subjectsLower.findIndex((g) => matchTextGlob(g, subject as string));
        if (k >= 0) out.push({ goalId: r.goalId, source: 'subject', detail: `via subject glob ${r.subjects[k]}` });
      }
    }
    const files = c.files;
    if (this.usesFiles && files && files.length > 0) {
      // The goals every file falls under: intersect, file by file, stopping when none is left.
      let left: readonly number[] | null = null;
      for (const f of files) {
        const here = this.goalsOfPath(f);
        left = left === null ? here : left.filter((k) => here.includes(k));
        if (left.length === 0) break;
      }
      for (const k of left ?? []) {
        const r = this.byFiles[k];
        const used = r.changes.filter((g) => files.some((f) => matchGlob(g, f)));
        const shown = used.slice(0, 3).join(', ') + (used.length > 3 ? ', ...' : '');
        out.push({ goalId: r.goalId, source: 'changes', detail: `via changed files (all under ${shown})` });
      }
    }
    return out;
  }

  /** Positions in `byFiles` of the goals whose `changes` globs take the path. */
  private goalsOfPath(path: string): readonly number[] {
    let hit = this.pathGoals.get(path);
    if (hit === undefined) {
      const found: number[] = [];
      this.byFiles.forEach((r, k) => {
        if (r.changes.some((g) => matchGlob(g, path))) found.push(k);
      });
      hit = found;
      if (this.pathGoals.size >= PATH_CACHE_LIMIT) this.pathGoals.clear();
      this.pathGoals.set(path, hit);
    }
    return hit;
  }
}

/** True when some goal of the file links by changed files (`changes:`), so the log must read them. */
export function usesChangedFiles(goals: readonly Goal[]): boolean {
  return goals.some((g) => (g.changes?.length ?? 0) > 0);
}
