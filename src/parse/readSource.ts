// The reader of each language behind one call: tree-sitter for Java, Kotlin, C#, Go and Python; the hand-written
// scanner of src/core/impact/imports.ts for TypeScript/JavaScript (it agrees with the tree-sitter grammar on the
// files measured in bench/impact.js and is several times faster, see docs/performance.md).
import { emptyFacts, langOf, type SourceFacts } from '../core/impact/deps/facts';
import { extractImports } from '../core/impact/imports';
import { readWithTreeSitter } from './readers';

/** Bumped whenever a reader changes what it finds, so cached facts of older readers are dropped. */
export const READER_VERSION = 1;

/** The facts of one source file, or undefined for a file of no language Impact reads. */
export async function readSource(file: string, text: string): Promise<SourceFacts | undefined> {
  const lang = langOf(file);
  if (!lang) return undefined;
  if (lang === 'ts') {
    const facts = emptyFacts('ts');
    facts.imports = extractImports(text).map((path) => ({ path }));
    return facts;
  }
  return readWithTreeSitter(lang, file, text);
}
