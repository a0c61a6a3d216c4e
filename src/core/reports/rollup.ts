// The roll-up (issue 18): several repositories' reports added up for a window, each commit counted once even when
// repositories share history. Pure: reports in (from `report --format json` or built from repository folders), a
// RollUp out.
//
// Commits are told apart by the first 64 bits of their sha (16 hex digits): among ten million commits the chance
// that two differ only after those is about 1 in 300,000. The `commitIndex` a JSON report carries is compact for the
// same reason: 1,000 reports of 10,000 commits each must roll up in seconds and well under 1 GiB.
import type { SayDo } from '../types';
import { SHA_KEY_LENGTH, type CommitIndex } from './commitIndex';
import type { Report } from './report';
import type { EffortSummary } from './reportEffort';
import { EffortRollup } from './rollupEffort';
import { round } from '../figures/effort';
import { FlowRollup, type RollupGoalFlow } from './rollupFlow';

// ---------------------------------------------------------------------------------------------- the roll-up

export interface RollupRepo {
  name: string;
  path: string;
  head: string | null;
  commits: number;
  linked: number;
  untagged: number;
  /** untagged / commits (0 without commits). */
  untaggedShare: number;
  /** This repository's people-time in the window (its own report's; the roll-up's totals count each person-day once). */
  effort: { personDays: number; fte: number };
}

export interface RollupGoal {
  id: string;
  title: string;
  parent: string | null;
  status: string;
  /** Distinct commits linked to the goal, across repositories. */
  commits: number;
  /** With the goal's sub-goals, each commit once. */
  totalCommits: number;
  authors: number;
  lastCommitAt: string | null;
  share: number;
  sayDo: SayDo;
  /** Commits linked to the goal in each repository (a commit two repositories share counts in both). */
  byRepo: Record<string, number>;
  /** The same with the goal's sub-goals, each commit once per repository. */
  byRepoTotal: Record<string, number>;
  /** Deliveries, lead time and open branches across repositories, and per repository; when the reports carry flow. */
  flow?: RollupGoalFlow;
  /** People-time across repositories, each person-day once (docs/effort.md). */
  effort: { personDays: number; fte: number };
  /** The same with the goal's sub-goals (the sum of the family's `effort`): what the Goals view's grouped row shows. */
  totalEffort: { personDays: number; fte: number };
}

export interface RollupProblem {
  repo: string;
  file: string;
  line: number;
  column: number;
  message: string;
  severity: string;
}

export interface RollUp {
  generatedAt: string;
  window: { since: string | null; until: string | null };
  repos: RollupRepo[];
  totals: { commits: number; linked: number; untagged: number };
  goals: RollupGoal[];
  problems: RollupProblem[];
  effort: EffortSummary;
}

export interface RollupOptions {
  since?: number;
  until?: number;
  now: Date;
}

/** One input: a report (with its commit index), and where it came from for messages. */
export interface RollupInput {
  report: Report;
  /** The folder or file it was read from. */
  source: string;
}

/**
 * Adds reports up one at a time, so only one report needs to be in memory: `add` each (then drop it), `finish` once.
 * Memory grows with the distinct commits (about 13 bytes each) and the goals, not with the reports.
 */
export class RollupBuilder {
  private readonly table = new ShaTable();
  private readonly linkedAll = new BitSet();
  private readonly perGoal = new Map<string, GoalAcc>();
  private readonly authorIds = new Map<string, number>();
  private readonly repos: RollupRepo[] = [];
  private readonly problems: RollupProblem[] = [];
  private readonly names = new Set<string>();
  private readonly effort: EffortRollup;
  private readonly flow = new FlowRollup();

  constructor(private readonly options: RollupOptions) {
    this.effort = new EffortRollup(options);
  }

