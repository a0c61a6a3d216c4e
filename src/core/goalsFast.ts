// A fast reader for the plain subset of YAML that goals.yaml files use in practice. The yaml library takes seconds on
// a 10,000-goal file (its lexer and CST parser alone do); this reads it in a few hundred milliseconds, mostly spent
// allocating the nodes. It builds the same yaml nodes (maps, sequences, pairs, scalars) with the same ranges, values
// and sources as `parseDocument` with the core schema, and fills a LineCounter the same way, so the validation in
// goalsFile.ts reads either one unchanged (test/unit/goalsFast.test.ts checks this against the library).
//
// It is conservative on purpose: for anything outside the subset it returns undefined and the caller reads the file
// with the yaml library, which is always right. The subset (everything on one line unless said otherwise):
//   - an optional first line `---`; full-line and trailing `#` comments; blank lines; `\n` line ends, no tabs
//   - a block mapping at the top, keys at column 0; block mappings and block sequences nested by indentation, a
//     sequence allowed at its parent key's indentation (`goals:` then `- id: x`), compact maps in sequences
//     (`- id: x` then `  title: y`)
//   - keys: plain, letters, digits and `_` then also ` `, `-`, `.`, `/`; no duplicates in a mapping
//   - values: plain scalars, single- and double-quoted scalars (with their escapes), flow sequences and flow maps of
//     those, nested (`[a, b]`, `{ date: 2026-10-01, value: 2 }`, `[{ a: 1 }]`), closed on the same line
// Declined (read by the yaml library): anchors, aliases, tags, block scalars, multi-line scalars or flow
// collections, explicit keys (`?`), quoted or flow keys, directives, document markers after the start, a BOM,
// `\r`, tabs, control characters, odd indentation, empty flow values, trailing commas, very deep nesting, anything
// else. Pure: no I/O.

