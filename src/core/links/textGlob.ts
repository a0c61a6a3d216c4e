// Globs over free text: commit subjects and author names or emails (goals.yaml `subjects:` and `authors:`, the
// bots of effort). Only two wildcards: `*` (any run of characters, '/' included) and `?` (one character); `\x` is x
// itself; everything else is literal, so `dependabot[bot]` and `[maven-release-plugin]*` mean what they say.
//
// goals.yaml is repository content, so a pattern must not be able to stall a reader: matching is the two-pointer
// wildcard walk (it backtracks only to the last `*`), at most pattern length x text length steps, never a
// regular expression.

interface Token {
  kind: 'char' | 'one' | 'any';
  ch: string;
}

interface Compiled {
  tokens: Token[];
  /** The literal text before the first wildcard: a text that does not start with it fails at once. */
  prefix: string;
}

const compiled = new Map<string, Compiled>();

function compile(glob: string): Compiled {
  let c = compiled.get(glob);
  if (c) return c;
  const t: Token[] = [];
  const chars = Array.from(glob);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '\\' && i + 1 < chars.length) t.push({ kind: 'char', ch: chars[++i] });
    else if (ch === '*') {
      if (t.length === 0 || t[t.length - 1].kind !== 'any') t.push({ kind: 'any', ch });
    } else if (ch === '?') t.push({ kind: 'one', ch });
    else t.push({ kind: 'char', ch });
  }
  let prefix = '';
  for (const tok of t) {
    if (tok.kind !== 'char') break;
    prefix += tok.ch;
  }
  c = { tokens: t, prefix };
  if (compiled.size > 10_000) compiled.clear();
  compiled.set(glob, c);
  return c;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Whether the whole of `text` matches the text glob. `ignoreCase` compares both lower-cased. */
export function matchTextGlob(glob: string, text: string, ignoreCase = false): boolean {
  const { tokens: p, prefix } = compile(ignoreCase ? glob.toLowerCase() : glob);
  const t = ignoreCase ? text.toLowerCase() : text;
  if (!t.startsWith(prefix)) return false;
  // By UTF-16 unit when the text has no surrogate pair (nearly always): then a unit is a character, and `?` one.
  const s: ArrayLike<string> = SURROGATE.test(t) ? Array.from(t) : t;
  let i = 0; // text
  let j = 0; // pattern
  let star = -1;
  let mark = 0;
  while (i < s.length) {
    const tok = j < p.length ? p[j] : undefined;
    if (tok && (tok.kind === 'one' || (tok.kind === 'char' && tok.ch === s[i]))) {
      i++;
      j++;
    } else if (tok && tok.kind === 'any') {
      star = j++;
      mark = i;
    } else if (star >= 0) {
      j = star + 1;
      i = ++mark;
    } else return false;
  }
  while (j < p.length && p[j].kind === 'any') j++;
  return j === p.length;
}

/** A short message saying what is wrong with a text glob, or null when it is fine. */
export function validateTextGlob(glob: string): string | null {
  if (glob.trim() === '') return 'empty glob';
  if (glob.endsWith('\\') && !glob.endsWith('\\\\')) return `glob '${glob}' ends with '\\'`;
  return null;
}
