// The project part of issue keys, which the key signal learns from: "SHOP" of "SHOP-141". Pure.
import type { CommitRecord } from '../types';

/** "SHOP" of "SHOP-141" or of the pattern "SHOP-1*"; null when there is no project part. */
export function projectOf(key: string): string | null {
  const dash = key.indexOf('-');
  return dash > 0 ? key.slice(0, dash).toUpperCase() : null;
}

/** The distinct projects of a commit's issue keys, in order of first mention. */
export function projectsOf(c: CommitRecord): string[] {
  const out: string[] = [];
  for (const key of c.issueKeys) {
    const p = projectOf(key);
    if (p && !out.includes(p)) out.push(p);
  }
  return out;
}
