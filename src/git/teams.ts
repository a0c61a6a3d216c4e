// Where "who is on board" takes its teams from (src/core/figures/onBoard.ts): goals.yaml `teams:`, else the
// CODEOWNERS owners of the files each commit changed, else one team per author. Reads CODEOWNERS and, for it, each
// commit's changed files (from the index when the log read them for `changes:`, else one `git log --name-only`).
import { promises as fsp } from 'fs';
import * as path from 'path';
import type { GoalIndex } from '../core/index/goalIndex';
import { authorSource, codeownersSource, teamMapSource, type TeamSource } from '../core/figures/onBoard';
import { CODEOWNERS_LOCATIONS, ownerLookup, parseCodeowners } from '../core/impact/codeowners';
import { completeCommitFiles } from './commitFiles';
import type { GitRepo } from './repo';

export interface CodeownersText {
  /** Repository path, e.g. .github/CODEOWNERS. */
  path: string;
  text: string;
}

/** The CODEOWNERS file from the first place GitHub and GitLab look, or null. */
export async function readCodeownersText(root: string): Promise<CodeownersText | null> {
  for (const rel of CODEOWNERS_LOCATIONS) {
    try {
      return { path: rel, text: await fsp.readFile(path.join(root, rel), 'utf8') };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') throw err;
    }
  }
  return null;
}

/** The team source for the index: goals.yaml `teams:`, else CODEOWNERS (given, or read), else the authors. */
export async function teamSource(repo: GitRepo, index: GoalIndex, options: { allRefs?: boolean; codeowners?: CodeownersText | null } = {}): Promise<TeamSource> {
  const rules = index.goalsFile.teams ?? [];
  if (rules.length) return teamMapSource(rules);
  const co = options.codeowners !== undefined ? options.codeowners : await readCodeownersText(repo.root);
  if (co) {
    const lookup = ownerLookup(parseCodeowners(co.text, co.path));
    // The log already read every commit's files when a goal links by them; otherwise one --name-only pass.
    const inIndex = index.commits.length > 0 && index.commits.every((c) => c.files !== undefined);
    const files = inIndex ? null : await completeCommitFiles(repo, index.head, !!options.allRefs);
    return codeownersSource(co.path, lookup, (sha) => (files ? files.get(sha) : index.bySha.get(sha)?.files));
  }
  return authorSource(index);
}
