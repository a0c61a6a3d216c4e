// The evaluation of the suggestions, on the history itself. Pure and deterministic.
// - Closed (leave one commit out): each linked commit is asked as if untagged; its hidden goals are the answer.
// - Open set (leave one goal out): each linked commit is asked again with its goals held out whole, as if they
//   were not in goals.yaml yet; the right answer is "none of the remaining goals", so any suggestion is wrong.
//   This is the question real histories ask: most untagged work serves none of the goals.
// - Coverage: how many untagged commits get a suggestion at all, and at the "one step" threshold.
// Confidence is calibrated by two-fold cross-fitting (fitted on one half of the commits, measured on the other),
// so the figures are never measured on what they were fitted on.
import { isMerge, type GoalIndex } from '../index/goalIndex';
import { fitCalibration, type Trial } from './calibration';
import { FLOOR, HIGH_CONFIDENCE, OPEN_WEIGHT, Suggester, calibrationSample, type SuggestOptions } from './suggest';

export interface ThresholdRow {
  threshold: number;
  /** Linked commits whose first suggestion reaches the threshold. */
  covered: number;
  /** Of those, how many have the hidden goal first. */
  correct: number;
  /** correct / covered, or null when nothing is covered. */
  precision: number | null;
  /** Commits of a held-out goal that still get a first suggestion at the threshold (always wrong). */
  openSuggested: number;
  /** openSuggested over the commits asked. */
  openRate: number;
}

export interface ReliabilityRow {
  /** Confidence from (inclusive) and to (exclusive). */
  from: number;
  to: number;
  /** First suggestions in the band, closed and open trials together. */
  n: number;
  meanConfidence: number | null;
  /** Share of them right (an open trial is never right). */
  rightRate: number | null;
}

export interface Evaluation {
  /** Linked non-merge commits asked for. */
  evaluated: number;
  /** Linked non-merge commits in the history (more than `evaluated` when sampled, or when some have no changed files read). */
  linked: number;
  /** First suggestion (before the floor) is one of the hidden goals. */
  top1: number;
  /** One of the hidden goals is among the three. */
  top3: number;
  /** First suggestion shown (at FLOOR or above) and right. */
  shownRight: number;
  /** No suggestion at all. */
  none: number;
  top1Rate: number;
  top3Rate: number;
  shownRightRate: number;
  thresholds: ThresholdRow[];
  /** The lowest threshold whose precision is at least 95% over at least 5 commits; null when none is. */
  highPrecisionThreshold: number | null;
  /** Precision and coverage at HIGH_CONFIDENCE, the threshold reports use. */
  atHighConfidence: ThresholdRow;
  /** Open set: commits of held-out goals with any suggestion shown, and with one at 0.5 or more. */
  open: { asked: number; shown: number; atHalf: number; shownRate: number; atHalfRate: number };
  /** Calibrated confidence against how often it is right, closed and open trials together. */
  reliability: ReliabilityRow[];
  /** Untagged commits (those whose changed files were read, evenly sampled) with a suggestion shown, and at HIGH_CONFIDENCE. */
  coverage: { asked: number; untagged: number; shown: number; oneStep: number; shownRate: number; oneStepRate: number };
  floor: number;
}

export interface EvaluateOptions extends SuggestOptions {
  /** Ask for at most this many commits, evenly spread over the history (default 2000). */
  maxCommits?: number;
}

const STEPS = [0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95];
const BANDS = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01];

