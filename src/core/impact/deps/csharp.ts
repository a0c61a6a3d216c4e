// C#: a `using` names a namespace, and a namespace may be spread over many files; the files a file depends on
// are those that declare, in a namespace it sees, a type it names. A file sees its own namespace and the ones
// that enclose it, the global namespace, its `using` namespaces and every `global using` of the repository.
// `using static A.B.T;` and `using X = A.B.T;` name the type T itself. Pure: facts in, edges out.
import type { SourceFacts } from './facts';

interface CsIndex {
  /** Namespace ('' global) -> type name -> files. */
  byNs: Map<string, Map<string, string[]>>;
  /** Namespaces of `global using` directives anywhere in the repository. */
  globalUsings: string[];
}

export function csIndex(facts: ReadonlyMap<string, SourceFacts>): CsIndex {
  const byNs = new Map<string, Map<string, string[]>>();
  const globalUsings = new Set<string>();
  for (const [file, f] of facts) {
    if (f.lang !== 'csharp') continue;
    // Declared names are qualified by their namespace: 'Acme.Core.Money' is Money in Acme.Core.
    for (const q of f.declares) {
      const dot = q.lastIndexOf('.');
      const ns = dot < 0 ? '' : q.slice(0, dot);
      const t = q.slice(dot + 1);
      let names = byNs.get(ns);
      if (!names) byNs.set(ns, (names = new Map<string, string[]>()));
      const list = names.get(t);
      if (!list) names.set(t, [file]);
      else if (!list.includes(file)) list.push(file);
    }
    for (const u of f.imports) if (u.global && !u.static && !u.alias) globalUsings.add(u.path);
  }
  return { byNs, globalUsings: [...globalUsings] };
}

/** 'A.B.C' -> ['A.B.C', 'A.B', 'A']. */
function enclosing(ns: string): string[] {
  const out: string[] = [];
  for (let n = ns; n; n = n.includes('.') ? n.slice(0, n.lastIndexOf('.')) : '') out.push(n);
  return out;
}

export function csDeps(file: string, f: SourceFacts, ix: CsIndex): string[] {
  const out = new Set<string>();
  const seen = new Set<string>(['', ...ix.globalUsings]);
  for (const ns of f.namespaces) for (const n of enclosing(ns)) seen.add(n);
  for (const u of f.imports) {
    if (u.static || u.alias) {
      // using static A.B.T / using X = A.B.T: the type T in namespace A.B (or, for an alias, a namespace).
      const dot = u.path.lastIndexOf('.');
      const hit = ix.byNs.get(dot < 0 ? '' : u.path.slice(0, dot))?.get(u.path.slice(dot + 1));
      if (hit) for (const g of hit) out.add(g);
      else if (!u.static) seen.add(u.path);
    } else seen.add(u.path);
  }
  for (const ns of seen) {
    const names = ix.byNs.get(ns);
    if (!names) continue;
    for (const use of f.uses) for (const g of names.get(use) ?? []) out.add(g);
  }
  out.delete(file);
  return [...out];
}
