// The commit-message trailer. Pure: no vscode, so it is unit-tested on plain data. (The per-goal figures of every
// view are in src/core/figures/figures.ts; goal suggestions in src/core/suggest.)
import { isTrailerLine, parseNoteGoals } from '../../core/links/linkRules';

/**
 * Adds `<key>: <goalId>` to a commit message as a git trailer: into the trailer block when the message ends
 * with one (a last paragraph of `Token: value` lines after the subject), else as a new paragraph. An empty
 * message gets an empty subject line first. Unchanged when the goal is already named.
 */
export function addTrailer(message: string, key: string, goalId: string): string {
  if (parseNoteGoals(message, key).includes(goalId)) return message;
  const trailer = `${key}: ${goalId}`;
  const body = message.replace(/\s+$/, '');
  if (body.trim().length === 0) return `\n\n${trailer}`;
  const paragraphs = body.split(/\n\s*\n/);
  const last = paragraphs[paragraphs.length - 1].split('\n');
  const isTrailerBlock = paragraphs.length > 1 && last.every((l) => isTrailerLine(l) || /^\s+\S/.test(l));
  return isTrailerBlock ? `${body}\n${trailer}` : `${body}\n\n${trailer}`;
}
