// One reader per language: source text -> SourceFacts (package, imports, top-level declarations, identifiers
// used), from the tree-sitter syntax tree. Comments and string literals are never read as code: imports come
// from import nodes, and identifiers are taken from the text outside comment and string nodes.
import type { Node, Tree } from 'web-tree-sitter';
import { emptyFacts, type ImportFact, type Lang, type SourceFacts } from '../core/impact/deps/facts';
import { loadGrammar, type GrammarName, type LoadedGrammar } from './treeSitter';

/**
 * Text that is not a use of a name: comments, string contents, and the package and import lines themselves
 * (their names are read as imports; `namespace Acme.Money` does not use a type Money).
 */
const SKIP: Readonly<Record<Exclude<Lang, 'ts'>, string>> = {
  java: '[(line_comment) (block_comment) (string_literal) (character_literal) (package_declaration) (import_declaration)] @s',
  // Kotlin strings hold `${expr}` code: only their literal parts are skipped.
  kotlin: '[(line_comment) (multiline_comment) (string_content) (character_literal) (package_header) (import_list)] @s',
  csharp: '[(comment) (string_literal) (verbatim_string_literal) (raw_string_literal) (character_literal) (using_directive)] @s ' +
    '(namespace_declaration name: (_) @s) (file_scoped_namespace_declaration name: (_) @s)',
  go: '[(comment) (interpreted_string_literal) (raw_string_literal) (rune_literal) (package_clause) (import_declaration)] @s',
  python: '[(comment) (string)] @s',
};

const GRAMMAR: Readonly<Record<Exclude<Lang, 'ts'>, GrammarName>> = { java: 'java', kotlin: 'kotlin', csharp: 'c-sharp', go: 'go', python: 'python' };

/** Files larger than this are generated code, not anybody's dependency worth a parse. */
export const MAX_PARSED_BYTES = 2 * 1024 * 1024;

/** Reads one file of a tree-sitter language. The grammar is loaded on first use. */
export async function readWithTreeSitter(lang: Exclude<Lang, 'ts'>, file: string, text: string): Promise<SourceFacts> {
  const g = await loadGrammar(GRAMMAR[lang]);
  return readLoaded(g, lang, file, text);
}

/** The synchronous part, once the grammar is loaded: one parse, one small query, a scan of the text. */
export function readLoaded(g: LoadedGrammar, lang: Exclude<Lang, 'ts'>, file: string, text: string): SourceFacts {
  if (text.length > MAX_PARSED_BYTES) return emptyFacts(lang);
  const tree = g.parser.parse(text);
  if (!tree) return emptyFacts(lang);
  try {
    const facts = emptyFacts(lang);
    const root = tree.rootNode;
    if (lang === 'java') readJava(root, facts, file);
    else if (lang === 'kotlin') readKotlin(root, facts, file);
    else if (lang === 'csharp') readCSharp(root, facts);
    else if (lang === 'go') readGo(root, facts);
    else readPython(g, tree, facts);
    if (lang !== 'python') facts.uses = identifiersOutside(text, skipRanges(g, lang, tree, text));
    return facts;
  } finally {
    tree.delete();
  }
}

