// One repository with a goals file: its watchers, and its state, an immutable value replaced whole by each load.
// A load reads goals.yaml, then the cached index load (src/git/indexCache.ts) with what the previous load walked:
// that one call tells what changed in git and reads only that. A broken goals.yaml keeps the last good index,
// marked stale.
import * as vscode from 'vscode';
import type { GoalIndex } from '../../core/index/goalIndex';
import { branchOfHeadRef } from '../../core/links/linkRules';
import type { GoalsFile, Problem } from '../../core/types';
import { GitMissingError } from '../../git/errors';
import type { DeliveryLog } from '../../core/figures/deliveries';
import { loadIndexCached, type CacheSource, type CacheState } from '../../git/indexCache';
import { paced } from '../../git/paced';
import { timelineForSteps } from '../../core/figures/timeline';
import { flowBookSteps } from '../../core/figures/flowBook';
import { loadDeliveries, type FlowState } from '../../git/mainline';
import { readGoals, type LoadedGoals } from '../../git/indexLoader';
import type { GitRepo } from '../../git/repo';
import { path } from '../nodeAdapter';
import { repositorySettings } from '../settings';
import { gitApiRepository, samePath, type GitApi } from './gitApi';
import { mergedHeadOf, type MergedHead } from './mergedHead';

/** What views read of one repository. Never changed in place: each change is a new object. */
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
  /** `git config user.email` of this repository, for "only my work": read again by every load (Refresh, a config change). */
  readonly userEmail: string | null;
  /** The checked-out branch when it is already merged into the default branch (./mergedHead.ts). */
  readonly mergedHead?: MergedHead;
  /** The default branch's deliveries (flow), worked out for the index; undefined until read. */
  readonly deliveries?: DeliveryLog;
  /** What the last index load read from git (for the log and tests): warm reads no history. */
  readonly lastLoad?: { readonly from: CacheSource; readonly ms: number };
}

/** What a repository needs from the model that holds it. */
export interface RepositoryHost {
  /** Folder for the on-disk index cache (one file per repository and scope). */
  readonly cacheDir: string;
  readonly log?: vscode.OutputChannel;
  /** Asks for a refresh of this repository, after at least `delayMs` of quiet. */
  requestRefresh(root: string, delayMs: number): void;
  /** The state of this repository changed (also called for the first goals read, before the index). */
  publish(state: RepoState): void;
  gitMissing(err: GitMissingError): void;
}

/** VS Code's file watcher delivers changes about every 500 ms: a storm of writes arrives as batches that far apart. */
export const WATCHER_DEBOUNCE_MS = 750;
/** The on-disk index cache is rewritten at most this often by a running editor (a restart reads what is newer). */
const CACHE_SAVE_INTERVAL_MS = 60_000;

/** True when the file cannot be trusted at all: a YAML syntax error, or nothing usable left. */
export function isBroken(file: GoalsFile): boolean {
  return brokenBy(file) !== undefined;
}

/** The error that makes the file unusable (a syntax error first), or undefined when it can be used. */
export function brokenBy(file: GoalsFile): Problem | undefined {
  const errors = file.problems.filter((p) => p.severity === 'error');
  return errors.find((p) => p.code === 'syntax') ?? (file.goals.length === 0 ? errors[0] : undefined);
}

export class RepositoryModel implements vscode.Disposable {
  private _state: RepoState;
  /** What the last cached load walked: the next load starts from it instead of re-reading the cache file. */
  private cacheState: CacheState | null = null;
  private cacheSavedAt = 0;
  /** What the last deliveries read worked out: the next one reads and works out only the chain's new commits. */
  private flowState: FlowState | null = null;
  private allRefs: boolean | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly watchers: vscode.Disposable[] = [];
  private apiHook: vscode.Disposable | undefined;
  /**
   * The shared goals files on disk that goals.yaml `extends` (the first, and those further up a chain): edited
   * outside this repository, so watched apart. `files` is their paths joined, to tell when the chain changed.
   */
  private sharedWatch: { files: string; disposable: vscode.Disposable } | undefined;
  private disposed = false;