export function evaluateSuggestions(index: GoalIndex, files: ReadonlyMap<string, readonly string[]>, options: EvaluateOptions = {}): Evaluation {
  const suggester = new Suggester(index, files, { ...options, calibration: null });
  const linked = index.commits.filter((c) => !isMerge(c) && (index.links.get(c.sha)?.length ?? 0) > 0);
  const max = Math.max(1, options.maxCommits ?? 2000);
  // Commits serving only goals that are never suggested (achieved, dropped) have no answer to find.
  const asked = calibrationSample(suggester, max).filter((c) => (index.links.get(c.sha) ?? []).some((l) => { const g = index.goals.get(l.goalId); return !!g && g.status !== 'achieved' && g.status !== 'dropped'; }));
  const raw = asked.map((c) => {
    const hidden = new Set((index.links.get(c.sha) ?? []).map((l) => l.goalId));
    return { hidden, closed: suggester.raw(c.sha), open: suggester.raw(c.sha, hidden) };
  });
  // Two folds: each half is calibrated by the other half's trials.
  const trials = (k: number): Trial[] =>
    raw.flatMap((r, j) => (j % 2 === k ? [] : [
      { raw: r.closed[0]?.raw ?? 0, right: !!r.closed[0] && r.hidden.has(r.closed[0].goalId), weight: 1 },
      { raw: r.open[0]?.raw ?? 0, right: false, weight: OPEN_WEIGHT },
    ]));
  const cal = [fitCalibration(trials(0)), fitCalibration(trials(1))];
  const results = raw.map((r, j) => {
    const closed = suggester.shown(r.closed, cal[j % 2]);
    const open = suggester.shown(r.open, cal[j % 2]);
    return {
      firstRight: r.closed.length > 0 && r.hidden.has(r.closed[0].goalId),
      anyRight: r.closed.some((x) => r.hidden.has(x.goalId)),
      shownRight: closed.length > 0 && r.hidden.has(closed[0].goalId),
      confidence: closed[0]?.confidence ?? 0,
      openConfidence: open[0]?.confidence ?? 0,
    };
  });
  const n = results.length;
  const row = (threshold: number): ThresholdRow => {
    const over = results.filter((r) => r.confidence > 0 && r.confidence >= threshold);
    const correct = over.filter((r) => r.shownRight).length;
    const openSuggested = results.filter((r) => r.openConfidence > 0 && r.openConfidence >= threshold).length;
    return { threshold, covered: over.length, correct, precision: over.length ? correct / over.length : null, openSuggested, openRate: n ? openSuggested / n : 0 };
  };
  const thresholds = STEPS.map(row);
  const high = thresholds.find((t) => t.covered >= 5 && t.precision !== null && t.precision >= 0.95);
  const reliability = BANDS.slice(0, -1).map((from, k) => {
    const to = BANDS[k + 1];
    const inBand = [
      ...results.filter((r) => r.confidence >= from && r.confidence < to).map((r) => ({ c: r.confidence, right: r.shownRight, w: 1 })),
      ...results.filter((r) => r.openConfidence >= from && r.openConfidence < to).map((r) => ({ c: r.openConfidence, right: false, w: OPEN_WEIGHT })),
    ];
    const w = inBand.reduce((s, x) => s + x.w, 0);
    return {
      from,
      to: Math.min(1, to),
      n: inBand.length,
      meanConfidence: w ? inBand.reduce((s, x) => s + x.c * x.w, 0) / w : null,
      rightRate: w ? inBand.reduce((s, x) => s + (x.right ? x.w : 0), 0) / w : null,
    };
  });
  const counts = {
    top1: results.filter((r) => r.firstRight).length,
    top3: results.filter((r) => r.anyRight).length,
    shownRight: results.filter((r) => r.shownRight).length,
    none: results.filter((r) => r.confidence === 0).length,
  };
  const openShown = results.filter((r) => r.openConfidence > 0).length;
  const openHalf = results.filter((r) => r.openConfidence >= 0.5).length;
  return {
    evaluated: n,
    linked: linked.length,
    ...counts,
    top1Rate: n ? counts.top1 / n : 0,
    top3Rate: n ? counts.top3 / n : 0,
    shownRightRate: n ? counts.shownRight / n : 0,
    thresholds,
    highPrecisionThreshold: high ? high.threshold : null,
    atHighConfidence: row(HIGH_CONFIDENCE),
    open: { asked: n, shown: openShown, atHalf: openHalf, shownRate: n ? openShown / n : 0, atHalfRate: n ? openHalf / n : 0 },
    reliability,
    coverage: coverage(index, files, options, max),
    floor: FLOOR,
  };
}

