// Suggested goals for untagged commits, each with a confidence (a probability fitted on the history) and the
// evidence behind it in words. Pure and deterministic: built from the GoalIndex and the files each commit changed
// (read by src/git), plain data, so the build can run anywhere (a worker thread included).
// A suggestion is never a link: nothing here changes a figure until a person accepts it (a note).
//
// evidence.ts reads the history signal by signal, scoring.ts adds the signals up, calibration.ts makes the sum a
// probability, evaluate.ts measures all of it. Signals use only evidence an untagged commit can have: a key that
// a goal's `keys` match, or a branch a goal claims, would have linked the commit already, so neither counts.
import { isMerge, type GoalIndex } from '../index/goalIndex';
import type { CommitRecord, Goal } from '../types';
import { calibrate, fitCalibration, type Calibration, type Trial } from './calibration';
import { EvidenceTables, type Ask, type SignalKind } from './evidence';
import { Scorer, suggestible, type RawSuggestion } from './scoring';

export { SIGNAL_KINDS, type SignalKind } from './evidence';

export interface Evidence {
  signal: SignalKind;
  /** Shown to the user: "changes src/checkout/cart.ts, in its paths (src/checkout/**)". */
  text: string;
}

export interface GoalSuggestion {
  goalId: string;
  /** In [FLOOR, 1]: how often a suggestion this sure is right on this history; see HIGH_CONFIDENCE. */
  confidence: number;
  /** Strongest first. */
  evidence: Evidence[];
}

export interface CommitSuggestions {
  sha: string;
  /** At most three, best first. Empty when nothing points anywhere with at least FLOOR confidence. */
  suggestions: GoalSuggestion[];
}

/**
 * Confidence at or above which a first suggestion is taken to be right ("can be tagged in one step"). Confidence
 * is calibrated on the history, so first suggestions this sure are right about this often or more; the
 * evaluation (`goal-lens suggest --evaluate`, bench/suggest.js) reports the precision reached there.
 */
export const HIGH_CONFIDENCE = 0.8;

/** Below this confidence nothing is shown: a guess is worse than "no suggestion". */
export const FLOOR = 0.2;

/** Linked commits learnt from: the newest this many commits of the history (the changed-files pass reads as many). */
export const LEARN_FROM = 20_000;

/** Linked commits asked (twice: closed and open) to fit the calibration when a suggester is built. */
const CALIBRATION_SAMPLE = 400;

/** Open-set trials count this much more than closed ones: on real histories most untagged work serves no goal. */
export const OPEN_WEIGHT = 2;

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
  /** Goals to offer; default every goal of the index that is not achieved or dropped. */
  candidates?: (goal: Goal) => boolean;
  /** Learn from the linked commits among the newest this many (default LEARN_FROM): bounds the cost on any history. */
  learnFrom?: number;
  /** A calibration fitted already (null: raw scores); default: fitted on this history. */
  calibration?: Calibration | null;
}

/** Suggests goals for commits of one index. Build once per index and files map; ask for many commits. */
export class Suggester {
  readonly tables: EvidenceTables;
  private readonly scorer: Scorer;
  readonly calibration: Calibration | null;

  constructor(
    readonly index: GoalIndex,
    readonly files: ReadonlyMap<string, readonly string[]>,
    options: SuggestOptions = {},
  ) {
    this.tables = new EvidenceTables(index, files, { learnFrom: options.learnFrom ?? LEARN_FROM });
    const goals = [...index.goals.values()];
    const candidates = new Set(goals.filter((g) => suggestible(g) && (options.candidates?.(g) ?? true)).map((g) => g.id));
    this.scorer = new Scorer(this.tables, candidates);
    this.calibration = options.calibration !== undefined ? options.calibration : fitCalibration(trialsOf(this, calibrationSample(this, CALIBRATION_SAMPLE)));
  }

  /** Up to three goals for a commit, best first, at FLOOR or above. The commit's own links are never looked at. */
  suggest(sha: string): CommitSuggestions {
    return { sha, suggestions: this.shown(this.raw(sha)) };
  }

  /** The ranking before calibration and floor; `hide` leaves goals out entirely (the open-set evaluation). */
  raw(sha: string, hide?: ReadonlySet<string>): RawSuggestion[] {
    const i = this.tables.pos.get(sha);
    if (i === undefined) return [];
    const c = this.tables.commits[i];
    return this.scorer.rank({ i, c, changed: this.tables.filesOf(sha), group: this.tables.group.get(i), hide });
  }

  /** Raw suggestions as shown: calibrated, those under FLOOR left out. */
  shown(raw: readonly RawSuggestion[], calibration = this.calibration): GoalSuggestion[] {
    return raw
      .map((r) => ({ goalId: r.goalId, confidence: round(r.evidence[0]?.signal === 'upkeep' ? r.raw : calibrate(calibration, r.raw)), evidence: r.evidence }))
      .filter((s) => s.confidence >= FLOOR);
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
    const head = draft.head ? this.tables.pos.get(draft.head) : undefined;
    const a: Ask = { i: -1, c, changed: draft.files, group: head === undefined ? undefined : this.tables.group.get(head) };
    return this.shown(this.scorer.rank(a));
  }
}

/** Linked non-merge commits whose changed files are known, evenly spread over the history, at most `max`. */
export function calibrationSample(s: Suggester, max: number): CommitRecord[] {
  const { index, files } = s;
  const linked = index.commits.filter((c) => !isMerge(c) && (index.links.get(c.sha)?.length ?? 0) > 0 && (files.size === 0 || files.has(c.sha)));
  const n = Math.max(1, max);
  return linked.length <= n ? linked : Array.from({ length: n }, (_, k) => linked[Math.floor((k * linked.length) / n)]);
}

/** Each commit asked twice: with its goals known (closed: right when its goal is first) and hidden (open: never right). */
export function trialsOf(s: Suggester, commits: readonly CommitRecord[]): Trial[] {
  const trials: Trial[] = [];
  for (const c of commits) {
    const goals = new Set((s.index.links.get(c.sha) ?? []).map((l) => l.goalId));
    const closed = s.raw(c.sha).at(0);
    trials.push({ raw: closed?.raw ?? 0, right: !!closed && goals.has(closed.goalId), weight: 1 });
    const open = s.raw(c.sha, goals).at(0);
    trials.push({ raw: open?.raw ?? 0, right: false, weight: OPEN_WEIGHT });
  }
  return trials;
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

function round(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}