  constructor(
    repo: GitRepo,
    goalsPath: string,
    private readonly host: RepositoryHost,
  ) {
    this._state = Object.freeze({ root: repo.root, repo, goalsPath, index: undefined, goalsFile: undefined, stale: false, loading: true, userEmail: null });
  }

  get root(): string {
    return this._state.root;
  }

  get state(): RepoState {
    return this._state;
  }

  /** Starts watching and reads the user's email; the first load follows. */
  async start(): Promise<void> {
    const watchers = await this.watch();
    if (this.disposed) {
      for (const d of watchers) d.dispose();
      return;
    }
    this.watchers.push(...watchers);
    const userEmail = await this._state.repo.userEmail().catch(() => null);
    this.set({ userEmail });
  }

  /** Reads goals.yaml and the index. Returns false when the goals file is gone (the workspace needs a new look). */
  async load(): Promise<boolean> {
    const root = this.root;
    this.set({ loading: true });
    try {
      // Read each time: the user may change user.email (here or in ~/.gitconfig) at any time.
      const [goals, userEmail] = await Promise.all([readGoals(root, this._state.goalsPath), this._state.repo.userEmail().catch(() => null)]);
      if (!goals) return false;
      this.set({ userEmail });
      this.watchSharedFile(goals);
      const first = brokenBy(goals.goalsFile);
      if (first) {
        this.set({
          goalsFile: goals.goalsFile,
          stale: this._state.index !== undefined,
          error: `${first.file}:${first.line}:${first.column}: ${first.message}`,
        });
        return true;
      }
      // Before the first index of this repository, let the views show the goals while the history is read.
      // A mended goals file's error goes with it: the old one would read as if the file were still broken.
      if (!this._state.index) this.host.publish(this.set({ goalsFile: goals.goalsFile, error: undefined }));
      const settings = repositorySettings(vscode.Uri.file(root));
      const allRefs = settings.scope === 'allRefs';
      const now = Date.now();
      // Serializing a long history takes a while on this thread: after every commit would be too often.
      const save = now - this.cacheSavedAt >= CACHE_SAVE_INTERVAL_MS;
      const load = () =>
        loadIndexCached(root, {
          repo: this._state.repo,
          cacheDir: this.host.cacheDir,
          goalsPath: this._state.goalsPath,
          goals,
          allRefs,
          defaultBranch: settings.defaultBranch,
          previous: this.cacheState,
          save,
          paced: true, // the host thread is every extension's: long work gives it turns
        });
      // Only a load that may read the whole history shows progress; the usual one reads what changed.
      const cached =
        this.cacheState && this.allRefs === allRefs
          ? await load()
          : await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Goal Lens: indexing ${path.basename(root)}` }, load);
      this.cacheState = cached.state;
      this.allRefs = allRefs;
      this.saving = cached.saved;
      if (save && cached.from !== 'warm') this.cacheSavedAt = now;
      // Flow is read after the index, from what the last read kept; a failure leaves flow out, never the index.
      const flow = await loadDeliveries(this._state.repo, cached.loaded.index, this.flowState, { paced: true }).catch((err: unknown) => {
        this.host.log?.appendLine(`${root}: deliveries not read: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      });
      this.flowState = flow;
      const lastLoad = { from: cached.from, ms: Date.now() - now };
      this.host.log?.appendLine(`${root}: index ${cached.from} in ${lastLoad.ms} ms`);
      // The figures' timeline and flow, built in pieces before the views ask for figures (kept after an update).
      await paced(timelineForSteps(cached.loaded.index));
      if (flow) await paced(flowBookSteps(cached.loaded.index, flow.log));
      const mergedHead = await mergedHeadOf(this._state.repo, cached.loaded.index, this._state.mergedHead).catch(() => undefined);
      this.set({ goalsFile: goals.goalsFile, index: cached.loaded.index, deliveries: flow?.log, stale: false, error: undefined, lastLoad, mergedHead });
    } catch (err) {
      if (err instanceof GitMissingError) this.host.gitMissing(err);
      const error = err instanceof Error ? err.message : String(err);
      this.set({ stale: this._state.index !== undefined, error });
      this.host.log?.appendLine(`${root}: ${error}`);
    } finally {
      this.set({ loading: false });
    }
    return true;
  }

  /** Resolves when the cache file that the last load writes is written (never rejects). */
  get saved(): Promise<void> {
    return this.saving;
  }

  /** Follows the built-in git extension's events for this repository, once it has opened it. */
  hookGitApi(api: GitApi, onStateChange: () => void): void {
    if (this.apiHook || this.disposed) return;
    const r = gitApiRepository(api, this.root);
    if (r) this.apiHook = r.state.onDidChange(onStateChange);
  }

  /**
   * Whether the git extension's HEAD differs from the one the index was built at (a commit or a checkout the file
   * watcher missed, as in a worktree, whose .git is a file). False while it has not read HEAD, or before the first index.
   */
  headMoved(api: GitApi): boolean {
    const head = gitApiRepository(api, this.root)?.state.HEAD;
    const index = this._state.index;
    if (!head?.commit || !index) return false;
    const branch = branchOfHeadRef(index.headRef);
    return head.commit !== index.head || (!!head.name && !!branch && head.name !== branch);
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.watchers) d.dispose();
    this.watchers.length = 0;
    this.apiHook?.dispose();
    this.apiHook = undefined;
    this.sharedWatch?.disposable.dispose();
    this.sharedWatch = undefined;
  }

  private set(change: Partial<Omit<RepoState, 'root' | 'repo' | 'goalsPath'>>): RepoState {
    this._state = Object.freeze({ ...this._state, ...change });
    return this._state;
  }

  /** Watches every shared goals file of the extends chain that lives on disk: a save refreshes this repository. */
  private watchSharedFile(goals: LoadedGoals): void {
    const source = goals.goalsFile.extends;
    // The first file even when missing (creating it loads it), then every file of the chain read from disk.
    const first = source?.kind === 'path' ? [path.resolve(path.dirname(goals.absPath), source.path)] : [];
    const chain = (goals.goalsFile.shared?.files ?? []).flatMap((f) => (f.location.kind === 'path' ? [f.location.path] : []));
    const files = [...new Set([...first, ...chain])];
    const key = files.join('\0');
    if (this.sharedWatch?.files === key) return;
    this.sharedWatch?.disposable.dispose();
    this.sharedWatch = undefined;
    if (files.length === 0 || this.disposed) return;
    const go = () => this.host.requestRefresh(this.root, WATCHER_DEBOUNCE_MS);
    const watchers = files.map((file) => {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
      return vscode.Disposable.from(w, w.onDidChange(go), w.onDidCreate(go), w.onDidDelete(go));
    });
    this.sharedWatch = { files: key, disposable: vscode.Disposable.from(...watchers) };
  }

  /**
   * Watches the goals file and the git data the index depends on: HEAD in the work tree's git folder, and the
   * refs, packed-refs and config in the common one (they differ in a linked worktree, whose .git is a file).
   */
  private async watch(): Promise<vscode.Disposable[]> {
    const { root, goalsPath, repo } = this._state;
    const out: vscode.Disposable[] = [];
    const on = (base: string, glob: string) => {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(base), glob));
      const go = () => this.host.requestRefresh(root, WATCHER_DEBOUNCE_MS);
      out.push(w, w.onDidChange(go), w.onDidCreate(go), w.onDidDelete(go));
    };
    on(path.dirname(goalsPath), path.basename(goalsPath));
    const dotGit = path.join(root, '.git');
    const { gitDir, commonDir } = await repo.gitDirs().catch(() => ({ gitDir: dotGit, commonDir: dotGit }));
    if (samePath(gitDir, commonDir)) on(gitDir, '{HEAD,config,packed-refs}');
    else {
      on(gitDir, 'HEAD');
      on(commonDir, '{config,packed-refs}');
    }
    on(commonDir, 'refs/**');
    return out;
  }
}
