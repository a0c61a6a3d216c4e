// Import specifiers of TypeScript / JavaScript source, and their resolution to repository files. Pure: no I/O.
//
// A small scanner, not a parser: it skips comments, string and template literals and regular-expression literals
// (told from division by the token before the '/'), and recognises
//   import x from 'a'   import type { T } from 'a'   import 'a'   export * from 'a'   export { x } from 'a'
//   import('a')         require('a')                 import x = require('a')
// Only string-literal specifiers count (a template literal without `${}` counts too); `import.meta`, `x.require(...)`
// and `obj.from 'a'`-like text are not imports.

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'] as const;
const RESOLVE_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.d.ts'];

export function isSourceFile(path: string): boolean {
  return SOURCE_EXTENSIONS.some((e) => path.endsWith(e));
}

type Tok = { kind: 'id' | 'str' | 'punct'; value: string };

const REGEX_AFTER_WORDS = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await',
]);

/** Import specifiers in source order (duplicates kept once). */
export function extractImports(source: string): string[] {
  const toks = scan(source);
  const found: string[] = [];
  const add = (s: string) => {
    if (!found.includes(s)) found.push(s);
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind !== 'id') continue;
    const prev = i > 0 ? toks[i - 1] : undefined;
    if (prev && prev.kind === 'punct' && (prev.value === '.' || prev.value === '?.')) continue;
    const next = toks.at(i + 1);
    if (!next) continue;
    if (t.value === 'from' && next.kind === 'str') add(next.value);
    else if (t.value === 'import' && next.kind === 'str') add(next.value);
    else if ((t.value === 'import' || t.value === 'require') && next.kind === 'punct' && next.value === '(') {
      const arg = toks.at(i + 2);
      const close = toks.at(i + 3);
      if (arg?.kind === 'str' && close?.kind === 'punct' && (close.value === ')' || close.value === ',')) add(arg.value);
    }
  }
  return found;
}

/** Tokens that matter for imports: identifiers, string values, punctuation. Comments and regexes are dropped. */
function scan(src: string): Tok[] {
  const toks: Tok[] = [];
  const n = src.length;
  let i = 0;
  // Brace depth at which each open template literal's `${` started, to resume the template at its `}`.
  const templateStack: number[] = [];
  let braces = 0;

  const regexAllowed = (): boolean => {
    const p = toks.at(-1);
    if (!p) return true;
    if (p.kind === 'str') return false;
    if (p.kind === 'id') return REGEX_AFTER_WORDS.has(p.value);
    return !(p.value === ')' || p.value === ']' || p.value === '}');
  };

  /** Reads a template literal body from i (just after '`' or after a closing `}`); returns true at `${`. */
  const templateBody = (): { text: string; interpolated: boolean } => {
    let text = '';
    while (i < n) {
      const ch = src[i];
      if (ch === '\\') {
        text += src[i + 1] ?? '';
        i += 2;
      } else if (ch === '`') {
        i++;
        return { text, interpolated: false };
      } else if (ch === '$' && src[i + 1] === '{') {
        i += 2;
        templateStack.push(braces);
        braces++;
        return { text, interpolated: true };
      } else {
        text += ch;
        i++;
      }
    }
    return { text, interpolated: false };
  };

  while (i < n) {
    const ch = src[i];
    if (ch === '/' && src[i + 1] === '/') {
      const nl = src.indexOf('\n', i);
      i = nl === -1 ? n : nl + 1;
    } else if (ch === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      let text = '';
      while (j < n && src[j] !== ch && src[j] !== '\n') {
        if (src[j] === '\\') {
          text += src[j + 1] ?? '';
          j += 2;
        } else text += src[j++];
      }
      toks.push({ kind: 'str', value: text });
      i = j + 1;
    } else if (ch === '`') {
      i++;
      const body = templateBody();
      // A plain template literal is a string; one with `${}` is an expression (never an import specifier).
      toks.push(body.interpolated ? { kind: 'punct', value: '`' } : { kind: 'str', value: body.text });
    } else if (ch === '/') {
      if (regexAllowed()) {
        let j = i + 1;
        let inClass = false;
        while (j < n && src[j] !== '\n') {
          const c = src[j];
          if (c === '\\') j += 2;
          else {
            if (c === '[') inClass = true;
            else if (c === ']') inClass = false;
            else if (c === '/' && !inClass) break;
            j++;
          }
        }
        j++;
        while (j < n && /[a-z]/i.test(src[j])) j++;
        toks.push({ kind: 'str', value: '' }); // a regex is a value, like a string
        i = j;
      } else {
        toks.push({ kind: 'punct', value: '/' });
        i++;
      }
    } else if (/[A-Za-z_$]/.test(ch) || ch.charCodeAt(0) > 127) {
      let j = i + 1;
      while (j < n && (/[\w$]/.test(src[j]) || src.charCodeAt(j) > 127)) j++;
      toks.push({ kind: 'id', value: src.slice(i, j) });
      i = j;
    } else if (/[0-9]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[\w.]/.test(src[j])) j++;
      toks.push({ kind: 'str', value: '' }); // a number: a value
      i = j;
    } else if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
    } else if (ch === '{') {
      braces++;
      toks.push({ kind: 'punct', value: ch });
      i++;
    } else if (ch === '}') {
      braces--;
      if (templateStack.length && templateStack[templateStack.length - 1] === braces) {
        templateStack.pop();
        i++;
        const body = templateBody();
        if (!body.interpolated) toks.push({ kind: 'punct', value: '`' });
      } else {
        toks.push({ kind: 'punct', value: ch });
        i++;
      }
    } else if (ch === '?' && src[i + 1] === '.') {
      toks.push({ kind: 'punct', value: '?.' });
      i += 2;
    } else {
      toks.push({ kind: 'punct', value: ch });
      i++;
    }
  }
  return toks;
}

