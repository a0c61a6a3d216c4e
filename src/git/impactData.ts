// The I/O behind impact: CODEOWNERS, tracked files, importers of a file, and which files each commit changed.
// Everything is cached per HEAD (and per file mtime for the working tree sources), so the Impact view can ask
// again on every editor change. Git runs without a shell, with arguments after --end-of-options / `--`.
import { promises as fsp } from 'fs';
import * as path from 'path';
import { CODEOWNERS_LOCATIONS, ownerLookup, ownersOf, parseCodeowners, type Codeowners } from '../core/impact/codeowners';
import type { GoalIndex } from '../core/index/goalIndex';
import {
  indirectImpact,
  isUnder,
  ownerRollup,
  pathImpact,
  type FullImpact,
  type OwnerImpact,
} from '../core/impact/impact';
import { dependentFolders } from '../core/impact/deps/graph';
import { ownerDependents, type OwnerDependents } from '../core/impact/ownerReport';
import { DependencyGraphData, depsCacheFile, type GraphBuild } from './depGraph';
import { completeCommitFiles } from './commitFiles';
import { spawnGitStream } from './exec';
import type { GitRepo } from './repo';

export type { FullImpact };

export interface LoadedCodeowners {
  /** Repository path of the file read, e.g. .github/CODEOWNERS. */
  path: string;
  codeowners: Codeowners;
}



/** Per-repository impact data. Create one per GitRepo and keep it: its caches are what make it fast. */
export class ImpactData {
  private headKey: string | null | undefined;
  private files: Promise<string[]> | undefined;
  private commitFilesCache = new Map<string, Promise<Map<string, string[]>>>();
  private touchingCache = new Map<string, Promise<string[]>>();
  private readonly deps: DependencyGraphData;

  constructor(readonly repo: GitRepo, options: { cacheDir?: string } = {}) {
    this.deps = new DependencyGraphData(repo.root, options.cacheDir ? depsCacheFile(options.cacheDir, repo.root) : undefined);
  }

  /** Drops the caches when HEAD moved. Call before each query (cheap: one rev-parse). */
  private async sync(): Promise<void> {
    const head = await this.repo.head();
    if (head === this.headKey) return;
    this.headKey = head;
    this.files = undefined;
    this.commitFilesCache.clear();
    this.touchingCache.clear();
  }

  /**
   * Working-tree files changed: the next query reads `files` again (absolute or repository-relative paths), or,
   * without them, every file whose mtime or size changed.
   */
  invalidateWorkingTree(files?: readonly string[]): void {
    this.deps.invalidate(files?.map((f) => (path.isAbsolute(f) ? path.relative(this.repo.root, f) : f).split(path.sep).join('/')));
  }

  /** Resolves when the dependency facts the last query found are written to disk. */
  get depsWritten(): Promise<void> {
    return this.deps.written;
  }

  /** The CODEOWNERS file, from the first location GitHub/GitLab look at; null when there is none. */
  async codeowners(): Promise<LoadedCodeowners | null> {
    for (const rel of CODEOWNERS_LOCATIONS) {
      try {
        const text = await fsp.readFile(path.join(this.repo.root, rel), 'utf8');
        return { path: rel, codeowners: parseCodeowners(text, rel) };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') throw err;
      }
    }
    return null;
  }

  /** Tracked files (`git ls-files -z`), '/'-separated, relative to the root. */
  async trackedFiles(): Promise<string[]> {
    await this.sync();
    if (!this.files) {
      this.files = this.gitOut(['ls-files', '-z', '--full-name']).then((b) => b.toString('utf8').split('\0').filter((s) => s.length > 0));
      this.files.catch(() => (this.files = undefined));
    }
    return this.files;
  }

  /** Commits (shas) reachable from HEAD that changed the path (GitRepo.commitsTouching, cached per HEAD). */
  async commitsTouching(rel: string, options: { allRefs?: boolean } = {}): Promise<string[]> {
    await this.sync();
    const key = `${options.allRefs ? 'all' : 'head'}\0${rel || '.'}`;
    let p = this.touchingCache.get(key);
    if (!p) {
      p = this.repo.commitsTouching(rel || '.', options);
      this.touchingCache.set(key, p);
      p.catch(() => this.touchingCache.delete(key));
    }
    return p;
  }

  /** The repository's dependency graph (every language Impact reads), built once per HEAD, updated for saved files. */
  async dependencyGraph(): Promise<GraphBuild> {
    await this.sync();
    return this.deps.graph(() => this.trackedFiles(), this.headKey ?? '');
  }

  /** Files that depend on `target` (a file, or any file inside a folder) directly: one hop. */
  async importersOf(target: string, isFolder = false): Promise<string[]> {
    const { graph } = await this.dependencyGraph();
    return graph.dependentsOf(target, isFolder).filter((d) => d.distance === 1).map((d) => d.path);
  }

  /**
   * Commit sha -> files it changed (against its first parent; `--no-renames`: both names of a rename), for the
   * non-merge commits reachable from HEAD (or from every branch, remote branch and tag). ONE streamed
   * `git log --name-only -z` pass, cached per HEAD. File names are interned: each string is stored once.
   */
  async commitFiles(options: { allRefs?: boolean; signal?: AbortSignal } = {}): Promise<Map<string, string[]>> {
    await this.sync();
    const key = options.allRefs ? 'all' : 'head';
    let p = this.commitFilesCache.get(key);
    if (!p) {
      p = this.streamCommitFiles(!!options.allRefs, options.signal);
      this.commitFilesCache.set(key, p);
      p.catch(() => this.commitFilesCache.delete(key));
    }
    return p;
  }

