// Go: a package is a folder; an import path under the module of the nearest go.mod names a folder of the
// repository. A file depends on the files of an imported package that declare a name it uses (all of the
// package's files when it uses none by name: a blank or dot import), and on the files of its own package that
// declare a name it uses. `_test.go` files are never part of an imported package. Pure: facts in, edges out.
import type { SourceFacts } from './facts';

export interface GoModule {
  /** Folder of the go.mod ('' for the repository root). */
  dir: string;
  /** Its `module` path. */
  module: string;
}

interface GoIndex {
  /** Folder -> package clause -> declared name -> files. */
  byDir: Map<string, Map<string, Map<string, string[]>>>;
  /** Folder -> its non-test files. */
  files: Map<string, string[]>;
  modules: GoModule[];
}

const dirOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const isTest = (p: string): boolean => p.endsWith('_test.go');

export function goIndex(facts: ReadonlyMap<string, SourceFacts>, modules: readonly GoModule[]): GoIndex {
  const byDir = new Map<string, Map<string, Map<string, string[]>>>();
  const files = new Map<string, string[]>();
  for (const [file, f] of facts) {
    if (f.lang !== 'go') continue;
    const dir = dirOf(file);
    if (!isTest(file)) files.set(dir, [...(files.get(dir) ?? []), file]);
    let pkgs = byDir.get(dir);
    if (!pkgs) byDir.set(dir, (pkgs = new Map<string, Map<string, string[]>>()));
    let names = pkgs.get(f.pkg);
    if (!names) pkgs.set(f.pkg, (names = new Map<string, string[]>()));
    for (const n of f.declares) names.set(n, [...(names.get(n) ?? []), file]);
  }
  // The longest module folder first: a nested go.mod owns its subtree.
  return { byDir, files, modules: [...modules].sort((a, b) => b.dir.length - a.dir.length) };
}

function moduleOf(ix: GoIndex, file: string): GoModule | undefined {
  return ix.modules.find((m) => m.dir === '' || file.startsWith(m.dir + '/'));
}

/** The repository folder an import path names, or undefined when it lies outside the module. */
export function goImportDir(ix: Pick<GoIndex, 'modules'>, importer: string, importPath: string): string | undefined {
  for (const m of ix.modules) {
    if (m.dir !== '' && !importer.startsWith(m.dir + '/')) continue;
    if (importPath !== m.module && !importPath.startsWith(m.module + '/')) continue;
    const sub = importPath.slice(m.module.length + 1);
    return [m.dir, sub].filter((x) => x !== '').join('/');
  }
  return undefined;
}

export function goDeps(file: string, f: SourceFacts, ix: GoIndex): string[] {
  const out = new Set<string>();
  const uses = f.uses;
  const named = (names: Map<string, string[]> | undefined, keep: (g: string) => boolean): boolean => {
    let any = false;
    for (const u of uses) {
      for (const g of names?.get(u) ?? []) {
        if (!keep(g)) continue;
        out.add(g);
        any = true;
      }
    }
    return any;
  };
  // Own package: the files of the folder with the same package clause (an external `x_test` package sees none).
  named(ix.byDir.get(dirOf(file))?.get(f.pkg), (g) => g !== file && (isTest(file) || !isTest(g)));
  if (moduleOf(ix, file)) {
    for (const imp of f.imports) {
      const dir = goImportDir(ix, file, imp.path);
      if (dir === undefined) continue;
      const pkgs = ix.byDir.get(dir);
      if (!pkgs) continue;
      let any = false;
      for (const names of pkgs.values()) if (named(names, (g) => !isTest(g))) any = true;
      if (!any) for (const g of ix.files.get(dir) ?? []) out.add(g);
    }
  }
  out.delete(file);
  return [...out];
}
