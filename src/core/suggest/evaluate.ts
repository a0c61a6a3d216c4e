// Leave-one-out evaluation of the suggestions: each linked commit in turn is asked for as if untagged (the
// Suggester never looks at the asked commit's own links, and leaves the commit out of everything it learns
// from); its hidden goals are the answer. Pure and deterministic.
import { isMerge, type GoalIndex } from '../index/goalIndex';
import { HIGH_CONFIDENCE, Suggester, type SuggestOptions } from './suggest';

export interface ThresholdRow {
  threshold: number;
  /** Commits whose first suggestion reaches the threshold. */
  covered: number;
  /** Of those, how many have the hidden goal first. */
  correct: number;
  /** correct / covered, or null when nothing is covered. */
  precision: number | null;
}

export interface Evaluation {
  /** Linked non-merge commits asked for. */
  evaluated: number;
  /** Linked non-merge commits in the history (more than `evaluated` when sampled, or when some have no changed files read). */
  linked: number;
  /** First suggestion is one of the hidden goals. */
  top1: number;
  /** One of the hidden goals is among the three. */
  top3: number;
  /** No suggestion at all. */
  none: number;
  top1Rate: number;
  top3Rate: number;
  thresholds: ThresholdRow[];
  /** The lowest threshold whose precision is at least 95% over at least 5 commits; null when none is. */
  highPrecisionThreshold: number | null;
  /** Precision and coverage at HIGH_CONFIDENCE, the threshold reports use. */
  atHighConfidence: ThresholdRow;
}

export interface EvaluateOptions extends SuggestOptions {
  /** Ask for at most this many commits, evenly spread over the history (default 2000). */
  maxCommits?: number;
}

const STEPS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

export function evaluateSuggestions(index: GoalIndex, files: ReadonlyMap<string, readonly string[]>, options: EvaluateOptions = {}): Evaluation {
  const suggester = new Suggester(index, files, options);
  const linked = index.commits.filter((c) => !isMerge(c) && (index.links.get(c.sha)?.length ?? 0) > 0);
  // When only part of the history's changed files were read, ask only for commits whose files are known.
  const known = files.size > 0 ? linked.filter((c) => files.has(c.sha)) : linked;
  const max = Math.max(1, options.maxCommits ?? 2000);
  const asked = known.length <= max ? known : Array.from({ length: max }, (_, k) => known[Math.floor((k * known.length) / max)]);
  const results: { firstRight: boolean; confidence: number }[] = [];
  let top1 = 0;
  let top3 = 0;
  let none = 0;
  for (const c of asked) {
    const hidden = new Set((index.links.get(c.sha) ?? []).map((l) => l.goalId));
    const s = suggester.suggest(c.sha).suggestions;
    if (s.length === 0) none++;
    const firstRight = s.length > 0 && hidden.has(s[0].goalId);
    if (firstRight) top1++;
    if (s.some((x) => hidden.has(x.goalId))) top3++;
    results.push({ firstRight, confidence: s[0]?.confidence ?? 0 });
  }
  const row = (threshold: number): ThresholdRow => {
    const over = results.filter((r) => r.confidence > 0 && r.confidence >= threshold);
    const correct = over.filter((r) => r.firstRight).length;
    return { threshold, covered: over.length, correct, precision: over.length ? correct / over.length : null };
  };
  const thresholds = STEPS.map(row);
  const high = thresholds.find((t) => t.covered >= 5 && t.precision !== null && t.precision >= 0.95);
  const n = asked.length;
  return {
    evaluated: n,
    linked: linked.length,
    top1,
    top3,
    none,
    top1Rate: n ? top1 / n : 0,
    top3Rate: n ? top3 / n : 0,
    thresholds,
    highPrecisionThreshold: high ? high.threshold : null,
    atHighConfidence: row(HIGH_CONFIDENCE),
  };
}

/** The evaluation as text, for the command line and the benchmark. */
export function evaluationToText(e: Evaluation): string {
  const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
  const lines = [
    `leave-one-out over ${e.evaluated} linked commit${e.evaluated === 1 ? '' : 's'}${e.evaluated < e.linked ? ` (of ${e.linked})` : ''}:`,
    `  first suggestion right: ${e.top1} (${pct(e.top1Rate)})`,
    `  among the three:        ${e.top3} (${pct(e.top3Rate)})`,
    `  no suggestion:          ${e.none}`,
    '  confidence >=  commits  precision',
    ...e.thresholds.map((t) => `  ${t.threshold.toFixed(2).padStart(12)}  ${String(t.covered).padStart(7)}  ${pct(t.precision).padStart(9)}`),
    e.highPrecisionThreshold === null
      ? '  no threshold reaches 95% precision'
      : `  precision >= 95% from confidence ${e.highPrecisionThreshold.toFixed(2)}`,
    `  at ${HIGH_CONFIDENCE.toFixed(2)} (the "one step" threshold of reports): ${e.atHighConfidence.covered} commits, precision ${pct(e.atHighConfidence.precision)}`,
  ];
  return lines.join('\n') + '\n';
}
