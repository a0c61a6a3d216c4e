// GoalLensModel: the cached GoalIndex of every workspace repository that has a goals file. Views only read it.
// Refreshes are debounced, never overlap (a request during a refresh runs once after it) and re-read git only
// when refs, notes, HEAD or branch config moved; a broken goals.yaml keeps the last good index, marked stale.
import { promises as fsp } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { buildIndex, type GoalIndex } from '../../core/index/goalIndex';
import { branchOfHeadRef } from '../../core/links/linkRules';
import type { GoalsFile, RepoSnapshot } from '../../core/types';
import { GitMissingError, NotARepositoryError } from '../../git/errors';
import { loadIndexCached, type CacheState } from '../../git/indexCache';
import { readGoals } from '../../git/indexLoader';
import { GitRepo } from '../../git/repo';
import { getGitApi, gitApiRepository, samePath, type GitApi } from './gitApi';
import { readSettings } from '../settings';

export interface RepoState {
  readonly root: string;
  readonly repo: GitRepo;
  /** Absolute path of the goals file. */
  readonly goalsPath: string;
  /** The last good index; undefined until one could be built. */
  readonly index: GoalIndex | undefined;
  /** The goals file as last read (may be newer than the index's when it is broken). */
  readonly goalsFile: GoalsFile | undefined;
  /** The goals file is currently broken or unreadable, or git failed: `index` is the last good one. */
  readonly stale: boolean;
  readonly error?: string;
  readonly loading: boolean;
  /** `git config user.email` of this repository, for "only my work". */
  readonly userEmail: string | null;
}

export interface ModelOptions {
  readonly log?: vscode.OutputChannel;
  /**
   * Keeps each repository's log pass on disk: a restart reads no history at all, and a new commit reads only that
   * commit (src/git/indexCache.ts).
   */
  readonly cacheDir?: string;
  /** Extra environment for git (tests put an empty PATH here to play "git is not installed"). */
  readonly gitEnv?: NodeJS.ProcessEnv;
  /**
   * The folders to look for repositories in; the workspace folders by default. Tests hand a model temporary
   * repositories this way: code-server cannot add workspace folders without reloading the window.
   */
  readonly folders?: () => readonly string[];
}

export type ModelState = 'loading' | 'noRepository' | 'noGoalsFile' | 'ready' | 'gitMissing';

type Entry = { -readonly [K in keyof RepoState]: RepoState[K] };

interface Internal {
  snapshot?: RepoSnapshot;
  snapshotKey?: string;
  /** What the last cached load walked: the next load starts from it instead of re-reading the cache file. */
  cacheState?: CacheState | null;
  /** When this model last wrote the cache file of this repository (Date.now()). */
  cacheSavedAt?: number;
  watchers: vscode.Disposable[];
}

const DEBOUNCE_MS = 300;
/** During a storm of requests (a checkout of many files, an npm install), wait for a longer quiet spell. */
const STORM_DEBOUNCE_MS = 1000;
const STORM_REQUESTS = 10;
/**
 * VS Code's file watcher coalesces changes and delivers them about every 500 ms, so a storm of writes (a checkout,
 * a build, a script rewriting goals.yaml) arrives as a few batches 500 ms apart. Only a quiet spell longer than
 * one such tick says the storm is over; measured in the harness: 200 writes in 1 s arrived as 3 batches.
 */
const WATCHER_DEBOUNCE_MS = 750;
/** The on-disk index cache is rewritten at most this often by a running editor (a restart reads what is newer). */
const CACHE_SAVE_INTERVAL_MS = 60_000;
const DISCOVER = '*';

/** True when the file cannot be trusted at all: a YAML syntax error, or nothing usable left. */
export function isBroken(file: GoalsFile): boolean {
  if (file.problems.some((p) => p.code === 'syntax' && p.severity === 'error')) return true;
  return file.goals.length === 0 && file.problems.some((p) => p.severity === 'error');
}