/** Joins a relative specifier onto the importer's folder; null when it climbs out of the repository. */
function joinRelative(importer: string, spec: string): string | null {
  const parts = importer.split('/');
  parts.pop();
  for (const seg of spec.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

/**
 * The repository file a relative specifier names, or null (bare package names, URLs, missing files).
 * Tries the path as written, with each source extension, `<path>/index.<ext>`, and the TypeScript ESM
 * convention of writing `.js` for a `.ts` file.
 */
export function resolveImport(importer: string, spec: string, files: ReadonlySet<string>): string | null {
  const clean = spec.split(/[?#]/)[0];
  if (!(clean === '.' || clean === '..' || clean.startsWith('./') || clean.startsWith('../'))) return null;
  const base = joinRelative(importer, clean);
  if (base === null) return null;
  return resolveModulePath(base, clean.endsWith('/'), files);
}

/**
 * The repository file a module path (repository-relative, no leading './') names: as written, with each source
 * extension, `<path>/index.<ext>`, or `.js` written for a `.ts` file. Shared by relative specifiers and by
 * tsconfig `paths` and `baseUrl`.
 */
export function resolveModulePath(base: string, folderOnly: boolean, files: ReadonlySet<string>): string | null {
  const candidates: string[] = [];
  if (base !== '' && !folderOnly) {
    candidates.push(base);
    for (const e of RESOLVE_EXTENSIONS) candidates.push(base + e);
    const m = /\.(js|jsx|mjs|cjs)$/.exec(base);
    if (m) {
      const stem = base.slice(0, -m[0].length);
      const alt: Record<string, string[]> = { js: ['.ts', '.tsx'], jsx: ['.tsx'], mjs: ['.mts'], cjs: ['.cts'] };
      for (const e of alt[m[1]]) candidates.push(stem + e);
    }
  }
  const dir = base === '' ? '' : base + '/';
  for (const e of RESOLVE_EXTENSIONS) candidates.push(`${dir}index${e}`);
  for (const c of candidates) if (files.has(c)) return c;
  return null;
}

/** Repository files that `importer` imports (relative specifiers that resolve to a known file). */
export function resolvedImports(importer: string, source: string, files: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const spec of extractImports(source)) {
    const r = resolveImport(importer, spec, files);
    if (r && !out.includes(r)) out.push(r);
  }
  return out;
}

/**
 * A word that any relative import of `target` (a file or folder) from outside it must contain: the file's
 * name without extension, or the folder name for an index file or a folder. Importers inside an index file's
 * own folder may write just '.' or '..', so callers also consider that folder's files.
 */
export function importSearchWord(target: string, isFolder: boolean): string {
  const parts = target.split('/');
  const last = parts[parts.length - 1];
  if (isFolder) return last;
  const stem = last.replace(/\.d\.ts$/, '').replace(/\.[^.]+$/, '');
  if (stem === 'index' && parts.length > 1) return parts[parts.length - 2];
  return stem;
}
