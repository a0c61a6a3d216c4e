// The read-only maps an index hands out, over the commit graph's sha table: links by commit and commits by sha.
import type { CommitGraph } from './graph';
import type { CommitRecord, Link } from '../types';

/**
 * Links by commit, as a read-only map by sha over graph indices. An update shares the previous table and
 * keeps its own changes beside it (folded in once they grow), so one new commit does not copy every entry.
 */
export class LinkTable implements ReadonlyMap<string, readonly Link[]> {
  readonly size: number;
  constructor(
    private readonly graph: CommitGraph,
    private readonly base: ReadonlyMap<number, readonly Link[]>,
    private readonly over: ReadonlyMap<number, readonly Link[] | null> | null,
  ) {
    let size = base.size;
    if (over) for (const [i, l] of over) size += (l ? 1 : 0) - (base.has(i) ? 1 : 0);
    this.size = size;
  }

  static empty(graph: CommitGraph): LinkTable {
    return new LinkTable(graph, new Map(), null);
  }

  /** This table with `changes` applied (null removes an entry). */
  with(changes: ReadonlyMap<number, readonly Link[] | null>): LinkTable {
    if (changes.size === 0) return this;
    const over = new Map(this.over ?? []);
    for (const [i, l] of changes) over.set(i, l);
    if (over.size > 4096 && over.size * 8 > this.base.size) {
      const flat = new Map(this.base);
      for (const [i, l] of over) {
        if (l) flat.set(i, l);
        else flat.delete(i);
      }
      return new LinkTable(this.graph, flat, null);
    }
    return new LinkTable(this.graph, this.base, over);
  }

  private at(i: number): readonly Link[] | undefined {
    if (this.over && this.over.has(i)) return this.over.get(i) ?? undefined;
    return this.base.get(i);
  }
  get(sha: string): readonly Link[] | undefined {
    const i = this.graph.index(sha);
    return i === undefined ? undefined : this.at(i);
  }
  has(sha: string): boolean {
    return this.get(sha) !== undefined;
  }
  forEach(fn: (value: readonly Link[], key: string, map: ReadonlyMap<string, readonly Link[]>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
  *entries(): MapIterator<[string, readonly Link[]]> {
    const commits = this.graph.commits;
    for (const [i, l] of this.base) if (!this.over || !this.over.has(i)) yield [commits[i].sha, l];
    if (this.over) for (const [i, l] of this.over) if (l) yield [commits[i].sha, l];
  }
  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }
  *values(): MapIterator<readonly Link[]> {
    for (const [, v] of this.entries()) yield v;
  }
  [Symbol.iterator](): MapIterator<[string, readonly Link[]]> {
    return this.entries();
  }
}

/** Commits by sha, as a read-only map over the graph's sha table (no second table of every commit). */
export class CommitTable implements ReadonlyMap<string, CommitRecord> {
  constructor(
    private readonly commits: readonly CommitRecord[],
    private readonly graph: CommitGraph,
  ) {}
  get size(): number {
    return this.commits.length;
  }
  get(sha: string): CommitRecord | undefined {
    const i = this.graph.index(sha);
    return i === undefined || !this.graph.isAlive(i) ? undefined : this.graph.commits[i];
  }
  has(sha: string): boolean {
    return this.get(sha) !== undefined;
  }
  forEach(fn: (value: CommitRecord, key: string, map: ReadonlyMap<string, CommitRecord>) => void): void {
    for (const c of this.commits) fn(c, c.sha, this);
  }
  *entries(): MapIterator<[string, CommitRecord]> {
    for (const c of this.commits) yield [c.sha, c];
  }
  *keys(): MapIterator<string> {
    for (const c of this.commits) yield c.sha;
  }
  *values(): MapIterator<CommitRecord> {
    yield* this.commits;
  }
  [Symbol.iterator](): MapIterator<[string, CommitRecord]> {
    return this.entries();
  }
}