  add(input: RollupInput): void {
    const { report } = input;
    const name = this.uniqueName(repoName(report.repo || input.source));
    const ci = report.commitIndex;
    this.effort.add(report);
    this.flow.add(name, report.goals);
    // An older report (or one from a file) may have no effort: outside data, checked.
    const e = report.effort as Partial<Report['effort']> | undefined;
    const effort = { personDays: typeof e?.personDays === 'number' ? e.personDays : 0, fte: typeof e?.fte === 'number' ? e.fte : 0 };
    for (const p of report.problems) this.problems.push({ repo: name, file: p.file, line: p.line, column: p.column, message: p.message, severity: p.severity });
    for (const g of report.goals) {
      if (this.perGoal.has(g.id)) continue;
      this.perGoal.set(g.id, { id: g.id, title: g.title, parent: g.parent ?? null, status: g.status, sayDo: g.sayDo, commits: new BitSet(), authors: new Set(), last: -1, byRepo: {}, byRepoTotal: {} });
    }
    if (!isCommitIndex(ci)) {
      this.problems.push({ repo: name, file: input.source, line: 1, column: 1, severity: 'error', message: "this report has no commit index, so its commits cannot be counted once; make it again with 'goal-lens report --format json'" });
      this.repos.push({ name, path: report.repo, head: report.head ?? null, commits: 0, linked: 0, untagged: 0, untaggedShare: 0, effort });
      return;
    }
    const { since, until } = this.options;
    const n = ci.times.length;
    // Global position of each commit of this report, or -1 outside the window.
    const global = new Int32Array(n);
    let commits = 0;
    for (let i = 0; i < n; i++) {
      const t = ci.times[i];
      if ((since !== undefined && t < since) || (until !== undefined && t >= until)) {
        global[i] = -1;
        continue;
      }
      global[i] = this.table.add(ci.shas, i * SHA_KEY_LENGTH);
      commits++;
    }
    const authorsHere = ci.authors.map((a) => {
      let id = this.authorIds.get(a);
      if (id === undefined) this.authorIds.set(a, (id = this.authorIds.size));
      return id;
    });
    const goalsHere = ci.goals.map((id) => this.goal(id));
    const linkedHere = new Uint8Array(n);
    const countHere = new Int32Array(goalsHere.length);
    // This report's commits per goal (positions in the report), for the counts with sub-goals.
    const localHere: number[][] = goalsHere.map(() => []);
    // (goal, author) pairs seen in this report: each goal's author set is touched once per pair, not per commit.
    const nAuthors = authorsHere.length;
    const pairSeen = new Uint8Array(goalsHere.length * nAuthors);
    const links = ci.links;
    for (let k = 0; k + 1 < links.length; k += 2) {
      const i = links[k];
      // Positions come from the report file: one out of range is skipped, never read.
      const at = i >= 0 ? global.at(i) : undefined;
      if (at === undefined || at < 0) continue;
      const gi = links[k + 1];
      const g = gi >= 0 ? goalsHere.at(gi) : undefined;
      if (g === undefined) continue;
      linkedHere[i] = 1;
      this.linkedAll.set(at);
      g.commits.set(at);
      const a = ci.author[i];
      const pair = gi * nAuthors + a;
      if (pairSeen[pair] === 0) {
        pairSeen[pair] = 1;
        g.authors.add(authorsHere[a]);
      }
      const t = ci.times[i];
      if (t > g.last) g.last = t;
      countHere[gi]++;
      localHere[gi].push(i);
    }
    let linked = 0;
    for (let i = 0; i < n; i++) if (linkedHere[i] && global[i] >= 0) linked++;
    for (let gi = 0; gi < goalsHere.length; gi++) if (countHere[gi] > 0) goalsHere[gi].byRepo[name] = (goalsHere[gi].byRepo[name] ?? 0) + countHere[gi];
    this.addFamilyCounts(name, goalsHere, localHere);
    this.repos.push({ name, path: report.repo, head: report.head ?? null, commits, linked, untagged: commits - linked, untaggedShare: commits ? (commits - linked) / commits : 0, effort });
  }

