// `--range A..B` for `check` and `suggest`: the commits B reaches and A does not, as `git log A..B` lists them.
import { indexedRange, isMerge } from '../core/index/goalIndex';
import type { LoadedIndex } from '../git/indexLoader';
import { UsageError } from './args';

/** `A..B` as typed: an empty A means every commit B reaches; an empty B means HEAD. */
export interface RevRange {
  readonly from: string | null;
  readonly to: string;
}

/** Reads `A..B`; anything else (`A...B`, a lone rev) is a usage error, found before any git work. */
export function parseRange(text: string): RevRange {
  const dots = text.indexOf('..');
  if (dots < 0 || text.includes('...')) throw new UsageError(`--range '${text}' must look like A..B`);
  return { from: text.slice(0, dots) || null, to: text.slice(dots + 2) || 'HEAD' };
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
