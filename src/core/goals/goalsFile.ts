// goals.yaml (version 1): parsing and validation. Pure: text in, model + problems out; never throws.
//
// Problem codes and severities. The rule: an error means Goal Lens may link work wrongly, or lose a
// goal or a link rule; a warning means data shown to people is missing or off.
//   syntax          error    YAML syntax error (YAML warnings are reported as warnings)
//   version         warning  `version` missing (1 assumed)
//                   error    `version` is not 1
//   missing-id      error    goal without an id: the goal is skipped
//   bad-id          error    id not matching [A-Za-z0-9][A-Za-z0-9._-]*: the goal is skipped
//   duplicate-id    error    second goal with the same id: the later one is skipped
//   missing-title   error    goal without a title: loads, with its id as title
//   unknown-parent  error    parent names no goal: the parent is dropped
//   parent-cycle    error    reported on each goal of the cycle: their parents are dropped
//   bad-key         error    `keys` entry not `ABC-123` nor `PREFIX*`: the entry is dropped
//   bad-glob        error    bad glob in `branches` / `paths`: the entry is dropped
//   bad-trailer     error    trailer not a git trailer token: "Goal" is used
//   bad-type        error    wrong shape for something used for linking (top level, goals list, a goal,
//                            id, parent, keys, branches, paths, trailer)
//                   warning  wrong shape elsewhere (title excepted: missing-title); the value is ignored
//   duplicate-field error    same field twice in one mapping: the first one is used
//   unknown-field   warning  with "did you mean 'x'?" when a known field is close
//   bad-date        warning  not a real YYYY-MM-DD date: the date is dropped (a measurement is skipped)
//   bad-status      warning  not one of GOAL_STATUSES: 'active' is used
//   bad-number      warning  outcome baseline/target/measurement value not a number: dropped / skipped
//   bad-extends     error    `extends` not a relative path nor { repo, ref, path }, or a refused source (see
//                            sharedGoals.ts): the shared goals are not read; local parents not found stay unreported
//   missing-field   warning  no `goals` list; outcome without metric; commitment without `what`;
//                            measurement without date or value (skipped); link without url (skipped)
//
// Model guarantees: goal ids are unique and valid; `parent` is set only when it names a goal of the
// file and forms no cycle (the hierarchy is a forest); dates are valid YYYY-MM-DD strings; arrays are
// never undefined. Positions are 1-based and point at the offending key or value.

import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import {
  GOAL_STATUSES,
  type Commitment,
  type Goal,
  type GoalLinkRef,
  type GoalStatus,
  type GoalsFile,
  type GoalsSource,
  type Measurement,
  type Outcome,
  type Problem,
  type Severity,
} from '../types';
import { validateGlob } from '../links/glob';
import { isGoalId, isTrailerKey } from '../links/linkRules';
import { DEFAULT_SOURCE_PATH, DEFAULT_SOURCE_REF, pathSourceError, refSourceError, repoSourceError } from './sharedGoals';

/** Field names known at each level of goals.yaml (also used by the JSON Schema test and completion). */
export const GOALS_FILE_FIELDS = {
  top: ['version', 'trailer', 'extends', 'goals'],
  extends: ['repo', 'ref', 'path'],
  goal: ['id', 'title', 'parent', 'status', 'owner', 'advisor', 'due', 'outcome', 'keys', 'branches', 'paths', 'commitments', 'links'],
  outcome: ['metric', 'unit', 'baseline', 'target', 'measurements'],
  measurement: ['date', 'value'],
  commitment: ['what', 'due', 'done'],
  link: ['title', 'url'],
} as const;

/** An issue key, exact (`PAY-1203`) or a prefix (`SHOP-*`, `SHOP*`). */
export const ISSUE_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]*(?:-[0-9]+|(?:-[0-9]*)?\*)$/;
export const DEFAULT_TRAILER = 'Goal';