  /** Each goal's commits in this repository with its sub-goals', each commit once (issue 27 item 9). */
  private addFamilyCounts(name: string, goalsHere: readonly GoalAcc[], localHere: readonly number[][]): void {
    const here = new Map<string, number[]>();
    goalsHere.forEach((g, gi) => {
      if (localHere[gi].length) here.set(g.id, [...(here.get(g.id) ?? []), ...localHere[gi]]);
    });
    if (here.size === 0) return;
    const children = this.children();
    for (const g of this.perGoal.values()) {
      const seen = new Set<number>();
      const family = new Set<string>([g.id]);
      const stack = [g.id];
      for (let cur = stack.pop(); cur !== undefined; cur = stack.pop()) {
        for (const i of here.get(cur) ?? []) seen.add(i);
        for (const c of children.get(cur) ?? []) {
          if (family.has(c)) continue;
          family.add(c);
          stack.push(c);
        }
      }
      if (seen.size) g.byRepoTotal[name] = (g.byRepoTotal[name] ?? 0) + seen.size;
    }
  }

  private children(): Map<string, string[]> {
    const children = new Map<string, string[]>();
    for (const { id, parent } of this.perGoal.values()) {
      if (parent !== null && this.perGoal.has(parent)) children.set(parent, [...(children.get(parent) ?? []), id]);
    }
    return children;
  }

  /** A problem of the roll-up itself (an input that could not be read), with its repository. */
  addProblem(repo: string, file: string, message: string): void {
    this.problems.push({ repo, file, line: 1, column: 1, severity: 'error', message });
  }

  finish(): RollUp {
    const total = this.table.size;
    const linked = this.linkedAll.count();
    const effort = this.effort.finish();
    // perGoal keeps the order goals were first met in (a Map iterates in insertion order).
    const children = this.children();
    const goals: RollupGoal[] = [...this.perGoal.values()].map((g) => {
      const id = g.id;
      const family = new Set<string>([id]);
      const stack = [id];
      for (let cur = stack.pop(); cur !== undefined; cur = stack.pop()) {
        for (const c of children.get(cur) ?? []) {
          if (family.has(c)) continue;
          family.add(c);
          stack.push(c);
        }
      }
      let totalCommits = g.commits.count();
      const totalEffort = { personDays: 0, fte: 0 };
      for (const f of family) {
        const e = effort.goals.get(f);
        if (!e) continue;
        totalEffort.personDays += e.personDays;
        totalEffort.fte += e.fte;
      }
      if (family.size > 1) {
        const all = new BitSet();
        for (const f of family) {
          const acc = this.perGoal.get(f); // family holds ids of perGoal only
          if (acc) all.or(acc.commits);
        }
        totalCommits = all.count();
      }
      const commits = g.commits.count();
      const flow = this.flow.of(id);
      return {
        id,
        title: g.title,
        parent: g.parent,
        status: g.status,
        commits,
        totalCommits,
        authors: g.authors.size,
        lastCommitAt: g.last >= 0 ? new Date(g.last * 1000).toISOString() : null,
        share: total ? commits / total : 0,
        sayDo: g.sayDo,
        byRepo: g.byRepo,
        byRepoTotal: g.byRepoTotal,
        effort: effort.goals.get(id) ?? { personDays: 0, fte: 0 },
        totalEffort: { personDays: round(totalEffort.personDays), fte: round(totalEffort.fte) },
        ...(flow ? { flow } : {}),
      };
    });
    return {
      generatedAt: this.options.now.toISOString(),
      window: {
        since: this.options.since !== undefined ? new Date(this.options.since * 1000).toISOString() : null,
        until: this.options.until !== undefined ? new Date(this.options.until * 1000).toISOString() : null,
      },
      repos: this.repos,
      totals: { commits: total, linked, untagged: total - linked },
      goals,
      problems: this.problems,
      effort: effort.summary,
    };
  }

  private goal(id: string): GoalAcc {
    let g = this.perGoal.get(id);
    if (!g) {
      // Linked in a report that does not list the goal (an unknown goal of a note): still counted, under its id.
      g = { id, title: id, parent: null, status: 'active', sayDo: { due: 0, keptOnTime: 0, late: 0, missed: 0, ratio: null }, commits: new BitSet(), authors: new Set(), last: -1, byRepo: {}, byRepoTotal: {} };
      this.perGoal.set(id, g);
    }
    return g;
  }

  private uniqueName(base: string): string {
    let name = base || 'repo';
    for (let i = 2; this.names.has(name); i++) name = `${base}-${i}`;
    this.names.add(name);
    return name;
  }
}

