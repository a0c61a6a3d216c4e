// A parsed glob run as a state machine (Thompson's construction, simulated state set by state set), so that a
// glob from repository content cannot stall a reader: matching takes at most (glob length x text length) steps
// whatever the glob, where a backtracking regular expression for `*a*a*a*a*b` took seconds on 40 characters.
// glob.ts parses; this file only runs what it parsed. Pure, no I/O.

/** One piece of a parsed glob (glob.ts): what it matches, as the regular expression it replaces would. */
export type GlobNode =
  | { k: 'lit'; ch: string } // the character itself
  | { k: 'one' } // [^/]
  | { k: 'star' } // [^/]*
  | { k: 'all' } // .*
  | { k: 'dirs' } // (?:.*/)?
  | { k: 'rest' } // (?:/.*)?
  | { k: 'cls'; negate: boolean; items: [lo: string, hi: string][] } // (?!/)[...]
  | { k: 'alt'; alts: GlobNode[][] }; // (?:a|b)

const CHAR = 0;
const NOT_SLASH = 1;
const ANY = 2;
const CLASS = 3;
const SPLIT = 4;
const JUMP = 5;
const MATCH = 6;

interface Op {
  op: number;
  ch?: string;
  cls?: { negate: boolean; lo: number[]; hi: number[] };
  x?: number;
  y?: number;
}

export class GlobNfa {
  private readonly prog: Op[] = [];
  /** The literal text every match starts with: most globs are rejected by it without running the machine. */
  private readonly prefix: string;

  constructor(nodes: readonly GlobNode[]) {
    this.emitSeq(nodes);
    this.prog.push({ op: MATCH });
    let prefix = '';
    for (const n of nodes) {
      if (n.k !== 'lit') break;
      prefix += n.ch;
    }
    this.prefix = prefix;
  }

  /** Whether the whole of `text` matches. */
  matches(text: string): boolean {
    if (!text.startsWith(this.prefix)) return false;
    let hit = false;
    this.run(text, (end) => {
      if (end) hit = true;
      return false;
    });
    return hit;
  }

  /**
   * Whether the whole text matches, or (unless `selfOnly`) a prefix ending just before a '/' that has more after it:
   * the text is a file under a matching folder. With `belowOnly`, only the latter counts.
   */
  matchesPrefix(text: string, selfOnly = false, belowOnly = false): boolean {
    if (!text.startsWith(this.prefix)) return false;
    let hit = false;
    this.run(text, (end, next, afterNext) => {
      if ((end && !belowOnly) || (!selfOnly && next === '/' && afterNext)) hit = true;
      return hit;
    });
    return hit;
  }

  /**
   * Runs the machine over the text's code points. `atMatch(end, next, afterNext)` is called at each position where
   * the glob has matched everything read so far; it returns true to stop early.
   */
  private run(text: string, atMatch: (end: boolean, next: string | undefined, afterNext: boolean) => boolean): void {
    const prog = this.prog;
    const chars = Array.from(text);
    const size = prog.length;
    let current = new Int32Array(size);
    let next = new Int32Array(size);
    let nCur = 0;
    let nNext = 0;
    const mark = new Int32Array(size).fill(-1);
    const stack = new Int32Array(size * 2 + 2);
    // Adds a state and everything it reaches without reading (SPLIT, JUMP) to `list`, once per step.
    const add = (list: Int32Array, count: number, start: number, step: number): number => {
      let sp = 0;
      stack[sp++] = start;
      while (sp > 0) {
        const pc = stack[--sp];
        if (mark[pc] === step) continue;
        mark[pc] = step;
        const o = prog[pc];
        if (o.op === JUMP) stack[sp++] = o.x as number;
        else if (o.op === SPLIT) {
          stack[sp++] = o.y as number;
          stack[sp++] = o.x as number;
        } else list[count++] = pc;
      }
      return count;
    };
    nCur = add(current, 0, 0, 0);
    for (let k = 0; ; k++) {
      let matched = false;
      for (let s = 0; s < nCur; s++) if (prog[current[s]].op === MATCH) matched = true;
      if (matched && atMatch(k === chars.length, chars[k], k + 1 < chars.length)) return;
      if (k === chars.length || nCur === 0) return;
      const ch = chars[k];
      nNext = 0;
      for (let s = 0; s < nCur; s++) {
        const o = prog[current[s]];
        if (o.op === MATCH) continue;
        if (accepts(o, ch)) nNext = add(next, nNext, current[s] + 1, k + 1);
      }
      [current, next] = [next, current];
      nCur = nNext;
    }
  }

