// Who a commit's author is, for every figure that counts people: one rule, with no dependency on the index (the
// index keeps the daily aggregates, which count people too).
import type { CommitRecord } from '../types';

const emailKeys = new Map<string, string>();
/** People are told apart by email, case-insensitively (few distinct emails: each lower-cased once). */
export function authorKey(c: CommitRecord): string {
  if (!c.email) return c.author;
  let k = emailKeys.get(c.email);
  if (k === undefined) {
    if (emailKeys.size > 100_000) emailKeys.clear();
    emailKeys.set(c.email, (k = c.email.toLowerCase()));
  }
  return k;
}