type AnyNode = unknown;
type Range = readonly [number, number, ...number[]];

interface Field {
  key: AnyNode;
  value: AnyNode;
}

class Reader {
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

const NUMBER_TEXT = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/** A node's or a Range's [start, end]; AnyNode is unknown, so a Range, null or undefined may come in too. */
function rangeOf(node: AnyNode): Range | null {
  if (node === null || node === undefined) return null;
  if (Array.isArray(node)) return node.length >= 2 ? (node as unknown as Range) : null;
  if (typeof node === 'object' && 'range' in node) {
    const r = (node as { range?: unknown }).range;
    if (Array.isArray(r) && typeof r[0] === 'number' && typeof r[1] === 'number') return r as unknown as Range;
  }
  return null;
}

function shapeName(node: AnyNode): string {
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
function scalarText(node: AnyNode): string | null {
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

function clip(text: string, max = 60): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
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

/** Optimal-string-alignment distance (Levenshtein plus transpositions). */
function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

/** The known name closest to `name`, or null when none is close enough to be a likely typo. */
function closest(name: string, known: readonly string[]): string | null {
  if (name.length > 64) return null;
  const lower = name.toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(lower, k);
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  if (best !== null && bestDistance <= Math.max(1, Math.floor(Math.max(lower.length, best.length) / 3))) return best;
  if (lower.length >= 3) {
    const prefix = known.find((k) => k.startsWith(lower) || lower.startsWith(k));
    if (prefix !== undefined) return prefix;
  }
  return null;
}

/** "unknown parent 'x' (no goal has this id); did you mean 'y'?" with the closest of `ids`, when one is close. */
export function unknownParentMessage(parent: string, ids: Iterable<string>): string {
  const suggestion = closest(parent, [...ids]);
  return `unknown parent '${clip(parent)}' (no goal has this id)` + (suggestion !== null ? `; did you mean '${suggestion}'?` : '');
}

interface PendingGoal {
  goal: Goal;
  /** goal.parent as read (checkParents may delete that one). */
  parent: string;
  parentNode: AnyNode;
}

function readOutcome(r: Reader, field: Field): Outcome | undefined {
  const v = field.value;
  if (v === null || v === undefined || (isScalar(v) && v.value === null)) return undefined;
  if (isScalar(v)) return { metric: scalarText(v) ?? '', measurements: [] };
  if (!isMap(v)) {
    r.report('bad-type', 'warning', `outcome must be a mapping, not a ${shapeName(v)}`, v, field.key);
    return undefined;
  }
  const f = r.fields(v, GOALS_FILE_FIELDS.outcome, 'outcome');
  const metric = r.text(f.get('metric'), 'outcome metric');
  if (metric === undefined || metric.trim() === '') {
    r.report('missing-field', 'warning', 'outcome has no metric', f.get('metric')?.key ?? field.key);
  }
  const outcome: Outcome = { metric: metric ?? '', measurements: [] };
  const unit = r.text(f.get('unit'), 'outcome unit');
  if (unit !== undefined) outcome.unit = unit;
  const baseline = r.number(f.get('baseline'), 'baseline');
  if (baseline !== undefined) outcome.baseline = baseline;
  const target = r.number(f.get('target'), 'target');
  if (target !== undefined) outcome.target = target;
  for (const item of r.items(f.get('measurements'), 'measurements')) {
    if (item === null || item === undefined) continue;
    if (!isMap(item)) {
      r.report('bad-type', 'warning', `a measurement must be a mapping like { date: 2026-10-01, value: 3.2 }, not a ${shapeName(item)}`, item);
      continue;
    }
    const mf = r.fields(item, GOALS_FILE_FIELDS.measurement, 'measurement');
    const dateField = mf.get('date');
    const valueField = mf.get('value');
    const date = r.date(dateField, 'measurement');
    const value = r.number(valueField, 'measurement value');
    const dateMissing = dateField === undefined || isNullNode(dateField.value);
    const valueMissing = valueField === undefined || isNullNode(valueField.value);
    if (dateMissing || valueMissing) {
      r.report('missing-field', 'warning', `measurement without ${dateMissing ? 'date' : 'value'} is skipped`, item);
    }
    if (date !== undefined && value !== undefined) outcome.measurements.push({ date, value } satisfies Measurement);
  }
  return outcome;
}

function isNullNode(v: AnyNode): boolean {
  return v === null || v === undefined || (isScalar(v) && v.value === null);
}

function readCommitments(r: Reader, field: Field | undefined): Commitment[] {
  const out: Commitment[] = [];
  for (const item of r.items(field, 'commitments')) {
    if (item === null || item === undefined) continue;
    if (isScalar(item) && typeof item.value === 'string') {
      out.push({ what: item.value, line: r.line(item) });
      continue;
    }
    if (!isMap(item)) {
      r.report('bad-type', 'warning', `a commitment must be a mapping like { what: ..., due: 2026-12-15 }, not a ${shapeName(item)}`, item);
      continue;
    }
    const f = r.fields(item, GOALS_FILE_FIELDS.commitment, 'commitment');
    const what = r.text(f.get('what'), 'commitment what');
    if (what === undefined || what.trim() === '') r.report('missing-field', 'warning', "commitment has no 'what'", f.get('what')?.key ?? item);
    const c: Commitment = { what: what ?? '', line: r.line(item) };
    const due = r.date(f.get('due'), 'commitment due');
    if (due !== undefined) c.due = due;
    const done = r.date(f.get('done'), 'commitment done');
    if (done !== undefined) c.done = done;
    out.push(c);
  }
  return out;
}

function readLinks(r: Reader, field: Field | undefined): GoalLinkRef[] {
  const out: GoalLinkRef[] = [];
  for (const item of r.items(field, 'links')) {
    if (item === null || item === undefined) continue;
    if (isScalar(item) && typeof item.value === 'string' && item.value.trim() !== '') {
      out.push({ title: item.value, url: item.value });
      continue;
    }
    if (!isMap(item)) {
      r.report('bad-type', 'warning', `a link must be a mapping like { title: ..., url: ... }, not a ${shapeName(item)}`, item);
      continue;
    }
    const f = r.fields(item, GOALS_FILE_FIELDS.link, 'link');
    const url = r.text(f.get('url'), 'link url');
    const title = r.text(f.get('title'), 'link title');
    if (url === undefined || url.trim() === '') {
      r.report('missing-field', 'warning', 'link without url is skipped', f.get('url')?.key ?? item);
      continue;
    }
    out.push({ title: title !== undefined && title.trim() !== '' ? title : url, url });
  }
  return out;
}

function readGoal(r: Reader, item: AnyNode, seen: Map<string, Goal>, pending: PendingGoal[]): void {
  if (isNullNode(item)) return;
  if (!isMap(item)) {
    r.report('bad-type', 'error', `a goal must be a mapping with at least 'id' and 'title', not a ${shapeName(item)}`, item);
    return;
  }
  const f = r.fields(item, GOALS_FILE_FIELDS.goal, 'goal');
  const idField = f.get('id');

  // Read every field first so that a skipped goal still gets all its problems reported.
  let id: string | undefined;
  if (idField === undefined || isNullNode(idField.value)) {
    r.report('missing-id', 'error', 'goal has no id', idField?.key ?? item);
  } else if (!isScalar(idField.value)) {
    r.report('bad-type', 'error', `goal id must be text, not a ${shapeName(idField.value)}`, idField.value, idField.key);
  } else {
    const t = scalarText(idField.value) ?? '';
    if (isGoalId(t)) id = t;
    else r.report('bad-id', 'error', `bad goal id '${clip(t)}': use letters, digits, '.', '_' or '-', starting with a letter or digit`, idField.value, idField.key);
  }

  const titleField = f.get('title');
  let title = r.text(titleField, 'title', 'error');
  if (title === undefined || title.trim() === '') {
    if (titleField === undefined || isNullNode(titleField.value) || isScalar(titleField.value)) {
      r.report('missing-title', 'error', id !== undefined ? `goal '${clip(id)}' has no title` : 'goal has no title', titleField?.key ?? idField?.key ?? item);
    }
    title = undefined;
  }

  let status: GoalStatus = 'active';
  const statusField = f.get('status');
  const statusText = r.text(statusField, 'status');
  if (statusText !== undefined) {
    if ((GOAL_STATUSES as readonly string[]).includes(statusText)) status = statusText as GoalStatus;
    else {
      const suggestion = closest(statusText, GOAL_STATUSES);
      r.report(
        'bad-status',
        'warning',
        `unknown status '${clip(statusText)}'` + (suggestion !== null ? ` (did you mean '${suggestion}'?)` : '') + `; expected one of ${GOAL_STATUSES.join(', ')}`,
        statusField?.value,
      );
    }
  }

  const keys: string[] = [];
  for (const [k, node] of r.list(f.get('keys'), 'keys')) {
    if (ISSUE_KEY_PATTERN.test(k)) keys.push(k);
    else r.report('bad-key', 'error', `bad issue key '${clip(k)}': expected an exact key like PAY-1203 or a prefix like SHOP-*`, node);
  }
  const globs = (name: 'branches' | 'paths'): string[] => {
    const out: string[] = [];
    for (const [g, node] of r.list(f.get(name), name)) {
      const error = validateGlob(g);
      if (error === null) out.push(g);
      else r.report('bad-glob', 'error', `bad glob in ${name}: ${error}`, node);
    }
    return out;
  };
  const branches = globs('branches');
  const paths = globs('paths');

  const parentField = f.get('parent');
  const parent = r.text(parentField, 'parent', 'error');
  const owner = r.text(f.get('owner'), 'owner');
  const advisor = r.text(f.get('advisor'), 'advisor');
  const due = r.date(f.get('due'), 'due');
  const outcomeField = f.get('outcome');
  const outcome = outcomeField !== undefined ? readOutcome(r, outcomeField) : undefined;
  const commitments = readCommitments(r, f.get('commitments'));
  const links = readLinks(r, f.get('links'));

  if (id === undefined) return;
  const first = seen.get(id);
  if (first !== undefined) {
    r.report('duplicate-id', 'error', `duplicate goal id '${clip(id)}' (first defined on line ${first.line})`, idField?.value);
    return;
  }
  const at = rangeOf(idField?.key) ?? rangeOf(item);
  const pos = r.position(at?.[0] ?? 0);
  const goal: Goal = {
    id,
    title: title ?? id,
    status,
    keys,
    branches,
    paths,
    commitments,
    links,
    line: pos.line,
    column: pos.column,
  };
  if (owner !== undefined) goal.owner = owner;
  if (advisor !== undefined) goal.advisor = advisor;
  if (due !== undefined) goal.due = due;
  if (outcome !== undefined) goal.outcome = outcome;
  if (parent !== undefined && parent !== '') {
    goal.parent = parent;
    pending.push({ goal, parent, parentNode: parentField?.value });
  }
  seen.set(id, goal);
}

/**
 * Drops unknown parents and the parents of goals in a cycle, reporting each. O(goals). With `unresolved` (the file
 * has `extends`), an unknown parent may be a shared goal: its problem is kept there for mergeSharedGoals instead.
 */
function checkParents(r: Reader, seen: Map<string, Goal>, pending: PendingGoal[], unresolved?: NonNullable<GoalsFile['unresolvedParents']>): void {
  const parentNode = new Map<string, AnyNode>();
  for (const p of pending) {
    if (!seen.has(p.parent)) {
      r.report('unknown-parent', 'error', unknownParentMessage(p.parent, unresolved !== undefined ? [] : seen.keys()), p.parentNode);
      // The problem just reported moves to mergeSharedGoals, which keeps or drops it once shared goals are known.
      const problem = unresolved !== undefined ? r.problems.pop() : undefined;
      if (unresolved !== undefined && problem !== undefined) unresolved.push({ goalId: p.goal.id, parent: p.parent, problem });
      delete p.goal.parent;
    } else {
      parentNode.set(p.goal.id, p.parentNode);
    }
  }
  const state = new Map<string, 1 | 2>(); // 1 on the current walk, 2 done
  const cycles: string[][] = [];
  for (const p of pending) {
    const path: string[] = [];
    const index = new Map<string, number>();
    let cur: string | undefined = p.goal.id;
    while (cur !== undefined && !state.has(cur)) {
      state.set(cur, 1);
      index.set(cur, path.length);
      path.push(cur);
      cur = seen.get(cur)?.parent;
    }
    if (cur !== undefined && state.get(cur) === 1) cycles.push(path.slice(index.get(cur)));
    for (const id of path) state.set(id, 2);
  }
  for (const cycle of cycles) {
    for (let i = 0; i < cycle.length; i++) {
      const rotated = cycle.slice(i).concat(cycle.slice(0, i));
      const shown = rotated.length <= 8 ? rotated : [...rotated.slice(0, 6), `... (${rotated.length} goals)`];
      const message = `parent cycle: ${[...shown, rotated[0]].map((id) => clip(id, 40)).join(' -> ')}`;
      r.report('parent-cycle', 'error', message, parentNode.get(cycle[i]) ?? null);
    }
    for (const id of cycle) {
      const goal = seen.get(id); // every id of a cycle was reached through seen
      if (goal) delete goal.parent;
    }
  }
}

/**
 * `extends:` as a path relative to goals.yaml, or { repo, ref, path } for a file in a git repository. A refused
 * source is reported here (bad-extends) and left out, so nothing later tries to read it.
 */
function readExtends(r: Reader, field: Field): GoalsSource | undefined {
  const v = field.value;
  const pos = r.position(rangeOf(field.key)?.[0] ?? 0);
  if (isScalar(v)) {
    const text = (scalarText(v) ?? '').trim();
    if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text) || text.includes('::') || /^[^/\\]*@[^/\\]*:/.test(text)) {
      r.report('bad-extends', 'error', `extends '${clip(text)}' looks like a repository: write { repo: ${clip(text, 40)}, ref: main, path: goals.yaml }`, v);
      return undefined;
    }
    const error = pathSourceError(text, 'path');
    if (error !== null) {
      r.report('bad-extends', 'error', `bad extends: ${error}`, v, field.key);
      return undefined;
    }
    return { kind: 'path', path: text, ...pos };
  }
  if (!isMap(v)) {
    r.report('bad-extends', 'error', `extends must be a path or { repo, ref, path }, not a ${shapeName(v)}`, v, field.key);
    return undefined;
  }
  const f = r.fields(v, GOALS_FILE_FIELDS.extends, 'extends');
  const repo = r.text(f.get('repo'), 'extends repo', 'error');
  if (repo === undefined || repo.trim() === '') {
    r.report('bad-extends', 'error', "extends needs 'repo': the address of the repository with the shared goals file", f.get('repo')?.key ?? field.key);
    return undefined;
  }
  const ref = r.text(f.get('ref'), 'extends ref', 'error') ?? DEFAULT_SOURCE_REF;
  const file = r.text(f.get('path'), 'extends path', 'error') ?? DEFAULT_SOURCE_PATH;
  const checks: [string | null, AnyNode][] = [
    [repoSourceError(repo.trim()), f.get('repo')?.value],
    [refSourceError(ref.trim()), f.get('ref')?.value ?? field.key],
    [pathSourceError(file.trim(), 'git'), f.get('path')?.value ?? field.key],
  ];
  for (const [error, node] of checks) {
    if (error !== null) {
      r.report('bad-extends', 'error', `bad extends: ${error}`, node, field.key);
      return undefined;
    }
  }
  return { kind: 'git', repo: repo.trim(), ref: ref.trim(), path: file.trim().replace(/^(\.\/)+/, ''), ...pos };
}

/** Parses and validates goals.yaml. Never throws; a file with problems still yields every goal that could be read. */
export function parseGoalsFile(text: string, file = 'goals.yaml'): GoalsFile {
  const result: GoalsFile = { file, version: 1, trailer: DEFAULT_TRAILER, goals: [], problems: [] };
  const source = text;
  let reader: Reader | undefined;
  const seen = new Map<string, Goal>();
  let deferParents = false;
  try {
    const doc = parseDocument(source, { prettyErrors: false, schema: 'core', uniqueKeys: false, merge: false });
    const r = new Reader(file, lineCounterOf(source), source.length, doc);
    reader = r;
    let tooDeep = false;
    for (const e of doc.errors) {
      // The yaml library turns a stack overflow on absurdly deep nesting into errors that only say "Maximum call
      // stack size exceeded", often dozens of them: report one, in words a user can act on.
      if (isStackOverflow(e.message)) {
        if (!tooDeep) r.report('syntax', 'error', TOO_DEEP, e.pos);
        tooDeep = true;
      } else r.report('syntax', 'error', e.message, e.pos);
    }
    for (const w of doc.warnings) r.report('syntax', 'warning', w.message, w.pos);
    const contents: AnyNode = doc.contents;

    let top: AnyNode = r.deref(contents);
    let goalsField: Field | undefined;
    if (isNullNode(top)) {
      r.report('version', 'warning', "missing 'version: 1' (version 1 assumed)", null);
      top = null;
    } else if (isSeq(top)) {
      r.report('bad-type', 'error', "goals.yaml must be a mapping with 'version' and 'goals', not a list (read as the goals list)", top);
      goalsField = { key: null, value: top };
    } else if (!isMap(top)) {
      r.report('bad-type', 'error', `goals.yaml must be a mapping with 'version' and 'goals', not a ${shapeName(top)}`, top);
    } else {
      const f = r.fields(top, GOALS_FILE_FIELDS.top, 'top-level');
      const versionField = f.get('version');
      if (versionField === undefined || isNullNode(versionField.value)) {
        r.report('version', 'warning', "missing 'version: 1' (version 1 assumed)", versionField?.key ?? top);
      } else {
        const v = versionField.value;
        const t = isScalar(v) ? scalarText(v) : null;
        const n = t !== null && NUMBER_TEXT.test(t.trim()) ? Number(t.trim()) : NaN;
        if (n !== 1) {
          r.report('version', 'error', `unsupported version ${t !== null ? `'${clip(t)}'` : `(a ${shapeName(v)})`}; expected 1`, v, versionField.key);
          if (Number.isInteger(n) && n > 0) result.version = n;
        }
      }
      const trailerField = f.get('trailer');
      if (trailerField !== undefined && !isNullNode(trailerField.value)) {
        const v = trailerField.value;
        const t = isScalar(v) ? scalarText(v) : null;
        if (t !== null && isTrailerKey(t)) result.trailer = t;
        else {
          const shown = t !== null ? `'${clip(t)}'` : `a ${shapeName(v)}`;
          r.report('bad-trailer', 'error', `bad trailer ${shown}: use letters, digits and '-', like Goal or Business-Goal`, v, trailerField.key);
        }
      }
      const extendsField = f.get('extends');
      if (extendsField !== undefined && !isNullNode(extendsField.value)) {
        deferParents = true;
        const source = readExtends(r, extendsField);
        if (source !== undefined) result.extends = source;
      }
      goalsField = f.get('goals');
      if (goalsField === undefined) {
        r.report('missing-field', 'warning', "no 'goals' list", top);
      }
    }

    if (goalsField !== undefined && !isNullNode(goalsField.value)) {
      const list = goalsField.value;
      if (!isSeq(list)) {
        r.report('bad-type', 'error', `goals must be a list, not a ${shapeName(list)}`, list, goalsField.key);
      } else {
        const pending: PendingGoal[] = [];
        for (const item of list.items) readGoal(r, r.deref(item), seen, pending);
        const unresolved: NonNullable<GoalsFile['unresolvedParents']> = [];
        checkParents(r, seen, pending, deferParents ? unresolved : undefined);
        if (unresolved.length) result.unresolvedParents = unresolved;
      }
    }
    result.goals = [...seen.values()];
    result.problems = r.problems.sort((a, b) => a.line - b.line || a.column - b.column);
  } catch (err) {
    result.goals = [...seen.values()];
    result.problems = reader?.problems ?? [];
    result.problems.push({
      file,
      line: 1,
      column: 1,
      message: `could not read ${file}: ${isStackOverflow(err instanceof Error ? err.message : String(err)) ? TOO_DEEP : err instanceof Error ? err.message : String(err)}`,
      severity: 'error',
      code: 'syntax',
    });
  }
  return result;
}

/**
 * The line starts of `text` (after every \n). Not the parser's own LineCounter: in a broken file the parser skips
 * line breaks inside the tokens it cannot read, and positions after them came out on the wrong line.
 */
function lineCounterOf(text: string): LineCounter {
  const lc = new LineCounter();
  lc.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
  return lc;
}

const TOO_DEEP = 'nested too deeply to read: lists or mappings go thousands of levels deep here';

function isStackOverflow(message: string): boolean {
  return /maximum call stack size exceeded/i.test(message);
}

/** A commented starter goals.yaml: two goals, every field explained. Parses with no problems. */
export const STARTER_GOALS_YAML = `# goals.yaml: the business goals this repository's work serves, read by Goal Lens.
# Keep it at the repository root and review changes to it like code.
version: 1          # format version; always 1
trailer: Goal       # commit trailer that names a goal: "Goal: checkout-conversion" (default Goal)

goals:
  # A broad goal. Other goals can sit under it through 'parent'.
  - id: growth                        # required, unique: letters, digits, '.', '_' or '-'
    title: Grow online revenue 20% this year   # required: the business result, in business words
    status: active                    # proposed | active | paused | achieved | dropped (default active)
    owner: Dana Ruiz (VP Sales)       # the business owner of the goal
    advisor: Lee Park                 # the IT partner embedded with that business line
    due: 2027-12-31                   # target date, YYYY-MM-DD

  # A goal that serves 'growth', with every optional field filled in.
  - id: checkout-conversion
    title: Lift checkout conversion to 4%
    parent: growth                    # another goal's id; no cycles
    status: active
    owner: Dana Ruiz (VP Sales)
    advisor: Lee Park
    due: 2027-03-31
    outcome:                          # the business result, not the technology
      metric: Checkout conversion rate   # what is measured
      unit: "%"                       # shown after numbers
      baseline: 3.1                   # where it started
      target: 4.0                     # where it should get to
      measurements:                   # optional history of the metric
        - { date: 2026-10-01, value: 3.2 }
    keys: [SHOP-*, PAY-1203]          # issue keys in commit messages: exact (PAY-1203) or a prefix (SHOP-*)
    branches: [feat/checkout-*]       # branch-name globs: * stays within one '/' segment
    paths: [src/payments/**]          # code that serves this goal: ** spans folders
    commitments:                      # what was promised to the business (say/do ratio)
      - { what: One-click retry for failed cards, due: 2026-12-15, done: 2026-12-10 }
      - { what: Saved cards for returning customers, due: 2027-02-28 }   # add done: when delivered
    links:                            # documents worth one click
      - { title: Business case, url: https://example.com/checkout-case }
`;
