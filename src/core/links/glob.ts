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

interface Compiled {
  source: string;
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

function compile(glob: string): Compiled {
  if (glob.trim() === '') return { source: '(?!)', error: 'empty glob' };
  const c = Array.from(normalise(glob));
  if (c.length === 0) return { source: '(?!)', error: `glob '${glob}' matches nothing` };
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

  const parseClass = (): string | null => {
    // c[i] === '['
    let j = i + 1;
    let negate = false;
    if (j < n && (c[j] === '!' || c[j] === '^')) {
      negate = true;
      j++;
    }
    const items: string[] = [];
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
        items.push(escapeClassChar(ch) + '-' + escapeClassChar(hi));
      } else {
        items.push(escapeClassChar(ch));
      }
    }
    if (j >= n) return null; // unclosed
    i = j + 1;
    return '(?!/)[' + (negate ? '^' : '') + items.join('') + ']';
  };

  const parseSeq = (): string => {
    let out = '';
    while (i < n) {
      const ch = c[i];
      if (depth > 0 && (ch === ',' || ch === '}')) return out;
      if (ch === '\\') {
        if (i + 1 >= n) {
          fail(`glob '${glob}' ends with '\\'`);
          i++;
          continue;
        }
        out += escapeChar(c[i + 1]);
        i += 2;
      } else if (ch === '/' && c[i + 1] === '*' && c[i + 2] === '*' && isBoundaryAfter(i + 3)) {
        // `/**` followed by '/' or the end: zero or more further segments.
        out += '(?:/.*)?';
        i += 3;
      } else if (ch === '*') {
        let j = i;
        while (j < n && c[j] === '*') j++;
        const stars = j - i;
        if (stars >= 2 && isBoundaryBefore(i) && j < n && c[j] === '/') {
          out += '(?:.*/)?';
          i = j + 1;
        } else if (stars >= 2 && isBoundaryBefore(i) && isBoundaryAfter(j)) {
          out += '.*';
          i = j;
        } else {
          out += '[^/]*';
          i = j;
        }
      } else if (ch === '?') {
        out += '[^/]';
        i++;
      } else if (ch === '[') {
        const cls = parseClass();
        if (cls === null) {
          fail(`unclosed '[' in glob '${glob}'`);
          out += '\\[';
          i++;
        } else {
          out += cls;
        }
      } else if (ch === '{') {
        i++;
        depth++;
        const alts: string[] = [parseSeq()];
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
        out += '(?:' + alts.join('|') + ')';
      } else if (ch === '}') {
        fail(`unmatched '}' in glob '${glob}'`);
        out += '\\}';
        i++;
      } else {
        out += escapeChar(ch);
        i++;
      }
    }
    return out;
  };

  const source = parseSeq();
  if (failure.error !== null) return { source: escapeLiteral(glob), error: failure.error };
  return { source, error: null };
}

/** The code point of one character (never an empty string here: the glob is split into characters). */
function codePoint(ch: string): number {
  return ch.codePointAt(0) ?? 0;
}

function escapeClassChar(ch: string): string {
  return ch === '\\' || ch === ']' || ch === '[' || ch === '^' || ch === '-' ? '\\' + ch : ch;
}

const CACHE_LIMIT = 10_000;
const cache = new Map<string, { re: RegExp; error: string | null }>();

function lookup(glob: string): { re: RegExp; error: string | null } {
  let hit = cache.get(glob);
  if (hit === undefined) {
    const { source, error } = compile(glob);
    let re: RegExp;
    try {
      re = new RegExp('^(?:' + source + ')$', 'su');
    } catch {
      // Defensive: the compiler only emits valid patterns, but a glob must never throw.
      re = new RegExp('^(?:' + escapeLiteral(glob) + ')$', 'su');
    }
    hit = { re, error };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(glob, hit);
  }
  return hit;
}

/** The anchored regular expression for a glob (cached). Never throws; a bad glob matches its own text literally. */
export function globToRegExp(glob: string): RegExp {
  return lookup(glob).re;
}

/** Whether the whole of `text` (a branch name or a '/'-separated repository path) matches `glob`. */
export function matchGlob(glob: string, text: string): boolean {
  return lookup(glob).re.test(text);
}

/** A short message saying what is wrong with the glob, or null when it is fine. */
export function validateGlob(glob: string): string | null {
  return lookup(glob).error;
}
