// The dependency graph of a repository's working tree, for Impact: every tracked source file read once (facts kept
// by path, mtime and size in memory, and by content on disk beside the index cache), resolved by each language's
// rules, reversed. After a save or a HEAD move only the files whose mtime or size changed are read again; the
// resolution, a pass over plain data, runs again only when some file's facts changed.
import { createHash } from 'crypto';
import { promises as fsp } from 'fs';
import * as path from 'path';
import { langOf, type SourceFacts } from '../core/impact/deps/facts';
import { DependencyGraph } from '../core/impact/deps/graph';
import { exportsKey, Resolver, type GoModule, type ProjectFiles, type TsConfigPaths } from '../core/impact/deps/resolve';
import { MAX_PARSED_BYTES } from '../parse/readers';
import { READER_VERSION, readSource } from '../parse/readSource';
import { writeAtomically } from './indexCacheFile';

interface Entry {
  mtimeMs: number;
  size: number;
  hash: string;
  facts: SourceFacts;
}

export interface GraphBuild {
  graph: DependencyGraph;
  /** Source files in the graph. */
  files: number;
  /** Files parsed in this build (the rest came from memory or the disk cache). */
  parsed: number;
  ms: number;
}

/** Files whose content changes how imports resolve (a tsconfig's `extends` may name any tsconfig*.json). */
const isProjectFile = (f: string): boolean => /^(go\.mod|(tsconfig|jsconfig).*\.json)$/.test(path.posix.basename(f));

/** Longest the build runs on the event loop before it lets other work in (the editor's host must not stall). */
const SLICE_MS = 20;

