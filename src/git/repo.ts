// All reading (and the few explicit writes) of git for Goal Lens.
// Safety: git arguments are arrays, never a shell string; user values that could look like options are
// rejected and also placed after --end-of-options / `--`. Nothing here commits, rewrites history or pushes.
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { branchOfHeadRef, isGoalId, isTrailerKey, isTrailerLine, parseNoteGoals, splitGoalIds } from '../core/links/linkRules';
import type { CommitRecord, RefInfo, RefKind, RepoSnapshot } from '../core/types';
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
import { LogStreamParser, logFormat } from './log';

export interface BlameLine {
  /** 1-based line number in the working tree file (or in `contents` when given). */
  line: number;
  sha: string;
  /** The line is not committed yet (git reports the all-zero sha). */
  uncommitted: boolean;
}

export interface StreamLogOptions {
  /** Revisions to walk, e.g. ['HEAD'] or full ref names. Each is placed after --end-of-options. */
  revs: string[];
  /** Also walk every local branch, remote branch and tag (`--branches --remotes --tags`; never refs/notes). */
  allRefs?: boolean;
  trailerKey: string;
  onCommit: (c: CommitRecord) => void;
  signal?: AbortSignal;
}

export interface OpenOptions {
  /** Extra environment for every git process (tests use PATH). */
  env?: NodeJS.ProcessEnv;
}

export const NOTES_REF = 'refs/notes/goals';
const ORIGIN_HEAD = 'refs/remotes/origin/HEAD';

/** What a load reads of a repository besides the log and the notes ({@link GitRepo.state}). */
export interface RepoState {
  /** HEAD's commit, or null when the current branch has no commits yet. */
  head: string | null;
  /** Full name of the checked-out branch (also unborn), or null when detached. */
  headRef: string | null;
  shallow: boolean;
  /** Local branches, remote branches and tags (tags peeled to their commit), symbolic refs left out. */
  refs: RefInfo[];
  /** What refs/remotes/origin/HEAD points at, or null. */
  originHead: string | null;
  /** The commit of refs/notes/goals, or null. */
  notesTip: string | null;
  /** Branch short name -> `branch.<name>.goal`. */
  branchConfig: Map<string, string>;
  /** mailmap.file and mailmap.blob (they change the authors the log gives), one `key=value` a line. */
  mailmapConfig: string;
}

/** Rejects values that git could read as an option, or that cannot be a revision at all. */
export function assertSafeRev(rev: string, what = 'revision'): void {
  if (rev.length === 0 || rev.startsWith('-') || /[\0\n\r]/.test(rev)) throw new UnsafeArgumentError(what, rev);
}

function assertGoalIds(value: string): void {
  const ids = splitGoalIds([value]);
  if (ids.length === 0 || ids.some((id) => !isGoalId(id))) throw new UnsafeArgumentError('goal id', value);
}

function assertTrailerKey(key: string): void {
  if (!isTrailerKey(key)) throw new UnsafeArgumentError('trailer key', key);
}

function refKind(name: string): RefKind | null {
  if (name.startsWith('refs/heads/')) return 'branch';
  if (name.startsWith('refs/remotes/')) return 'remote';
  if (name.startsWith('refs/tags/')) return 'tag';
  return null;
}

function shortName(name: string): string {
  for (const p of ['refs/heads/', 'refs/remotes/', 'refs/tags/']) if (name.startsWith(p)) return name.slice(p.length);
  return name;
}

/** True when the note (or message) already names the goal in a `<key>:` line, read as the index reads notes. */
export function noteHasGoal(text: string, key: string, goalId: string): boolean {
  return parseNoteGoals(text, key).includes(goalId);
}

/** Appends `<key>: <id>` to a note, keeping everything it says; a trailer block stays one paragraph. */
export function appendGoalTrailer(existing: string, key: string, goalId: string): string {
  const trailer = `${key}: ${goalId}\n`;
  const text = existing.replace(/\s+$/, '');
  if (text.length === 0) return trailer;
  const lastLine = text.slice(text.lastIndexOf('\n') + 1);
  const lastIsTrailer = isTrailerLine(lastLine);
  return `${text}\n${lastIsTrailer ? '' : '\n'}${trailer}`;
}

