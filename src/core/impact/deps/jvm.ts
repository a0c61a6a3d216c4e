// Java and Kotlin: which repository files a file depends on, by the JVM's rules. Both languages share one
// class path, so a Kotlin file may use a Java class and the other way round. Pure: facts in, edges out.
//
//   import a.b.C;            the file that declares C in package a.b (a nested a.b.C.D resolves to C's file)
//   import static a.b.C.m;   C's file; `import static a.b.C.*` too
//   import a.b.*;            the files of package a.b that declare a name this file uses
//   (no import)              the files of its own package that declare a name this file uses
import type { SourceFacts } from './facts';

interface JvmIndex {
  /** Fully qualified name -> files that declare it (a class, or a Kotlin top-level function or value). */
  byFqn: Map<string, string[]>;
  /** Package -> declared name -> files. */
  byPkg: Map<string, Map<string, string[]>>;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) {
    if (!list.includes(v)) list.push(v);
  } else m.set(k, [v]);
}

export function jvmIndex(facts: ReadonlyMap<string, SourceFacts>): JvmIndex {
  const byFqn = new Map<string, string[]>();
  const byPkg = new Map<string, Map<string, string[]>>();
  for (const [file, f] of facts) {
    if (f.lang !== 'java' && f.lang !== 'kotlin') continue;
    let names = byPkg.get(f.pkg);
    if (!names) byPkg.set(f.pkg, (names = new Map<string, string[]>()));
    for (const name of f.declares) {
      push(names, name, file);
      push(byFqn, f.pkg ? `${f.pkg}.${name}` : name, file);
    }
  }
  return { byFqn, byPkg };
}

/** The files declaring a dotted name, or the type that holds it (nested class, static member). */
function lookupType(ix: JvmIndex, dotted: string): string[] {
  // A class in the default package cannot be imported, so a single segment left is a package, never a class.
  for (let name = dotted; name.includes('.'); name = name.slice(0, name.lastIndexOf('.'))) {
    const hit = ix.byFqn.get(name);
    if (hit) return hit;
  }
  return [];
}

export function jvmDeps(file: string, f: SourceFacts, ix: JvmIndex): string[] {
  const out = new Set<string>();
  const uses = f.uses;
  const usedIn = (pkg: string) => {
    const names = ix.byPkg.get(pkg);
    if (!names) return false;
    for (const u of uses) for (const g of names.get(u) ?? []) out.add(g);
    return true;
  };
  usedIn(f.pkg);
  for (const imp of f.imports) {
    if (imp.wildcard && !imp.static) {
      if (!usedIn(imp.path)) for (const g of lookupType(ix, imp.path)) out.add(g);
    } else {
      for (const g of lookupType(ix, imp.path)) out.add(g);
    }
  }
  out.delete(file);
  return [...out];
}