export class DependencyGraphData {
  private readonly entries = new Map<string, Entry>();
  /** Facts by content hash, as loaded from and saved to the disk cache. */
  private byHash = new Map<string, SourceFacts>();
  private diskLoaded = false;
  private current: { key: string; build: GraphBuild; tracked: string[] } | undefined;
  /** The resolver of the last full resolution, and the project files (go.mod, tsconfig) it was made with. */
  private resolver: { resolver: Resolver; projectKey: string } | undefined;
  private running: Promise<GraphBuild> | undefined;
  private dirty = true;
  /** Files the editor reported saved since the last build: only they are looked at, unless `dirty`. */
  private saved = new Set<string>();
  /** The disk cache being written (in the background: a query never waits for it). */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly root: string,
    private readonly cacheFile: string | undefined,
  ) {}

  /**
   * Working-tree files changed: the next query reads these again (repository-relative paths), or, without `files`
   * (a change the editor did not see: a checkout, a pull), checks every file's mtime and size.
   */
  invalidate(files?: readonly string[]): void {
    // A path outside the repository (a symlinked folder named another way): look at every file instead.
    if (files && files.every((f) => f !== '' && !f.startsWith('../') && !path.isAbsolute(f))) for (const f of files) this.saved.add(f);
    else this.dirty = true;
  }

  /** Resolves when the disk cache the last build wrote is written. */
  get written(): Promise<void> {
    return this.writing;
  }

  /**
   * The graph for the tracked files (`key` names what they come from, e.g. HEAD; a new key checks every file).
   * One build at a time; a query during a build waits for it.
   */
  async graph(tracked: () => Promise<string[]>, key: string): Promise<GraphBuild> {
    if (this.current && this.current.key === key && !this.dirty && this.saved.size === 0) return this.current.build;
    if (this.running) {
      await this.running.catch(() => undefined);
      return this.graph(tracked, key);
    }
    // Only files the editor saved, under the same HEAD: the tracked list is the one of the last build.
    const only = this.current && this.current.key === key && !this.dirty ? [...this.saved] : undefined;
    this.dirty = false;
    this.saved = new Set();
    const p = only ? this.build(this.current?.tracked ?? [], key, only) : this.build(await tracked(), key);
    this.running = p;
    try {
      return await p;
    } finally {
      this.running = undefined;
    }
  }

  private async build(files: string[], key: string, only?: readonly string[]): Promise<GraphBuild> {
    const t0 = Date.now();
    if (!this.diskLoaded) await this.loadDisk();
    const tracked = new Set(files);
    const sources = (only ? only.filter((f) => tracked.has(f)) : files).filter((f) => langOf(f) !== undefined);
    const fileSet = new Set(files);
    let parsed = 0;
    let read = 0;
    // Full: the resolution runs again for every file. Otherwise only the rows of `edited` files change.
    let full = !this.current;
    const edited: string[] = [];
    let slice = Date.now();
    const seen = new Set<string>();
    // Stat a few files at a time: enough to overlap I/O, not so many that a big repository exhausts descriptors.
    const width = 32;
    for (let i = 0; i < sources.length; i += width) {
      const chunk = sources.slice(i, i + width);
      const stats = await Promise.all(chunk.map((f) => fsp.stat(path.join(this.root, f)).catch(() => undefined)));
      for (let k = 0; k < chunk.length; k++) {
        const file = chunk[k];
        const st = stats[k];
        if (!st?.isFile()) continue;
        const old = this.entries.get(file);
        if (old && old.mtimeMs === st.mtimeMs && old.size === st.size) {
          seen.add(file);
          continue;
        }
        const entry = await this.readEntry(file, st.mtimeMs, st.size);
        if (!entry) continue;
        seen.add(file);
        read++;
        if (entry.parsed) parsed++;
        if (!old) full = true;
        else if (old.hash !== entry.entry.hash) {
          if (exportsKey(old.facts) !== exportsKey(entry.entry.facts)) full = true;
          else edited.push(file);
        }
        this.entries.set(file, entry.entry);
        if (Date.now() - slice > SLICE_MS) {
          await new Promise((r) => setImmediate(r));
          slice = Date.now();
        }
      }
    }
    for (const f of only ?? [...this.entries.keys()]) {
      if (!seen.has(f) && this.entries.delete(f)) full = true;
    }
    const projectKey = only && !only.some(isProjectFile) && this.resolver ? this.resolver.projectKey : await this.projectKey(files);
    if (this.resolver?.projectKey !== projectKey) full = true;
    if (full || !this.current || !this.resolver) {
      const facts = new Map<string, SourceFacts>();
      for (const [f, e] of this.entries) facts.set(f, e.facts);
      const resolver = new Resolver(facts, fileSet, await this.projectFiles(files));
      this.resolver = { resolver, projectKey };
      const deps = new Map<string, string[]>();
      for (const [f, fa] of facts) deps.set(f, resolver.depsOf(f, fa));
      this.current = { key, tracked: files, build: { graph: new DependencyGraph(deps), files: facts.size, parsed, ms: 0 } };
    } else if (edited.length) {
      // Same declarations everywhere: the indexes still hold, only the edited files' own imports and uses moved,
      // and only the reverse lists of what they used or use now change.
      const changed = new Map<string, string[]>();
      for (const f of edited) {
        const e = this.entries.get(f);
        if (e) changed.set(f, this.resolver.resolver.depsOf(f, e.facts));
      }
      this.current = { key, tracked: files, build: { ...this.current.build, graph: this.current.build.graph.patched(changed) } };
    }
    const build = { ...this.current.build, parsed, ms: Date.now() - t0 };
    this.current = { key, tracked: files, build };
    // Written in the background, one write at a time; a cache that cannot be written only costs time.
    if (parsed > 0 || read > 0) this.writing = this.writing.then(() => this.saveDisk()).catch(() => undefined);
    return build;
  }

  private async readEntry(file: string, mtimeMs: number, size: number): Promise<{ entry: Entry; parsed: boolean } | undefined> {
    if (size > MAX_PARSED_BYTES) return undefined;
    let text: string;
    try {
      text = await fsp.readFile(path.join(this.root, file), 'utf8');
    } catch {
      return undefined; // deleted or unreadable in the working tree
    }
    const hash = createHash('sha1').update(`${path.posix.basename(file)}\0`).update(text).digest('hex');
    const hit = this.byHash.get(hash);
    if (hit) return { entry: { mtimeMs, size, hash, facts: hit }, parsed: false };
    const facts = await readSource(file, text);
    if (!facts) return undefined;
    this.byHash.set(hash, facts);
    return { entry: { mtimeMs, size, hash, facts }, parsed: true };
  }

  /** The project files' names, mtimes and sizes: when one changes, everything is resolved again. */
  private async projectKey(files: readonly string[]): Promise<string> {
    const project = files.filter(isProjectFile);
    const stats = await Promise.all(project.map((f) => fsp.stat(path.join(this.root, f)).catch(() => undefined)));
    return project.map((f, i) => `${f}:${stats[i]?.mtimeMs ?? 0}:${stats[i]?.size ?? 0}`).join('\n');
  }

  /** go.mod modules and tsconfig.json / jsconfig.json paths of the tracked files. */
  private async projectFiles(files: readonly string[]): Promise<ProjectFiles> {
    const goModules: GoModule[] = [];
    const tsConfigs: TsConfigPaths[] = [];
    for (const f of files) {
      const base = path.posix.basename(f);
      const dir = path.posix.dirname(f) === '.' ? '' : path.posix.dirname(f);
      if (base === 'go.mod') {
        const text = await fsp.readFile(path.join(this.root, f), 'utf8').catch(() => '');
        const m = /^\s*module\s+("?)([^\s"]+)\1/m.exec(text);
        if (m) goModules.push({ dir, module: m[2] });
      } else if (base === 'tsconfig.json' || base === 'jsconfig.json') {
        const config = await readTsConfig(this.root, f, 0);
        if (config) tsConfigs.push({ dir, ...config });
      }
    }
    return { goModules, tsConfigs };
  }

  private async loadDisk(): Promise<void> {
    this.diskLoaded = true;
    if (!this.cacheFile) return;
    try {
      const data = JSON.parse(await fsp.readFile(this.cacheFile, 'utf8')) as {
        version?: number;
        facts?: Record<string, SourceFacts>;
        files?: Record<string, [number, number, string]>;
      };
      if (data.version !== READER_VERSION || !data.facts) return;
      this.byHash = new Map(Object.entries(data.facts));
      // Files whose mtime and size still match are taken as they were, without reading them again.
      for (const [file, [mtimeMs, size, hash]] of Object.entries(data.files ?? {})) {
        const facts = this.byHash.get(hash);
        if (facts && !this.entries.has(file)) this.entries.set(file, { mtimeMs, size, hash, facts });
      }
    } catch {
      // no cache yet, or a damaged one: read the files
    }
  }

  private async saveDisk(): Promise<void> {
    if (!this.cacheFile) return;
    // Only the facts of the files the working tree has now: the cache does not grow with history.
    const facts: Record<string, SourceFacts> = {};
    const files: Record<string, [number, number, string]> = {};
    for (const [file, e] of this.entries) {
      facts[e.hash] = e.facts;
      files[file] = [e.mtimeMs, e.size, e.hash];
    }
    this.byHash = new Map(Object.entries(facts));
    await writeAtomically(this.cacheFile, JSON.stringify({ version: READER_VERSION, root: this.root, files, facts }));
  }
}

