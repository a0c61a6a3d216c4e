// Goal notes under refs/notes/goals: reading them all (two processes), and adding a goal to one commit's note with
// compare-and-swap on the notes ref. Commits themselves are never touched.
import { randomBytes } from 'crypto';
import { isTrailerLine, parseNoteGoals, splitGoalIds } from '../core/links/linkRules';
import { GitCommandError, GitError } from './errors';
import type { GitRunner } from './exec';

export const NOTES_REF = 'refs/notes/goals';

/** True when the note (or message) already names the goal in a `<key>:` line, read as the index reads notes. */
export function noteHasGoal(text: string, key: string, goalId: string): boolean {
  return parseNoteGoals(text, key).includes(goalId);
}

/** Appends `<key>: <id>` to a note, keeping everything it says; a trailer block stays one paragraph. */
export function appendGoalTrailer(existing: string, key: string, goalId: string): string {
  const trailer = `${key}: ${goalId}\n`;
  const text = existing.replace(/\s+$/, '');
  if (text.length === 0) return trailer;
  const lastLine = text.slice(text.lastIndexOf('\n') + 1);
  const lastIsTrailer = isTrailerLine(lastLine);
  return `${text}\n${lastIsTrailer ? '' : '\n'}${trailer}`;
}

export async function readNotesTip(git: GitRunner): Promise<string | null> {
  const r = await git.read(['rev-parse', '-q', '--verify', `${NOTES_REF}^{commit}`], [1, 128]);
  return r.exitCode === 0 ? r.stdout.trim() || null : null;
}

/** Commit sha -> note text under `ref`. Two processes in all: `notes list` and one `cat-file --batch`. */
export async function readNotesOf(git: GitRunner, ref: string): Promise<Map<string, string>> {
  const notes = new Map<string, string>();
  const list = await git.run(['notes', `--ref=${ref}`, 'list'], [1]);
  const pairs: [string, string][] = [];
  for (const line of list.stdout.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp > 0) pairs.push([line.slice(0, sp), line.slice(sp + 1).trim()]);
  }
  if (pairs.length === 0) return notes;
  const blobs = await catFileBatch(git, pairs.map((p) => p[0]));
  for (const [blob, commit] of pairs) {
    const text = blobs.get(blob);
    if (text !== undefined) notes.set(commit, text);
  }
  return notes;
}

/** Contents of many blobs with ONE `git cat-file --batch` process. */
async function catFileBatch(git: GitRunner, oids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(oids)];
  const { stdout } = await git.spawnBuffered(['cat-file', '--batch'], unique.join('\n') + '\n');
  const result = new Map<string, string>();
  let pos = 0;
  while (pos < stdout.length) {
    const nl = stdout.indexOf(0x0a, pos);
    if (nl === -1) break;
    const header = stdout.toString('latin1', pos, nl).split(' ');
    pos = nl + 1;
    if (header[1] === 'missing' || header.length < 3) continue;
    const size = Number(header[2]);
    result.set(header[0], stdout.toString('utf8', pos, pos + size));
    pos += size + 1; // content, then a newline
  }
  return result;
}

/** The note without its `<key>: <id>` line (the first one naming that goal alone: the line an accept added). */
export function removeGoalTrailer(existing: string, key: string, goalId: string): string {
  const lines = existing.replace(/\s+$/, '').split('\n');
  const at = lines.findIndex((l) => parseNoteGoals(l, key).includes(goalId) && splitGoalIds([l.slice(l.indexOf(':') + 1)]).length === 1);
  if (at < 0) return existing;
  lines.splice(at, 1);
  const text = lines.join('\n').replace(/\s+$/, '');
  return text ? `${text}\n` : '';
}

/**
 * Adds `<trailerKey>: <goalId>` to the note of commit `sha` under refs/notes/goals, keeping what the note already says.
 * Never touches commits.
 */
export async function addNoteGoal(git: GitRunner, sha: string, goalId: string, trailerKey: string): Promise<{ sha: string; added: boolean }> {
  const added = await editNote(git, sha, `goal-lens: ${trailerKey}: ${goalId}`, (existing) =>
    noteHasGoal(existing, trailerKey, goalId) ? null : appendGoalTrailer(existing, trailerKey, goalId),
  );
  return { sha, added };
}

/** Removes the `<trailerKey>: <goalId>` line an accept added (Undo), keeping the rest; a note left empty is removed. */
export async function removeNoteGoal(git: GitRunner, sha: string, goalId: string, trailerKey: string): Promise<{ sha: string; removed: boolean }> {
  const removed = await editNote(git, sha, `goal-lens: undo ${trailerKey}: ${goalId}`, (existing) =>
    noteHasGoal(existing, trailerKey, goalId) ? removeGoalTrailer(existing, trailerKey, goalId) : null,
  );
  return { sha, removed };
}

/**
 * Rewrites the note of `sha` with `edit` (null: leave it as it is; empty: remove it); true when written.
 * `git notes` itself overwrites the notes ref without checking what it was, so this writes on a private temporary
 * notes ref and then moves refs/notes/goals with compare-and-swap (`update-ref <new> <old>`), retrying when
 * someone else changed the notes in between.
 */
async function editNote(git: GitRunner, sha: string, message: string, edit: (existing: string) => string | null): Promise<boolean> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 12; attempt++) {
    const tip = await readNotesTip(git);
    const tmp = `refs/notes/goal-lens-tmp/${process.pid}-${randomBytes(6).toString('hex')}`;
    let created = false;
    try {
      if (tip) {
        await git.out(['update-ref', '--no-deref', tmp, tip, '0'.repeat(tip.length)]);
        created = true;
      }
      let existing = '';
      if (tip) {
        const shown = await git.run(['notes', `--ref=${tmp}`, 'show', sha], [1, 128]);
        // Only "no note found" means empty: any other failure must not lead to overwriting a note.
        if (shown.exitCode !== 0 && !/no note found/i.test(shown.stderr)) throw new GitCommandError('notes show', shown.exitCode, shown.stderr);
        existing = shown.stdout;
      }
      const text = edit(existing);
      if (text === null) return false;
      if (text.trim() === '') await git.out(['notes', `--ref=${tmp}`, 'remove', '--ignore-missing', sha]);
      else await git.spawnBuffered(['notes', `--ref=${tmp}`, 'add', '-f', '-F', '-', sha], text);
      created = true;
      const newTip = (await git.out(['rev-parse', '--verify', tmp])).trim();
      const update = await git.run(['update-ref', '-m', message, NOTES_REF, newTip, tip ?? '0'.repeat(newTip.length)], [1, 128]);
      if (update.exitCode === 0) return true;
      lastError = new GitError(`refs/notes/goals changed while writing the note of ${sha}`);
    } catch (err) {
      lastError = err;
      if (!(err instanceof GitCommandError)) throw err;
    } finally {
      if (created) await git.run(['update-ref', '--no-deref', '-d', tmp], [1, 128]).catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 10 + Math.random() * 40 * (attempt + 1)));
  }
  throw lastError instanceof GitError ? lastError : new GitError(`could not update ${NOTES_REF}; try again`);
}
