// The reverse dependency graph: who depends on a file or a folder, directly and through every hop, nearest
// first, with the path that leads there. Pure.
import { isUnder } from '../paths';

export interface Dependent {
  path: string;
  /** 1 for a file that depends on the target itself, 2 for one that depends on such a file, and so on. */
  distance: number;
  /** The chain from the target to this file, without it: [target file, hop 1, ...]; length = distance. */
  via: string[];
}

export interface DependentFolder {
  /** Folder ('.' for the repository root) holding dependents. */
  path: string;
  files: number;
  /** The nearest of its dependents. */
  distance: number;
}

export class DependencyGraph {
  /** File -> files that depend on it. */
  readonly dependents = new Map<string, string[]>();

  constructor(readonly dependencies: ReadonlyMap<string, readonly string[]>) {
    for (const [file, deps] of dependencies) {
      for (const d of deps) {
        const list = this.dependents.get(d);
        if (list) list.push(file);
        else this.dependents.set(d, [file]);
      }
    }
    for (const list of this.dependents.values()) list.sort();
  }

  /**
   * The graph after some files' dependencies changed (`changed`: file -> its new dependencies): the reverse lists
   * of only the files they stop or start depending on are made again, the rest are shared with this graph (which
   * stays as it was: views may still hold it).
   */
  patched(changed: ReadonlyMap<string, readonly string[]>): DependencyGraph {
    const deps = new Map(this.dependencies);
    const touched = new Set<string>();
    for (const [file, next] of changed) {
      for (const d of this.dependencies.get(file) ?? []) touched.add(d);
      for (const d of next) touched.add(d);
      deps.set(file, next);
    }
    const g = Object.create(DependencyGraph.prototype) as DependencyGraph;
    const dependents = new Map(this.dependents);
    for (const d of touched) {
      const list = (this.dependents.get(d) ?? []).filter((f) => !changed.has(f));
      for (const [file, next] of changed) if (next.includes(d)) list.push(file);
      if (list.length) dependents.set(d, list.sort());
      else dependents.delete(d);
    }
    Object.assign(g, { dependencies: deps, dependents });
    return g;
  }

  get edges(): number {
    let n = 0;
    for (const deps of this.dependencies.values()) n += deps.length;
    return n;
  }

  /**
   * Files that depend on `target` (a file, or any file under a folder), through every hop, nearest first.
   * Breadth first, so each file gets its shortest distance; ties keep the path that sorts first. Files inside a
   * folder target are the target, never its dependents.
   */
  dependentsOf(target: string, isFolder: boolean): Dependent[] {
    if (!isFolder) return this.dependentsOfSet((f) => f === target, [target]);
    return this.dependentsOfSet((f) => isUnder(f, target));
  }

  /**
   * Files that depend on any file of a set (a folder's, an owner's), outside the set, through every hop, nearest
   * first: the one walk behind {@link dependentsOf}. `starts` defaults to the graph's files in the set.
   */
  dependentsOfSet(inTarget: (file: string) => boolean, starts: readonly string[] = [...this.nodes()].filter(inTarget).sort()): Dependent[] {
    const prev = new Map<string, string>();
    const dist = new Map<string, number>();
    let frontier = [...starts];
    for (let d = 1; frontier.length; d++) {
      const next: string[] = [];
      for (const f of frontier) {
        for (const g of this.dependents.get(f) ?? []) {
          if (inTarget(g) || dist.has(g)) continue;
          dist.set(g, d);
          prev.set(g, f);
          next.push(g);
        }
      }
      frontier = next.sort();
    }
    const out: Dependent[] = [];
    for (const [path, distance] of dist) {
      const via: string[] = [];
      for (let p = prev.get(path); p !== undefined; p = prev.get(p)) via.unshift(p);
      out.push({ path, distance, via });
    }
    return out.sort((a, b) => a.distance - b.distance || a.path.localeCompare(b.path));
  }

  private *nodes(): Iterable<string> {
    yield* this.dependencies.keys();
  }
}

/** Dependents grouped by folder (packages, for Java, Go and Python): nearest first, then the most files. */
export function dependentFolders(dependents: readonly Dependent[]): DependentFolder[] {
  const per = new Map<string, DependentFolder>();
  for (const d of dependents) {
    const folder = d.path.includes('/') ? d.path.slice(0, d.path.lastIndexOf('/')) : '.';
    const e = per.get(folder);
    if (e) {
      e.files++;
      e.distance = Math.min(e.distance, d.distance);
    } else per.set(folder, { path: folder, files: 1, distance: d.distance });
  }
  return [...per.values()].sort((a, b) => a.distance - b.distance || b.files - a.files || a.path.localeCompare(b.path));
}
