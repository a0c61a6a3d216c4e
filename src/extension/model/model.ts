// GoalLensModel: the repositories of the workspace that have a goals file, each a RepositoryModel whose state
// views read. It ties the jobs together: discovery (discovery.ts), one object per repository (repository.ts), the
// refresh scheduler (scheduler.ts), the built-in git extension's events (gitApi.ts) and the messages it shows.
import * as vscode from 'vscode';
import type { GitMissingError } from '../../git/errors';
import type { GitRepo } from '../../git/repo';
import { path } from '../nodeAdapter';
import { affects, affectsResource, repositorySettings } from '../settings';
import { discoverRepositories } from './discovery';
import { getGitApi, samePath, type GitApi } from './gitApi';
import { RepositoryModel, type RepoState } from './repository';
import { RefreshScheduler } from './scheduler';

export { brokenBy, isBroken, type RepoState } from './repository';

export interface ModelOptions {
  readonly log?: vscode.OutputChannel;
  /**
   * Keeps each repository's log pass on disk: a restart reads no history at all, and a new commit reads only that
   * commit (src/git/indexCache.ts).
   */
  readonly cacheDir: string;
  /** Extra environment for git (tests put an empty PATH here to play "git is not installed"). */
  readonly gitEnv?: NodeJS.ProcessEnv;
  /**
   * The folders to look for repositories in; the workspace folders by default. Tests hand a model temporary
   * repositories this way: code-server cannot add workspace folders without reloading the window.
   */
  readonly folders?: () => readonly string[];
}

export type ModelState = 'loading' | 'noRepository' | 'noGoalsFile' | 'ready' | 'gitMissing';

/** The scheduler's key for "look at the workspace again, then refresh every repository". */
const DISCOVER = '';

export class GoalLensModel implements vscode.Disposable {
  private readonly _onDidChange = new vscode.EventEmitter<RepoState | undefined>();
  /**
   * Fires with the new state of a repository that changed, or with undefined when the set of repositories or the
   * model's state may have changed (after each look at the workspace).
   */
  readonly onDidChange = this._onDidChange.event;

  private readonly repos = new Map<string, RepositoryModel>();
  private _withoutGoals: GitRepo[] = [];
  private _state: ModelState = 'loading';
  private readonly scheduler: RefreshScheduler<string>;
  private disposed = false;
  private gitApi: GitApi | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Repositories whose git-extension HEAD changed during a refresh: compared with the new index after it. */
  private readonly headChecks = new Set<string>();
  /** Watchers of the goals file of repositories that have none yet, by root and goals path. */
  private readonly goalsFileWatchers = new Map<string, vscode.Disposable>();
  private readonly messages: Messages;

  private readonly log: vscode.OutputChannel | undefined;
  private readonly cacheDir: string;
  private readonly gitEnv: NodeJS.ProcessEnv | undefined;
  private readonly folders: () => readonly string[];

