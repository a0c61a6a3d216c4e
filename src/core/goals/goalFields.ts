// The goals of goals.yaml, field by field: each goal, its outcome, commitments and links, the parent hierarchy
// (unknown parents, cycles) and `extends`. Each reader keeps what is valid and reports the rest where it is.
import { isMap, isScalar } from 'yaml';
import {
  GOAL_KINDS,
  GOAL_STATUSES,
  type GoalKind,
  type Commitment,
  type Goal,
  type GoalLinkRef,
  type GoalStatus,
  type GoalsFile,
  type GoalsSource,
  type Measurement,
  type Outcome,
  type TeamRule,
} from '../types';
import { validateGlob } from '../links/glob';
import { validateTextGlob } from '../links/textGlob';
import { isGoalId } from '../links/linkRules';
import { clip, closest, unknownParentMessage } from './problems';
import { DEFAULT_SOURCE_PATH, DEFAULT_SOURCE_REF, pathSourceError, refSourceError, repoSourceError } from './sharedGoals';
import { isNullNode, rangeOf, scalarText, shapeName, type AnyNode, type Field, type Reader } from './yamlReader';

/** Field names known at each level of goals.yaml (also used by the JSON Schema test and completion). */
export const GOALS_FILE_FIELDS = {
  top: ['version', 'trailer', 'extends', 'teams', 'goals'],
  extends: ['repo', 'ref', 'path'],
  goal: ['id', 'title', 'parent', 'status', 'kind', 'owner', 'advisor', 'due', 'outcome', 'keys', 'branches', 'paths', 'authors', 'subjects', 'changes', 'commitments', 'links'],
  outcome: ['metric', 'unit', 'baseline', 'target', 'measurements'],
  measurement: ['date', 'value'],
  commitment: ['what', 'due', 'done'],
  link: ['title', 'url'],
} as const;

/** An issue key, exact (`PAY-1203`) or a prefix (`SHOP-*`, `SHOP*`). */
export const ISSUE_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]*(?:-[0-9]+|(?:-[0-9]*)?\*)$/;

export interface PendingGoal {
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

export function readGoal(r: Reader, item: AnyNode, seen: Map<string, Goal>, pending: PendingGoal[]): void {
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

  let kind: GoalKind | undefined;
  const kindField = f.get('kind');
  const kindText = r.text(kindField, 'kind');
  if (kindText !== undefined) {
    if ((GOAL_KINDS as readonly string[]).includes(kindText)) kind = kindText as GoalKind;
    else {
      const suggestion = closest(kindText, GOAL_KINDS);
      r.report('bad-kind', 'warning', `unknown kind '${clip(kindText)}'` + (suggestion !== null ? ` (did you mean '${suggestion}'?)` : '') + `; expected one of ${GOAL_KINDS.join(', ')}`, kindField?.value);
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
  // Routing rules: text globs on the author and subject, path globs on the changed files.
  const textGlobs = (name: 'authors' | 'subjects'): string[] => {
    const out: string[] = [];
    for (const [g, node] of r.list(f.get(name), name)) {
      const error = validateTextGlob(g);
      if (error === null) out.push(g);
      else r.report('bad-glob', 'error', `bad glob in ${name}: ${error}`, node);
    }
    return out;
  };
  const authors = textGlobs('authors');
  const subjects = textGlobs('subjects');
  const changes: string[] = [];
  for (const [g, node] of r.list(f.get('changes'), 'changes')) {
    const error = validateGlob(g);
    if (error === null) changes.push(g);
    else r.report('bad-glob', 'error', `bad glob in changes: ${error}`, node);
  }

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
  if (kind !== undefined) goal.kind = kind;
  if (authors.length) goal.authors = authors;
  if (subjects.length) goal.subjects = subjects;
  if (changes.length) goal.changes = changes;
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
export function checkParents(r: Reader, seen: Map<string, Goal>, pending: PendingGoal[], unresolved?: NonNullable<GoalsFile['unresolvedParents']>): void {
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
export function readExtends(r: Reader, field: Field): GoalsSource | undefined {
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

/** `teams:` at the top: team name -> globs on author names or emails (text globs, like `authors:`). */
export function readTeams(r: Reader, field: Field): TeamRule[] {
  const v = field.value;
  if (!isMap(v)) {
    r.report('bad-type', 'warning', `teams must be a mapping of team name to author globs, like { payments: ["*@pay.example.com"] }, not a ${shapeName(v)}`, v, field.key);
    return [];
  }
  const out: TeamRule[] = [];
  for (const pair of v.items) {
    const key = r.deref(pair.key);
    const name = isScalar(key) ? scalarText(key) : null;
    if (name === null || name.trim() === '') {
      r.report('bad-type', 'warning', 'a team name must be plain text', key ?? pair.value, v);
      continue;
    }
    if (out.some((t) => t.name === name)) {
      r.report('duplicate-field', 'error', `team '${clip(name)}' is listed twice: the first is used`, key);
      continue;
    }
    const authors: string[] = [];
    for (const [g, node] of r.list({ key, value: r.deref(pair.value) }, `team ${clip(name)}`)) {
      const error = validateTextGlob(g);
      if (error === null) authors.push(g);
      else r.report('bad-glob', 'error', `bad glob in team ${clip(name)}: ${error}`, node);
    }
    out.push({ name, authors, line: r.line(key) });
  }
  return out;
}
