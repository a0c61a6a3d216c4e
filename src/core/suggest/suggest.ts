// Suggested goals for untagged commits, each with a confidence and the evidence behind it in words.
// Pure and deterministic: built from the GoalIndex and the files each commit changed (read by src/git).
// A suggestion is never a link: nothing here changes a figure until a person accepts it (a note).
//
// Every signal leaves the asked commit itself out of what it learns from, so suggesting for an untagged
// commit and the leave-one-out evaluation (hide a linked commit's own links) run the same code. Signals use
// only evidence an untagged commit can have: a key that a goal's `keys` match, or a branch a goal claims,
// would have linked the commit already, so neither counts.
import { declaredGoals } from '../impact/impact';
import { CommitGraph } from '../index/graph';
import { isMerge, type GoalIndex } from '../index/goalIndex';
import { KeyMatcher, mergedBranchName } from '../links/linkRules';
import type { CommitRecord, Goal } from '../types';
import { wordsOf } from './words';

export type SignalKind = 'paths' | 'cochange' | 'branch' | 'author' | 'key' | 'words';
export const SIGNAL_KINDS: readonly SignalKind[] = ['paths', 'cochange', 'branch', 'author', 'key', 'words'];

export interface Evidence {
  signal: SignalKind;
  /** Shown to the user: "changes src/checkout/cart.ts, in its paths (src/checkout/**)". */
  text: string;
}

export interface GoalSuggestion {
  goalId: string;
  /** In [0, 1]: how sure the suggestion is; see HIGH_CONFIDENCE. */
  confidence: number;
  /** Strongest first. */
  evidence: Evidence[];
}

export interface CommitSuggestions {
  sha: string;
  /** At most three, best first. Empty when nothing points anywhere. */
  suggestions: GoalSuggestion[];
}

/**
 * Confidence at or above which a first suggestion is taken to be right ("can be tagged in one step").
 * Chosen from the leave-one-out evaluation (`goal-lens suggest --evaluate`, bench/suggest.js), where the
 * first suggestion at this confidence was right for at least 95% of the demo's linked commits.
 */
export const HIGH_CONFIDENCE = 0.8;

/** How much each signal counts when they are added up. Tuned on whole evaluations (demo and synthetic), never per commit. */
const WEIGHT: Record<SignalKind, number> = { paths: 3, cochange: 2.5, branch: 2.5, author: 1, key: 2, words: 1.5 };
/** Evidence for "none of the goals": the larger, the more evidence a high confidence needs. */
const DOUBT = 1.2;
/** Co-change and words weigh a linked commit by how close in time it is to the asked one: half weight after this. */
const HALF_LIFE_DAYS = 120;
/** The author's linked work counts within this many days either side. */
const AUTHOR_DAYS = 3;
/** Linked commits learnt from: the newest this many commits of the history (the changed-files pass reads as many). */
export const LEARN_FROM = 20_000;
/** A commit that changed more files than this (a mass rename, a reformat) tells nothing about one goal. */
const MAX_FILES = 60;

export interface Draft {
  files: readonly string[];
  subject?: string;
  author?: string;
  email?: string;
  /** Unix seconds: "now" for the work being committed. */
  time: number;
  /** The commit the work goes on top of: its branch-mates count. */
  head?: string | null;
}

export interface SuggestOptions {
  /** Goals to offer; default every goal of the index. */
  candidates?: (goal: Goal) => boolean;
  /** Learn from the linked commits among the newest this many (default LEARN_FROM): bounds the cost on any history. */
  learnFrom?: number;
}

interface Vote {
  score: number;
  evidence: string;
}

/** What a signal found for one goal. */
type Votes = Map<string, Vote>;

/** Suggests goals for commits of one index. Build once per index and files map; ask for many commits. */
export class Suggester {
  private readonly commits: readonly CommitRecord[];
  private readonly pos = new Map<string, number>();
  /** Goals of each linked non-merge commit (any link source), by commit position. */
  private readonly labels = new Map<number, string[]>();
  /** Goals a commit names itself (trailer, note, key): what its branch-mates learn from. */
  private readonly ownLabels = new Map<number, string[]>();
  private readonly byFile = new Map<string, number[]>();
  private readonly byDir = new Map<string, number[]>();
  private readonly byAuthor = new Map<string, number[]>();
  private readonly group = new Map<number, number>();
  private readonly groups: { label: string; members: number[] }[] = [];
  private readonly wordGoals = new Map<string, Map<string, number>>();
  private readonly wordTotal = new Map<string, number>();
  private readonly titleWords = new Map<string, Set<string>>();
  private readonly keyProjects = new Map<string, { goalId: string; pattern: string }[]>();
  /** Per issue-key project: linked commits with its keys, and how many serve each goal. */
  private readonly projectGoals = new Map<string, { n: number; per: Map<string, number> }>();
  private readonly keys: KeyMatcher;
  private readonly anyPaths: boolean;
  private readonly fileGoalsCache = new Map<string, { goalId: string; glob: string }[]>();
  private readonly candidates: Set<string>;