  private emit(o: Op): number {
    this.prog.push(o);
    return this.prog.length - 1;
  }

  private emitSeq(nodes: readonly GlobNode[]): void {
    for (const n of nodes) this.emitNode(n);
  }

  /** `x*` for one reading op: SPLIT(body, out); body; JUMP back. */
  private emitLoop(op: number): void {
    const split = this.emit({ op: SPLIT });
    this.emit({ op });
    this.emit({ op: JUMP, x: split });
    this.prog[split].x = split + 1;
    this.prog[split].y = this.prog.length;
  }

  private emitNode(n: GlobNode): void {
    switch (n.k) {
      case 'lit':
        this.emit({ op: CHAR, ch: n.ch });
        return;
      case 'one':
        this.emit({ op: NOT_SLASH });
        return;
      case 'star':
        this.emitLoop(NOT_SLASH);
        return;
      case 'all':
        this.emitLoop(ANY);
        return;
      case 'dirs': {
        // (?:.*/)?
        const split = this.emit({ op: SPLIT });
        this.prog[split].x = split + 1;
        this.emitLoop(ANY);
        this.emit({ op: CHAR, ch: '/' });
        this.prog[split].y = this.prog.length;
        return;
      }
      case 'rest': {
        // (?:/.*)?
        const split = this.emit({ op: SPLIT });
        this.prog[split].x = split + 1;
        this.emit({ op: CHAR, ch: '/' });
        this.emitLoop(ANY);
        this.prog[split].y = this.prog.length;
        return;
      }
      case 'cls':
        this.emit({
          op: CLASS,
          cls: { negate: n.negate, lo: n.items.map(([lo]) => lo.codePointAt(0) ?? 0), hi: n.items.map(([, hi]) => hi.codePointAt(0) ?? 0) },
        });
        return;
      case 'alt': {
        if (n.alts.length === 0) {
          // Matches nothing: a SPLIT to nowhere would need a dead state; a class that takes no character is one.
          this.emit({ op: CLASS, cls: { negate: false, lo: [], hi: [] } });
          return;
        }
        const jumps: number[] = [];
        for (let a = 0; a < n.alts.length; a++) {
          const last = a === n.alts.length - 1;
          const split = last ? -1 : this.emit({ op: SPLIT });
          if (split >= 0) this.prog[split].x = split + 1;
          this.emitSeq(n.alts[a]);
          if (!last) jumps.push(this.emit({ op: JUMP }));
          if (split >= 0) this.prog[split].y = this.prog.length;
        }
        for (const j of jumps) this.prog[j].x = this.prog.length;
        return;
      }
    }
  }
}

function accepts(o: Op, ch: string): boolean {
  switch (o.op) {
    case CHAR:
      return o.ch === ch;
    case NOT_SLASH:
      return ch !== '/';
    case ANY:
      return true;
    case CLASS: {
      if (ch === '/') return false;
      const cls = o.cls as NonNullable<Op['cls']>;
      const cp = ch.codePointAt(0) ?? 0;
      let inside = false;
      for (let k = 0; k < cls.lo.length; k++) {
        if (cp >= cls.lo[k] && cp <= cls.hi[k]) {
          inside = true;
          break;
        }
      }
      return inside !== cls.negate;
    }
    default:
      return false;
  }
}