/** Untagged commits with a suggestion, by the suggester users get (calibrated on the whole history). */
function coverage(index: GoalIndex, files: ReadonlyMap<string, readonly string[]>, options: SuggestOptions, max: number): Evaluation['coverage'] {
  const known = files.size > 0 ? index.untagged.filter((c) => files.has(c.sha)) : index.untagged;
  const asked = known.length <= max ? known : Array.from({ length: max }, (_, k) => known[Math.floor((k * known.length) / max)]);
  const s = new Suggester(index, files, options);
  let shown = 0;
  let oneStep = 0;
  for (const c of asked) {
    const first = s.suggest(c.sha).suggestions.at(0);
    if (first) shown++;
    if (first && first.confidence >= HIGH_CONFIDENCE) oneStep++;
  }
  const n = asked.length;
  return { asked: n, untagged: index.untagged.length, shown, oneStep, shownRate: n ? shown / n : 0, oneStepRate: n ? oneStep / n : 0 };
}

/** The evaluation as text, for the command line and the benchmark. */
export function evaluationToText(e: Evaluation): string {
  const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
  const lines = [
    `leave-one-out over ${e.evaluated} linked commit${e.evaluated === 1 ? '' : 's'}${e.evaluated < e.linked ? ` (of ${e.linked})` : ''}:`,
    `  first suggestion right: ${e.top1} (${pct(e.top1Rate)})`,
    `  among the three:        ${e.top3} (${pct(e.top3Rate)})`,
    `  shown and right:        ${e.shownRight} (${pct(e.shownRightRate)}; nothing is shown under ${e.floor})`,
    `  no suggestion shown:    ${e.none}`,
    `open set, each goal held out whole (the right answer is "none of these goals"):`,
    `  still get a suggestion: ${e.open.shown} (${pct(e.open.shownRate)}), at 0.5 or more: ${e.open.atHalf} (${pct(e.open.atHalfRate)})`,
    '  confidence >=  commits  precision  held-out goal commits suggested',
    ...e.thresholds.map((t) => `  ${t.threshold.toFixed(2).padStart(12)}  ${String(t.covered).padStart(7)}  ${pct(t.precision).padStart(9)}  ${String(t.openSuggested).padStart(6)} (${pct(t.openRate)})`),
    e.highPrecisionThreshold === null
      ? '  no threshold reaches 95% precision'
      : `  precision >= 95% from confidence ${e.highPrecisionThreshold.toFixed(2)}`,
    `  at ${HIGH_CONFIDENCE.toFixed(2)} (the "one step" threshold of reports): ${e.atHighConfidence.covered} commits, precision ${pct(e.atHighConfidence.precision)}`,
    'calibration (closed and open together): confidence band, first suggestions, mean confidence, right',
    ...e.reliability.filter((r) => r.n > 0).map((r) => `  ${r.from.toFixed(1)}-${r.to.toFixed(1)}  ${String(r.n).padStart(6)}  ${pct(r.meanConfidence).padStart(6)}  ${pct(r.rightRate).padStart(6)}`),
    `coverage: of ${e.coverage.asked} untagged commit${e.coverage.asked === 1 ? '' : 's'}${e.coverage.asked < e.coverage.untagged ? ` (of ${e.coverage.untagged})` : ''}, ${e.coverage.shown} (${pct(e.coverage.shownRate)}) get a suggestion, ${e.coverage.oneStep} (${pct(e.coverage.oneStepRate)}) at ${HIGH_CONFIDENCE.toFixed(2)}`,
  ];
  return lines.join('\n') + '\n';
}
