// One commit as the editor shows it: who and when, the files it changed (for VS Code's diff view), and the
// `git show` text for when the diff view cannot be used. Runs git with the repository's own environment.
import { UnknownCommitError } from './errors';
import { GitRunner } from './exec';
import type { GitRepo } from './repo';

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

function runner(repo: GitRepo): GitRunner {
  return new GitRunner(repo.root, repo.env);
}

/** Who, when and what of the commit `rev` names (any ref, short hash or full sha). Throws UnknownCommitError. */
export async function commitSummary(repo: GitRepo, rev: string): Promise<CommitSummary> {
  const sha = await repo.resolveCommit(rev);
  const out = await runner(repo).out(['-c', 'i18n.logOutputEncoding=UTF-8', 'show', '-s', '--no-color', '--format=%H%x00%P%x00%an%x00%ae%x00%at%x00%s', '--end-of-options', sha, '--']);
  // git's output may lack fields (a changed format or a broken git): each is typed as possibly missing.
  const fields: (string | undefined)[] = out.replace(/\n$/, '').split('\0');
  const [full, parents, author, email, time, subject] = fields;
  if (!full) throw new UnknownCommitError(rev);
  return { sha: full, parent: parents?.split(' ').find((p) => p.length > 0) ?? null, author: author ?? '', email: email ?? '', time: Number(time) || 0, subject: subject ?? '' };
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

/** Files the commit changed against its first parent (everything for a root commit), renames detected. */
export async function commitChanges(repo: GitRepo, sha: string): Promise<FileChange[]> {
  const full = await repo.resolveCommit(sha);
  const { stdout } = await runner(repo).spawnBuffered(['diff-tree', '-r', '-z', '-M', '--name-status', '--no-commit-id', '--root', '--first-parent', '-m', full]);
  return parseNameStatus(stdout.toString('utf8'));
}

/** `git show --stat --patch` of a commit, as text (paths unquoted). */
export async function showCommit(repo: GitRepo, sha: string): Promise<string> {
  const full = await repo.resolveCommit(sha);
  const { stdout } = await runner(repo).spawnBuffered(['-c', 'core.quotePath=false', 'show', '--no-color', '--stat', '--patch', '--format=fuller', '--end-of-options', full, '--']);
  return stdout.toString('utf8');
}