/** Openers of string literals that may span lines: text blocks, raw and verbatim strings, triple quotes. */
const MULTILINE_STRING = /^([A-Za-z]*("""|''')|\$*@?\$*"""|\$?@\$?"|`)/;

function skipRanges(g: LoadedGrammar, lang: Exclude<Lang, 'ts'>, tree: Tree, text: string): number[] {
  const out: number[] = [];
  for (const { node } of g.query(SKIP[lang]).captures(tree.rootNode)) {
    // After a syntax error the grammar may take code for a string running over several lines: such a "string"
    // stays code, so that a name used after it is not lost (an extra name only costs a lookup).
    if (lang !== 'kotlin' && !node.type.includes('comment') && node.startPosition.row !== node.endPosition.row &&
      !MULTILINE_STRING.test(text.slice(node.startIndex, node.startIndex + 4))) continue;
    out.push(node.startIndex, node.endIndex);
  }
  // Captures come in document order; should a grammar ever differ, order them (the scan relies on it).
  for (let i = 2; i < out.length; i += 2) {
    if (out[i] < out[i - 2]) {
      const pairs: [number, number][] = [];
      for (let k = 0; k < out.length; k += 2) pairs.push([out[k], out[k + 1]]);
      return pairs.sort((a, b) => a[0] - b[0]).flat();
    }
  }
  return out;
}

/**
 * Distinct identifiers of the text outside the skipped [start, end) ranges (sorted by start). Tree-sitter gives
 * indexes in UTF-16 code units for a JavaScript string, the units the regular expression counts in.
 */
export function identifiersOutside(text: string, ranges: readonly number[]): string[] {
  const found = new Set<string>();
  const re = /[A-Za-z_$\u00c0-\uffff][\w$\u00c0-\uffff]*/g;
  let k = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    while (k < ranges.length && ranges[k + 1] <= m.index) k += 2;
    if (k < ranges.length && ranges[k] <= m.index) {
      re.lastIndex = ranges[k + 1];
      continue;
    }
    found.add(m[0]);
  }
  return [...found];
}

const stem = (file: string): string => file.slice(file.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
const noSpace = (s: string): string => s.replace(/\s+/g, '');
/** Children without the nulls web-tree-sitter's typings allow. */
const named = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => c !== null);
const has = (n: Node, type: string): boolean => n.children.some((c) => c?.type === type);

// ---------------------------------------------------------------- Java

const JAVA_TYPES = new Set(['class_declaration', 'interface_declaration', 'enum_declaration', 'record_declaration', 'annotation_type_declaration']);

function readJava(root: Node, facts: SourceFacts, file: string): void {
  const declares = new Set<string>([stem(file)]); // a public class is named after its file, even in a file that does not parse
  for (const n of named(root)) {
    if (n.type === 'package_declaration') {
      const name = named(n).find((c) => c.type === 'scoped_identifier' || c.type === 'identifier');
      if (name) facts.pkg = noSpace(name.text);
    } else if (n.type === 'import_declaration') {
      const name = named(n).find((c) => c.type === 'scoped_identifier' || c.type === 'identifier');
      if (name) facts.imports.push({ path: noSpace(name.text), ...(has(n, 'static') ? { static: true } : {}), ...(has(n, 'asterisk') ? { wildcard: true } : {}) });
    } else if (JAVA_TYPES.has(n.type)) {
      const name = n.childForFieldName('name');
      if (name) declares.add(name.text);
    }
  }
  facts.declares = [...declares];
}

// ---------------------------------------------------------------- Kotlin

function readKotlin(root: Node, facts: SourceFacts, file: string): void {
  const declares = new Set<string>();
  const firstOf = (n: Node, type: string) => named(n).find((c) => c.type === type);
  for (const n of named(root)) {
    if (n.type === 'package_header') {
      const id = firstOf(n, 'identifier');
      if (id) facts.pkg = noSpace(id.text);
    } else if (n.type === 'import_list' || n.type === 'import_header') {
      for (const h of n.type === 'import_list' ? named(n) : [n]) {
        if (h.type !== 'import_header') continue;
        const id = firstOf(h, 'identifier');
        if (!id) continue;
        const alias = firstOf(h, 'import_alias');
        const imp: ImportFact = { path: noSpace(id.text) };
        if (firstOf(h, 'wildcard_import')) imp.wildcard = true;
        if (alias) imp.alias = alias.text.replace(/^as\s+/, '');
        facts.imports.push(imp);
      }
    } else if (n.type === 'class_declaration' || n.type === 'object_declaration' || n.type === 'type_alias') {
      const id = firstOf(n, 'type_identifier');
      if (id) declares.add(id.text);
    } else if (n.type === 'function_declaration') {
      const id = firstOf(n, 'simple_identifier');
      if (id) declares.add(id.text);
    } else if (n.type === 'property_declaration') {
      const v = firstOf(n, 'variable_declaration');
      const id = v && firstOf(v, 'simple_identifier');
      if (id) declares.add(id.text);
    }
  }
  // A Kotlin file often holds one class named after it; its name counts even when the grammar stumbles.
  if (/^[A-Z]/.test(stem(file))) declares.add(stem(file));
  facts.declares = [...declares];
}

// ---------------------------------------------------------------- C#

const CS_TYPES = new Set(['class_declaration', 'struct_declaration', 'interface_declaration', 'enum_declaration', 'record_declaration', 'record_struct_declaration', 'delegate_declaration']);

function readCSharp(root: Node, facts: SourceFacts): void {
  const namespaces = new Set<string>();
  const declares = new Set<string>();
  const walk = (container: Node, ns: string) => {
    let current = ns; // a file-scoped namespace applies to the declarations after it
    for (const n of named(container)) {
      if (n.type === 'using_directive') {
        const alias = n.childForFieldName('name');
        const target = named(n).filter((c) => !alias || c.id !== alias.id).at(-1);
        if (!target) continue;
        const imp: ImportFact = { path: noSpace(target.text) };
        if (has(n, 'static')) imp.static = true;
        if (has(n, 'global')) imp.global = true;
        if (alias) imp.alias = alias.text;
        facts.imports.push(imp);
      } else if (n.type === 'namespace_declaration' || n.type === 'file_scoped_namespace_declaration') {
        const name = n.childForFieldName('name');
        const full = [current, name ? noSpace(name.text) : ''].filter((x) => x).join('.');
        namespaces.add(full);
        const body = n.childForFieldName('body');
        if (body) walk(body, full);
        else current = full;
      } else if (CS_TYPES.has(n.type)) {
        const name = n.childForFieldName('name');
        if (name) declares.add(current ? `${current}.${name.text}` : name.text);
      }
    }
  };
  walk(root, '');
  facts.namespaces = [...namespaces];
  facts.declares = [...declares];
}

// ---------------------------------------------------------------- Go

function readGo(root: Node, facts: SourceFacts): void {
  const declares = new Set<string>();
  const specs = (n: Node, type: string): Node[] => named(n).flatMap((c) => (c.type === type ? [c] : c.type.endsWith('_list') ? specs(c, type) : []));
  for (const n of named(root)) {
    if (n.type === 'package_clause') {
      const id = named(n).find((c) => c.type === 'package_identifier' || c.type === 'identifier');
      if (id) facts.pkg = id.text;
    } else if (n.type === 'import_declaration') {
      for (const spec of specs(n, 'import_spec')) {
        const p = spec.childForFieldName('path');
        if (p) facts.imports.push({ path: p.text.slice(1, -1) });
      }
    } else if (n.type === 'function_declaration') {
      const name = n.childForFieldName('name');
      if (name) declares.add(name.text);
    } else if (n.type === 'type_declaration') {
      for (const spec of named(n)) {
        const name = spec.childForFieldName('name');
        if (name) declares.add(name.text);
      }
    } else if (n.type === 'var_declaration' || n.type === 'const_declaration') {
      for (const spec of specs(n, n.type === 'var_declaration' ? 'var_spec' : 'const_spec')) {
        for (let i = 0; i < spec.childCount; i++) {
          const c = spec.child(i);
          if (c && spec.fieldNameForChild(i) === 'name') declares.add(c.text);
        }
      }
    }
  }
  facts.declares = [...declares];
}

// ---------------------------------------------------------------- Python

function readPython(g: LoadedGrammar, tree: Tree, facts: SourceFacts): void {
  // Imports may sit anywhere (inside try:, if TYPE_CHECKING:, functions): every import statement counts.
  for (const { node: n } of g.query('[(import_statement) (import_from_statement)] @i').captures(tree.rootNode)) {
    if (n.type === 'import_statement') {
      for (const c of named(n)) {
        const dotted = c.type === 'aliased_import' ? c.childForFieldName('name') : c;
        if (dotted?.type === 'dotted_name') facts.imports.push({ path: noSpace(dotted.text) });
      }
      continue;
    }
    const mod = n.childForFieldName('module_name');
    if (!mod) continue;
    const imp: ImportFact = { path: '' };
    if (mod.type === 'relative_import') {
      const prefix = named(mod).find((c) => c.type === 'import_prefix');
      imp.level = prefix ? prefix.text.length : 1;
      const dotted = named(mod).find((c) => c.type === 'dotted_name');
      imp.path = dotted ? noSpace(dotted.text) : '';
    } else imp.path = noSpace(mod.text);
    const names: string[] = [];
    for (let i = 0; i < n.childCount; i++) {
      const c = n.child(i);
      if (!c || n.fieldNameForChild(i) !== 'name') continue;
      const dotted = c.type === 'aliased_import' ? c.childForFieldName('name') : c;
      if (dotted) names.push(noSpace(dotted.text));
    }
    if (named(n).some((c) => c.type === 'wildcard_import')) imp.wildcard = true;
    if (names.length) imp.names = names;
    facts.imports.push(imp);
  }
}
