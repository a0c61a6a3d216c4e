// Reading goals.yaml's YAML tree: the typed field readers every part of the parse uses, each reporting the problem
// of a wrong shape at the node that has it (1-based positions).
import { isAlias, isMap, isScalar, isSeq, LineCounter } from 'yaml';
import type { Document } from 'yaml';
import type { Problem, Severity } from '../types';
import { clip, closest } from './problems';

export type AnyNode = unknown;
type Range = readonly [number, number, ...number[]];

export interface Field {
  key: AnyNode;
  value: AnyNode;
}

export class Reader {
  readonly problems: Problem[] = [];
  constructor(
    private readonly file: string,
    private readonly lc: LineCounter,
    private readonly length: number,
    private readonly doc: Document.Parsed | null,
  ) {}

  position(offset: number): { line: number; column: number } {
    const clamped = Math.max(0, Math.min(this.length, Number.isFinite(offset) ? offset : 0));
    const { line, col } = this.lc.linePos(clamped);
    return { line: Math.max(1, line), column: Math.max(1, col) };
  }

  report(code: string, severity: Severity, message: string, at: AnyNode, fallback?: AnyNode): void {
    let range = rangeOf(at);
    if (range === null || (isScalar(at) && at.value === null && range[0] === range[1])) range = rangeOf(fallback) ?? range;
    const problem: Problem = { file: this.file, line: 1, column: 1, message, severity, code };
    if (range !== null) {
      const start = this.position(range[0]);
      problem.line = start.line;
      problem.column = start.column;
      const scalarLike = Array.isArray(at) || isScalar(at) || (isScalar(fallback) && rangeOf(at) === null);
      if (scalarLike && range[1] > range[0]) {
        const end = this.position(range[1]);
        problem.endLine = end.line;
        problem.endColumn = end.column;
      }
    }
    this.problems.push(problem);
  }

  deref(node: AnyNode): AnyNode {
    if (isAlias(node)) {
      if (this.doc === null) return null;
      try {
        return node.resolve(this.doc) ?? null;
      } catch {
        return null;
      }
    }
    return node;
  }

  /**
   * The known fields of a mapping (first occurrence of each); reports unknown and duplicate fields.
   */
  fields(map: AnyNode, known: readonly string[], what: string): Map<string, Field> {
    const out = new Map<string, Field>();
    if (!isMap(map)) return out;
    for (const pair of map.items) {
      const key = this.deref(pair.key);
      if (!isScalar(key) || key.value === null || typeof key.value === 'object') {
        this.report('bad-type', 'warning', `${what} field names must be plain text`, key ?? pair.value, map);
        continue;
      }
      const name = scalarText(key) ?? '';
      if (!known.includes(name)) {
        const suggestion = closest(name, known);
        this.report(
          'unknown-field',
          'warning',
          `unknown ${what} field '${name}'` + (suggestion !== null ? `; did you mean '${suggestion}'?` : ''),
          key,
        );
        continue;
      }
      const first = out.get(name);
      if (first !== undefined) {
        const firstLine = this.position(rangeOf(first.key)?.[0] ?? 0).line;
        this.report('duplicate-field', 'error', `duplicate ${what} field '${name}' (first on line ${firstLine})`, key);
        continue;
      }
      out.set(name, { key, value: this.deref(pair.value) });
    }
    return out;
  }

  /** Text of a scalar field; undefined when absent or null; reports bad-type for a non-scalar. */
  text(field: Field | undefined, what: string, severity: Severity = 'warning'): string | undefined {
    if (field === undefined) return undefined;
    const v = field.value;
    if (v === null || v === undefined) return undefined;
    if (!isScalar(v)) {
      this.report('bad-type', severity, `${what} must be text, not a ${shapeName(v)}`, v, field.key);
      return undefined;
    }
    const t = scalarText(v);
    return t === null ? undefined : t;
  }

  date(field: Field | undefined, what: string): string | undefined {
    if (field === undefined) return undefined;
    const v = field.value;
    if (v === null || v === undefined || (isScalar(v) && v.value === null)) return undefined;
    const t = isScalar(v) ? scalarText(v) : null;
    if (t !== null && isCalendarDate(t)) return t;
    const shown = t !== null ? `'${clip(t)}'` : `a ${shapeName(v)}`;
    this.report('bad-date', 'warning', `bad ${what} date ${shown}: expected a real date as YYYY-MM-DD`, v, field.key);
    return undefined;
  }