  constructor(options: ModelOptions) {
    this.log = options.log;
    this.cacheDir = options.cacheDir;
    this.gitEnv = options.gitEnv;
    this.folders = options.folders ?? workspaceFolderPaths;
    this.messages = new Messages(this.log);
    this.scheduler = new RefreshScheduler<string>(
      (batch) => this.run(batch),
      (batch) => this.afterRun(batch),
    );
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'goalsFile')) void this.refresh();
        else {
          for (const root of this.repos.keys()) if (affectsResource(e, vscode.Uri.file(root), 'scope', 'defaultBranch')) void this.refresh(root);
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

  /** The current state of each repository that has a goals file. */
  get repositories(): readonly RepoState[] {
    return [...this.repos.values()].map((r) => r.state);
  }

  /** Git repositories of the workspace that have no goals file yet. */
  get repositoriesWithoutGoals(): readonly GitRepo[] {
    return this._withoutGoals;
  }

  /** How many refreshes have run (each debounced batch of requests counts once); for tests. */
  get refreshCount(): number {
    return this.scheduler.runs;
  }

  /** The most refreshes that ever ran at the same time: 1, since they never overlap; for tests. */
  get peakConcurrentRefreshes(): number {
    return this.scheduler.peakConcurrent;
  }

  get state(): ModelState {
    return this._state;
  }

  /** The repository that contains `uri` (the innermost one), if it has a goals file. */
  repositoryFor(uri: vscode.Uri): RepoState | undefined {
    if (uri.scheme !== 'file') return undefined;
    let best: RepoState | undefined;
    for (const r of this.repos.values()) {
      const rel = path.relative(r.root, uri.fsPath);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      if (!best || r.root.length > best.root.length) best = r.state;
    }
    return best;
  }

  /**
   * Asks for a refresh of one repository (or, without `root`, a new look at the workspace and all of them).
   * Debounced; resolves when the refresh that includes this request has finished.
   */
  refresh(root?: string): Promise<void> {
    return this.scheduler.request(root ?? DISCOVER);
  }

  /** Resolves when every index cache file being written has been written (tests wait for it before removing the folder). */
  async cacheWritten(): Promise<void> {
    await Promise.all([...this.repos.values()].map((r) => r.saved));
  }

  dispose(): void {
    this.disposed = true;
    this.scheduler.dispose();
    for (const r of this.repos.values()) r.dispose();
    this.repos.clear();
    for (const d of this.goalsFileWatchers.values()) d.dispose();
    for (const d of this.disposables) d.dispose();
    this._onDidChange.dispose();
  }

  private async run(batch: ReadonlySet<string>): Promise<void> {
    try {
      let roots: string[];
      if (batch.has(DISCOVER)) {
        if (!(await this.discover())) return;
        roots = [...this.repos.keys()];
      } else {
        roots = [...batch].filter((r) => this.repos.has(r));
      }
      await Promise.all(
        roots.map(async (root) => {
          const r = this.repos.get(root);
          if (!r) return;
          const present = await r.load();
          if (this.disposed || this.repos.get(root) !== r) return;
          if (present) this._onDidChange.fire(r.state);
          else void this.refresh(); // the goals file went away: look at the workspace again
        }),
      );
      this.updateState();
    } catch (err) {
      this.log?.appendLine(`refresh failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private afterRun(batch: ReadonlySet<string>): void {
    if (batch.has(DISCOVER)) this._onDidChange.fire(undefined);
    const checks = [...this.headChecks];
    this.headChecks.clear();
    for (const root of checks) this.checkHead(root);
  }

  /** Looks at the workspace again; returns false when git is missing. */
  private async discover(): Promise<boolean> {
    const found = await discoverRepositories(this.folders(), {
      gitEnv: this.gitEnv,
      goalsFileOf: (root) => repositorySettings(vscode.Uri.file(root)).goalsFile,
    });
    if (found.kind === 'gitMissing') {
      this.gitMissing(found.error);
      return false;
    }
    for (const { folder, error } of found.folderErrors) this.messages.folderError(folder, error);
    const keep = new Set<string>();
    for (const { repo, goalsPath } of found.withGoals) {
      keep.add(repo.root);
      const old = this.repos.get(repo.root);
      if (old && old.state.goalsPath === goalsPath) continue;
      old?.dispose();
      const r = new RepositoryModel(repo, goalsPath, {
        cacheDir: this.cacheDir,
        log: this.log,
        requestRefresh: (root, delayMs) => void this.scheduler.request(root, delayMs),
        publish: (state) => this._onDidChange.fire(state),
        gitMissing: (err) => this.gitMissing(err),
      });
      this.repos.set(repo.root, r);
      await r.start();
    }
    for (const [root, r] of this.repos) {
      if (!keep.has(root)) {
        r.dispose();
        this.repos.delete(root);
      }
    }
    this._withoutGoals = found.withoutGoals.map((f) => f.repo);
    this.watchForGoalsFiles(found.withoutGoals.map((f) => `${f.repo.root}\0${f.goalsPath}`));
    this.hookGitApi();
    this.updateState(found.withGoals.length + found.withoutGoals.length === 0);
    return true;
  }

  /** Repositories without a goals file: look again when one appears (created, restored, renamed back). */
  private watchForGoalsFiles(keys: readonly string[]): void {
    for (const key of keys) {
      if (this.goalsFileWatchers.has(key)) continue;
      const goalsPath = key.slice(key.indexOf('\0') + 1);
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(goalsPath)), path.basename(goalsPath)), false, true, true);
      this.goalsFileWatchers.set(key, vscode.Disposable.from(w, w.onDidCreate(() => void this.refresh())));
    }
    for (const [key, d] of this.goalsFileWatchers) {
      if (!keys.includes(key)) {
        d.dispose();
        this.goalsFileWatchers.delete(key);
      }
    }
  }

  /** Follows the built-in git extension's repository events, for the repositories it has opened. */
  private hookGitApi(): void {
    const api = this.gitApi;
    if (!api) return;
    for (const r of this.repos.values()) {
      // The state changes with every working-tree edit; only a HEAD that differs from the index's asks for a
      // refresh. While a refresh is due or running, the check waits for it: it usually brings the index up to HEAD.
      r.hookGitApi(api, () => {
        if (this.scheduler.busy) this.headChecks.add(r.root);
        else this.checkHead(r.root);
      });
    }
  }

  private checkHead(root: string): void {
    const r = [...this.repos.values()].find((x) => samePath(x.root, root));
    if (r && this.gitApi && r.headMoved(this.gitApi)) void this.refresh(r.root);
  }

  private updateState(noRepository = false): void {
    if (this._state === 'gitMissing') return;
    if (this.repos.size > 0) this._state = 'ready';
    else if (noRepository || this._withoutGoals.length === 0) this._state = 'noRepository';
    else this._state = 'noGoalsFile';
    void vscode.commands.executeCommand('setContext', 'goalLens.state', this._state);
  }

  private gitMissing(err: GitMissingError): void {
    this._state = 'gitMissing';
    void vscode.commands.executeCommand('setContext', 'goalLens.state', this._state);
    this.messages.gitMissing(err);
  }
}

/** The notifications the model shows: each one once, and every one in the log. */
class Messages {
  private gitMissingShown = false;
  private readonly folderErrorsShown = new Set<string>();

  constructor(private readonly log: vscode.OutputChannel | undefined) {}

  gitMissing(err: Error): void {
    if (this.gitMissingShown) return;
    this.gitMissingShown = true;
    void vscode.window.showErrorMessage(`Goal Lens: ${err.message}`);
  }

  /** A folder that is a repository Goal Lens cannot read (bare, refused by git's safe.directory). */
  folderError(folder: string, err: unknown): void {
    const text = err instanceof Error ? err.message : String(err);
    this.log?.appendLine(`${folder}: ${text}`);
    const key = `${folder}\0${text}`;
    if (this.folderErrorsShown.has(key)) return;
    this.folderErrorsShown.add(key);
    void vscode.window.showWarningMessage(`Goal Lens: ${text}`);
  }
}

/** The workspace folders on disk. */
function workspaceFolderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}