/** Rolls up reports held in memory (tests, small runs). */
export function rollUp(inputs: readonly RollupInput[], options: RollupOptions): RollUp {
  const b = new RollupBuilder(options);
  for (const i of inputs) b.add(i);
  return b.finish();
}

interface GoalAcc {
  id: string;
  title: string;
  parent: string | null;
  status: string;
  sayDo: SayDo;
  commits: BitSet;
  authors: Set<number>;
  last: number;
  byRepo: Record<string, number>;
  byRepoTotal: Record<string, number>;
}

function repoName(p: string): string {
  const parts = p.split(/[\\/]+/).filter(Boolean);
  return parts[parts.length - 1] ?? p;
}

function isCommitIndex(ci: unknown): ci is CommitIndex {
  if (!ci || typeof ci !== 'object') return false;
  const c = ci as Partial<CommitIndex>;
  return (
    c.version === 1 &&
    typeof c.shas === 'string' &&
    Array.isArray(c.times) &&
    c.shas.length === c.times.length * SHA_KEY_LENGTH &&
    Array.isArray(c.authors) &&
    Array.isArray(c.author) &&
    c.author.length === c.times.length &&
    Array.isArray(c.goals) &&
    Array.isArray(c.links) &&
    /^[0-9a-f]*$/.test(c.shas)
  );
}

/** A growable bit set over commit positions. */
class BitSet {
  private words = new Uint32Array(64);

  set(i: number): void {
    const w = i >>> 5;
    if (w >= this.words.length) {
      const bigger = new Uint32Array(Math.max(w + 1, this.words.length * 2));
      bigger.set(this.words);
      this.words = bigger;
    }
    this.words[w] |= 1 << (i & 31);
  }

  or(other: BitSet): void {
    if (other.words.length > this.words.length) {
      const bigger = new Uint32Array(other.words.length);
      bigger.set(this.words);
      this.words = bigger;
    }
    for (let i = 0; i < other.words.length; i++) this.words[i] |= other.words[i];
  }

  count(): number {
    let n = 0;
    for (let i = 0; i < this.words.length; i++) {
      let v = this.words[i];
      v = v - ((v >>> 1) & 0x55555555);
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      n += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return n;
  }
}

/** Value of a lower-case hex digit (the commit index is checked to hold only those). */
function hexValue(c: number): number {
  return c <= 57 ? c - 48 : c - 87;
}

/** Open addressing over 64-bit sha keys (two 32-bit halves): position of each distinct key, in insertion order. */
class ShaTable {
  private hi = new Uint32Array(1 << 16);
  private lo = new Uint32Array(1 << 16);
  private pos = new Int32Array(1 << 16).fill(-1);
  size = 0;

  /** The position of the key written at `shas[at .. at+16)`, adding it when new. */
  add(shas: string, at: number): number {
    let h = 0;
    let l = 0;
    for (let k = 0; k < 8; k++) h = ((h << 4) | hexValue(shas.charCodeAt(at + k))) >>> 0;
    for (let k = 8; k < 16; k++) l = ((l << 4) | hexValue(shas.charCodeAt(at + k))) >>> 0;
    if ((this.size + 1) * 4 > this.pos.length * 3) this.grow(); // load under 3/4
    const mask = this.pos.length - 1;
    let slot = (l ^ Math.imul(h, 0x9e3779b1)) & mask;
    for (;;) {
      const p = this.pos[slot];
      if (p < 0) {
        this.hi[slot] = h;
        this.lo[slot] = l;
        this.pos[slot] = this.size;
        return this.size++;
      }
      if (this.hi[slot] === h && this.lo[slot] === l) return p;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const { hi, lo, pos } = this;
    const size = pos.length * 2;
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
    this.pos = new Int32Array(size).fill(-1);
    const mask = size - 1;
    for (let s = 0; s < pos.length; s++) {
      if (pos[s] < 0) continue;
      let slot = (lo[s] ^ Math.imul(hi[s], 0x9e3779b1)) & mask;
      while (this.pos[slot] >= 0) slot = (slot + 1) & mask;
      this.hi[slot] = hi[s];
      this.lo[slot] = lo[s];
      this.pos[slot] = pos[s];
    }
  }
}