export class GoalLensModel implements vscode.Disposable {
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  /** Fires once after each refresh. */
  readonly onDidChange = this._onDidChange.event;

  private readonly entries = new Map<string, Entry>();
  private readonly internal = new WeakMap<Entry, Internal>();
  private _withoutGoals: GitRepo[] = [];
  private _state: ModelState = 'loading';
  private readonly pending = new Set<string>();
  private waiters: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  /** Times of the refresh requests of the last second, to tell a storm from a single change. */
  private readonly recent: number[] = [];
  /** The debounce of the pending batch: the longest any of its requests asked for. */
  private delayMs = DEBOUNCE_MS;
  private _refreshCount = 0;
  private active = 0;
  private _peakConcurrentRefreshes = 0;
  private disposed = false;
  private gitMissingShown = false;
  private gitApi: GitApi | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly apiHooks = new Map<string, vscode.Disposable>();
  /** Repositories whose git-extension HEAD changed during a refresh: compared with the new index after it. */
  private readonly headChecks = new Set<string>();
  /** Watchers of the goals file of repositories that have none yet, by root and goals path. */
  private readonly goalsFileWatchers = new Map<string, vscode.Disposable>();

  private readonly log: vscode.OutputChannel | undefined;
  private readonly cacheDir: string | undefined;
  private readonly gitEnv: NodeJS.ProcessEnv | undefined;
  private readonly folders: () => readonly string[];
  /** Folders whose repository could not be opened, with the reason already shown (each once). */
  private readonly folderErrorsShown = new Set<string>();