  number(field: Field | undefined, what: string): number | undefined {
    if (field === undefined) return undefined;
    const v = field.value;
    if (v === null || v === undefined || (isScalar(v) && v.value === null)) return undefined;
    if (isScalar(v)) {
      if (typeof v.value === 'number' && Number.isFinite(v.value)) return v.value;
      if (typeof v.value === 'string' && NUMBER_TEXT.test(v.value.trim())) return Number(v.value.trim());
    }
    const shown = isScalar(v) ? `'${clip(scalarText(v) ?? '')}'` : `a ${shapeName(v)}`;
    this.report('bad-number', 'warning', `${what} ${shown} is not a number`, v, field.key);
    return undefined;
  }

  /** A list of text; a single scalar counts as a one-item list. Returns [text, node] pairs. */
  list(field: Field | undefined, what: string): [string, AnyNode][] {
    if (field === undefined) return [];
    const v = field.value;
    if (v === null || v === undefined || (isScalar(v) && v.value === null)) return [];
    if (isScalar(v)) return [[scalarText(v) ?? '', v]];
    if (!isSeq(v)) {
      this.report('bad-type', 'error', `${what} must be a list, not a ${shapeName(v)}`, v, field.key);
      return [];
    }
    const out: [string, AnyNode][] = [];
    for (const raw of v.items) {
      const item = this.deref(raw);
      if (item === null || item === undefined || (isScalar(item) && item.value === null)) continue;
      if (!isScalar(item)) {
        this.report('bad-type', 'error', `${what} entries must be text, not a ${shapeName(item)}`, item, v);
        continue;
      }
      out.push([scalarText(item) ?? '', item]);
    }
    return out;
  }

  /** The items of a list of mappings (strings allowed when `allowText`). */
  items(field: Field | undefined, what: string): AnyNode[] {
    if (field === undefined) return [];
    const v = field.value;
    if (v === null || v === undefined || (isScalar(v) && v.value === null)) return [];
    if (!isSeq(v)) {
      this.report('bad-type', 'warning', `${what} must be a list, not a ${shapeName(v)}`, v, field.key);
      return [];
    }
    return v.items.map((item) => this.deref(item));
  }

  line(node: AnyNode): number {
    const r = rangeOf(node);
    return r === null ? 1 : this.position(r[0]).line;
  }
}

export const NUMBER_TEXT = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/** A node's or a Range's [start, end]; AnyNode is unknown, so a Range, null or undefined may come in too. */
export function rangeOf(node: AnyNode): Range | null {
  if (node === null || node === undefined) return null;
  if (Array.isArray(node)) return node.length >= 2 ? (node as unknown as Range) : null;
  if (typeof node === 'object' && 'range' in node) {
    const r = (node as { range?: unknown }).range;
    if (Array.isArray(r) && typeof r[0] === 'number' && typeof r[1] === 'number') return r as unknown as Range;
  }
  return null;
}

export function shapeName(node: AnyNode): string {
  if (isMap(node)) return 'mapping';
  if (isSeq(node)) return 'list';
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'number' || typeof v === 'bigint') return 'number';
    if (typeof v === 'boolean') return 'boolean';
    return 'text';
  }
  return 'value';
}

/** A scalar as the user wrote it: `id: 123` is '123', `id: 1.0` is '1.0'. null for a null scalar. */
export function scalarText(node: AnyNode): string | null {
  if (!isScalar(node)) return null;
  const v = node.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? (node.source ?? '') : v.toISOString().slice(0, 10);
  if (typeof node.source === 'string' && node.source !== '') return node.source;
  // The core schema makes no other scalar values than these (and text, null, handled above).
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return null;
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return d <= days;
}

export function isNullNode(v: AnyNode): boolean {
  return v === null || v === undefined || (isScalar(v) && v.value === null);
}

/**
 * The line starts of `text` (after every \n). Not the parser's own LineCounter: in a broken file the parser skips
 * line breaks inside the tokens it cannot read, and positions after them came out on the wrong line.
 */
export function lineCounterOf(text: string): LineCounter {
  const lc = new LineCounter();
  lc.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
  return lc;
}

export const TOO_DEEP = 'nested too deeply to read: lists or mappings go thousands of levels deep here';

export function isStackOverflow(message: string): boolean {
  return /maximum call stack size exceeded/i.test(message);
}