  constructor(
    private readonly index: GoalIndex,
    private readonly files: ReadonlyMap<string, readonly string[]>,
    options: SuggestOptions = {},
  ) {
    this.commits = index.commits;
    this.commits.forEach((c, i) => this.pos.set(c.sha, i));
    const goals = [...index.goals.values()];
    this.candidates = new Set(goals.filter((g) => options.candidates?.(g) ?? true).map((g) => g.id));
    this.keys = new KeyMatcher(goals);
    this.anyPaths = goals.some((g) => g.paths.length > 0);
    for (const g of goals) {
      this.titleWords.set(g.id, new Set(wordsOf(g.title)));
      for (const pattern of g.keys) {
        const project = projectOf(pattern);
        if (!project) continue;
        this.keyProjects.set(project, [...(this.keyProjects.get(project) ?? []), { goalId: g.id, pattern }]);
      }
    }
    const learn = Math.max(0, options.learnFrom ?? LEARN_FROM);
    this.commits.forEach((c, i) => {
      if (i >= learn || isMerge(c)) return;
      const links = index.links.get(c.sha);
      if (!links?.length) return;
      const goalsOf = unique(links.map((l) => l.goalId));
      this.labels.set(i, goalsOf);
      const own = unique(links.filter((l) => l.source === 'trailer' || l.source === 'note' || l.source === 'key').map((l) => l.goalId));
      if (own.length) this.ownLabels.set(i, own);
      push(this.byAuthor, c.email.toLowerCase(), i);
      for (const w of wordsOf(c.subject)) {
        const per = this.wordGoals.get(w) ?? new Map<string, number>();
        for (const g of goalsOf) per.set(g, (per.get(g) ?? 0) + 1);
        this.wordGoals.set(w, per);
        this.wordTotal.set(w, (this.wordTotal.get(w) ?? 0) + 1);
      }
      for (const project of projectsOf(c)) {
        const p = this.projectGoals.get(project) ?? { n: 0, per: new Map<string, number>() };
        p.n++;
        for (const g of goalsOf) p.per.set(g, (p.per.get(g) ?? 0) + 1);
        this.projectGoals.set(project, p);
      }
      const changed = files.get(c.sha);
      if (!changed || changed.length > MAX_FILES) return;
      const dirs = new Set<string>();
      for (const f of changed) {
        push(this.byFile, f, i);
        dirs.add(dirOf(f));
      }
      for (const d of dirs) push(this.byDir, d, i);
    });
    // Authors' commits in time order, for a window lookup by binary search.
    for (const list of this.byAuthor.values()) list.sort((a, b) => this.commits[a].time - this.commits[b].time || a - b);
    this.buildGroups();
  }

  /** Up to three goals for a commit, best first. The commit's own links (if any) are never looked at. */
  suggest(sha: string): CommitSuggestions {
    const i = this.pos.get(sha);
    if (i === undefined) return { sha, suggestions: [] };
    const c = this.commits[i];
    return { sha, suggestions: this.rank(i, c, this.files.get(c.sha) ?? [], this.group.get(i)) };
  }

  /**
   * Up to three goals for work not yet committed (the commit message box): its files (staged, else changed), and
   * optionally its subject so far, author and the HEAD commit whose branch it continues.
   */
  suggestDraft(draft: Draft): GoalSuggestion[] {
    const c: CommitRecord = {
      sha: '',
      parents: [],
      author: draft.author ?? '',
      email: draft.email ?? '\0nobody',
      time: draft.time,
      subject: draft.subject ?? '',
      trailers: [],
      issueKeys: [],
    };
    const head = draft.head ? this.pos.get(draft.head) : undefined;
    return this.rank(-1, c, draft.files, head === undefined ? undefined : this.group.get(head));
  }

