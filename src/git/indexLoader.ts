// Reads goals.yaml and the repository, and builds the GoalIndex. Shared by the command line and the extension.
import { promises as fsp } from 'fs';
import * as path from 'path';
import { IndexBuilder, type GoalIndex } from '../core/index/goalIndex';
import { parseGoalsFile } from '../core/goals/goalsFile';
import { usesChangedFiles } from '../core/links/routeRules';
import type { GoalsFile, RepoSnapshot } from '../core/types';
import { fsErrorReason } from './errors';
import { GitRepo } from './repo';
import { withSharedGoals } from './sharedGoals';

export const DEFAULT_GOALS_FILE = 'goals.yaml';

export class GoalsFileMissingError extends Error {
  constructor(readonly absPath: string) {
    super(`no goals file at ${absPath}; create one with 'goal-lens init'`);
  }
}

/** The goals file is there but cannot be read (a directory, no permission...): says which and why. */
export class GoalsFileUnreadableError extends Error {
  constructor(
    readonly absPath: string,
    readonly code: string | undefined,
  ) {
    super(`cannot read the goals file ${absPath}: ${fsErrorReason(code)}`);
  }
}

export interface LoadedGoals {
  goalsFile: GoalsFile;
  /** Absolute path of the file read. */
  absPath: string;
  /** Path relative to the repository root, as shown in problems (goals.yaml:7:3). */
  relPath: string;
  text: string;
}

/** Reads and parses goals.yaml; null when it does not exist. `goalsPath` is relative to the root or absolute. */
export async function readGoals(root: string, goalsPath = DEFAULT_GOALS_FILE): Promise<LoadedGoals | null> {
  const absPath = path.resolve(root, goalsPath);
  let bytes: Buffer;
  try {
    bytes = await fsp.readFile(absPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new GoalsFileUnreadableError(absPath, code);
  }
  const text = bytes.toString('utf8');
  const relPath = path.relative(root, absPath).split(path.sep).join('/') || goalsPath;
  const goalsFile = await withSharedGoals(root, absPath, parseGoalsFile(text, relPath)); // `extends:` (shared goals)
  // U+FFFD first (cheap, usually absent); only then decode strictly to tell a bad byte from a written U+FFFD.
  const badByte = text.indexOf('\uFFFD');
  if (badByte >= 0 && notUtf8(bytes)) {
    // Saved in another encoding (Latin-1, Windows-1252...): "Café" would show as "Caf\uFFFD" without a word.
    const before = text.slice(0, badByte);
    const line = before.split('\n').length;
    goalsFile.problems.push({
      file: relPath,
      line,
      column: badByte - before.lastIndexOf('\n'),
      message: 'not valid UTF-8 here; save the file as UTF-8 (the text shows \uFFFD where bytes could not be read)',
      severity: 'warning',
      code: 'encoding',
    });
  }
  return { goalsFile, absPath, relPath, text };
}

function notUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return false;
  } catch {
    return true;
  }
}

export interface LoadOptions {
  allRefs?: boolean;
  goalsPath?: string;
  defaultBranch?: string;
  /** Told the default branch's tip as soon as it is known (loadIndex only): another read may start beside the log. */
  onDefaultTip?: (repo: GitRepo, tip: string | null) => void;
}

export interface LoadedIndex {
  repo: GitRepo;
  goals: LoadedGoals;
  snapshot: RepoSnapshot;
  index: GoalIndex;
}

/** Opens the repository at or above `dir`, reads goals.yaml (required) and indexes the history. */
export async function loadIndex(dir: string, options: LoadOptions = {}): Promise<LoadedIndex> {
  const repo = await GitRepo.open(dir);
  const goals = await readGoals(repo.root, options.goalsPath);
  if (!goals) throw new GoalsFileMissingError(path.resolve(repo.root, options.goalsPath ?? DEFAULT_GOALS_FILE));
  const builder = new IndexBuilder(goals.goalsFile);
  const snapshot = await repo.readSnapshot({
    allRefs: options.allRefs ?? false,
    trailerKey: goals.goalsFile.trailer,
    files: usesChangedFiles(goals.goalsFile.goals),
    defaultBranch: options.defaultBranch,
    onCommit: (c) => builder.add(c),
    onDefaultTip: options.onDefaultTip && ((tip) => options.onDefaultTip?.(repo, tip)),
  });
  return { repo, goals, snapshot, index: builder.finish(snapshot) };
}
