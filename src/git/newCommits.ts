// The commits a refresh must read when the refs moved: those the new tips reach and the last load did not.
// `git log <new tips> --not <old tips>` says it in one process, but git then loads every old tip (1,011 refs on
// git/git: 40 to 150 ms without a commit-graph) to read one new commit. With the last load's index in memory, the
// newest few commits below the new tips are read instead (`git log --max-count`), and the read is done when every
// parent of a commit the index lacks is in the index or was read: a commit, a merge of a short branch, a
// fast-forward cost one small process. The walk with every old tip excluded is kept for what a few such rounds
// do not finish (a pull of many commits).
import type { CommitRecord } from '../core/types';
import type { GitRepo } from './repo';

/** Short reads before the walk that excludes the old tips (each is one small process), and commits per read. */
const ROUNDS = 3;
const PER_READ = 32;

export interface NewCommitsQuery {
  /** Tips walked now that were not walked last time. */
  added: readonly string[];
  /** Tips walked last time: everything they reach is `known`. */
  oldTips: readonly string[];
  /** Whether the last load has the commit (it reached it). */
  known: (sha: string) => boolean;
  trailerKey: string;
  files: boolean;
}

/**
 * Every commit `added` reaches that no old tip does, each once, in no particular order. Exact: a new commit is
 * reached from a new tip through new commits only (the known ones are closed under parents), so once every
 * parent of a commit read is known or read, nothing new is left below.
 */
export async function readNewCommits(repo: GitRepo, q: NewCommitsQuery): Promise<CommitRecord[]> {
  const fresh: CommitRecord[] = [];
  const seen = new Set<string>();
  const take = (c: CommitRecord): void => {
    if (seen.has(c.sha) || q.known(c.sha)) return;
    seen.add(c.sha);
    fresh.push(c);
  };
  const missing = (): string[] => {
    const out = new Set<string>();
    for (const c of fresh) for (const p of c.parents) if (!seen.has(p) && !q.known(p)) out.add(p);
    return [...out];
  };
  let frontier = [...new Set(q.added)].filter((t) => !q.known(t));
  for (let round = 0; frontier.length > 0 && round < ROUNDS; round++) {
    await repo.streamLog({ revs: frontier, maxCount: PER_READ, trailerKey: q.trailerKey, files: q.files, onCommit: take });
    frontier = [...frontier.filter((t) => !seen.has(t)), ...missing()];
  }
  if (frontier.length > 0) {
    // Everything an old tip reaches is known and excluded: the walk stops at the last load's commits.
    await repo.streamLog({ revs: [...new Set(frontier), ...q.oldTips.map((t) => `^${t}`)], trailerKey: q.trailerKey, files: q.files, onCommit: take });
  }
  return fresh;
}

/** Whether every old tip that is no longer walked is a parent of a new commit: then no commit was dropped. */
export function goneTipsKept(oldTips: readonly string[], tips: readonly string[], fresh: readonly CommitRecord[]): boolean {
  const now = new Set(tips);
  const gone = oldTips.filter((t) => !now.has(t));
  if (gone.length === 0) return true;
  const parents = new Set<string>();
  for (const c of fresh) for (const p of c.parents) parents.add(p);
  return gone.every((t) => parents.has(t));
}
