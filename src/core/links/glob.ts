// Git-style globs for branch names and repository paths. Pure: no I/O.
//
// Semantics (the same for branch globs and path globs; a glob must match the whole text):
//   *        any run of characters within one segment (never crosses '/'):
//            `feat/checkout-*` matches `feat/checkout-retry`, not `feat/checkout/x`.
//   **       as a whole segment, any number of segments, including zero:
//            `src/**` matches `src`, `src/a` and `src/a/b.ts`; `**/x.ts` matches `x.ts` and `a/b/x.ts`;
//            `a/**/b` matches `a/b` and `a/x/y/b`; `**` alone matches everything.
//            Elsewhere (`a**b`) it is the same as `*`.
//   ?        exactly one character other than '/'.
//   [abc] [a-z] [!a] [^a]   one character (never '/') from, or not from, the class; a ']' right after
//            '[' or '[!' is literal.
//   {a,b}    alternation; alternatives may hold any glob syntax and may nest: `src/{api,web/**}`.
//   \x       the character x, literally.
// Normalisation: a leading `./` or `/` is dropped (globs are relative to the repository root) and a
// trailing `/` means "everything under": `src/payments/` is `src/payments/**`. Matching is
// case-sensitive, and the text must use '/' separators.
//
// A bad glob (empty, unclosed '[' or '{', unmatched '}', reversed range, trailing '\') makes
// validateGlob return a message. globToRegExp never throws: a bad glob matches only its own text,
// literally.
//
// Globs come from repository content (goals.yaml), so matchGlob runs no regular expression: `*a*a*a*a*b`
// against a long name made V8's backtracking take seconds. It runs the glob as a state machine (globNfa.ts),
// at most glob length x text length steps. globToRegExp stays for callers that build on the expression.

import { GlobNfa, type GlobNode } from './globNfa';

interface Compiled {
  source: string;
  nodes: GlobNode[];
  error: string | null;
}

const REGEX_SYNTAX = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);

function escapeChar(ch: string): string {
  return REGEX_SYNTAX.has(ch) ? '\\' + ch : ch;
}

function escapeLiteral(text: string): string {
  let out = '';
  for (const ch of text) out += escapeChar(ch);
  return out;
}

function normalise(glob: string): string {
  let g = glob;
  while (g.startsWith('./')) g = g.slice(2);
  while (g.startsWith('/')) g = g.slice(1);
  if (g.endsWith('/') && !g.endsWith('\\/')) g += '**';
  return g;
}

/** The regular expression source of parsed glob nodes. */
function sourceOf(nodes: readonly GlobNode[]): string {
  let out = '';
  for (const node of nodes) {
    switch (node.k) {
      case 'lit':
        out += escapeChar(node.ch);
        break;
      case 'one':
        out += '[^/]';
        break;
      case 'star':
        out += '[^/]*';
        break;
      case 'all':
        out += '.*';
        break;
      case 'dirs':
        out += '(?:.*/)?';
        break;
      case 'rest':
        out += '(?:/.*)?';
        break;
      case 'cls':
        out += '(?!/)[' + (node.negate ? '^' : '') + node.items.map(([lo, hi]) => (lo === hi ? escapeClassChar(lo) : escapeClassChar(lo) + '-' + escapeClassChar(hi))).join('') + ']';
        break;
      case 'alt':
        out += '(?:' + node.alts.map(sourceOf).join('|') + ')';
        break;
    }
  }
  return out;
}

function literalNodes(text: string): GlobNode[] {
  return Array.from(text, (ch) => ({ k: 'lit', ch }) as const);
}

