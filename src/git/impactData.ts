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
import { importSearchWord, isSourceFile, resolvedImports } from '../core/impact/imports';
import { NameOnlyParser } from './commitFiles';
import { spawnGitStream } from './exec';
import type { GitRepo } from './repo';

export type { FullImpact };

export interface LoadedCodeowners {
  /** Repository path of the file read, e.g. .github/CODEOWNERS. */
  path: string;
  codeowners: Codeowners;
}


interface ParsedSource {
  mtimeMs: number;
  size: number;
  imports: string[];
}

/** Per-repository impact data. Create one per GitRepo and keep it: its caches are what make it fast. */
export class ImpactData {
  private headKey: string | null | undefined;
  private files: Promise<string[]> | undefined;
  private fileSet: Set<string> | undefined;
  private commitFilesCache = new Map<string, Promise<Map<string, string[]>>>();
  private importersCache = new Map<string, Promise<string[]>>();
  private touchingCache = new Map<string, Promise<string[]>>();
  private readonly parsed = new Map<string, ParsedSource>();

  constructor(readonly repo: GitRepo) {}

  /** Drops the caches when HEAD moved. Call before each query (cheap: one rev-parse). */
  private async sync(): Promise<void> {
    const head = await this.repo.head();
    if (head === this.headKey) return;
    this.headKey = head;
    this.files = undefined;
    this.fileSet = undefined;
    this.commitFilesCache.clear();
    this.importersCache.clear();
    this.touchingCache.clear();
  }

