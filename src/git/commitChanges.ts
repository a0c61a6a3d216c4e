// One commit as the editor shows it: who and when, the files it changed (for VS Code's diff view), and the
// `git show` text for when the diff view cannot be used. Git runs through the repository's own runner (see
// GitRepo.commitSummary, commitChanges, showCommit), one process each: a full sha is not resolved again, and
// a commit the index holds needs no git at all for its summary (summaryOfRecord).
import type { CommitRecord } from '../core/types';
import { GitCommandError, UnknownCommitError } from './errors';
import type { GitRunner } from './exec';
import { assertSafeRev } from './gitArgs';

export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'typechange';

export interface FileChange {
  status: ChangeStatus;
  /** Path after the commit, relative to the repository root ('/' separated). */
  path: string;
  /** Path before the commit, for renames and copies. */
  oldPath?: string;
}

export interface CommitSummary {
  sha: string;
  /** First parent's sha; null for a root commit. */
  parent: string | null;
  author: string;
  email: string;
  /** Author time, unix seconds. */
  time: number;
  subject: string;
}

const STATUS: Record<string, ChangeStatus> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'copied', T: 'typechange' };

const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** A git read about one commit: a rev that looks like an option, or one git cannot find (exit 128), is UnknownCommitError. */
async function aboutCommit<T>(rev: string, read: (rev: string) => Promise<T>): Promise<T> {
  try {
    assertSafeRev(rev);
  } catch {
    throw new UnknownCommitError(rev);
  }
  try {
    return await read(rev);
  } catch (err) {
    if (err instanceof GitCommandError && err.exitCode === 128) throw new UnknownCommitError(rev);
    throw err;
  }
}

/** The summary of a commit the index holds: what git would say, without asking it. */
export function summaryOfRecord(c: CommitRecord): CommitSummary {
  return { sha: c.sha, parent: c.parents[0] ?? null, author: c.author, email: c.email, time: c.time, subject: c.subject };
}

/** Who, when and what of the commit `rev` names (any ref, short hash or full sha). Throws UnknownCommitError. */
export function readCommitSummary(git: GitRunner, rev: string): Promise<CommitSummary> {
  return aboutCommit(rev, async (r) => {
    const { stdout: out } = await git.read(['-c', 'i18n.logOutputEncoding=UTF-8', 'show', '-s', '--no-color', '--format=%H%x00%P%x00%an%x00%ae%x00%at%x00%s', '--end-of-options', `${r}^{commit}`, '--']);
    // git's output may lack fields (a changed format or a broken git): each is typed as possibly missing.
    const fields: (string | undefined)[] = out.replace(/\n$/, '').split('\0');
    const [full, parents, author, email, time, subject] = fields;
    if (!full) throw new UnknownCommitError(rev);
    return { sha: full, parent: parents?.split(' ').find((p) => p.length > 0) ?? null, author: author ?? '', email: email ?? '', time: Number(time) || 0, subject: subject ?? '' };
  });
}

/** Parses `git diff-tree -z --name-status` output (status, then one path, or two for renames and copies). */
export function parseNameStatus(out: string): FileChange[] {
  const parts = out.split('\0');
  const changes: FileChange[] = [];
  for (let i = 0; i < parts.length; ) {
    const code = parts[i++];
    if (!code) continue;
    const status = STATUS[code[0]] ?? 'modified';
    if (status === 'renamed' || status === 'copied') {
      const oldPath = parts[i++];
      const path = parts[i++];
      if (path) changes.push({ status, path, oldPath });
    } else {
      const path = parts[i++];
      if (path) changes.push({ status, path });
    }
  }
  return changes;
}

/**
 * Files the commit `rev` changed against its first parent (everything for a root commit), renames detected. A full
 * sha goes to git as it is; anything else is resolved first with `resolve`.
 */
export function readCommitChanges(git: GitRunner, rev: string, resolve: (rev: string) => Promise<string>): Promise<FileChange[]> {
  return aboutCommit(rev, async (r) => {
    const sha = FULL_SHA.test(r) ? r : await resolve(r);
    const { stdout } = await git.spawnBuffered(['diff-tree', '-r', '-z', '-M', '--name-status', '--no-commit-id', '--root', '--first-parent', '-m', sha]);
    return parseNameStatus(stdout.toString('utf8'));
  });
}

/** `git show --stat --patch` of the commit `rev` names, as text (paths unquoted). */
export function readShowCommit(git: GitRunner, rev: string): Promise<string> {
  return aboutCommit(rev, async (r) => {
    const { stdout } = await git.spawnBuffered(['-c', 'core.quotePath=false', 'show', '--no-color', '--stat', '--patch', '--format=fuller', '--end-of-options', `${r}^{commit}`, '--']);
    return stdout.toString('utf8');
  });
}