  private rank(i: number, c: CommitRecord, changed: readonly string[], group: number | undefined): GoalSuggestion[] {
    const signals: [SignalKind, Votes][] = [
      ['paths', this.paths(changed)],
      ['cochange', this.cochange(i, c, changed)],
      ['branch', this.branch(i, group)],
      ['author', this.author(i, c)],
      ['key', this.key(i, c)],
      ['words', this.words(i, c)],
    ];
    const total = new Map<string, { score: number; evidence: { signal: SignalKind; text: string; score: number }[] }>();
    for (const [signal, votes] of signals) {
      for (const [goalId, v] of votes) {
        if (!this.candidates.has(goalId) || v.score <= 0) continue;
        const t = total.get(goalId) ?? { score: 0, evidence: [] };
        const s = WEIGHT[signal] * Math.min(1, v.score);
        t.score += s;
        t.evidence.push({ signal, text: v.evidence, score: s });
        total.set(goalId, t);
      }
    }
    let sum = 0;
    for (const t of total.values()) sum += t.score;
    const order = [...this.index.goals.keys()];
    const ranked = [...total.entries()]
      .sort((a, b) => b[1].score - a[1].score || order.indexOf(a[0]) - order.indexOf(b[0]))
      .slice(0, 3)
      .map(([goalId, t]) => ({
        goalId,
        confidence: round(t.score / (sum + DOUBT)),
        evidence: t.evidence.sort((a, b) => b.score - a.score || SIGNAL_KINDS.indexOf(a.signal) - SIGNAL_KINDS.indexOf(b.signal)).map(({ signal, text }) => ({ signal, text })),
      }));
    return ranked;
  }

  // ------------------------------------------------------------------ signals

  /** The files it changed are in a goal's declared `paths`. */
  private paths(changed: readonly string[]): Votes {
    const votes: Votes = new Map();
    if (!changed.length || !this.anyPaths) return votes;
    const hits = new Map<string, { n: number; file: string; glob: string }>();
    for (const f of changed) {
      for (const { goalId, glob } of this.goalsOfFile(f)) {
        const h = hits.get(goalId);
        if (h) h.n++;
        else hits.set(goalId, { n: 1, file: f, glob });
      }
    }
    for (const [goalId, h] of hits) {
      const more = h.n > 1 ? ` and ${h.n - 1} more file${h.n > 2 ? 's' : ''}` : '';
      votes.set(goalId, { score: h.n / changed.length, evidence: `changes ${h.file}${more}, in its paths (${h.glob})` });
    }
    return votes;
  }

  private goalsOfFile(file: string): { goalId: string; glob: string }[] {
    let hit = this.fileGoalsCache.get(file);
    if (!hit) {
      hit = declaredGoals(this.index, file, false);
      this.fileGoalsCache.set(file, hit);
    }
    return hit;
  }

  /** The same files (else the same folders) were changed by linked commits: more, and closer in time, count more. */
  private cochange(i: number, c: CommitRecord, changed: readonly string[]): Votes {
    const votes: Votes = new Map();
    if (!changed.length || changed.length > MAX_FILES) return votes;
    const score = new Map<string, number>();
    // Per goal, the file with the most commits that serve it, for the evidence.
    const best = new Map<string, { where: string; n: number; files: number }>();
    for (const f of changed) {
      let list = this.byFile.get(f);
      let factor = 1;
      if (!list || (list.length === 1 && list[0] === i)) {
        // A new file: its folder's history instead, weaker; the root folder says nothing.
        list = dirOf(f) === '.' ? undefined : this.byDir.get(dirOf(f));
        factor = 0.6;
      }
      if (!list) continue;
      const per = new Map<string, { w: number; n: number }>();
      let all = 0;
      for (const j of list) {
        if (j === i) continue;
        const w = decay(this.commits[j].time, c.time);
        all += w;
        for (const g of this.labels.get(j) ?? []) {
          const p = per.get(g) ?? { w: 0, n: 0 };
          p.w += w;
          p.n++;
          per.set(g, p);
        }
      }
      if (all === 0) continue;
      const strength = all / (all + 1);
      for (const [g, p] of per) {
        score.set(g, (score.get(g) ?? 0) + (factor * strength * p.w) / all / changed.length);
        const b = best.get(g);
        const where = factor === 1 ? f : `files in ${dirOf(f)}/`;
        if (!b) best.set(g, { where, n: p.n, files: 1 });
        else {
          b.files++;
          if (p.n > b.n) Object.assign(b, { where, n: p.n });
        }
      }
    }
    for (const [g, s] of score) {
      const b = best.get(g) as { where: string; n: number; files: number };
      const more = b.files > 1 ? ` (and ${b.files - 1} more file${b.files > 2 ? 's' : ''} it changed)` : '';
      const verb = b.where.startsWith('files in ') ? 'were' : 'was';
      votes.set(g, { score: s, evidence: `${b.where} ${verb} changed by ${b.n} commit${b.n === 1 ? ' that serves' : 's that serve'} it${more}` });
    }
    return votes;
  }

