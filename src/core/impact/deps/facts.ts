// What a reader finds in one source file, as plain data: the parse layer (src/parse) fills it from a syntax tree,
// the resolution rules (resolve.ts) turn it into edges between repository files. Pure: no I/O.

export type Lang = 'java' | 'kotlin' | 'csharp' | 'go' | 'python' | 'ts';

export interface ImportFact {
  /**
   * Java/Kotlin: the dotted name (`a.b.C`, `a.b` for a wildcard); C#: the namespace or type of a `using`;
   * Go: the import path; Python: the module (`a.b`, '' for `from . import x`); TS/JS: the specifier.
   */
  path: string;
  /** Java `import static`, C# `using static`. */
  static?: boolean;
  /** `import a.b.*` (Java, Kotlin), `from m import *` (Python). */
  wildcard?: boolean;
  /** Python: leading dots of a relative import (`from ..x import y` is 2). */
  level?: number;
  /** Python `from m import a, b`: the names imported. */
  names?: string[];
  /** C# `global using`: seen by every file of the repository. */
  global?: boolean;
  /** Kotlin `import a.b.C as D`, C# `using D = A.B.C;`. */
  alias?: string;
}

export interface SourceFacts {
  lang: Lang;
  /** Java/Kotlin package, Go package clause; '' when none. */
  pkg: string;
  imports: ImportFact[];
  /** Names the file declares at top level that other files may use: types (Java, Kotlin, C#), functions and
   * values too (Kotlin, Go). */
  declares: string[];
  /** C#: the namespaces the file declares types in (nested ones joined with '.'). */
  namespaces: string[];
  /** Identifiers the file mentions outside comments and string literals (same-package and wildcard use). */
  uses: string[];
}

export const LANG_EXTENSIONS: Readonly<Record<Lang, readonly string[]>> = {
  java: ['.java'],
  kotlin: ['.kt', '.kts'],
  csharp: ['.cs'],
  go: ['.go'],
  python: ['.py', '.pyi'],
  ts: ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'],
};

/** The language a repository path is read as, by its extension; undefined for everything else. */
export function langOf(path: string): Lang | undefined {
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot < path.lastIndexOf('/')) return undefined;
  const ext = path.slice(dot).toLowerCase();
  for (const lang of Object.keys(LANG_EXTENSIONS) as Lang[]) if (LANG_EXTENSIONS[lang].includes(ext)) return lang;
  return undefined;
}

export function emptyFacts(lang: Lang): SourceFacts {
  return { lang, pkg: '', imports: [], declares: [], namespaces: [], uses: [] };
}
