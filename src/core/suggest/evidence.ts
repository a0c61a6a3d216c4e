// The evidence behind a suggestion: what the history says about each goal for one commit, signal by signal.
// Every signal estimates "how often does such a commit serve this goal" over ALL commits of the history (linked
// or not), so evidence that every commit shares (a file most commits touch, a word in every subject, the main
// author's days) says little. Pure: built from plain data (the index and each commit's changed files).
//
// The asked commit is always left out of what a signal learns from, and `hide` leaves whole goals out (the
// open-set evaluation: a goal that does not exist yet), so suggestions and evaluations run the same code.
import { declaredGoals } from '../impact/impact';
import { isMerge, type GoalIndex } from '../index/goalIndex';
import { KeyMatcher } from '../links/linkRules';
import type { CommitRecord } from '../types';
import { branchGroups, type BranchGroup } from './groups';
import { projectOf, projectsOf } from './keyProjects';
import { wordsOf } from './words';

export type SignalKind = 'paths' | 'cochange' | 'branch' | 'author' | 'key' | 'words' | 'upkeep';
export const SIGNAL_KINDS: readonly SignalKind[] = ['upkeep', 'paths', 'cochange', 'branch', 'author', 'key', 'words'];

export interface Vote {
  /** In [0, 1]: how much this signal alone says the commit serves the goal. */
  score: number;
  evidence: string;
}
/** What a signal found, per goal. */
export type Votes = Map<string, Vote>;

/** One commit asked about: its position in the index (-1 for work not committed yet), record and changed files. */
export interface Ask {
  i: number;
  c: CommitRecord;
  changed: readonly string[];
  group: number | undefined;
  /** Goals left out entirely (the open-set evaluation). */
  hide?: ReadonlySet<string>;
}

/** Co-change and words weigh a commit by how close in time it is to the asked one: half weight after this. */
const HALF_LIFE_DAYS = 120;
/** The author's work counts within this many days either side. */
export const AUTHOR_DAYS = 3;
/** A commit that changed more files than this (a mass rename, a reformat) tells nothing about one goal. */
export const MAX_FILES = 60;
/** A file touched by more than this share of commits (a changelog, the build file) is no evidence. */
const HOT_FILE_SHARE = 0.15;
/** A word in more than this share of subjects ('org', 'apache', the project's name) is no evidence. */
const COMMON_WORD_SHARE = 0.01;
/** Below this many commits, shares are not judged: a small history has no "common" file or word yet. */
const MIN_COMMON = 10;

export interface TablesOptions {
  /** Learn from the newest this many commits. */
  learnFrom: number;
}

/** What the signals learn from the history, built once per index and files map. */
export class EvidenceTables {
  readonly commits: readonly CommitRecord[];
  readonly pos = new Map<string, number>();
  /** Goals of each linked non-merge commit (any link source), by commit position. */
  readonly labels = new Map<number, string[]>();
  /** Goals a commit names itself (trailer, note, key): what its branch-mates learn from. */
  private readonly ownLabels = new Map<number, string[]>();
  /** Non-merge commits (linked or not) that changed each file / folder. */
  private readonly byFile = new Map<string, number[]>();
  private readonly byDir = new Map<string, number[]>();
  /** Non-merge commits of each author (lower-case email), in time order. */
  private readonly byAuthor = new Map<string, number[]>();
  /** The branch or merge group of each non-merge commit (groups.ts). */
  readonly group: ReadonlyMap<number, number>;
  private readonly groups: readonly BranchGroup[];
  /** Per word: linked commits using it, per goal; and all commits using it. */
  private readonly wordGoals = new Map<string, Map<string, number>>();
  private readonly wordDf = new Map<string, number>();
  private readonly titleWords = new Map<string, Set<string>>();
  private readonly keyProjects = new Map<string, { goalId: string; pattern: string }[]>();
  /** Per issue-key project: commits with its keys, and how many serve each goal. */
  private readonly projectGoals = new Map<string, { n: number; per: Map<string, number> }>();
  private readonly keys: KeyMatcher;
  private readonly anyPaths: boolean;
  private readonly fileGoalsCache = new Map<string, { goalId: string; glob: string }[]>();
  /** How much the author signal counts for each author, in [0, 1]. */
  private readonly authorWeight = new Map<string, number>();
  /** Non-merge commits learnt from. */
  readonly n: number;