  /** The branch it was made on, or the merge that brought it in, served a goal for its other commits. */
  private branch(i: number, gi: number | undefined): Votes {
    const votes: Votes = new Map();
    if (gi === undefined) return votes;
    const { label, members } = this.groups[gi];
    const count = new Map<string, number>();
    let others = 0;
    for (const j of members) {
      if (j === i) continue;
      others++;
      for (const g of this.ownLabels.get(j) ?? []) count.set(g, (count.get(g) ?? 0) + 1);
    }
    for (const [g, n] of count) {
      votes.set(g, { score: (n / others) * (n / (n + 0.5)), evidence: `${n} of the ${others} other commit${others === 1 ? '' : 's'} of ${label} ${n === 1 ? 'serves' : 'serve'} it` });
    }
    return votes;
  }

  /** Its author's linked work in the same days. */
  private author(i: number, c: CommitRecord): Votes {
    const votes: Votes = new Map();
    const list = this.byAuthor.get(c.email.toLowerCase());
    if (!list) return votes;
    const span = AUTHOR_DAYS * 86400;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.commits[list[mid]].time < c.time - span) lo = mid + 1;
      else hi = mid;
    }
    const per = new Map<string, { w: number; n: number }>();
    let all = 0;
    let n = 0;
    for (let k = lo; k < list.length && this.commits[list[k]].time <= c.time + span; k++) {
      const j = list[k];
      if (j === i) continue;
      const w = 1 / (1 + Math.abs(this.commits[j].time - c.time) / 86400);
      all += w;
      n++;
      for (const g of this.labels.get(j) ?? []) {
        const p = per.get(g) ?? { w: 0, n: 0 };
        p.w += w;
        p.n++;
        per.set(g, p);
      }
    }
    if (all === 0) return votes;
    const strength = n / (n + 2);
    for (const [g, p] of per) {
      votes.set(g, { score: (p.w / all) * strength, evidence: `${p.n} of ${c.author}'s ${n} linked commit${n === 1 ? '' : 's'} within ${AUTHOR_DAYS} days ${p.n === 1 ? 'serves' : 'serve'} it` });
    }
    return votes;
  }

  /** An issue key of a project whose other keys a goal lists, or whose other commits serve a goal. */
  private key(i: number, c: CommitRecord): Votes {
    const votes: Votes = new Map();
    const seen = new Set<string>();
    for (const key of c.issueKeys) {
      if (this.keys.match([key]).length) continue; // a matched key is a link, not a suggestion
      const project = projectOf(key);
      if (!project || seen.has(project)) continue;
      seen.add(project);
      for (const { goalId, pattern } of this.keyProjects.get(project) ?? []) {
        if (!votes.has(goalId)) votes.set(goalId, { score: 0.8, evidence: `issue ${key} is in project ${project}, whose key ${pattern} it lists` });
      }
      // The project's linked commits, the asked one left out.
      const p = this.projectGoals.get(project);
      const mine = this.labels.get(i);
      const self = mine && projectsOf(c).includes(project) ? mine : [];
      const n = (p?.n ?? 0) - (self.length ? 1 : 0);
      const count = new Map<string, number>();
      for (const [g, k] of p?.per ?? []) {
        const left = k - (self.includes(g) ? 1 : 0);
        if (left > 0) count.set(g, left);
      }
      for (const [g, k] of count) {
        const score = (k / n) * (k / (k + 1));
        const v = votes.get(g);
        if (v) v.score = Math.min(1, v.score + score / 2);
        else votes.set(g, { score, evidence: `${k} of ${n} other commit${n === 1 ? '' : 's'} with ${project} keys ${k === 1 ? 'serves' : 'serve'} it` });
      }
    }
    return votes;
  }

  /** Words it shares with a goal's title and with the subjects of the goal's linked commits. */
  private words(i: number, c: CommitRecord): Votes {
    const votes: Votes = new Map();
    const words = wordsOf(c.subject);
    if (!words.length) return votes;
    const own = this.labels.get(i) ?? [];
    const per = new Map<string, number>();
    const shared = new Map<string, string[]>();
    let weightSum = 0;
    for (const w of words) {
      const goals = new Map(this.wordGoals.get(w) ?? []);
      let total = this.wordTotal.get(w) ?? 0;
      if (this.labels.has(i)) {
        total--; // leave the asked commit's own subject out
        for (const g of own) goals.set(g, (goals.get(g) ?? 0) - 1);
      }
      for (const [g, t] of this.titleWords) {
        if (t.has(w)) {
          goals.set(g, (goals.get(g) ?? 0) + 2);
          total += 2;
        }
      }
      if (total <= 0) continue;
      const idf = Math.log(1 + this.labels.size / total);
      weightSum += idf;
      for (const [g, k] of goals) {
        if (k <= 0) continue;
        per.set(g, (per.get(g) ?? 0) + (idf * k) / total);
        const list = shared.get(g) ?? [];
        if (list.length < 3) list.push(w);
        shared.set(g, list);
      }
    }
    if (weightSum === 0) return votes;
    for (const [g, s] of per) {
      const list = shared.get(g) ?? [];
      const inTitle = list.filter((w) => this.titleWords.get(g)?.has(w));
      const where = inTitle.length ? 'its title and subjects of its commits' : 'subjects of its commits';
      votes.set(g, { score: s / weightSum, evidence: `shares ${list.map((w) => `'${w}'`).join(', ')} with ${where}` });
    }
    return votes;
  }

  // ------------------------------------------------------------------ branch and merge groups

  /** Commits brought in by each merge of the main line, and commits of each other branch not on it. */
  private buildGroups(): void {
    const graph = new CommitGraph(this.commits, this.pos);
    const idx = this.index;
    const defaultTip = idx.refs.find((r) => r.name === idx.defaultBranch)?.sha;
    const tip = defaultTip !== undefined && graph.index(defaultTip) !== undefined ? defaultTip : idx.head;
    const main = tip ? graph.mainline(tip) : null;
    if (!main) return;
    const add = (label: string, members: number[]): void => {
      const own = members.filter((j) => !isMerge(this.commits[j]) && !this.group.has(j));
      if (own.length < 2) return;
      const gi = this.groups.length;
      this.groups.push({ label, members: own });
      for (const j of own) this.group.set(j, gi);
    };
    for (const [m, brought] of [...main.brought.entries()].sort((a, b) => a[0] - b[0])) {
      const merge = this.commits[m];
      const named = mergedBranchName(merge.subject);
      add(`merge ${merge.sha.slice(0, 7)}${named ? ` (${named})` : ''}`, brought);
    }
    const refs = idx.refs.filter((r) => r.kind !== 'tag' && r.name !== idx.defaultBranch).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const r of refs) add(`branch ${r.short}`, graph.outside(r.sha, main.reach));
  }
}

