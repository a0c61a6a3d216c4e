// goals.yaml (version 1): parsing and validation. Pure: text in, model + problems out; never throws.
// The reading is in three parts: yamlReader.ts (typed fields of the YAML tree), goalFields.ts (each goal, the
// hierarchy, extends) and problems.ts (the problem codes and their words).
//
//
// Model guarantees: goal ids are unique and valid; `parent` is set only when it names a goal of the
// file and forms no cycle (the hierarchy is a forest); dates are valid YYYY-MM-DD strings; arrays are

import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Goal, GoalsFile } from '../types';
import { isTrailerKey } from '../links/linkRules';
import { checkParents, GOALS_FILE_FIELDS, readExtends, readGoal, readTeams, type PendingGoal } from './goalFields';
import { clip } from './problems';
import { isNullNode, isStackOverflow, lineCounterOf, NUMBER_TEXT, Reader, scalarText, shapeName, TOO_DEEP, type AnyNode, type Field } from './yamlReader';

export const DEFAULT_TRAILER = 'Goal';

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
      const teamsField = f.get('teams');
      if (teamsField !== undefined && !isNullNode(teamsField.value)) result.teams = readTeams(r, teamsField);
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