  constructor(
    readonly index: GoalIndex,
    private readonly files: ReadonlyMap<string, readonly string[]>,
    options: TablesOptions,
  ) {
    this.commits = index.commits;
    this.commits.forEach((c, i) => this.pos.set(c.sha, i));
    const goals = [...index.goals.values()];
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
    let n = 0;
    const learn = Math.max(0, options.learnFrom);
    this.commits.forEach((c, i) => {
      if (i >= learn || isMerge(c)) return;
      n++;
      const links = index.links.get(c.sha);
      const goalsOf = links?.length ? unique(links.map((l) => l.goalId)) : [];
      if (goalsOf.length) {
        this.labels.set(i, goalsOf);
        const own = unique(links?.filter((l) => l.source === 'trailer' || l.source === 'note' || l.source === 'key').map((l) => l.goalId) ?? []);
        if (own.length) this.ownLabels.set(i, own);
      }
      push(this.byAuthor, c.email.toLowerCase(), i);
      for (const w of wordsOf(c.subject)) {
        this.wordDf.set(w, (this.wordDf.get(w) ?? 0) + 1);
        if (!goalsOf.length) continue;
        const per = this.wordGoals.get(w) ?? new Map<string, number>();
        for (const g of goalsOf) per.set(g, (per.get(g) ?? 0) + 1);
        this.wordGoals.set(w, per);
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
    this.n = n;
    // Authors' commits in time order, for a window lookup by binary search.
    for (const list of this.byAuthor.values()) list.sort((a, b) => this.commits[a].time - this.commits[b].time || a - b);
    const groups = branchGroups(index, this.pos);
    this.groups = groups.groups;
    this.group = groups.group;
    for (const [email, list] of this.byAuthor) this.authorWeight.set(email, this.informative(email, list));
  }

  /** Whether a file is touched by so many commits that it tells nothing. */
  hotFile(file: string): boolean {
    const df = this.byFile.get(file)?.length ?? 0;
    return df >= MIN_COMMON && df > this.n * HOT_FILE_SHARE;
  }

  private commonWord(w: string): boolean {
    const df = this.wordDf.get(w) ?? 0;
    return df >= MIN_COMMON && df > this.n * COMMON_WORD_SHARE;
  }

  private idf(df: number): number {
    return Math.log(1 + Math.max(this.n, 1) / Math.max(df, 1));
  }

  // ------------------------------------------------------------------ signals

  /** The files it changed are in a goal's declared `paths` (files every commit touches left out). */
  paths(a: Ask): Votes {
    const votes: Votes = new Map();
    if (!a.changed.length || !this.anyPaths) return votes;
    const specific = a.changed.filter((f) => !this.hotFile(f));
    const asked = specific.length ? specific : a.changed;
    const hits = new Map<string, { n: number; file: string; glob: string }>();
    for (const f of asked) {
      for (const { goalId, glob } of this.goalsOfFile(f)) {
        if (a.hide?.has(goalId)) continue;
        const h = hits.get(goalId);
        if (h) h.n++;
        else hits.set(goalId, { n: 1, file: f, glob });
      }
    }
    for (const [goalId, h] of hits) {
      const more = h.n > 1 ? ` and ${h.n - 1} more file${h.n > 2 ? 's' : ''}` : '';
      votes.set(goalId, { score: h.n / asked.length, evidence: `changes ${h.file}${more}, in its paths (${h.glob})` });
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

  /**
   * The same files (else the same folders) were changed by commits serving a goal: per file, the share of its
   * commits that serve the goal (closer in time counts more), each file weighed by how specific it is (IDF).
   */
  cochange(a: Ask): Votes {
    const votes: Votes = new Map();
    const { i, c, changed } = a;
    if (!changed.length || changed.length > MAX_FILES) return votes;
    const score = new Map<string, number>();
    const best = new Map<string, { where: string; n: number; files: number }>();
    let weightSum = 0;
    for (const f of changed) {
      if (this.hotFile(f)) continue;
      let list = this.byFile.get(f);
      let factor = 1;
      if (!list || (list.length === 1 && list[0] === i)) {
        // A new file: its folder's history instead, weaker; the root folder says nothing.
        list = dirOf(f) === '.' ? undefined : this.byDir.get(dirOf(f));
        factor = 0.6;
      }
      const idf = factor * this.idf(list?.length ?? 1);
      weightSum += idf;
      if (!list) continue;
      const per = new Map<string, { w: number; n: number }>();
      let all = 0;
      for (const j of list) {
        if (j === i) continue;
        const w = decay(this.commits[j].time, c.time);
        all += w;
        for (const g of this.labels.get(j) ?? []) {
          if (a.hide?.has(g)) continue;
          const p = per.get(g) ?? { w: 0, n: 0 };
          p.w += w;
          p.n++;
          per.set(g, p);
        }
      }
      for (const [g, p] of per) {
        score.set(g, (score.get(g) ?? 0) + (idf * p.w) / (all + 0.5));
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
      votes.set(g, { score: s / weightSum, evidence: `${b.where} ${verb} changed by ${b.n} commit${b.n === 1 ? ' that serves' : 's that serve'} it${more}` });
    }
    return votes;
  }

  /** The branch it was made on, or the merge that brought it in, served a goal for its other commits. */
  branch(a: Ask): Votes {
    const votes: Votes = new Map();
    if (a.group === undefined) return votes;
    const { label, members } = this.groups[a.group];
    const count = new Map<string, number>();
    let others = 0;
    for (const j of members) {
      if (j === a.i) continue;
      others++;
      for (const g of this.ownLabels.get(j) ?? []) if (!a.hide?.has(g)) count.set(g, (count.get(g) ?? 0) + 1);
    }
    for (const [g, n] of count) {
      votes.set(g, { score: (n / others) * (n / (n + 0.5)), evidence: `${n} of the ${others} other commit${others === 1 ? '' : 's'} of ${label} ${n === 1 ? 'serves' : 'serve'} it` });
    }
    return votes;
  }

  /** Its author's work in the same days: the share that serves each goal, as far as this author's days tell. */
  author(a: Ask): Votes {
    const votes: Votes = new Map();
    const email = a.c.email.toLowerCase();
    const weight = this.authorWeight.get(email) ?? 0;
    if (weight <= 0) return votes;
    const w = this.authorWindow(email, a.i, a.c.time, a.hide);
    if (!w) return votes;
    for (const [g, p] of w.per) {
      votes.set(g, { score: weight * (p.w / (w.all + 1)), evidence: `${p.n} of ${a.c.author}'s ${w.n} commit${w.n === 1 ? '' : 's'} within ${AUTHOR_DAYS} days ${p.n === 1 ? 'serves' : 'serve'} it` });
    }
    return votes;
  }

  private authorWindow(email: string, i: number, time: number, hide?: ReadonlySet<string>): { per: Map<string, { w: number; n: number }>; all: number; n: number } | null {
    const list = this.byAuthor.get(email);
    if (!list) return null;
    const span = AUTHOR_DAYS * 86400;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.commits[list[mid]].time < time - span) lo = mid + 1;
      else hi = mid;
    }
    const per = new Map<string, { w: number; n: number }>();
    let all = 0;
    let n = 0;
    for (let k = lo; k < list.length && this.commits[list[k]].time <= time + span; k++) {
      const j = list[k];
      if (j === i) continue;
      const w = 1 / (1 + Math.abs(this.commits[j].time - time) / 86400);
      all += w;
      n++;
      for (const g of this.labels.get(j) ?? []) {
        if (hide?.has(g)) continue;
        const p = per.get(g) ?? { w: 0, n: 0 };
        p.w += w;
        p.n++;
        per.set(g, p);
      }
    }
    return n ? { per, all, n } : null;
  }

  /**
   * How much an author's days tell: on the author's own linked commits, how often the goal their same days point to
   * is right, beyond always guessing their usual goal. An author who makes most of the commits says nothing.
   */
  private informative(email: string, list: readonly number[]): number {
    if (this.n < 30) return 1; // too little history to judge; the signal stays weak on its own
    const share = list.length / this.n;
    const spread = Math.max(0, 1 - 2 * share);
    if (spread === 0) return 0;
    const linked = list.filter((j) => this.labels.has(j));
    if (linked.length < 4) return 0.5 * spread;
    const usual = new Map<string, number>();
    for (const j of linked) for (const g of this.labels.get(j) ?? []) usual.set(g, (usual.get(g) ?? 0) + 1);
    const base = Math.max(...usual.values()) / linked.length;
    const step = Math.max(1, Math.floor(linked.length / 100));
    let tries = 0;
    let right = 0;
    for (let k = 0; k < linked.length; k += step) {
      const j = linked[k];
      tries++;
      const w = this.authorWindow(email, j, this.commits[j].time);
      if (!w) continue;
      let top: string | undefined;
      let topW = 0;
      for (const [g, p] of w.per) if (p.w > topW) [top, topW] = [g, p.w];
      if (top && (this.labels.get(j) ?? []).includes(top)) right++;
    }
    const acc = right / tries;
    return base >= 1 ? 0 : spread * Math.min(1, Math.max(0, (acc - base) / (1 - base)));
  }

  /** An issue key of a project whose other keys a goal lists, or whose other commits serve a goal. */
  key(a: Ask): Votes {
    const votes: Votes = new Map();
    const seen = new Set<string>();
    const { i, c } = a;
    for (const key of c.issueKeys) {
      if (this.keys.match([key]).length) continue; // a matched key is a link, not a suggestion
      const project = projectOf(key);
      if (!project || seen.has(project)) continue;
      seen.add(project);
      // A project whose keys several goals list tells them apart no more than chance.
      const listing = (this.keyProjects.get(project) ?? []).filter((x) => !a.hide?.has(x.goalId));
      const listers = new Set(listing.map((x) => x.goalId)).size;
      for (const { goalId, pattern } of listing) {
        if (!votes.has(goalId)) votes.set(goalId, { score: 0.8 / listers, evidence: `issue ${key} is in project ${project}, whose key ${pattern} it lists` });
      }
      // The project's commits, the asked one left out.
      const p = this.projectGoals.get(project);
      const self = i >= 0 && projectsOf(c).includes(project) && this.pos.get(c.sha) === i;
      const mine = self ? (this.labels.get(i) ?? []) : [];
      const n = (p?.n ?? 0) - (self ? 1 : 0);
      if (n <= 0) continue;
      for (const [g, k0] of p?.per ?? []) {
        const k = k0 - (mine.includes(g) ? 1 : 0);
        if (k <= 0 || a.hide?.has(g)) continue;
        const score = (k / n) * (k / (k + 1));
        const v = votes.get(g);
        if (v) v.score = Math.min(1, v.score + score / 2);
        else votes.set(g, { score, evidence: `${k} of ${n} other commit${n === 1 ? '' : 's'} with ${project} keys ${k === 1 ? 'serves' : 'serve'} it` });
      }
    }
    return votes;
  }

  /** Rare words it shares with a goal's title and with the subjects of the goal's commits, weighed by rarity. */
  words(a: Ask): Votes {
    const votes: Votes = new Map();
    const words = wordsOf(a.c.subject).filter((w) => !this.commonWord(w));
    if (!words.length) return votes;
    const self = a.i >= 0 && this.pos.get(a.c.sha) === a.i && !isMerge(a.c);
    const own = self ? (this.labels.get(a.i) ?? []) : [];
    const per = new Map<string, number>();
    const shared = new Map<string, { w: string; s: number }[]>();
    let weightSum = 0;
    for (const w of words) {
      const goals = new Map(this.wordGoals.get(w) ?? []);
      let total = (this.wordDf.get(w) ?? 0) - (self ? 1 : 0); // leave the asked commit's own subject out
      for (const g of own) goals.set(g, (goals.get(g) ?? 0) - 1);
      for (const [g, t] of this.titleWords) {
        if (t.has(w)) {
          goals.set(g, (goals.get(g) ?? 0) + 2);
          total += 2;
        }
      }
      if (total <= 0) continue;
      const idf = this.idf(total);
      weightSum += idf;
      for (const [g, k] of goals) {
        if (k <= 0 || a.hide?.has(g)) continue;
        const s = (idf * k) / (total + 0.5);
        per.set(g, (per.get(g) ?? 0) + s);
        const list = shared.get(g) ?? [];
        list.push({ w, s });
        shared.set(g, list);
      }
    }
    if (weightSum === 0) return votes;
    for (const [g, s] of per) {
      const list = (shared.get(g) ?? []).sort((x, y) => y.s - x.s).slice(0, 3).map((x) => x.w);
      const inTitle = list.filter((w) => this.titleWords.get(g)?.has(w));
      const where = inTitle.length ? 'its title and subjects of its commits' : 'subjects of its commits';
      votes.set(g, { score: s / weightSum, evidence: `shares ${list.map((w) => `'${w}'`).join(', ')} with ${where}` });
    }
    return votes;
  }

  /** The changed files of a commit of the index, as read. */
  filesOf(sha: string): readonly string[] {
    return this.files.get(sha) ?? [];
  }
}

function decay(t: number, at: number): number {
  return Math.pow(0.5, Math.abs(at - t) / (HALF_LIFE_DAYS * 86400));
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