function compile(glob: string): Compiled {
  if (glob.trim() === '') return { source: '(?!)', nodes: [{ k: 'alt', alts: [] }], error: 'empty glob' };
  const c = Array.from(normalise(glob));
  if (c.length === 0) return { source: '(?!)', nodes: [{ k: 'alt', alts: [] }], error: `glob '${glob}' matches nothing` };
  const n = c.length;
  let i = 0;
  let depth = 0;
  // A holder, not a `let`: fail() sets it from the nested parsers, which TypeScript's narrowing does not follow.
  const failure: { error: string | null } = { error: null };

  const fail = (message: string): void => {
    failure.error ??= message;
  };
  // Characters that end a segment or an alternative (the latter only inside braces).
  const isBoundaryAfter = (pos: number): boolean =>
    pos >= n || c[pos] === '/' || (depth > 0 && (c[pos] === ',' || c[pos] === '}'));
  const isBoundaryBefore = (pos: number): boolean =>
    pos === 0 || c[pos - 1] === '/' || (depth > 0 && (c[pos - 1] === '{' || c[pos - 1] === ','));

  const parseClass = (): GlobNode | null => {
    // c[i] === '['
    let j = i + 1;
    let negate = false;
    if (j < n && (c[j] === '!' || c[j] === '^')) {
      negate = true;
      j++;
    }
    const items: [string, string][] = [];
    let first = true;
    while (j < n && (c[j] !== ']' || first)) {
      first = false;
      let ch = c[j];
      if (ch === '\\') {
        j++;
        if (j >= n) return null;
        ch = c[j];
      }
      j++;
      if (j + 1 < n && c[j] === '-' && c[j + 1] !== ']') {
        let hi = c[j + 1];
        j += 2;
        if (hi === '\\') {
          if (j >= n) return null;
          hi = c[j];
          j++;
        }
        if (codePoint(hi) < codePoint(ch)) {
          fail(`bad range '${ch}-${hi}' in glob '${glob}'`);
          return null;
        }
        items.push([ch, hi]);
      } else {
        items.push([ch, ch]);
      }
    }
    if (j >= n) return null; // unclosed
    i = j + 1;
    return { k: 'cls', negate, items };
  };

  const parseSeq = (): GlobNode[] => {
    const out: GlobNode[] = [];
    while (i < n) {
      const ch = c[i];
      if (depth > 0 && (ch === ',' || ch === '}')) return out;
      if (ch === '\\') {
        if (i + 1 >= n) {
          fail(`glob '${glob}' ends with '\\'`);
          i++;
          continue;
        }
        out.push({ k: 'lit', ch: c[i + 1] });
        i += 2;
      } else if (ch === '/' && c[i + 1] === '*' && c[i + 2] === '*' && isBoundaryAfter(i + 3)) {
        // `/**` followed by '/' or the end: zero or more further segments.
        out.push({ k: 'rest' });
        i += 3;
      } else if (ch === '*') {
        let j = i;
        while (j < n && c[j] === '*') j++;
        const stars = j - i;
        if (stars >= 2 && isBoundaryBefore(i) && j < n && c[j] === '/') {
          out.push({ k: 'dirs' });
          i = j + 1;
        } else if (stars >= 2 && isBoundaryBefore(i) && isBoundaryAfter(j)) {
          out.push({ k: 'all' });
          i = j;
        } else {
          out.push({ k: 'star' });
          i = j;
        }
      } else if (ch === '?') {
        out.push({ k: 'one' });
        i++;
      } else if (ch === '[') {
        const cls = parseClass();
        if (cls === null) {
          fail(`unclosed '[' in glob '${glob}'`);
          out.push({ k: 'lit', ch: '[' });
          i++;
        } else {
          out.push(cls);
        }
      } else if (ch === '{') {
        i++;
        depth++;
        const alts: GlobNode[][] = [parseSeq()];
        while (i < n && c[i] === ',') {
          i++;
          alts.push(parseSeq());
        }
        depth--;
        if (i < n && c[i] === '}') {
          i++;
        } else {
          fail(`unclosed '{' in glob '${glob}'`);
        }
        out.push({ k: 'alt', alts });
      } else if (ch === '}') {
        fail(`unmatched '}' in glob '${glob}'`);
        out.push({ k: 'lit', ch: '}' });
        i++;
      } else {
        out.push({ k: 'lit', ch });
        i++;
      }
    }
    return out;
  };

  const nodes = parseSeq();
  if (failure.error !== null) return { source: escapeLiteral(glob), nodes: literalNodes(glob), error: failure.error };
  return { source: sourceOf(nodes), nodes, error: null };
}

/** The code point of one character (never an empty string here: the glob is split into characters). */
function codePoint(ch: string): number {
  return ch.codePointAt(0) ?? 0;
}

function escapeClassChar(ch: string): string {
  return ch === '\\' || ch === ']' || ch === '[' || ch === '^' || ch === '-' ? '\\' + ch : ch;
}

const CACHE_LIMIT = 10_000;
interface Entry {
  source: string;
  nodes: GlobNode[];
  error: string | null;
  re?: RegExp;
  nfa?: GlobNfa;
}
const cache = new Map<string, Entry>();

function lookup(glob: string): Entry {
  let hit = cache.get(glob);
  if (hit === undefined) {
    hit = compile(glob);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(glob, hit);
  }
  return hit;
}

/**
 * The anchored regular expression for a glob (cached). Never throws; a bad glob matches its own text literally.
 * Backtracking: never run it on a glob from repository content against long text; use matchGlob.
 */
export function globToRegExp(glob: string): RegExp {
  const hit = lookup(glob);
  if (!hit.re) {
    try {
      hit.re = new RegExp('^(?:' + hit.source + ')$', 'su');
    } catch {
      // Defensive: the compiler only emits valid patterns, but a glob must never throw.
      hit.re = new RegExp('^(?:' + escapeLiteral(glob) + ')$', 'su');
    }
  }
  return hit.re;
}

function nfaOf(glob: string): GlobNfa {
  const hit = lookup(glob);
  return (hit.nfa ??= new GlobNfa(hit.nodes));
}

/** Whether the whole of `text` (a branch name or a '/'-separated repository path) matches `glob`. Linear: no backtracking. */
export function matchGlob(glob: string, text: string): boolean {
  return nfaOf(glob).matches(text);
}

/**
 * Whether `text` matches `glob` as a path or under a matching folder: 'self' the whole text only, 'below' a
 * prefix ending just before a '/' with more after it (`src/a` holds `src/a/b.ts`), 'selfOrBelow' either.
 * Linear, like matchGlob.
 */
export function matchGlobOrBelow(glob: string, text: string, mode: 'self' | 'below' | 'selfOrBelow'): boolean {
  return nfaOf(glob).matchesPrefix(text, mode === 'self', mode === 'below');
}

/** A short message saying what is wrong with the glob, or null when it is fine. */
export function validateGlob(glob: string): string | null {
  return lookup(glob).error;
}
