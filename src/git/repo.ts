// All reading (and the few explicit writes) of git for Goal Lens.
// Safety: git arguments are arrays, never a shell string; user values that could look like options are
// rejected and also placed after --end-of-options / `--`. Nothing here commits, rewrites history or pushes.
// The parts with a job of their own live beside it: refs.ts, notes.ts, gitConfig.ts, blame.ts, gitArgs.ts.
import * as fs from 'fs';
import * as path from 'path';
import { branchOfHeadRef } from '../core/links/linkRules';
import type { CommitRecord, RefInfo, RepoSnapshot } from '../core/types';
import { blame, type BlameLine } from './blame';
import { readCommitChanges, readCommitSummary, readShowCommit, type CommitSummary, type FileChange } from './commitChanges';
import {
  BareRepositoryError,
  DamagedRepositoryError,
  GitAbortedError,
  GitCommandError,
  GitError,
  GitMissingError,
  NotARepositoryError,
  UnknownCommitError,
  UnsafeArgumentError,
  UnsafeRepositoryError,
} from './errors';
import { GitRunner, gitEnv, spawnGitStream } from './exec';
import { assertGoalIds, assertSafeRev, assertTrailerKey } from './gitArgs';
import { configValue, readConfig, setBranchGoal, unsetBranchGoal, type ConfigState } from './gitConfig';
import { LOG_FILES_ARGS, LogStreamParser, logFormat } from './log';
import { addNoteGoal, NOTES_REF, readNotesOf, readNotesTip, removeNoteGoal } from './notes';
import { defaultBranchOf, readRefState, type DefaultBases, type RefState } from './refs';

export interface StreamLogOptions {
  /** Revisions to walk, e.g. ['HEAD'] or full ref names. Each is placed after --end-of-options. */
  revs: string[];
  /** Also walk every local branch, remote branch and tag (`--branches --remotes --tags`; never refs/notes). */
  allRefs?: boolean;
  trailerKey: string;
  /** Also read each commit's changed files (`CommitRecord.files`): a slower log, for goals with `changes:`. */
  files?: boolean;
  /** At most this many commits, newest first (`--max-count`). */
  maxCount?: number;
  onCommit: (c: CommitRecord) => void;
  signal?: AbortSignal;
}

export interface OpenOptions {
  /** Extra environment for every git process (tests use PATH). */
  env?: NodeJS.ProcessEnv;
}

/** What a load reads of a repository besides the log and the notes ({@link GitRepo.state}). */
export type RepoState = RefState &
  ConfigState & {
    /** HEAD's commit, or null when the current branch has no commits yet. */
    head: string | null;
    /** Full name of the checked-out branch (also unborn), or null when detached. */
    headRef: string | null;
    shallow: boolean;
  };

export class GitRepo {
  private constructor(
    readonly root: string,
    private readonly git: GitRunner,
  ) {}