/** Suggestions for many commits (e.g. the untagged ones), in the order given. */
export function suggestAll(index: GoalIndex, files: ReadonlyMap<string, readonly string[]>, commits: readonly CommitRecord[], options?: SuggestOptions): CommitSuggestions[] {
  const s = new Suggester(index, files, options);
  return commits.map((c) => s.suggest(c.sha));
}

/** Whether a commit's first suggestion reaches HIGH_CONFIDENCE: what reports count as "can be tagged in one step". */
export type OneStep = (sha: string) => boolean;

export function oneStepOf(suggest: (sha: string) => readonly GoalSuggestion[], threshold = HIGH_CONFIDENCE): OneStep {
  return (sha) => (suggest(sha)[0]?.confidence ?? 0) >= threshold;
}

/** How many of these commits' first suggestions reach HIGH_CONFIDENCE: "N of M untagged commits can be tagged in one step". */
export function oneStepCount(all: readonly CommitSuggestions[], threshold = HIGH_CONFIDENCE): number {
  return all.filter((s) => (s.suggestions[0]?.confidence ?? 0) >= threshold).length;
}

/** One line for reports: "62 of 106 untagged commits can be tagged in one step". */
export function oneStepLine(oneStep: number, untagged: number): string {
  return `${oneStep} of ${untagged} untagged commit${untagged === 1 ? '' : 's'} can be tagged in one step`;
}

function decay(t: number, at: number): number {
  return Math.pow(0.5, Math.abs(at - t) / (HALF_LIFE_DAYS * 86400));
}

/** "SHOP" of "SHOP-141" or of the pattern "SHOP-1*"; null when there is no project part. */
function projectOf(key: string): string | null {
  const dash = key.indexOf('-');
  return dash > 0 ? key.slice(0, dash).toUpperCase() : null;
}

function projectsOf(c: CommitRecord): string[] {
  const out: string[] = [];
  for (const key of c.issueKeys) {
    const p = projectOf(key);
    if (p && !out.includes(p)) out.push(p);
  }
  return out;
}

function dirOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '.' : file.slice(0, slash);
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

function round(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}
