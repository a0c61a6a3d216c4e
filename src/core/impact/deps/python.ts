// Python: modules are files (`a/b/c.py` is `a.b.c`), packages are folders with `__init__.py` (`a/b/__init__.py`
// is `a.b`). Absolute imports are looked up from each source root: the repository root, the folder above every
// top-level package (a `src/` layout), and the importer's own folder (a script's folder is on sys.path).
// `from m import x` is the module `m.x` when there is one, else `m` itself (x is a name defined in it).
// Relative imports climb from the importer's package: `from . import x`, `from ..pkg.mod import y`.
// Pure: facts in, edges out.
import type { SourceFacts } from './facts';

interface PyIndex {
  /** Repository-relative module path with '/' ('a/b/c'), -> file. */
  modules: Map<string, string>;
  /** Folders imports are looked up from ('' is the root). */
  roots: string[];
}

const dirOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

export function pyIndex(facts: ReadonlyMap<string, SourceFacts>): PyIndex {
  const modules = new Map<string, string>();
  const packages = new Set<string>();
  for (const [file, f] of facts) {
    if (f.lang !== 'python') continue;
    const stem = file.replace(/\.pyi?$/, '');
    if (stem === '__init__' || stem.endsWith('/__init__')) {
      const dir = dirOf(file);
      packages.add(dir);
      if (!modules.has(dir) || file.endsWith('.py')) modules.set(dir, file);
    } else if (!modules.has(stem) || file.endsWith('.py')) modules.set(stem, file);
  }
  const roots = new Set<string>(['']);
  for (const p of packages) {
    let top = p;
    while (packages.has(dirOf(top)) && dirOf(top) !== '') top = dirOf(top);
    if (top !== '') roots.add(dirOf(top));
  }
  return { modules, roots: [...roots] };
}

function join(base: string, dotted: string): string {
  const rel = dotted.split('.').filter((x) => x).join('/');
  return [base, rel].filter((x) => x !== '').join('/');
}

export function pyDeps(file: string, f: SourceFacts, ix: PyIndex): string[] {
  const out = new Set<string>();
  const find = (modulePath: string): string | undefined => ix.modules.get(modulePath);
  const isInit = /(^|\/)__init__\.pyi?$/.test(file);
  for (const imp of f.imports) {
    let bases: string[];
    if (imp.level && imp.level > 0) {
      // The importer's package is its folder; each extra dot climbs one folder.
      let dir = dirOf(file);
      let ok = true;
      for (let i = 1; i < imp.level; i++) {
        if (dir === '') ok = false;
        dir = dirOf(dir);
      }
      if (!ok) continue;
      bases = [join(dir, imp.path)];
    } else {
      const own = dirOf(file);
      const roots = isInit ? ix.roots : [...ix.roots, own];
      bases = [...new Set(roots.map((r) => join(r, imp.path)))];
    }
    for (const base of bases) {
      const mod = base === '' && imp.level ? undefined : find(base);
      let hit = false;
      for (const name of imp.names ?? []) {
        const sub = find(join(base, name));
        if (sub) {
          out.add(sub);
          hit = true;
        } else if (mod) {
          out.add(mod);
          hit = true;
        }
      }
      if (!imp.names?.length && mod) {
        out.add(mod);
        hit = true;
      }
      if (hit) break;
    }
  }
  out.delete(file);
  return [...out];
}