  /** Forgets the importers found so far (a working-tree source file was saved); parsed files stay cached by mtime. */
  invalidateWorkingTree(): void {
    this.importersCache.clear();
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

  private async trackedSet(): Promise<Set<string>> {
    const files = await this.trackedFiles();
    if (!this.fileSet) this.fileSet = new Set(files);
    return this.fileSet;
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

  /**
   * Tracked TypeScript/JavaScript files of the working tree that import `target` (a file, or any file inside a
   * folder), one level deep. Only files whose text contains the target's name are read (found with one
   * `git grep -l -F`), plus, for an index file, the files of its own folder (they may import it as '.').
   */
  async importersOf(target: string, isFolder = false): Promise<string[]> {
    await this.sync();
    const key = `${isFolder ? 'd' : 'f'}\0${target}`;
    let p = this.importersCache.get(key);
    if (!p) {
      p = this.findImporters(target, isFolder);
      this.importersCache.set(key, p);
      p.catch(() => this.importersCache.delete(key));
    }
    return p;
  }

  private async findImporters(target: string, isFolder: boolean): Promise<string[]> {
    const files = await this.trackedSet();
    const word = importSearchWord(target, isFolder);
    if (!word) return [];
    const candidates = new Set(await this.grepFiles(word));
    const dir = target.includes('/') ? target.slice(0, target.lastIndexOf('/')) : '';
    if (!isFolder && /(^|\/)index\.[^/]+$/.test(target)) {
      for (const f of files) if (isSourceFile(f) && isUnder(f, dir)) candidates.add(f);
    }
    const out: string[] = [];
    const list = [...candidates].filter((f) => f !== target && isSourceFile(f) && !(isFolder && isUnder(f, target)));
    // Read a few files at a time: enough to overlap I/O, not so many that a big repository exhausts descriptors.
    const width = 16;
    for (let i = 0; i < list.length; i += width) {
      const chunk = list.slice(i, i + width);
      const results = await Promise.all(chunk.map((f) => this.importsOf(f, files)));
      chunk.forEach((f, k) => {
        const imports = results[k];
        if (imports.some((imp) => (isFolder ? isUnder(imp, target) : imp === target))) out.push(f);
      });
    }
    return out.sort();
  }

  /** Resolved imports of one working-tree file, cached by its mtime and size. */
  private async importsOf(file: string, files: ReadonlySet<string>): Promise<string[]> {
    const abs = path.join(this.repo.root, file);
    try {
      const st = await fsp.stat(abs);
      const hit = this.parsed.get(file);
      if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.imports;
      if (st.size > 2 * 1024 * 1024) return []; // generated bundles are not anybody's importer
      const text = await fsp.readFile(abs, 'utf8');
      const imports = resolvedImports(file, text, files);
      this.parsed.set(file, { mtimeMs: st.mtimeMs, size: st.size, imports });
      return imports;
    } catch {
      return []; // deleted or unreadable in the working tree
    }
  }

  /** Tracked source files whose working-tree text contains `word` (fixed string): one `git grep` process. */
  private async grepFiles(word: string): Promise<string[]> {
    if (word.includes('\0') || word.includes('\n')) return [];
    const pathspecs = ['*.ts', '*.tsx', '*.js', '*.jsx', '*.mjs', '*.cjs', '*.mts', '*.cts'];
    const out = await this.gitOut(['grep', '-z', '-l', '-I', '-F', '--full-name', '-e', word, '--', ...pathspecs], [1]);
    return out.toString('utf8').split('\0').filter((s) => s.length > 0);
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

  private async streamCommitFiles(allRefs: boolean, signal?: AbortSignal): Promise<Map<string, string[]>> {
    const head = this.headKey;
    if (!head && !allRefs) return new Map();
    const args = [
      '-c', 'log.showSignature=false', '-c', 'core.quotePath=false',
      'log', '--no-color', '--no-merges', '--no-renames', '--name-only', '-z', '--format=%x01%H',
      ...(allRefs ? ['--branches', '--remotes', '--tags'] : []),
      '--end-of-options', ...(head ? ['HEAD'] : []), '--',
    ];
    const parser = new NameOnlyParser();
    await spawnGitStream(this.repo.root, this.repo.env, args, (chunk) => parser.push(chunk), { signal });
    return parser.end();
  }

  /** Files that a commit set changed, inverted: commits that changed `rel` (a file, or anything under a folder). */
  static commitsOfPath(commitFiles: ReadonlyMap<string, readonly string[]>, rel: string, isFolder: boolean): string[] {
    const out: string[] = [];
    for (const [sha, files] of commitFiles) {
      if (files.some((f) => (isFolder ? isUnder(f, rel) : f === rel))) out.push(sha);
    }
    return out;
  }

  /** Declared, history, indirect (through importers) and owner impact of a file or folder. */
  async fullImpact(index: GoalIndex, rel: string, isFolder: boolean, options: { allRefs?: boolean } = {}): Promise<FullImpact> {
    const p = rel.replace(/\\/g, '/').replace(/^\.\/|\/$/g, '');
    const [shas, importers, commitFiles, co] = await Promise.all([
      this.commitsTouching(p || '.', options),
      p === '' ? Promise.resolve([]) : this.importersOf(p, isFolder),
      this.commitFiles(options),
      this.codeowners(),
    ]);
    const base = pathImpact(index, p, isFolder, shas);
    const indirect = indirectImpact(
      index,
      importers.map((f) => ({ path: f, shas: ImpactData.commitsOfPath(commitFiles, f, false) })),
      shas,
    );
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
    return { ...base, isFolder, importers, indirect, owners, ownerRollup: rollup, codeownersPath: co?.path ?? null };
  }

  /** `report --by owner`: every owner's split over goals, over all the files each commit changed. */
  async ownerReport(index: GoalIndex, options: { allRefs?: boolean; include?: (file: string) => boolean } = {}): Promise<{ codeownersPath: string | null; owners: OwnerImpact[] }> {
    const [commitFiles, co] = await Promise.all([this.commitFiles(options), this.codeowners()]);
    return { codeownersPath: co?.path ?? null, owners: ownerRollup(index, commitFiles, ownerLookup(co?.codeowners ?? null), { include: options.include }) };
  }

  private gitOut(args: string[], okCodes: number[] = []): Promise<Buffer> {
    const chunks: Buffer[] = [];
    return spawnGitStream(this.repo.root, this.repo.env, args, (b) => chunks.push(b), { okCodes }).then(() => Buffer.concat(chunks));
  }
}

const perRepo = new WeakMap<GitRepo, ImpactData>();

/** The shared ImpactData of a repository (so the CLI, the view and the decorations share caches). */
export function impactDataFor(repo: GitRepo): ImpactData {
  let d = perRepo.get(repo);
  if (!d) {
    d = new ImpactData(repo);
    perRepo.set(repo, d);
  }
  return d;
}
