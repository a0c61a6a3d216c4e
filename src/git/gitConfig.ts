// What Goal Lens reads and writes of `git config`: the branch goals (`branch.<name>.goal`), the mailmap settings
// (they change the authors the log gives) and single values such as user.email.
import { UnsafeArgumentError } from './errors';
import type { GitRunner } from './exec';
import { assertGoalIds, assertSafeRev } from './gitArgs';

/** The config part of a load ({@link GitRepo.state}). */
export interface ConfigState {
  /** Branch short name -> `branch.<name>.goal`. */
  branchConfig: Map<string, string>;
  /** mailmap.file and mailmap.blob (they change the authors the log gives), one `key=value` a line. */
  mailmapConfig: string;
}

/** The branch goals and the mailmap settings: one `git config`. */
export async function readConfig(git: GitRunner): Promise<ConfigState> {
  const r = await git.read(['config', '-z', '--get-regexp', '^(branch\\..*\\.goal|mailmap\\.(file|blob))$'], [1]);
  const map = new Map<string, string>();
  const mailmap: string[] = [];
  for (const entry of r.stdout.split('\0')) {
    const nl = entry.indexOf('\n');
    const key = nl === -1 ? entry : entry.slice(0, nl);
    const value = nl === -1 ? '' : entry.slice(nl + 1).trim();
    if (key.startsWith('mailmap.')) mailmap.push(`${key}=${value}`);
    if (!key.startsWith('branch.') || !key.endsWith('.goal')) continue;
    const branch = key.slice('branch.'.length, key.length - '.goal'.length);
    if (branch.length === 0 || value.length === 0) continue;
    const prev = map.get(branch);
    map.set(branch, prev ? `${prev}, ${value}` : value);
  }
  return { branchConfig: map, mailmapConfig: mailmap.join('\n') };
}

/** Writes `git config branch.<branch>.goal <goalId>` in this repository (an explicit user action). */
export async function setBranchGoal(git: GitRunner, branch: string, goalId: string): Promise<void> {
  assertSafeRev(branch, 'branch name');
  assertGoalIds(goalId);
  const ok = await git.run(['check-ref-format', `refs/heads/${branch}`], [1]);
  if (ok.exitCode !== 0) throw new UnsafeArgumentError('branch name', branch);
  await git.out(['config', '--local', '--', `branch.${branch}.goal`, goalId]);
}

/** Removes `branch.<branch>.goal` from this repository's config (an explicit user action). False when it was not set. */
export async function unsetBranchGoal(git: GitRunner, branch: string): Promise<boolean> {
  assertSafeRev(branch, 'branch name');
  const r = await git.run(['config', '--local', '--unset-all', '--', `branch.${branch}.goal`], [5]);
  return r.exitCode === 0;
}

/** One `git config --get` value, or null when unset or empty. */
export async function configValue(git: GitRunner, key: string): Promise<string | null> {
  const r = await git.read(['config', '--get', '--', key], [1]);
  const v = r.stdout.trim();
  return r.exitCode === 0 && v.length > 0 ? v : null;
}