  /** Opens the repository that contains `dir` (any folder inside the work tree). */
  static async open(dir: string, options: OpenOptions = {}): Promise<GitRepo> {
    const abs = path.resolve(dir);
    if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) throw new NotARepositoryError(abs, 'no such folder');
    const probe = new GitRunner(abs, options.env);
    let top: string;
    try {
      top = (await probe.out(['rev-parse', '--show-toplevel'])).trim();
    } catch (err) {
      if (err instanceof GitMissingError) throw err;
      const msg = err instanceof Error ? err.message : String(err);
      if (/not a git repository/i.test(msg)) {
        if (!fs.existsSync(path.join(abs, '.git'))) throw new NotARepositoryError(abs);
        const target = /not a git repository: (.+)$/m.exec(msg)?.[1]?.trim();
        throw new DamagedRepositoryError(
          abs,
          target
            ? `its .git points to ${target}, which is not a repository (a worktree or submodule that was moved or removed?)`
            : 'its .git folder is damaged (no valid HEAD, objects or config)',
        );
      }
      const dubious = /dubious ownership in repository at '([^']*)'/.exec(msg);
      if (dubious) throw new UnsafeRepositoryError(abs, dubious[1]);
      const bare = await probe.run(['rev-parse', '--is-bare-repository'], [128]).catch(() => undefined);
      if (bare && bare.stdout.trim() === 'true') throw new BareRepositoryError(abs);
      if (/work tree/i.test(msg)) throw new NotARepositoryError(abs, 'it is inside a .git folder, not a work tree');
      throw err instanceof GitError ? err : new GitError(msg);
    }
    if (top.length === 0) {
      const bare = await probe.run(['rev-parse', '--is-bare-repository'], [128]);
      if (bare.stdout.trim() === 'true') throw new BareRepositoryError(abs);
      throw new NotARepositoryError(abs, 'it has no work tree');
    }
    const root = path.resolve(top);
    return new GitRepo(root, new GitRunner(root, options.env));
  }

  // ---------------------------------------------------------------- log

  /**
   * Streams `git log` (ONE process) and calls `onCommit` for each commit, newest first.
   * Returns the number of commits. A repository without commits yields 0, not an error.
   * Uses child_process.spawn rather than simple-git because simple-git buffers the whole output
   * (it has no streaming API), which a 200k-commit log must never do.
   */
  async streamLog(options: StreamLogOptions): Promise<number> {
    assertTrailerKey(options.trailerKey);
    for (const r of options.revs) assertSafeRev(r);
    if (options.revs.length === 0 && !options.allRefs) return 0;
    if (options.signal?.aborted) throw new GitAbortedError();
    const args = [
      '-c', 'log.showSignature=false',
      '-c', 'i18n.logOutputEncoding=UTF-8',
      'log', '--no-color', '--no-show-signature', '--no-notes', '-z', logFormat(options.trailerKey),
      ...(options.files ? LOG_FILES_ARGS : []),
      ...(options.allRefs ? ['--branches', '--remotes', '--tags'] : []),
      ...(options.maxCount !== undefined ? [`--max-count=${Math.max(1, Math.floor(options.maxCount))}`] : []),
      '--end-of-options', ...options.revs, '--',
    ];
    const parser = new LogStreamParser(options.onCommit, !!options.files);
    try {
      await spawnGitStream(this.root, this.git.env, args, (chunk) => parser.push(chunk), { signal: options.signal });
    } catch (err) {
      // `git log HEAD` on an unborn branch: "unknown revision". That is 0 commits, not an error.
      if (err instanceof GitCommandError && parser.count === 0 && options.revs.every((r) => r === 'HEAD') && (await this.head()) === null) {
        return 0;
      }
      throw err;
    }
    if (!parser.end()) throw new GitError('git log output ended in the middle of a commit');
    return parser.count;
  }

  // ---------------------------------------------------------------- snapshot

  /**
   * Reads everything the core needs. `onCommit`, when given, sees each commit as it streams in, so that work on
   * it (the index's per-commit links) overlaps with git producing the rest.
   */
  async readSnapshot(options: {
    allRefs: boolean;
    trailerKey: string;
    /** Read each commit's changed files too (goals with `changes:`). */
    files?: boolean;
    defaultBranch?: string;
    signal?: AbortSignal;
    onCommit?: (c: CommitRecord) => void;
    /** Told the default branch's tip (a sha, or null) as soon as it is known, while the log still streams. */
    onDefaultTip?: (tip: string | null) => void;
  }): Promise<RepoSnapshot> {
    assertTrailerKey(options.trailerKey);
    const commits: CommitRecord[] = [];
    const onCommit = options.onCommit
      ? (c: CommitRecord) => {
          commits.push(c);
          options.onCommit?.(c);
        }
      : (c: CommitRecord) => commits.push(c);
    // The log starts at once, beside the small queries, rather than after them: it is the long pole.
    const stateP = this.state();
    const log = async (): Promise<number> => {
      const n = await this.streamLog({ revs: ['HEAD'], allRefs: options.allRefs, trailerKey: options.trailerKey, files: options.files, onCommit, signal: options.signal });
      // An unborn HEAD (no commits on this branch yet) gives 0; other branches may still have history.
      if (n === 0 && options.allRefs && (await stateP).head === null) {
        return this.streamLog({ revs: [], allRefs: true, trailerKey: options.trailerKey, files: options.files, onCommit, signal: options.signal });
      }
      return n;
    };
    const defaultP = stateP.then((s) => defaultBranchOf(s, options.defaultBranch));
    if (options.onDefaultTip) {
      const told = options.onDefaultTip;
      void Promise.all([stateP, defaultP]).then(([s, name]) => told(s.refs.find((r) => r.name === name)?.sha ?? null), () => undefined);
    }
    const basesP = options.allRefs ? Promise.resolve(undefined) : Promise.all([stateP, defaultP]).then(([s, name]) => this.defaultBases(s.head, s.refs, name));
    const [, state, defaultBranch, defaultBases, notes] = await Promise.all([
      log(),
      stateP,
      defaultP,
      basesP,
      stateP.then((s) => (s.notesTip ? this.readNotes() : new Map<string, string>())),
    ]);
    return {
      root: this.root,
      head: state.head,
      headRef: state.headRef,
      defaultBranch,
      ...(defaultBases ? { defaultBases: defaultBases.bases } : {}),
      refs: state.refs,
      commits,
      notes,
      branchConfig: state.branchConfig,
      shallow: state.shallow,
    };
  }

  /**
   * For a walk of HEAD only: the merge bases of HEAD and the default branch's tip, which tell the index what the
   * default branch reaches when HEAD is behind or beside it (RepoSnapshot.defaultBases). Undefined when HEAD is
   * the default tip or either is missing.
   */
  async defaultBases(head: string | null, refs: readonly RefInfo[], defaultBranch: string | null, known?: DefaultBases): Promise<DefaultBases | undefined> {
    const tip = refs.find((r) => r.name === defaultBranch)?.sha;
    if (!head || !tip || tip === head) return undefined;
    // The merge bases of two commits never change: a refresh where neither moved reuses the last answer.
    if (known?.head === head && known.tip === tip) return known;
    return { head, tip, bases: await this.mergeBases(head, tip) };
  }

  /** `git merge-base --all a b`: the best common ancestors (none when the histories are unrelated). */
  async mergeBases(a: string, b: string): Promise<string[]> {
    assertSafeRev(a);
    assertSafeRev(b);
    const r = await this.git.read(['merge-base', '--all', '--end-of-options', a, b], [1]);
    return r.stdout.split('\n').filter((l) => l.length > 0);
  }

  /** HEAD's commit, or null when the current branch has no commits yet. */
  async head(): Promise<string | null> {
    const r = await this.git.read(['rev-parse', '-q', '--verify', 'HEAD^{commit}'], [1, 128]);
    return r.exitCode === 0 ? r.stdout.trim() || null : null;
  }

  /** Full name of the checked-out branch (also when it has no commits yet), or null when detached. */
  async headRef(): Promise<string | null> {
    const r = await this.git.read(['symbolic-ref', '-q', 'HEAD'], [1]);
    return r.exitCode === 0 ? r.stdout.trim() || null : null;
  }

  /** Short name of the checked-out branch (an unborn branch too), or null when HEAD is detached. */
  async currentBranch(): Promise<string | null> {
    return branchOfHeadRef(await this.headRef());
  }

  /**
   * Everything a load reads besides the log and the notes, in three git processes run side by side: HEAD
   * (`rev-parse`), the refs with origin/HEAD and the notes tip (`for-each-ref`), the branch goals and mailmap
   * settings (`config`). A refresh spawns these and little else, so each process saved shows in its time.
   */
  async state(): Promise<RepoState> {
    const [headState, refState, config] = await Promise.all([this.headState(), this.refState(), this.loadConfig()]);
    return { ...headState, ...refState, ...config };
  }

  /**
   * HEAD's commit and branch and whether the repository is shallow: one `rev-parse` when HEAD has a commit (on a
   * branch or detached); when it has none (a new repository, an unborn or orphan branch), one question at a time.
   */
  private async headState(): Promise<Pick<RepoState, 'head' | 'headRef' | 'shallow'>> {
    // `--` ends the revisions: a file named HEAD in the work tree is not read as a path.
    const r = await this.git.read(['rev-parse', '--is-shallow-repository', 'HEAD^{commit}', '--symbolic-full-name', 'HEAD', '--'], [128]);
    const [shallow, head, name, end] = r.stdout.split('\n');
    if (r.exitCode === 0 && (shallow === 'true' || shallow === 'false') && /^[0-9a-f]{40,64}$/.test(head) && name && end === '--') {
      return { shallow: shallow === 'true', head, headRef: name === 'HEAD' ? null : name };
    }
    const [h, headRef, isShallow] = await Promise.all([this.head(), this.headRef(), this.isShallow()]);
    return { head: h, headRef, shallow: isShallow };
  }

  /** Local branches, remote branches and tags (tags peeled to their commit). Symbolic refs (origin/HEAD) are skipped. */
  async refs(): Promise<RefInfo[]> {
    return (await this.refState()).refs;
  }

  /** The refs, the target of refs/remotes/origin/HEAD and the notes tip: one `for-each-ref`. */
  private refState(): Promise<RefState> {
    return readRefState(this.git);
  }

  /**
   * The default branch as a full ref name: `setting` when given and it exists (`main`, `origin/main` or a full ref),
   * else the target of refs/remotes/origin/HEAD, else refs/heads/main, refs/heads/master,
   * refs/remotes/origin/main, refs/remotes/origin/master; else null.
   */
  async defaultBranch(setting?: string): Promise<string | null> {
    return defaultBranchOf(await this.refState(), setting);
  }

  async isShallow(): Promise<boolean> {
    return (await this.git.read(['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
  }

  // ---------------------------------------------------------------- notes

  async notesTip(): Promise<string | null> {
    return readNotesTip(this.git);
  }

  /** Commit sha -> note text under refs/notes/goals. Two processes in all: `notes list` and one `cat-file --batch`. */
  async readNotes(): Promise<Map<string, string>> {
    return readNotesOf(this.git, NOTES_REF);
  }

  /**
   * Adds `<trailerKey>: <goalId>` to the note of the commit `rev` names under refs/notes/goals, keeping what the note already says.
   * Never touches commits. `git notes` itself overwrites the notes ref without checking what it was, so this
   * writes on a private temporary notes ref and then moves refs/notes/goals with compare-and-swap
   * (`update-ref <new> <old>`), retrying when someone else changed the notes in between.
   */
  async addNoteGoal(rev: string, goalId: string, trailerKey: string): Promise<{ sha: string; added: boolean }> {
    assertTrailerKey(trailerKey);
    assertGoalIds(goalId);
    return addNoteGoal(this.git, await this.resolveCommit(rev), goalId, trailerKey);
  }

  /** Removes the `<trailerKey>: <goalId>` line from the note of `rev` (Undo of addNoteGoal); same compare-and-swap. */
  async removeNoteGoal(rev: string, goalId: string, trailerKey: string): Promise<{ sha: string; removed: boolean }> {
    assertTrailerKey(trailerKey);
    assertGoalIds(goalId);
    return removeNoteGoal(this.git, await this.resolveCommit(rev), goalId, trailerKey);
  }

  // ---------------------------------------------------------------- revisions

  /** Full sha of the commit `rev` names. Throws UnknownCommitError (also for anything that looks like an option). */
  async resolveCommit(rev: string): Promise<string> {
    try {
      assertSafeRev(rev);
    } catch {
      throw new UnknownCommitError(rev);
    }
    const r = await this.git.run(['rev-parse', '-q', '--verify', '--end-of-options', `${rev}^{commit}`], [1, 128]);
    const sha = r.stdout.trim();
    if (r.exitCode !== 0 || !/^[0-9a-f]{40,64}$/.test(sha)) throw new UnknownCommitError(rev);
    return sha;
  }

  /** Shas of the commits reachable from HEAD (or every branch, remote branch and tag) that changed a file or folder. */
  async commitsTouching(file: string, options: { allRefs?: boolean } = {}): Promise<string[]> {
    if (file.length === 0 || file.includes('\0')) throw new UnsafeArgumentError('path', file);
    const revs = (await this.head()) ? ['HEAD'] : [];
    if (revs.length === 0 && !options.allRefs) return [];
    const out = await this.git.out([
      '-c', 'log.follow=false', 'log', '--no-color', '--format=%H',
      ...(options.allRefs ? ['--branches', '--remotes', '--tags'] : []),
      '--end-of-options', ...revs, '--', file,
    ]);
    return out.split('\n').filter((l) => l.length > 0);
  }

  /**
   * Shas of the commits reachable from `include` but from none of `exclude` (`git rev-list`), newest first.
   * Fails (GitCommandError) when a revision does not exist, e.g. a commit that was garbage-collected.
   */
  async revList(
    include: readonly string[],
    exclude: readonly string[],
    options: { firstParent?: boolean; ancestryPath?: boolean; reverse?: boolean } = {},
  ): Promise<string[]> {
    for (const r of [...include, ...exclude]) assertSafeRev(r);
    if (include.length === 0) return [];
    const flags = [options.firstParent ? '--first-parent' : '', options.ancestryPath ? '--ancestry-path' : '', options.reverse ? '--reverse' : ''].filter(Boolean);
    const { stdout: out } = await this.git.read(['rev-list', ...flags, '--end-of-options', ...include, ...exclude.map((r) => `^${r}`), '--']);
    return out.split('\n').filter((l) => l.length > 0);
  }

  /** Files a commit changed (against its first parent; all files for a root commit). */
  async changedFiles(rev: string): Promise<string[]> {
    const sha = await this.resolveCommit(rev);
    const { stdout } = await this.git.spawnBuffered(['diff-tree', '-r', '-z', '--name-only', '--no-commit-id', '--root', '-m', '--first-parent', sha]);
    return stdout.toString('utf8').split('\0').filter((s) => s.length > 0);
  }

  /** Who, when and what of the commit `rev` names: one `git show -s`. Throws UnknownCommitError. */
  commitSummary(rev: string): Promise<CommitSummary> {
    return readCommitSummary(this.git, rev);
  }

  /** Files the commit changed against its first parent, renames detected (a full sha is not resolved again). */
  commitChanges(rev: string): Promise<FileChange[]> {
    return readCommitChanges(this.git, rev, (r) => this.resolveCommit(r));
  }

  /** `git show --stat --patch` of a commit, as text. */
  showCommit(rev: string): Promise<string> {
    return readShowCommit(this.git, rev);
  }

  /**
   * Who last changed each line (`git blame --incremental`). Blames the working tree file, or `contents`
   * (e.g. an unsaved editor buffer) when given. A file git does not track yields [].
   */
  blame(file: string, contents?: string): Promise<BlameLine[]> {
    return blame(this.git, file, contents);
  }

  // ---------------------------------------------------------------- config

  /** Branch short name -> `branch.<name>.goal` (several values of one key are joined with ", "). */
  async branchConfig(): Promise<Map<string, string>> {
    return (await this.loadConfig()).branchConfig;
  }

  /** The branch goals and the mailmap settings: one `git config`. */
  private loadConfig(): Promise<ConfigState> {
    return readConfig(this.git);
  }

  /** Writes `git config branch.<branch>.goal <goalId>` in this repository (an explicit user action). */
  setBranchGoal(branch: string, goalId: string): Promise<void> {
    return setBranchGoal(this.git, branch, goalId);
  }

  /** Removes `branch.<branch>.goal` from this repository's config (an explicit user action). False when it was not set. */
  unsetBranchGoal(branch: string): Promise<boolean> {
    return unsetBranchGoal(this.git, branch);
  }

  async userEmail(): Promise<string | null> {
    return configValue(this.git, 'user.email');
  }

  async userName(): Promise<string | null> {
    return configValue(this.git, 'user.name');
  }

  /** Absolute path of the hooks folder (respects core.hooksPath). */
  async hooksDir(): Promise<string> {
    const out = (await this.git.out(['rev-parse', '--git-path', 'hooks'])).trim();
    return path.resolve(this.root, out);
  }

  /**
   * Where this work tree's git data lives: `gitDir` holds HEAD (for a linked worktree, .git/worktrees/<name>),
   * `commonDir` the refs, packed-refs, config and notes shared by all worktrees. Absolute paths.
   */
  async gitDirs(): Promise<{ gitDir: string; commonDir: string }> {
    const [gitDir, commonDir] = (await this.git.out(['rev-parse', '--absolute-git-dir', '--git-common-dir'])).split('\n').map((l) => l.trim());
    return { gitDir, commonDir: path.resolve(this.root, commonDir) };
  }

  /** Environment used for git processes (for callers that must run git themselves, e.g. tests). */
  get env(): NodeJS.ProcessEnv {
    return this.git.env;
  }
}

// Re-exported so callers need one import.
export { gitEnv };
