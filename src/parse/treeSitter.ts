// Tree-sitter in WebAssembly: the web-tree-sitter runtime and the grammars' published .wasm builds, loaded on
// first use (never at activation) from dist/tree-sitter beside the bundle, or from node_modules when running
// unbundled (tests). No native module, nothing downloaded. The grammars were built by tree-sitter-cli 0.25 (the
// runtime's version, pinned in package.json) except Kotlin's (ABI 14, which the runtime reads too).
import * as fs from 'fs';
import * as path from 'path';
import type { Language, Parser, Query } from 'web-tree-sitter';

type Runtime = typeof import('web-tree-sitter');

export type GrammarName = 'java' | 'kotlin' | 'c-sharp' | 'go' | 'python';

/** Each grammar's file in its npm package (esbuild.js copies the same files into dist/tree-sitter). */
export const GRAMMAR_SOURCES: Readonly<Record<GrammarName, { pkg: string; file: string }>> = {
  java: { pkg: '@vscode/tree-sitter-wasm', file: 'wasm/tree-sitter-java.wasm' },
  'c-sharp': { pkg: '@vscode/tree-sitter-wasm', file: 'wasm/tree-sitter-c-sharp.wasm' },
  go: { pkg: '@vscode/tree-sitter-wasm', file: 'wasm/tree-sitter-go.wasm' },
  python: { pkg: '@vscode/tree-sitter-wasm', file: 'wasm/tree-sitter-python.wasm' },
  kotlin: { pkg: 'tree-sitter-wasms', file: 'out/tree-sitter-kotlin.wasm' },
};

/** dist/tree-sitter when running from the bundle (the .vsix, the CLI), else undefined. */
function bundledDir(): string | undefined {
  const dir = path.join(__dirname, 'tree-sitter');
  return fs.existsSync(path.join(dir, 'tree-sitter.cjs')) ? dir : undefined;
}

function packageFile(pkg: string, file: string): string {
  return require.resolve(`${pkg}/${file}`);
}

let runtime: Promise<Runtime> | undefined;
const languages = new Map<GrammarName, Promise<Language>>();

function loadRuntime(): Promise<Runtime> {
  if (!runtime) {
    runtime = (async () => {
      const dir = bundledDir();
      // A computed path: esbuild leaves it alone, so the runtime stays out of extension.js until first use.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const rt = (dir ? require(path.join(dir, 'tree-sitter.cjs')) : require('web-tree-sitter')) as Runtime;
      const wasm = dir ? path.join(dir, 'tree-sitter.wasm') : packageFile('web-tree-sitter', 'tree-sitter.wasm');
      await rt.Parser.init({ locateFile: () => wasm });
      return rt;
    })();
    runtime.catch(() => (runtime = undefined));
  }
  return runtime;
}

/** The grammar, loaded once per process. */
export async function grammar(name: GrammarName): Promise<{ rt: Runtime; language: Language }> {
  const rt = await loadRuntime();
  let p = languages.get(name);
  if (!p) {
    const dir = bundledDir();
    const src = GRAMMAR_SOURCES[name];
    const file = dir ? path.join(dir, path.basename(src.file)) : packageFile(src.pkg, src.file);
    p = fs.promises.readFile(file).then((bytes) => rt.Language.load(new Uint8Array(bytes)));
    languages.set(name, p);
    p.catch(() => languages.delete(name));
  }
  return { rt, language: await p };
}

/** A parser and compiled queries for one grammar, made once and reused for every file. */
export interface LoadedGrammar {
  parser: Parser;
  query: (source: string) => Query;
}

const loaded = new Map<GrammarName, Promise<LoadedGrammar>>();

export function loadGrammar(name: GrammarName): Promise<LoadedGrammar> {
  let p = loaded.get(name);
  if (!p) {
    p = grammar(name).then(({ rt, language }) => {
      const parser = new rt.Parser();
      parser.setLanguage(language);
      const queries = new Map<string, Query>();
      return {
        parser,
        query: (source: string) => {
          let q = queries.get(source);
          if (!q) queries.set(source, (q = new rt.Query(language, source)));
          return q;
        },
      };
    });
    loaded.set(name, p);
    p.catch(() => loaded.delete(name));
  }
  return p;
}
