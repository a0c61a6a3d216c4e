// Words of a commit subject or goal title, for the "shares words" signal. Pure.

const STOP = new Set([
  'the', 'and', 'for', 'with', 'from', 'into', 'onto', 'per', 'via', 'when', 'then', 'than', 'that', 'this', 'these',
  'not', 'now', 'all', 'any', 'our', 'its', 'are', 'was', 'were', 'has', 'have', 'had', 'but', 'out', 'off', 'one',
  'add', 'adds', 'added', 'fix', 'fixes', 'fixed', 'update', 'updates', 'updated', 'use', 'uses', 'make', 'makes',
  'more', 'less', 'new', 'old', 'part', 'merge', 'branch', 'pull', 'request', 'wip', 'bump', 'first', 'time',
]);

const ISSUE_KEY = /(?<![A-Za-z0-9_])[A-Za-z][A-Za-z0-9_]*-[0-9]+(?![A-Za-z0-9_])/g;

/** Lower-case words of three letters or more, without stop words, numbers or issue keys; a plural 's' dropped. Unique, in order. */
export function wordsOf(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.replace(ISSUE_KEY, ' ').toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length < 3 || /^\p{N}+$/u.test(raw) || STOP.has(raw)) continue;
    const w = raw.length > 4 && raw.endsWith('ies') ? `${raw.slice(0, -3)}y` : raw.length > 4 && raw.endsWith('s') && !/(ss|us|is)$/.test(raw) ? raw.slice(0, -1) : raw;
    if (!STOP.has(w) && !out.includes(w)) out.push(w);
  }
  return out;
}