import { isMap, isPair, isScalar, isSeq, LineCounter, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

export interface FastYaml {
  /** The top-level mapping, as `parseDocument(text).contents` would be. */
  contents: YAMLMap<unknown, unknown>;
  /** Line starts of the text, as the yaml library's parser records them. */
  lineCounter: LineCounter;
}

/** Thrown (and caught in parseGoalsYamlFast) to decline the text. */
const DECLINE = { declined: true };

const MAX_DEPTH = 100;
const MAX_KEY = 1000;
const MAX_KEYS = 256;

// Character codes.
const NL = 10;
const SP = 32;
const HASH = 35;
const DQ = 34;
const SQ = 39;
const COLON = 58;
const COMMA = 44;
const DASH = 45;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const BACKSLASH = 92;

/** Characters that may not start a plain scalar here (YAML indicators); `-` is handled apart. */
function isIndicator(c: number): boolean {
  switch (c) {
    case 63: // ?
    case COLON:
    case COMMA:
    case LBRACKET:
    case RBRACKET:
    case LBRACE:
    case RBRACE:
    case HASH:
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case SQ:
    case DQ:
    case 37: // %
    case 64: // @
    case 96: // `
    case SP:
      return true;
    default:
      return false;
  }
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

function isKeyStart(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isKeyChar(c: number): boolean {
  return isKeyStart(c) || c === SP || c === DASH || c === 46 /* . */ || c === 47; /* / */
}

// The core schema's scalar tags, in the library's order (yaml/dist/schema/core).
const NULL_RE = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const OCT_RE = /^0o[0-7]+$/;
const INT_RE = /^[-+]?[0-9]+$/;
const HEX_RE = /^0x[0-9a-fA-F]+$/;
const NAN_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXP_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

// Node objects. The yaml library's constructors give every node its type with Object.defineProperty, and every
// scalar a range array: on a 10,000-goal file (half a million scalars) that alone takes about as long as all the
// rest. So scalars and pairs are built from these classes instead: their prototype chains go through yaml's Scalar and
// Pair (instanceof, methods), their node type sits on the prototype under the library's own registered symbol (so
// isScalar and isPair recognise them), and a scalar's range array is made when read. A self-check below turns the
// fast path off (every text declined) if a version of yaml ever identifies nodes differently.
const NODE_TYPE = Symbol.for('yaml.node.type');

class FastScalar {
  format?: string;
  minFractionDigits?: number;
  constructor(
    public value: unknown,
    public source: string,
    public type: string,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get range(): [number, number, number] {
    return [this.start, this.end, this.end];
  }

  set range(range: [number, number, number]) {
    Object.defineProperty(this, 'range', { value: range, writable: true, enumerable: true, configurable: true });
  }
}
Object.setPrototypeOf(FastScalar.prototype, Scalar.prototype);
Object.defineProperty(FastScalar.prototype, NODE_TYPE, { value: Symbol.for('yaml.scalar') });

class FastPair {
  constructor(
    public key: unknown,
    public value: unknown,
  ) {}
}
Object.setPrototypeOf(FastPair.prototype, Pair.prototype);
Object.defineProperty(FastPair.prototype, NODE_TYPE, { value: Symbol.for('yaml.pair') });

class FastMap {
  items: unknown[] = [];
  range: number[] = [];
}
Object.setPrototypeOf(FastMap.prototype, YAMLMap.prototype);
Object.defineProperty(FastMap.prototype, NODE_TYPE, { value: Symbol.for('yaml.map') });

class FastSeq {
  items: unknown[] = [];
  range: number[] = [];
}
Object.setPrototypeOf(FastSeq.prototype, YAMLSeq.prototype);
Object.defineProperty(FastSeq.prototype, NODE_TYPE, { value: Symbol.for('yaml.seq') });

function newMap(): YAMLMap<unknown, unknown> {
  return new FastMap() as unknown as YAMLMap<unknown, unknown>;
}

function newSeq(): YAMLSeq<unknown> {
  return new FastSeq() as unknown as YAMLSeq<unknown>;
}

/** True when the mapping already has a key written `name`. A linear scan: mappings with many keys are declined. */
function hasKey(map: YAMLMap<unknown, unknown>, name: string): boolean {
  const items = map.items;
  if (items.length >= MAX_KEYS) throw DECLINE;
  for (let i = 0; i < items.length; i++) if ((items[i].key as Scalar).source === name) return true;
  return false;
}

function scalar(value: unknown, source: string, type: string, start: number, end: number): Scalar {
  return new FastScalar(value, source, type, start, end) as unknown as Scalar;
}

function pair(key: unknown, value: unknown): Pair<unknown, unknown> {
  return new FastPair(key, value) as unknown as Pair<unknown, unknown>;
}

const PROBE = scalar(1, '1', Scalar.PLAIN, 0, 1);
const NODES_OK =
  isScalar(PROBE) && PROBE instanceof Scalar && PROBE.range?.[1] === 1 && isPair(pair(PROBE, PROBE)) && !isPair(PROBE) && isMap(newMap()) && isSeq(newSeq()) && !isMap(newSeq());

/** A plain scalar resolved as the yaml library's core schema does it. */
function plainScalar(source: string, start: number, end: number): Scalar {
  const c = source.charCodeAt(0);
  // Only these first characters can make a non-string: ~ + - . digits n N t T f F
  const maybe = c === 126 || c === 43 || c === DASH || c === 46 || (c >= 48 && c <= 57) || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70;
  if (!maybe) return scalar(source, source, Scalar.PLAIN, start, end);
  let value: unknown = source;
  let format: string | undefined;
  let minFractionDigits: number | undefined;
  if (NULL_RE.test(source)) value = null;
  else if (BOOL_RE.test(source)) value = c === 116 || c === 84;
  else if (OCT_RE.test(source)) {
    value = parseInt(source.substring(2), 8);
    format = 'OCT';
  } else if (INT_RE.test(source)) value = parseInt(source, 10);
  else if (HEX_RE.test(source)) {
    value = parseInt(source.substring(2), 16);
    format = 'HEX';
  } else if (NAN_RE.test(source)) {
    value = source.slice(-3).toLowerCase() === 'nan' ? NaN : source[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  } else if (EXP_RE.test(source)) {
    value = parseFloat(source);
    format = 'EXP';
  } else if (FLOAT_RE.test(source)) {
    value = parseFloat(source);
    const dot = source.indexOf('.');
    if (dot !== -1 && source[source.length - 1] === '0') minFractionDigits = source.length - dot - 1;
  }
  const node = scalar(value, source, Scalar.PLAIN, start, end);
  if (format !== undefined) node.format = format;
  if (minFractionDigits !== undefined) node.minFractionDigits = minFractionDigits;
  return node;
}

function nullScalar(at: number): Scalar {
  return scalar(null, '', Scalar.PLAIN, at, at);
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};
const HEX = /^[0-9a-fA-F]+$/;

class FastReader {
  /** Offset of the first character of each content line (not blank, not only a comment). */
  private readonly cs: number[] = [];
  /** Indentation (spaces) of each content line. */
  private readonly ind: number[] = [];
  /** Offset of the end of each content line (its `\n`, or the end of the text). */
  private readonly ce: number[] = [];
  /** The content line being read. */
  private li = 0;
  /** The offset just after the flow node last read. */
  private fp = 0;
  private depth = 0;
  readonly lineCounter = new LineCounter();

  constructor(private readonly text: string) {}

  read(): YAMLMap<unknown, unknown> {
    this.scanLines();
    const { cs, ind, ce, text } = this;
    const n = cs.length;
    if (n === 0) throw DECLINE;
    if (ind[0] === 0 && ce[0] - cs[0] === 3 && text.startsWith('---', cs[0])) this.li = 1;
    if (this.li >= n || ind[this.li] !== 0) throw DECLINE;
    const top = this.blockMap(cs[this.li], 0);
    if (this.li !== n) throw DECLINE;
    return top;
  }

  /** Splits the text into lines, checks every character and fills the LineCounter. */
  private scanLines(): void {
    const { text, cs, ind, ce, lineCounter } = this;
    const len = text.length;
    lineCounter.addNewLine(0);
    let start = 0;
    while (start <= len) {
      let i = start;
      while (i < len && text.charCodeAt(i) === SP) i++;
      const first = i;
      let c = 0;
      for (; i < len; i++) {
        c = text.charCodeAt(i);
        if (c === NL) break;
        if (c < SP) throw DECLINE; // tabs, \r, control characters
        if (c >= 0x7f) {
          if (c <= 0x9f || c === 0x2028 || c === 0x2029 || c === 0xfeff || c >= 0xfffe) throw DECLINE;
          if (c >= 0xd800 && c <= 0xdfff) {
            // Only a high surrogate followed by a low one.
            const d = text.charCodeAt(i + 1);
            if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) throw DECLINE;
            i++;
          }
        }
      }
      if (first < i && text.charCodeAt(first) !== HASH) {
        cs.push(first);
        ind.push(first - start);
        ce.push(i);
      }
      if (i >= len) break;
      lineCounter.addNewLine(i + 1);
      start = i + 1;
    }
  }

  private isDashLine(line: number): boolean {
    const p = this.cs[line];
    return this.text.charCodeAt(p) === DASH && (p + 1 === this.ce[line] || this.text.charCodeAt(p + 1) === SP);
  }

  /** The offset of the `:` ending a plain key that starts at p, or -1 when p does not start one. */
  private scanKey(p: number, end: number): number {
    const { text } = this;
    if (!isKeyStart(text.charCodeAt(p))) return -1;
    let i = p + 1;
    while (i < end && isKeyChar(text.charCodeAt(i))) i++;
    if (i >= end || text.charCodeAt(i) !== COLON) return -1;
    if (i + 1 < end && text.charCodeAt(i + 1) !== SP) return -1;
    if (text.charCodeAt(i - 1) === SP || i - p > MAX_KEY) throw DECLINE;
    return i;
  }

  private skipSpaces(p: number, end: number): number {
    while (p < end && this.text.charCodeAt(p) === SP) p++;
    return p;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw DECLINE;
  }

  /** A block node starting at the first character of content line `line`. */
  private blockNode(line: number): unknown {
    if (this.isDashLine(line)) return this.blockSeq(line);
    const p = this.cs[line];
    if (this.scanKey(p, this.ce[line]) < 0) throw DECLINE;
    return this.blockMap(p, this.ind[line]);
  }

  /** A block mapping whose first key starts at offset p (on line this.li) at column col. */
  private blockMap(p: number, col: number): YAMLMap<unknown, unknown> {
    this.enter();
    const { text, cs, ind, ce } = this;
    const n = cs.length;
    const map = newMap();
    let keyStart = p;
    let last = p;
    for (;;) {
      const line = this.li;
      const end = ce[line];
      const colon = this.scanKey(keyStart, end);
      if (colon < 0) throw DECLINE;
      const name = text.slice(keyStart, colon);
      if (hasKey(map, name)) throw DECLINE;
      const key = plainScalar(name, keyStart, colon);
      const q = this.skipSpaces(colon + 1, end);
      let value: unknown;
      if (q >= end || text.charCodeAt(q) === HASH) {
        const next = line + 1;
        if (next < n && (ind[next] > col || (ind[next] === col && this.isDashLine(next)))) {
          this.li = next;
          value = this.blockNode(next);
        } else {
          value = nullScalar(q);
          this.li = next;
        }
      } else {
        value = this.inline(q, end);
        this.li = line + 1;
        if (this.li < n && ind[this.li] > col) throw DECLINE; // a multi-line scalar, or bad indentation
      }
      last = (value as { range: number[] }).range[2];
      map.items.push(pair(key, value));
      if (this.li >= n) break;
      const i2 = ind[this.li];
      if (i2 < col) break;
      if (i2 > col) throw DECLINE;
      keyStart = cs[this.li];
    }
    map.range = [p, last, last];
    this.depth--;
    return map;
  }

  /** A block sequence whose first `-` starts content line `line`. */
  private blockSeq(line: number): YAMLSeq<unknown> {
    this.enter();
    const { text, cs, ind, ce } = this;
    const n = cs.length;
    const col = ind[line];
    const seq = newSeq();
    const start = cs[line];
    let last = start;
    this.li = line;
    for (;;) {
      const cur = this.li;
      const p = cs[cur];
      const end = ce[cur];
      const q = this.skipSpaces(p + 1, end);
      let item: unknown;
      if (q >= end || text.charCodeAt(q) === HASH) {
        const next = cur + 1;
        if (next < n && ind[next] > col) {
          this.li = next;
          item = this.blockNode(next);
        } else {
          item = nullScalar(q);
          this.li = next;
        }
      } else if (text.charCodeAt(q) === DASH && (q + 1 === end || text.charCodeAt(q + 1) === SP)) {
        throw DECLINE; // - - nested compact sequence
      } else if (this.scanKey(q, end) >= 0) {
        item = this.blockMap(q, col + (q - p));
      } else {
        item = this.inline(q, end);
        this.li = cur + 1;
        if (this.li < n && ind[this.li] > col) throw DECLINE;
      }
      last = (item as { range: number[] }).range[2];
      seq.items.push(item);
      if (this.li >= n) break;
      const i2 = ind[this.li];
      if (i2 < col) break;
      if (i2 > col) throw DECLINE;
      if (!this.isDashLine(this.li)) break;
    }
    seq.range = [start, last, last];
    this.depth--;
    return seq;
  }

  /** A value on the rest of a line, from p (not a space) to end: a scalar or a flow collection, then maybe a comment. */
  private inline(p: number, end: number): unknown {
    const { text } = this;
    const c = text.charCodeAt(p);
    let node: unknown;
    if (c === LBRACKET || c === LBRACE || c === DQ || c === SQ) {
      node = c === LBRACKET ? this.flowSeq(p, end) : c === LBRACE ? this.flowMap(p, end) : this.quoted(p, end);
      const after = this.fp;
      const q = this.skipSpaces(after, end);
      if (q < end && (text.charCodeAt(q) !== HASH || q === after)) throw DECLINE;
      return node;
    }
    if (isIndicator(c) || (c === DASH && (p + 1 >= end || text.charCodeAt(p + 1) === SP))) throw DECLINE;
    if (c === DASH && !isPlainSafeAfterDash(text.charCodeAt(p + 1))) throw DECLINE;
    let i = p;
    let valueEnd = p;
    for (; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === SP) {
        if (i + 1 < end && text.charCodeAt(i + 1) === HASH) break;
      } else if (ch === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SP)) {
        throw DECLINE; // a mapping on the same line
      } else valueEnd = i + 1;
    }
    return plainScalar(text.slice(p, valueEnd), p, valueEnd);
  }

  /** A node inside a flow collection at p (after spaces); sets this.fp after it. */
  private flowNode(p: number, end: number): unknown {
    const { text } = this;
    const c = text.charCodeAt(p);
    if (c === LBRACKET) return this.flowSeq(p, end);
    if (c === LBRACE) return this.flowMap(p, end);
    if (c === DQ || c === SQ) return this.quoted(p, end);
    if (p >= end || isIndicator(c)) throw DECLINE;
    if (c === DASH && !isPlainSafeAfterDash(text.charCodeAt(p + 1))) throw DECLINE;
    let i = p;
    let valueEnd = p;
    for (; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === SP) {
        if (i + 1 < end && text.charCodeAt(i + 1) === HASH) break;
      } else if (isFlowIndicator(ch)) break;
      else if (ch === COLON) {
        const next = i + 1 < end ? text.charCodeAt(i + 1) : SP;
        if (next === SP || isFlowIndicator(next)) break;
        valueEnd = i + 1;
      } else valueEnd = i + 1;
    }
    this.fp = valueEnd;
    return plainScalar(text.slice(p, valueEnd), p, valueEnd);
  }

  private flowSeq(p: number, end: number): YAMLSeq<unknown> {
    this.enter();
    const { text } = this;
    const seq = newSeq();
    let q = this.skipSpaces(p + 1, end);
    if (q < end && text.charCodeAt(q) === RBRACKET) q++;
    else {
      for (;;) {
        if (q >= end) throw DECLINE;
        seq.items.push(this.flowNode(q, end));
        q = this.skipSpaces(this.fp, end);
        const c = q < end ? text.charCodeAt(q) : -1;
        if (c === RBRACKET) {
          q++;
          break;
        }
        if (c !== COMMA) throw DECLINE; // `:` (a pair), `#`, the end of the line, ...
        q = this.skipSpaces(q + 1, end);
        if (q >= end || text.charCodeAt(q) === RBRACKET || text.charCodeAt(q) === COMMA) throw DECLINE;
      }
    }
    seq.range = [p, q, q];
    this.fp = q;
    this.depth--;
    return seq;
  }

  private flowMap(p: number, end: number): YAMLMap<unknown, unknown> {
    this.enter();
    const { text } = this;
    const map = newMap();
    let q = this.skipSpaces(p + 1, end);
    if (q < end && text.charCodeAt(q) === RBRACE) q++;
    else {
      for (;;) {
        const colon = this.scanKey(q, end);
        if (colon < 0 || colon + 1 >= end) throw DECLINE;
        const name = text.slice(q, colon);
        if (hasKey(map, name)) throw DECLINE;
        const key = plainScalar(name, q, colon);
        q = this.skipSpaces(colon + 1, end);
        if (q >= end) throw DECLINE;
        const v = text.charCodeAt(q);
        if (v === COMMA || v === RBRACE || v === HASH) throw DECLINE; // an empty value
        const value = this.flowNode(q, end);
        map.items.push(pair(key, value));
        q = this.skipSpaces(this.fp, end);
        const c = q < end ? text.charCodeAt(q) : -1;
        if (c === RBRACE) {
          q++;
          break;
        }
        if (c !== COMMA) throw DECLINE;
        q = this.skipSpaces(q + 1, end);
        if (q >= end || text.charCodeAt(q) === RBRACE) throw DECLINE;
      }
    }
    map.range = [p, q, q];
    this.fp = q;
    this.depth--;
    return map;
  }

  /** A single- or double-quoted scalar closed on this line; sets this.fp after the closing quote. */
  private quoted(p: number, end: number): Scalar {
    const { text } = this;
    const double = text.charCodeAt(p) === DQ;
    let value: string;
    let i = p + 1;
    if (double) {
      let escaped = false;
      for (; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c === DQ) break;
        if (c === BACKSLASH) {
          escaped = true;
          i++;
        }
      }
      if (i >= end) throw DECLINE;
      value = escaped ? unescape(text, p + 1, i) : text.slice(p + 1, i);
    } else {
      let doubled = false;
      for (; i < end; i++) {
        if (text.charCodeAt(i) === SQ) {
          if (i + 1 < end && text.charCodeAt(i + 1) === SQ) {
            doubled = true;
            i++;
          } else break;
        }
      }
      if (i >= end) throw DECLINE;
      value = text.slice(p + 1, i);
      if (doubled) value = value.replace(/''/g, "'");
    }
    this.fp = i + 1;
    return scalar(value, value, double ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE, p, i + 1);
  }
}

