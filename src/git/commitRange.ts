// The commits of a range A..B, as `git log A..B` lists them: from the index when it holds both ends.
import { indexedRange, isMerge } from '../core/index/goalIndex';
import type { LoadedIndex } from './indexLoader';

/** A range as typed, `A..B`: an empty A means every commit B reaches. */
export interface RevRange {
  readonly from: string | null;
  readonly to: string;
}

/**
 * Shas of the non-merge commits in the range, newest first. An end that is not a commit (or looks like an
 * option) throws UnknownCommitError. The index answers when it holds both ends; git log only when it does not.
 */
export async function commitsInRange(loaded: LoadedIndex, range: RevRange): Promise<string[]> {
  const from = range.from === null ? null : await loaded.repo.resolveCommit(range.from);
  const to = await loaded.repo.resolveCommit(range.to);
  const { index } = loaded;
  const known = indexedRange(index, [to], from ? [from] : []);
  if (known) {
    return known.filter((sha) => {
      const c = index.bySha.get(sha);
      return c !== undefined && !isMerge(c);
    });
  }
  const out: string[] = [];
  await loaded.repo.streamLog({
    revs: from ? [to, `^${from}`] : [to],
    trailerKey: loaded.goals.goalsFile.trailer,
    onCommit: (c) => {
      if (!isMerge(c)) out.push(c.sha);
    },
  });
  return out;
}