  constructor(options: ModelOptions = {}) {
    this.log = options.log;
    this.cacheDir = options.cacheDir;
    this.gitEnv = options.gitEnv;
    this.folders = options.folders ?? workspaceFolderPaths;
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('goalLens.goalsFile')) void this.refresh();
        else if (e.affectsConfiguration('goalLens.scope') || e.affectsConfiguration('goalLens.defaultBranch')) {
          for (const root of this.entries.keys()) void this.refresh(root);
        }
      }),
    );
    void getGitApi().then((api) => {
      if (this.disposed || !api) return;
      this.gitApi = api;
      this.disposables.push(api.onDidOpenRepository(() => this.hookGitApi()));
      this.hookGitApi();
    });
    void this.refresh();
  }

  get repositories(): readonly RepoState[] {
    return [...this.entries.values()];
  }

  /** Git repositories of the workspace that have no goals file yet. */
  get repositoriesWithoutGoals(): readonly GitRepo[] {
    return this._withoutGoals;
  }

  /** How many refreshes have run (each debounced batch of requests counts once); for tests. */
  get refreshCount(): number {
    return this._refreshCount;
  }

  /** The most refreshes that ever ran at the same time: 1, since they never overlap; for tests. */
  get peakConcurrentRefreshes(): number {
    return this._peakConcurrentRefreshes;
  }

  get state(): ModelState {
    return this._state;
  }

  /** The repository that contains `uri` (the innermost one), if it has a goals file. */
  repositoryFor(uri: vscode.Uri): RepoState | undefined {
    if (uri.scheme !== 'file') return undefined;
    let best: RepoState | undefined;
    for (const e of this.entries.values()) {
      const rel = path.relative(e.root, uri.fsPath);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      if (!best || e.root.length > best.root.length) best = e;
    }
    return best;
  }

  /**
   * Asks for a refresh of one repository (or, without `root`, a new look at the workspace and all of them).
   * Debounced; resolves when the refresh that includes this request has finished.
   */
  refresh(root?: string): Promise<void> {
    return this.request(root, DEBOUNCE_MS);
  }

  private request(root: string | undefined, delayMs: number): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.delayMs = Math.max(this.delayMs, delayMs);
    this.pending.add(root ?? DISCOVER);
    const now = Date.now();
    this.recent.push(now);
    while (this.recent.length && this.recent[0] < now - STORM_DEBOUNCE_MS) this.recent.shift();
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (!this.running) this.schedule();
    return done;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const e of this.entries.values()) this.disposeEntry(e);
    this.entries.clear();
    for (const d of this.apiHooks.values()) d.dispose();
    for (const d of this.goalsFileWatchers.values()) d.dispose();
    for (const d of this.disposables) d.dispose();
    this._onDidChange.dispose();
    for (const w of this.waiters) w();
    this.waiters = [];
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain();
    }, this.recent.length > STORM_REQUESTS ? Math.max(STORM_DEBOUNCE_MS, this.delayMs) : this.delayMs);
  }

  private async drain(): Promise<void> {
    if (this.running || this.disposed || this.pending.size === 0) return;
    this.running = true;
    this._refreshCount++;
    const batch = new Set(this.pending);
    this.pending.clear();
    this.delayMs = DEBOUNCE_MS;
    const waiters = this.waiters;
    this.waiters = [];
    this._peakConcurrentRefreshes = Math.max(this._peakConcurrentRefreshes, ++this.active);
    try {
      await this.run(batch);
    } catch (err) {
      this.log?.appendLine(`refresh failed: ${message(err)}`);
    } finally {
      this.active--;
      this.running = false;
      for (const w of waiters) w();
      if (!this.disposed) {
        this._onDidChange.fire();
        const checks = [...this.headChecks];
        this.headChecks.clear();
        for (const root of checks) this.checkHead(root);
        if (this.pending.size) this.schedule();
      }
    }
  }

  private async run(batch: Set<string>): Promise<void> {
    let roots: string[];
    if (batch.has(DISCOVER)) {
      if (!(await this.discover())) return;
      roots = [...this.entries.keys()];
    } else {
      roots = [...batch].filter((r) => this.entries.has(r));
    }
    await Promise.all(roots.map((r) => this.load(this.entries.get(r) as Entry)));
    this.updateState();
  }

  /** Finds the git repositories of the workspace folders; returns false when git is missing. */
  private async discover(): Promise<boolean> {
    const repos = new Map<string, GitRepo>();
    for (const folder of this.folders()) {
      try {
        const repo = await GitRepo.open(folder, { env: this.gitEnv });
        if (!repos.has(repo.root)) repos.set(repo.root, repo);
      } catch (err) {
        if (err instanceof GitMissingError) {
          this.gitMissing(err);
          return false;
        }
        if (!(err instanceof NotARepositoryError)) this.folderError(folder, err);
      }
    }
    const withoutGoals: GitRepo[] = [];
    const keep = new Set<string>();
    for (const [root, repo] of repos) {
      const goalsPath = path.resolve(root, readSettings(vscode.Uri.file(root)).goalsFile);
      if (!(await exists(goalsPath))) {
        withoutGoals.push(repo);
        this.watchForGoalsFile(root, goalsPath);
        continue;
      }
      keep.add(root);
      const old = this.entries.get(root);
      if (old && old.goalsPath === goalsPath) continue;
      if (old) this.disposeEntry(old);
      const entry: Entry = { root, repo, goalsPath, index: undefined, goalsFile: undefined, stale: false, loading: true, userEmail: null };
      this.entries.set(root, entry);
      const watchers = await this.watch(entry);
      this.internal.set(entry, { watchers });
      if (this.disposed) watchers.forEach((d) => d.dispose());
      entry.userEmail = await repo.userEmail().catch(() => null);
    }
    for (const [root, e] of this.entries) {
      if (!keep.has(root)) {
        this.disposeEntry(e);
        this.entries.delete(root);
      }
    }
    this._withoutGoals = withoutGoals;
    for (const [key, d] of this.goalsFileWatchers) {
      if (!withoutGoals.some((r) => key.startsWith(`${r.root}\0`))) {
        d.dispose();
        this.goalsFileWatchers.delete(key);
      }
    }
    this.hookGitApi();
    this.updateState(repos.size === 0);
    return true;
  }

  private async load(entry: Entry): Promise<void> {
    const internal = this.internal.get(entry) as Internal;
    entry.loading = true;
    try {
      const goals = await readGoals(entry.root, entry.goalsPath);
      if (!goals) {
        void this.refresh(); // the file went away: look at the workspace again
        return;
      }
      entry.goalsFile = goals.goalsFile;
      // Before the first index of this repository, let the views show the goals while the history is read.
      if (!entry.index && !isBroken(goals.goalsFile)) this._onDidChange.fire();
      if (isBroken(goals.goalsFile)) {
        const first = goals.goalsFile.problems.find((p) => p.severity === 'error');
        entry.stale = entry.index !== undefined;
        entry.error = first ? `${goals.relPath}:${first.line}:${first.column}: ${first.message}` : `${goals.relPath} cannot be read`;
        return;
      }
      const settings = readSettings(vscode.Uri.file(entry.root));
      const trailerKey = goals.goalsFile.trailer;
      const key = await this.snapshotKey(entry.repo, `${settings.scope}\0${settings.defaultBranch ?? ''}\0${trailerKey}`);
      if (!internal.snapshot || internal.snapshotKey !== key) {
        const allRefs = settings.scope === 'allRefs';
        const read = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: `Goal Lens: indexing ${path.basename(entry.root)}` },
          async () => {
            if (this.cacheDir) {
              const now = Date.now();
              const cached = await loadIndexCached(entry.root, {
                repo: entry.repo,
                cacheDir: this.cacheDir,
                goalsPath: entry.goalsPath,
                goals,
                allRefs,
                defaultBranch: settings.defaultBranch,
                previous: internal.cacheState,
                // Serializing 200,000 commits takes ~0.4 s of this thread: after every commit would be too often.
                save: now - (internal.cacheSavedAt ?? 0) >= CACHE_SAVE_INTERVAL_MS,
              });
              internal.cacheState = cached.state;
              if (cached.from !== 'warm') internal.cacheSavedAt = now;
              this.log?.appendLine(`${entry.root}: index ${cached.from}, ${cached.commitsRead} commits read from git, ${cached.commitsDropped} dropped`);
              return cached.loaded;
            }
            const snapshot = await entry.repo.readSnapshot({ allRefs, trailerKey, defaultBranch: settings.defaultBranch });
            return { snapshot, index: buildIndex(goals.goalsFile, snapshot) };
          },
        );
        internal.snapshot = read.snapshot;
        internal.snapshotKey = key;
        entry.index = read.index;
      } else {
        entry.index = buildIndex(goals.goalsFile, internal.snapshot);
      }
      entry.stale = false;
      entry.error = undefined;
    } catch (err) {
      if (err instanceof GitMissingError) this.gitMissing(err);
      entry.stale = entry.index !== undefined;
      entry.error = message(err);
      this.log?.appendLine(`${entry.root}: ${entry.error}`);
    } finally {
      entry.loading = false;
    }
  }

  /** Changes whenever anything the snapshot depends on moves: refs, HEAD, notes, branch goals, settings. */
  private async snapshotKey(repo: GitRepo, settingsKey: string): Promise<string> {
    const [tips, notes, config] = await Promise.all([repo.refTips(), repo.notesTip(), repo.branchConfig()]);
    return `${tips}\0${notes ?? ''}\0${JSON.stringify([...config])}\0${settingsKey}`;
  }

  /** A repository without a goals file: look again when one appears (created, restored, renamed back). */
  private watchForGoalsFile(root: string, goalsPath: string): void {
    const key = `${root}\0${goalsPath}`;
    if (this.goalsFileWatchers.has(key)) return;
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(goalsPath)), path.basename(goalsPath)), false, true, true);
    this.goalsFileWatchers.set(key, vscode.Disposable.from(w, w.onDidCreate(() => void this.refresh())));
  }

  /**
   * Watches the goals file and the git data the index depends on: HEAD in the work tree's git folder, and the
   * refs, packed-refs and config in the common one (they differ in a linked worktree, whose .git is a file).
   */
  private async watch(entry: Entry): Promise<vscode.Disposable[]> {
    const out: vscode.Disposable[] = [];
    const on = (base: string, glob: string) => {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(base), glob));
      const go = () => void this.request(entry.root, WATCHER_DEBOUNCE_MS);
      out.push(w, w.onDidChange(go), w.onDidCreate(go), w.onDidDelete(go));
    };
    on(path.dirname(entry.goalsPath), path.basename(entry.goalsPath));
    const dotGit = path.join(entry.root, '.git');
    const { gitDir, commonDir } = await entry.repo.gitDirs().catch(() => ({ gitDir: dotGit, commonDir: dotGit }));
    if (samePath(gitDir, commonDir)) on(gitDir, '{HEAD,config,packed-refs}');
    else {
      on(gitDir, 'HEAD');
      on(commonDir, '{config,packed-refs}');
    }
    on(commonDir, 'refs/**');
    return out;
  }

  /** Follows the built-in git extension's repository events, for repositories it has opened. */
  private hookGitApi(): void {
    const api = this.gitApi;
    if (!api) return;
    for (const root of this.entries.keys()) {
      if (this.apiHooks.has(root)) continue;
      const r = gitApiRepository(api, root);
      if (!r) continue;
      // The state changes with every working-tree edit; only a HEAD that differs from the index's (a commit or a
      // checkout the file watcher missed, as in a worktree, whose .git is a file) asks for a refresh. While a
      // refresh is due or running, the check waits for it: that refresh usually brings the index up to HEAD.
      this.apiHooks.set(
        root,
        r.state.onDidChange(() => {
          if (this.running || this.timer) this.headChecks.add(root);
          else this.checkHead(root);
        }),
      );
    }
    for (const [root, d] of this.apiHooks) {
      if (![...this.entries.keys()].some((k) => samePath(k, root))) {
        d.dispose();
        this.apiHooks.delete(root);
      }
    }
  }

  /** Refreshes `root` when the git extension's HEAD differs from the one its index was built at. */
  private checkHead(root: string): void {
    const head = this.gitApi && gitApiRepository(this.gitApi, root)?.state.HEAD;
    const index = this.entries.get(root)?.index;
    if (!head?.commit || !index) return; // the git extension has not read HEAD yet, or the first index is on its way
    const branch = branchOfHeadRef(index.headRef);
    if (head.commit !== index.head || (head.name && branch && head.name !== branch)) void this.refresh(root);
  }

  private disposeEntry(e: Entry): void {
    for (const d of this.internal.get(e)?.watchers ?? []) d.dispose();
    this.apiHooks.get(e.root)?.dispose();
    this.apiHooks.delete(e.root);
  }

  private updateState(noRepository = false): void {
    if (this._state === 'gitMissing') return;
    if (this.entries.size > 0) this._state = 'ready';
    else if (noRepository || this._withoutGoals.length === 0) this._state = 'noRepository';
    else this._state = 'noGoalsFile';
    void vscode.commands.executeCommand('setContext', 'goalLens.state', this._state);
  }

  /** A folder that is a repository Goal Lens cannot read (bare, refused by git's safe.directory): say so, once. */
  private folderError(folder: string, err: unknown): void {
    const text = message(err);
    this.log?.appendLine(`${folder}: ${text}`);
    const key = `${folder}\0${text}`;
    if (this.folderErrorsShown.has(key)) return;
    this.folderErrorsShown.add(key);
    void vscode.window.showWarningMessage(`Goal Lens: ${text}`);
  }

  private gitMissing(err: Error): void {
    this._state = 'gitMissing';
    void vscode.commands.executeCommand('setContext', 'goalLens.state', this._state);
    if (this.gitMissingShown) return;
    this.gitMissingShown = true;
    void vscode.window.showErrorMessage(`Goal Lens: ${err.message}`);
  }
}

function workspaceFolderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Whether anything is at `file`: a folder where goals.yaml should be is then said so by the load, not hidden. */
async function exists(file: string): Promise<boolean> {
  try {
    await fsp.stat(file);
    return true;
  } catch {
    return false;
  }
}