/** After a leading `-`, what keeps a plain scalar plain here (`-5`, `-x`, `--x`); anything else is declined. */
function isPlainSafeAfterDash(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === DASH;
}

/** The content of a double-quoted scalar between from and to, escapes resolved as the yaml library does. */
function unescape(text: string, from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) {
    const ch = text[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = text[++i];
    const known = ESCAPES[next];
    if (known !== undefined) out += known;
    else if (next === 'x' || next === 'u' || next === 'U') {
      const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = text.slice(i + 1, i + 1 + length);
      if (i + 1 + length > to || hex.length !== length || !HEX.test(hex)) throw DECLINE;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) throw DECLINE;
      out += String.fromCodePoint(code);
      i += length;
    } else throw DECLINE;
  }
  return out;
}

/**
 * Reads goals.yaml text in the plain subset of YAML described above: the top-level mapping and a LineCounter, as
 * the yaml library would give them, or undefined to decline (the caller then uses the yaml library).
 */
export function parseGoalsYamlFast(text: string): FastYaml | undefined {
  if (!NODES_OK) return undefined;
  try {
    const reader = new FastReader(text);
    const contents = reader.read();
    return { contents, lineCounter: reader.lineCounter };
  } catch {
    // DECLINE, or anything unexpected: either way the yaml library reads the file.
    return undefined;
  }
}
