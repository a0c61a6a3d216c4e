// Outcome values as a lead reads them: "2.40 EUR", "3.6%" (issue 27 item 17). One home for every view (dashboard,
// digest, tooltip, HTML report): the value at the measurement's precision, then its unit after a space.
import type { Outcome } from '../types';

/** Units written against the number, as people write them; every other unit comes after a space. */
const TIGHT_UNITS = new Set(['%', '‰', '°', '‱']);

/** Decimals a number is written with (2.25 -> 2, 4 -> 0, 1e-7 -> 7), capped at 6. */
function decimalsOf(n: number): number {
  if (!Number.isFinite(n) || Number.isInteger(n)) return 0;
  for (let d = 1; d <= 6; d++) if (Math.abs(Math.round(n * 10 ** d) - n * 10 ** d) < 1e-9 * 10 ** d) return d;
  return 6;
}

/** The precision of an outcome: the most decimals among its baseline, target and measurements (2.4 beside 2.25 reads 2.40). */
export function outcomePrecision(o: Pick<Outcome, 'baseline' | 'target' | 'measurements'>): number {
  let d = 0;
  for (const v of [o.baseline, o.target, ...o.measurements.map((m) => m.value)]) if (typeof v === 'number') d = Math.max(d, decimalsOf(v));
  return d;
}

/** "2.40 EUR", "3.6%", "12 orders"; '-' for no value. `unit` is repository text: callers escape it for their format. */
export function formatMeasure(value: number | null | undefined, unit: string | undefined, precision: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  const text = value.toFixed(Math.max(0, Math.min(6, precision)));
  const u = (unit ?? '').trim();
  if (!u) return text;
  return TIGHT_UNITS.has(u) ? `${text}${u}` : `${text} ${u}`;
}

/** A value of this outcome, at its precision, with its unit. */
export function measureOf(o: Pick<Outcome, 'baseline' | 'target' | 'measurements' | 'unit'>, value: number | null | undefined): string {
  return formatMeasure(value, o.unit, outcomePrecision(o));
}