/** The note without its `<key>: <id>` line (the first one only: the line an accept added). */
export function removeGoalTrailer(existing: string, key: string, goalId: string): string {
  const lines = existing.replace(/\s+$/, '').split('\n');
  const at = lines.findIndex((l) => parseNoteGoals(l, key).includes(goalId) && splitGoalIds([l.slice(l.indexOf(':') + 1)]).length === 1);
  if (at < 0) return existing;
  lines.splice(at, 1);
  const text = lines.join('\n').replace(/\s+$/, '');
  return text ? `${text}\n` : '';
}

/** The merge bases of HEAD and the default branch's tip, with the two commits they were computed for. */
export interface DefaultBases {
  readonly head: string;
  readonly tip: string;
  readonly bases: string[];
}

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
      ...(options.allRefs ? ['--branches', '--remotes', '--tags'] : []),
      '--end-of-options', ...options.revs, '--',
    ];
    const parser = new LogStreamParser(options.onCommit);
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
    defaultBranch?: string;
    signal?: AbortSignal;
    onCommit?: (c: CommitRecord) => void;
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
      const n = await this.streamLog({ revs: ['HEAD'], allRefs: options.allRefs, trailerKey: options.trailerKey, onCommit, signal: options.signal });
      // An unborn HEAD (no commits on this branch yet) gives 0; other branches may still have history.
      if (n === 0 && options.allRefs && (await stateP).head === null) {
        return this.streamLog({ revs: [], allRefs: true, trailerKey: options.trailerKey, onCommit, signal: options.signal });
      }
      return n;
    };
    const defaultP = stateP.then((s) => defaultBranchOf(s, options.defaultBranch));
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
  private async refState(): Promise<Pick<RepoState, 'refs' | 'originHead' | 'notesTip'>> {
    const { stdout: out } = await this.git.read([
      'for-each-ref',
      '--format=%(refname)%00%(symref)%00%(objectname)%00%(objecttype)%00%(*objectname)%00%(*objecttype)',
      'refs/heads', 'refs/remotes', 'refs/tags', NOTES_REF,
    ]);
    const refs: RefInfo[] = [];
    let originHead: string | null = null;
    let notesTip: string | null = null;
    for (const line of out.split('\n')) {
      if (line.length === 0) continue;
      const [name, symref, oid, type, peeledOid, peeledType] = line.split('\0');
      // Tags of trees or blobs (or nested tags) name no commit.
      const sha = type === 'commit' ? oid : type === 'tag' && peeledType === 'commit' ? peeledOid : null;
      if (name === NOTES_REF) {
        notesTip = sha;
        continue;
      }
      if (symref) {
        if (name === ORIGIN_HEAD) originHead = symref;
        continue;
      }
      const kind = refKind(name);
      if (kind && sha) refs.push({ name, short: shortName(name), sha, kind });
    }
    return { refs, originHead, notesTip };
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
    const r = await this.git.read(['rev-parse', '-q', '--verify', `${NOTES_REF}^{commit}`], [1, 128]);
    return r.exitCode === 0 ? r.stdout.trim() || null : null;
  }

  /** Commit sha -> note text under refs/notes/goals. Two processes in all: `notes list` and one `cat-file --batch`. */
  async readNotes(): Promise<Map<string, string>> {
    return this.readNotesOf(NOTES_REF);
  }

  private async readNotesOf(ref: string): Promise<Map<string, string>> {
    const notes = new Map<string, string>();
    const list = await this.git.run(['notes', `--ref=${ref}`, 'list'], [1]);
    const pairs: [string, string][] = [];
    for (const line of list.stdout.split('\n')) {
      const sp = line.indexOf(' ');
      if (sp > 0) pairs.push([line.slice(0, sp), line.slice(sp + 1).trim()]);
    }
    if (pairs.length === 0) return notes;
    const blobs = await this.catFileBatch(pairs.map((p) => p[0]));
    for (const [blob, commit] of pairs) {
      const text = blobs.get(blob);
      if (text !== undefined) notes.set(commit, text);
    }
    return notes;
  }

  /** Contents of many blobs with ONE `git cat-file --batch` process. */
  private async catFileBatch(oids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(oids)];
    const { stdout } = await this.git.spawnBuffered(['cat-file', '--batch'], unique.join('\n') + '\n');
    const result = new Map<string, string>();
    let pos = 0;
    while (pos < stdout.length) {
      const nl = stdout.indexOf(0x0a, pos);
      if (nl === -1) break;
      const header = stdout.toString('latin1', pos, nl).split(' ');
      pos = nl + 1;
      if (header[1] === 'missing' || header.length < 3) continue;
      const size = Number(header[2]);
      result.set(header[0], stdout.toString('utf8', pos, pos + size));
      pos += size + 1; // content, then a newline
    }
    return result;
  }

  /**
   * Adds `<trailerKey>: <goalId>` to the note of `rev` under refs/notes/goals, keeping what the note already says.
   * Never touches commits. `git notes` itself overwrites the notes ref without checking what it was, so this
   * writes on a private temporary notes ref and then moves refs/notes/goals with compare-and-swap
   * (`update-ref <new> <old>`), retrying when someone else changed the notes in between.
   */
  async addNoteGoal(rev: string, goalId: string, trailerKey: string): Promise<{ sha: string; added: boolean }> {
    assertTrailerKey(trailerKey);
    assertGoalIds(goalId);
    const sha = await this.resolveCommit(rev);
    const added = await this.editNote(sha, `goal-lens: ${trailerKey}: ${goalId}`, (existing) =>
      noteHasGoal(existing, trailerKey, goalId) ? null : appendGoalTrailer(existing, trailerKey, goalId),
    );
    return { sha, added };
  }

  /**
   * Removes the `<trailerKey>: <goalId>` line from the note of `rev` (Undo of addNoteGoal), keeping everything else
   * the note says; a note left empty is removed. Same compare-and-swap as addNoteGoal.
   */
  async removeNoteGoal(rev: string, goalId: string, trailerKey: string): Promise<{ sha: string; removed: boolean }> {
    assertTrailerKey(trailerKey);
    assertGoalIds(goalId);
    const sha = await this.resolveCommit(rev);
    const removed = await this.editNote(sha, `goal-lens: undo ${trailerKey}: ${goalId}`, (existing) =>
      noteHasGoal(existing, trailerKey, goalId) ? removeGoalTrailer(existing, trailerKey, goalId) : null,
    );
    return { sha, removed };
  }

  /** Rewrites the note of `sha` under refs/notes/goals with `edit` (null: leave it; '': remove it). True when written. */
  private async editNote(sha: string, message: string, edit: (existing: string) => string | null): Promise<boolean> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 12; attempt++) {
      const tip = await this.notesTip();
      const tmp = `refs/notes/goal-lens-tmp/${process.pid}-${randomBytes(6).toString('hex')}`;
      let created = false;
      try {
        if (tip) {
          await this.git.out(['update-ref', '--no-deref', tmp, tip, '0'.repeat(tip.length)]);
          created = true;
        }
        let existing = '';
        if (tip) {
          const shown = await this.git.run(['notes', `--ref=${tmp}`, 'show', sha], [1, 128]);
          // Only "no note found" means empty: any other failure must not lead to overwriting a note.
          if (shown.exitCode !== 0 && !/no note found/i.test(shown.stderr)) throw new GitCommandError('notes show', shown.exitCode, shown.stderr);
          existing = shown.stdout;
        }
        const text = edit(existing);
        if (text === null) return false;
        if (text.trim() === '') await this.git.out(['notes', `--ref=${tmp}`, 'remove', '--ignore-missing', sha]);
        else await this.git.spawnBuffered(['notes', `--ref=${tmp}`, 'add', '-f', '-F', '-', sha], text);
        created = true;
        const newTip = (await this.git.out(['rev-parse', '--verify', tmp])).trim();
        const update = await this.git.run(['update-ref', '-m', message, NOTES_REF, newTip, tip ?? '0'.repeat(newTip.length)], [1, 128]);
        if (update.exitCode === 0) return true;
        lastError = new GitError(`refs/notes/goals changed while writing the note of ${sha}`);
      } catch (err) {
        lastError = err;
        if (!(err instanceof GitCommandError)) throw err;
      } finally {
        if (created) await this.git.run(['update-ref', '--no-deref', '-d', tmp], [1, 128]).catch(() => undefined);
      }
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 40 * (attempt + 1)));
    }
    throw lastError instanceof GitError ? lastError : new GitError(`could not update ${NOTES_REF}; try again`);
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
  async revList(include: readonly string[], exclude: readonly string[]): Promise<string[]> {
    for (const r of [...include, ...exclude]) assertSafeRev(r);
    if (include.length === 0) return [];
    const { stdout: out } = await this.git.read(['rev-list', '--end-of-options', ...include, ...exclude.map((r) => `^${r}`), '--']);
    return out.split('\n').filter((l) => l.length > 0);
  }

  /** Files a commit changed (against its first parent; all files for a root commit). */
  async changedFiles(rev: string): Promise<string[]> {
    const sha = await this.resolveCommit(rev);
    const { stdout } = await this.git.spawnBuffered(['diff-tree', '-r', '-z', '--name-only', '--no-commit-id', '--root', '-m', '--first-parent', sha]);
    return stdout.toString('utf8').split('\0').filter((s) => s.length > 0);
  }

  /**
   * Who last changed each line (`git blame --incremental`). Blames the working tree file, or `contents`
   * (e.g. an unsaved editor buffer) when given. A file git does not track yields [].
   */
  async blame(file: string, contents?: string): Promise<BlameLine[]> {
    if (file.length === 0 || file.includes('\0')) throw new UnsafeArgumentError('path', file);
    const args = ['blame', '--incremental', ...(contents !== undefined ? ['--contents', '-'] : []), '--', file];
    let stdout: Buffer;
    try {
      stdout = (await this.git.spawnBuffered(args, contents)).stdout;
    } catch (err) {
      if (err instanceof GitCommandError && /no such path|no such ref: HEAD/i.test(err.stderr)) return [];
      throw err;
    }
    const lines: (BlameLine | undefined)[] = []; // sparse: git may leave lines out
    for (const text of stdout.toString('utf8').split('\n')) {
      const m = /^([0-9a-f]{40,64}) \d+ (\d+) (\d+)$/.exec(text);
      if (!m) continue;
      const sha = m[1];
      const uncommitted = /^0+$/.test(sha);
      const first = Number(m[2]);
      const count = Number(m[3]);
      for (let i = 0; i < count; i++) lines[first - 1 + i] = { line: first + i, sha, uncommitted };
    }
    return lines.filter((l): l is BlameLine => l !== undefined);
  }

  // ---------------------------------------------------------------- config

  /** Branch short name -> `branch.<name>.goal` (several values of one key are joined with ", "). */
  async branchConfig(): Promise<Map<string, string>> {
    return (await this.loadConfig()).branchConfig;
  }

  /** The branch goals and the mailmap settings: one `git config`. */
  private async loadConfig(): Promise<Pick<RepoState, 'branchConfig' | 'mailmapConfig'>> {
    const r = await this.git.read(['config', '-z', '--get-regexp', '^(branch\\..*\\.goal|mailmap\\.(file|blob))$'], [1]);
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
  async setBranchGoal(branch: string, goalId: string): Promise<void> {
    assertSafeRev(branch, 'branch name');
    assertGoalIds(goalId);
    const ok = await this.git.run(['check-ref-format', `refs/heads/${branch}`], [1]);
    if (ok.exitCode !== 0) throw new UnsafeArgumentError('branch name', branch);
    await this.git.out(['config', '--local', '--', `branch.${branch}.goal`, goalId]);
  }

  /** Removes `branch.<branch>.goal` from this repository's config (an explicit user action). False when it was not set. */
  async unsetBranchGoal(branch: string): Promise<boolean> {
    assertSafeRev(branch, 'branch name');
    const r = await this.git.run(['config', '--local', '--unset-all', '--', `branch.${branch}.goal`], [5]);
    return r.exitCode === 0;
  }

  async userEmail(): Promise<string | null> {
    return this.configValue('user.email');
  }

  async userName(): Promise<string | null> {
    return this.configValue('user.name');
  }

  private async configValue(key: string): Promise<string | null> {
    const r = await this.git.read(['config', '--get', '--', key], [1]);
    const v = r.stdout.trim();
    return r.exitCode === 0 && v.length > 0 ? v : null;
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

/** The default branch among the refs a {@link GitRepo.state} read (see {@link pickDefaultBranch}). */
export function defaultBranchOf(state: Pick<RepoState, 'refs' | 'originHead'>, setting: string | undefined): string | null {
  return pickDefaultBranch(setting, new Set(state.refs.map((r) => r.name)), state.originHead);
}

export function pickDefaultBranch(setting: string | undefined, names: Set<string>, originHead: string | null): string | null {
  if (setting && setting.trim().length > 0) {
    const s = setting.trim();
    const candidates = s.startsWith('refs/') ? [s] : [`refs/heads/${s}`, `refs/remotes/${s}`];
    for (const c of candidates) if (names.has(c)) return c;
  }
  if (originHead && names.has(originHead)) return originHead;
  for (const c of ['refs/heads/main', 'refs/heads/master', 'refs/remotes/origin/main', 'refs/remotes/origin/master']) {
    if (names.has(c)) return c;
  }
  return null;
}

// Re-exported so callers need one import.
export { gitEnv };
