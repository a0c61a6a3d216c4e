// The compact commit index a report carries for the roll-up: one module both the report and the roll-up take it
// from. Commits are told apart by the first 64 bits of their sha (see rollup.ts for why that is enough).
import type { GoalIndex } from '../index/goalIndex';
import { newerFirst } from '../index/indexTypes';
import type { CommitRecord } from '../types';
import { authorKey } from '../figures/figures';

/**
 * What the roll-up needs from one report to count each commit once: every non-merge commit of the report's window,
 * newest first. `links` holds pairs (commit position, goal position); a commit with no pair is untagged.
 */
export interface CommitIndex {
  version: 1;
  /** 16 hex digits (the first 64 bits of the sha) per commit, concatenated. */
  shas: string;
  /** Author time per commit, unix seconds. */
  times: number[];
  /** Distinct author keys (lower-cased email, or the name when there is no email). */
  authors: string[];
  /** Position in `authors` per commit. */
  author: number[];
  /** The goal ids that `links` names by position. */
  goals: string[];
  /** Flat pairs: commit position, goal position. */
  links: number[];
}

export const SHA_KEY_LENGTH = 16;

/**
 * The commit index of the window's commits (those of buildReport), each link once per goal. Commits are listed
 * newest first by author time, then by sha: the order git read them in differs between a cold read and an update
 * (commits that join older history come first in an update), and a report must not depend on that.
 */
export function buildCommitIndex(index: GoalIndex, window: readonly CommitRecord[]): CommitIndex {
  const commits = [...window].sort(newerFirst);
  const authorIds = new Map<string, number>();
  const goalIds = new Map<string, number>();
  const shas: string[] = [];
  const times: number[] = [];
  const author: number[] = [];
  const links: number[] = [];
  for (let i = 0; i < commits.length; i++) {
    const c = commits[i];
    shas.push(c.sha.slice(0, SHA_KEY_LENGTH).padEnd(SHA_KEY_LENGTH, '0'));
    times.push(c.time);
    const key = authorKey(c);
    let a = authorIds.get(key);
    if (a === undefined) authorIds.set(key, (a = authorIds.size));
    author.push(a);
    const ls = index.links.get(c.sha);
    if (!ls) continue;
    for (let k = 0; k < ls.length; k++) {
      let seen = false;
      for (let j = 0; j < k; j++) if (ls[j].goalId === ls[k].goalId) seen = true;
      if (seen) continue;
      let g = goalIds.get(ls[k].goalId);
      if (g === undefined) goalIds.set(ls[k].goalId, (g = goalIds.size));
      links.push(i, g);
    }
  }
  return { version: 1, shas: shas.join(''), times, authors: [...authorIds.keys()], author, goals: [...goalIds.keys()], links };
}