  /** The shared whole-history read (see completeCommitFiles): the suggestions use the same one. */
  private streamCommitFiles(allRefs: boolean, signal?: AbortSignal): Promise<Map<string, string[]>> {
    return completeCommitFiles(this.repo, this.headKey ?? null, allRefs, signal);
  }

  /** File -> commits that changed it, from one commitFiles map (kept while that map lives). */
  private static byFile = new WeakMap<ReadonlyMap<string, readonly string[]>, Map<string, string[]>>();

  static commitsByFile(commitFiles: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
    let m = ImpactData.byFile.get(commitFiles);
    if (!m) {
      m = new Map();
      for (const [sha, files] of commitFiles) {
        for (const f of files) {
          const list = m.get(f);
          if (list) list.push(sha);
          else m.set(f, [sha]);
        }
      }
      ImpactData.byFile.set(commitFiles, m);
    }
    return m;
  }

  /** Declared, history, through dependents (every hop) and owner impact of a file or folder. */
  async fullImpact(index: GoalIndex, rel: string, isFolder: boolean, options: { allRefs?: boolean } = {}): Promise<FullImpact> {
    const p = rel.replace(/\\/g, '/').replace(/^\.\/|\/$/g, '');
    const [shas, build, commitFiles, co] = await Promise.all([
      this.commitsTouching(p || '.', options),
      p === '' ? Promise.resolve(undefined) : this.dependencyGraph(),
      this.commitFiles(options),
      this.codeowners(),
    ]);
    const base = pathImpact(index, p, isFolder, shas);
    const dependents = build ? build.graph.dependentsOf(p, isFolder) : [];
    const byFile = ImpactData.commitsByFile(commitFiles);
    const indirect = indirectImpact(index, dependents.map((d) => ({ path: d.path, distance: d.distance, shas: byFile.get(d.path) ?? [] })), shas);
    const importers = dependents.filter((d) => d.distance === 1).map((d) => d.path);
    const lookup = ownerLookup(co?.codeowners ?? null);
    let owners: string[] = [];
    if (co && !isFolder) owners = ownersOf(co.codeowners, p).owners;
    else if (co) {
      // A folder's owners: those of the tracked files under it, the owner of most files first.
      const count = new Map<string, number>();
      for (const f of await this.trackedFiles()) {
        if (!isUnder(f, p)) continue;
        for (const o of lookup(f)) count.set(o, (count.get(o) ?? 0) + 1);
      }
      owners = [...count.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([o]) => o);
    }
    // The owners' roll-up counts the very commits the path's own rows count (git log -- path, with git's history
    // simplification), so that one file's figures come from one count; commitFiles only says which files each changed.
    const pathCommitFiles = new Map<string, readonly string[]>();
    for (const sha of shas) pathCommitFiles.set(sha, commitFiles.get(sha) ?? (isFolder ? [] : [p]));
    const rollup = co ? ownerRollup(index, pathCommitFiles, lookup, { include: (f) => (isFolder ? isUnder(f, p) : f === p) }) : [];
    return { ...base, isFolder, importers, dependents, dependentFolders: dependentFolders(dependents), indirect, owners, ownerRollup: rollup, codeownersPath: co?.path ?? null };
  }

  /**
   * `report --by owner`: every owner's split over goals, over all the files each commit changed, and (unless
   * `dependents` is false, or there is no CODEOWNERS) the goals served through the files of others that depend on its files.
   */
  async ownerReport(
    index: GoalIndex,
    options: { allRefs?: boolean; include?: (file: string) => boolean; dependents?: boolean } = {},
  ): Promise<{ codeownersPath: string | null; owners: OwnerImpact[]; dependents?: Map<string, OwnerDependents> }> {
    const co = await this.codeowners();
    // Without CODEOWNERS every file is "(no owner)": no file of another owner can depend on it, so no graph.
    const [commitFiles, build] = await Promise.all([this.commitFiles(options), options.dependents === false || !co ? undefined : this.dependencyGraph()]);
    const lookup = ownerLookup(co?.codeowners ?? null);
    const owners = ownerRollup(index, commitFiles, lookup, { include: options.include });
    if (!build) return { codeownersPath: co?.path ?? null, owners };
    const byFile = ImpactData.commitsByFile(commitFiles);
    const dependents = new Map(owners.map((o) => [o.owner, ownerDependents(index, build.graph, o.owner, lookup, commitFiles, byFile, options.include)]));
    return { codeownersPath: co?.path ?? null, owners, dependents };
  }

  private gitOut(args: string[], okCodes: number[] = []): Promise<Buffer> {
    const chunks: Buffer[] = [];
    return spawnGitStream(this.repo.root, this.repo.env, args, (b) => chunks.push(b), { okCodes }).then(() => Buffer.concat(chunks));
  }
}

const perRepo = new WeakMap<GitRepo, ImpactData>();

/**
 * The shared ImpactData of a repository (so the CLI, the view and the decorations share caches). With a
 * cacheDir (the first call's counts), the dependency facts are kept on disk beside the index cache.
 */
export function impactDataFor(repo: GitRepo, options: { cacheDir?: string } = {}): ImpactData {
  let d = perRepo.get(repo);
  if (!d) {
    d = new ImpactData(repo, options);
    perRepo.set(repo, d);
  }
  return d;
}