/** The dependency-facts cache file of a repository, beside its index cache. */
export function depsCacheFile(cacheDir: string, root: string): string {
  const id = createHash('sha1').update(root).digest('hex').slice(0, 16);
  return path.join(cacheDir, `goal-lens-deps-${id}.json`);
}

/** JSON with comments and trailing commas, as tsconfig.json allows. */
export function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else out += ch;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

/** `baseUrl` and `paths` of a tsconfig, repository-relative, following a relative `extends` (a few levels). */
async function readTsConfig(root: string, file: string, depth: number): Promise<Omit<TsConfigPaths, 'dir'> | undefined> {
  let json: { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } };
  try {
    json = parseJsonc(await fsp.readFile(path.join(root, file), 'utf8')) as typeof json;
  } catch {
    return undefined; // unreadable or not JSON: no mapping from it
  }
  const dir = path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file);
  let inherited: Omit<TsConfigPaths, 'dir'> = { baseUrl: null, paths: [] };
  if (typeof json.extends === 'string' && json.extends.startsWith('.') && depth < 5) {
    let parent = path.posix.normalize(path.posix.join(dir, json.extends));
    if (!parent.endsWith('.json')) parent += '.json';
    if (!parent.startsWith('..')) inherited = (await readTsConfig(root, parent, depth + 1)) ?? inherited;
  }
  const opts = json.compilerOptions ?? {};
  const rel = (p: string) => {
    const joined = path.posix.normalize(path.posix.join(dir, p));
    return joined === '.' ? '' : joined;
  };
  const baseUrl = typeof opts.baseUrl === 'string' ? rel(opts.baseUrl) : inherited.baseUrl;
  let paths = inherited.paths;
  if (opts.paths && typeof opts.paths === 'object') {
    // Targets of `paths` are relative to baseUrl, or to the config's folder when there is none.
    const from = baseUrl ?? dir;
    paths = Object.entries(opts.paths as Record<string, unknown>).map(([pattern, targets]) => ({
      pattern,
      targets: (Array.isArray(targets) ? targets : []).filter((t): t is string => typeof t === 'string').map((t) => {
        const joined = path.posix.normalize(path.posix.join(from, t));
        return joined === '.' ? '' : joined;
      }),
    }));
  }
  return { baseUrl, paths };
}
