// Adds up the signals of src/core/suggest/evidence.ts into one raw score per goal: each signal weighed, a goal
// that has had no work for a long time weighed less, achieved and dropped goals never offered, and upkeep routed
// to the repository's upkeep goal (or to no suggestion). The raw score is not yet a probability: calibration.ts
// makes it one. Pure.
import type { GoalIndex } from '../index/goalIndex';
import type { Goal } from '../types';
import { SIGNAL_KINDS, type Ask, type EvidenceTables, type SignalKind, type Votes } from './evidence';
import { isUpkeepGoal, upkeepReason } from './upkeep';

/** How much each signal counts when they are added up. Tuned on whole evaluations, never per commit. */
const WEIGHT: Record<SignalKind, number> = { paths: 3, cochange: 2.5, branch: 2.5, author: 1, key: 2, words: 1.5, upkeep: 0 };
/** Evidence for "none of the goals": the larger, the more evidence a high score needs. */
const DOUBT = 1.2;
/** A goal whose nearest work is this many days away weighs half as much as an active one. */
const IDLE_HALF_DAYS = 180;
/** Raw score of an upkeep commit routed to the upkeep goal. */
const UPKEEP_SCORE = 0.9;
/** The raw share at which an outcome goal's evidence outweighs a commit's upkeep look. */
const OUTCOME_OVER_UPKEEP = 0.5;

export interface RawSuggestion {
  goalId: string;
  /** In [0, 1]: the goal's share of all the evidence, "none" included. */
  raw: number;
  evidence: { signal: SignalKind; text: string }[];
}

/** Goals that may be suggested: never an achieved or dropped one. */
export function suggestible(g: Goal): boolean {
  return g.status !== 'achieved' && g.status !== 'dropped';
}

/** Scores the goals for asked commits; one per index. */
export class Scorer {
  /** Times of each goal's linked commits, sorted: how idle a goal was around a commit. */
  private readonly goalTimes = new Map<string, number[]>();
  private readonly order: string[];
  private readonly upkeepGoals: string[];

  constructor(
    private readonly tables: EvidenceTables,
    private readonly candidates: ReadonlySet<string>,
  ) {
    const index: GoalIndex = tables.index;
    this.order = [...index.goals.keys()];
    this.upkeepGoals = [...index.goals.values()].filter((g) => isUpkeepGoal(g) && candidates.has(g.id)).map((g) => g.id);
    for (const [i, goals] of tables.labels) for (const g of goals) push(this.goalTimes, g, tables.commits[i].time);
    for (const list of this.goalTimes.values()) list.sort((a, b) => a - b);
  }

  /** Up to three goals, best first, with their raw scores. */
  rank(a: Ask): RawSuggestion[] {
    const upkeep = upkeepReason(a.c, a.changed);
    if (!upkeep) return this.outcomes(a);
    // Upkeep by its look, unless an outcome goal explains the commit better (a bump made for a goal's branch): a
    // bot's work is upkeep whatever the rest says.
    const outcomes = upkeep.startsWith('made by') ? [] : this.outcomes(a).filter((s) => !this.upkeepGoals.includes(s.goalId));
    if (outcomes.length > 0 && outcomes[0].raw >= OUTCOME_OVER_UPKEEP) {
      return outcomes.map((s, i) => (i === 0 ? { ...s, evidence: [...s.evidence, { signal: 'upkeep' as const, text: `looks like upkeep (${upkeep}), but this goal explains it better` }] } : s));
    }
    const goal = this.upkeepGoals.find((g) => !a.hide?.has(g));
    const why = outcomes.length > 0 ? `upkeep: ${upkeep}; no outcome goal explains it better` : `upkeep: ${upkeep}`;
    return goal ? [{ goalId: goal, raw: UPKEEP_SCORE, evidence: [{ signal: 'upkeep', text: why }] }] : [];
  }

  /** Up to three goals by the evidence of their past work, best first. */
  private outcomes(a: Ask): RawSuggestion[] {
    const t = this.tables;
    const signals: [SignalKind, Votes][] = [
      ['paths', t.paths(a)],
      ['cochange', t.cochange(a)],
      ['branch', t.branch(a)],
      ['author', t.author(a)],
      ['key', t.key(a)],
      ['words', t.words(a)],
    ];
    const total = new Map<string, { score: number; evidence: { signal: SignalKind; text: string; score: number }[] }>();
    for (const [signal, votes] of signals) {
      for (const [goalId, v] of votes) {
        if (!this.candidates.has(goalId) || v.score <= 0) continue;
        const g = total.get(goalId) ?? { score: 0, evidence: [] };
        const s = WEIGHT[signal] * Math.min(1, v.score);
        g.score += s;
        g.evidence.push({ signal, text: v.evidence, score: s });
        total.set(goalId, g);
      }
    }
    let sum = 0;
    for (const [goalId, g] of total) {
      g.score *= this.activity(goalId, a);
      sum += g.score;
    }
    return [...total.entries()]
      .sort((x, y) => y[1].score - x[1].score || this.order.indexOf(x[0]) - this.order.indexOf(y[0]))
      .slice(0, 3)
      .map(([goalId, g]) => ({
        goalId,
        raw: Math.min(1, g.score / (sum + DOUBT)),
        evidence: g.evidence.sort((x, y) => y.score - x.score || SIGNAL_KINDS.indexOf(x.signal) - SIGNAL_KINDS.indexOf(y.signal)).map(({ signal, text }) => ({ signal, text })),
      }));
  }

  /** 1 for a goal with work near the commit's time (or no work yet), less the longer its nearest work is away. */
  private activity(goalId: string, a: Ask): number {
    const times = this.goalTimes.get(goalId);
    if (!times?.length) return 1;
    const own = a.i >= 0 && (this.tables.labels.get(a.i) ?? []).includes(goalId);
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid] < a.c.time) lo = mid + 1;
      else hi = mid;
    }
    let gap = Infinity;
    let skipped = !own;
    // The nearest other work on either side; the asked commit's own time is left out once.
    for (let k = Math.max(0, lo - 2); k < Math.min(times.length, lo + 3); k++) {
      if (!skipped && times[k] === a.c.time) {
        skipped = true;
        continue;
      }
      gap = Math.min(gap, Math.abs(times[k] - a.c.time));
    }
    if (gap === Infinity) return own ? 1 : 1;
    return 1 / (1 + gap / 86400 / IDLE_HALF_DAYS);
  }
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
