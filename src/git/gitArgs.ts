// Checks on values that reach git's command line: anything git could read as an option, or that cannot be what
// it claims to be, is refused before a process starts (and callers still put it after --end-of-options / `--`).
import { isGoalId, isTrailerKey, splitGoalIds } from '../core/links/linkRules';
import { UnsafeArgumentError } from './errors';

/** Rejects values that git could read as an option, or that cannot be a revision at all. */
export function assertSafeRev(rev: string, what = 'revision'): void {
  if (rev.length === 0 || rev.startsWith('-') || /[\0\n\r]/.test(rev)) throw new UnsafeArgumentError(what, rev);
}

export function assertGoalIds(value: string): void {
  const ids = splitGoalIds([value]);
  if (ids.length === 0 || ids.some((id) => !isGoalId(id))) throw new UnsafeArgumentError('goal id', value);
}

export function assertTrailerKey(key: string): void {
  if (!isTrailerKey(key)) throw new UnsafeArgumentError('trailer key', key);
}
