// Makes a raw score a probability, fitted on the history itself: "0.8" is right about 80% of the time, on linked
// commits asked as if untagged (closed) AND on commits of a goal held out whole (open: the right answer is "none
// of these goals", so any suggestion is wrong). Isotonic regression (pool adjacent violators). Pure; the fitted
// calibration is plain data.

export interface Trial {
  raw: number;
  right: boolean;
  weight: number;
}

/** Raw score -> probability: a step function, `upper[k]` the highest raw score of step k. */
export interface Calibration {
  upper: number[];
  value: number[];
}

/** Fewer closed trials than this: not enough to fit, raw scores are shown as they are. */
export const MIN_TRIALS = 30;

export function fitCalibration(trials: readonly Trial[]): Calibration | null {
  if (trials.filter((t) => t.weight > 0).length < MIN_TRIALS) return null;
  const sorted = [...trials].sort((a, b) => a.raw - b.raw);
  const blocks: { upper: number; w: number; c: number }[] = [];
  for (const t of sorted) {
    blocks.push({ upper: t.raw, w: t.weight, c: t.right ? t.weight : 0 });
    // Pool while a block is less right than the one before it.
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1];
      const p = blocks[blocks.length - 2];
      if (p.c / p.w < b.c / b.w && p.upper < b.upper) break;
      blocks.pop();
      p.w += b.w;
      p.c += b.c;
      p.upper = b.upper;
    }
  }
  // A small step is pulled towards its neighbours' rate, so that a few lucky commits never read as certainty.
  return { upper: blocks.map((b) => b.upper), value: blocks.map((b) => Math.min(0.99, (b.c + 0.5) / (b.w + 1))) };
}

/** The probability of a raw score; the raw score itself when there is no calibration. */
export function calibrate(cal: Calibration | null, raw: number): number {
  if (!cal || cal.upper.length === 0) return raw;
  let lo = 0;
  let hi = cal.upper.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cal.upper[mid] < raw) lo = mid + 1;
    else hi = mid;
  }
  return cal.value[lo];
}
