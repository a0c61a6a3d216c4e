// The pieces of the five link rules that look at one value: trailer values, notes, issue keys, branch names,
// merge messages. Pure and exported one by one so each is unit-tested against literal input.
import { matchGlob } from './glob';
import type { BranchLinkSource, Goal, Link } from '../types';

/** A goal id: letters, digits, `.`, `_`, `-`, starting with a letter or digit (`checkout`, `growth.q3`). */
export const GOAL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * A trailer key as git's trailer parser reads one: letters, digits and `-` (git stops at `_`, so `Goal_Id:`
 * is no trailer). Also what makes a key safe inside a `--format` placeholder and a hook script.
 */
export const TRAILER_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

export function isGoalId(text: string): boolean {
  return GOAL_ID_PATTERN.test(text);
}

export function isTrailerKey(text: string): boolean {
  return TRAILER_KEY_PATTERN.test(text);
}

/** True for a `Key: value` line that git would read as a trailer (a key, a colon, then a value). */
export function isTrailerLine(line: string): boolean {
  const colon = line.indexOf(':');
  return colon > 0 && isTrailerKey(line.slice(0, colon)) && /\S/.test(line.slice(colon + 1));
}

/** The branch's short name of a full HEAD ref (`refs/heads/feat/x` -> `feat/x`); null when detached or not a branch. */
export function branchOfHeadRef(headRef: string | null | undefined): string | null {
  const prefix = 'refs/heads/';
  return headRef && headRef.startsWith(prefix) && headRef.length > prefix.length ? headRef.slice(prefix.length) : null;
}

/**
 * Splits trailer or note values into goal ids, in order, without duplicates. Ids cannot hold commas or
 * spaces, so both separate: `a, b`, `a b` and one value per line all name two goals.
 */
export function splitGoalIds(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    for (const part of value.split(/[,\s]+/)) {
      const id = part.trim();
      if (id && !out.includes(id)) out.push(id);
    }
  }
  return out;
}

/** The distinct goal ids a commit's links name, in link order (strongest source first). */
export function goalIdsOf(links: readonly Link[] | undefined): string[] {
  if (!links || links.length === 0) return [];
  if (links.length === 1) return [links[0].goalId];
  const out: string[] = [];
  for (const l of links) if (!out.includes(l.goalId)) out.push(l.goalId);
  return out;
}

/** Goal ids named by `<key>: ...` lines of a note or message (key compared case-insensitively, as git does). */
export function parseNoteGoals(note: string, trailerKey: string): string[] {
  const key = trailerKey.toLowerCase();
  const values: string[] = [];
  for (const raw of note.split(/\r?\n/)) {
    const colon = raw.indexOf(':');
    if (colon <= 0) continue;
    if (raw.slice(0, colon).trim().toLowerCase() !== key) continue;
    values.push(raw.slice(colon + 1));
  }
  return splitGoalIds(values);
}

const ISSUE_KEY = /(?<![A-Za-z0-9_])[A-Za-z][A-Za-z0-9_]*-[0-9]+(?![A-Za-z0-9_])/g;

/** Issue-tracker tokens in a message, whole tokens only: `PAY-12` is not found in `PAY-123` or `XPAY-12`. */
export function extractIssueKeys(message: string): string[] {
  if (message.indexOf('-') === -1) return []; // most messages: no key possible, no regex run
  const found = message.match(ISSUE_KEY);
  if (!found) return [];
  return found.length === 1 ? found : [...new Set(found)];
}

/** Matches issue keys against the goals' `keys` patterns (exact `PAY-1203`, or prefix `SHOP-*`). */
export class KeyMatcher {
  private readonly exact = new Map<string, string[]>();
  private readonly prefixes: { prefix: string; goalId: string }[] = [];

  constructor(goals: readonly Goal[]) {
    for (const goal of goals) {
      for (const pattern of goal.keys) {
        const p = pattern.trim().toUpperCase();
        if (!p) continue;
        if (p.endsWith('*')) this.prefixes.push({ prefix: p.slice(0, -1), goalId: goal.id });
        else this.exact.set(p, [...(this.exact.get(p) ?? []), goal.id]);
      }
    }
  }

  get empty(): boolean {
    return this.exact.size === 0 && this.prefixes.length === 0;
  }

  /** Goal ids and the key that matched each, first match per goal. */
  match(keys: readonly string[]): { goalId: string; key: string }[] {
    const out: { goalId: string; key: string }[] = [];
    const seen = new Set<string>();
    for (const key of keys) {
      const k = key.toUpperCase();
      const take = (goalId: string): void => {
        if (seen.has(goalId)) return;
        seen.add(goalId);
        out.push({ goalId, key });
      };
      for (const goalId of this.exact.get(k) ?? []) take(goalId);
      for (const { prefix, goalId } of this.prefixes) if (k.startsWith(prefix)) take(goalId);
    }
    return out;
  }
}

const SEPARATORS = '/-_.';
/** A character that separates words of a branch name: `/ - _ .`, or a space-like one git allows (no-break, ideographic…). */
const isSeparator = (c: string): boolean => SEPARATORS.includes(c) || /\s/u.test(c);

/** True when `id` stands in `branch` between separators (`/ - _ .` or a space-like character) or at its ends, ignoring case. */
export function branchNameHasGoalId(branch: string, id: string): boolean {
  const b = branch.toLowerCase();
  const needle = id.toLowerCase();
  if (!needle) return false;
  for (let at = b.indexOf(needle); at !== -1; at = b.indexOf(needle, at + 1)) {
    const before = at === 0 || isSeparator(b[at - 1]);
    const end = at + needle.length;
    const after = end === b.length || isSeparator(b[end]);
    if (before && after) return true;
  }
  return false;
}

export interface BranchGoal {
  goalId: string;
  source: BranchLinkSource;
  detail: string;
}

/**
 * Goals a branch name serves by the link rules alone, strongest reason first: `git config branch.<name>.goal`,
 * then the goals' `branches` globs, then a goal id standing in the name. A configured value overrides the
 * guesses. For what the index recorded about a branch, see `indexedBranchGoals`.
 */
export function branchGoalsByRule(branch: string, goals: readonly Goal[], configValue: string | undefined): BranchGoal[] {
  if (configValue && configValue.trim()) {
    return splitGoalIds([configValue]).map((goalId) => ({
      goalId,
      source: 'config' as const,
      detail: `git config branch.${branch}.goal`,
    }));
  }
  const out: BranchGoal[] = [];
  for (const goal of goals) {
    const glob = goal.branches.find((g) => matchGlob(g, branch));
    if (glob !== undefined) out.push({ goalId: goal.id, source: 'glob', detail: `branch glob ${glob}` });
  }
  for (const goal of goals) {
    if (out.some((o) => o.goalId === goal.id)) continue;
    if (branchNameHasGoalId(branch, goal.id)) out.push({ goalId: goal.id, source: 'name', detail: 'goal id in branch name' });
  }
  return out;
}

/**
 * The branch a merge commit's subject names: "Merge branch 'feat/x'", "Merge branch 'feat/x' into main",
 * "Merge remote-tracking branch 'origin/feat/x'", "Merge pull request #12 from org/feat/x",
 * GitLab's "Merge branch 'feat/x' into 'main'". Returns the branch without remote or fork owner.
 */
export function mergedBranchName(subject: string): string | null {
  let m = /^Merge (?:remote-tracking )?branch '([^']+)'/.exec(subject);
  if (m) return stripRemote(m[1], /^Merge remote-tracking/.test(subject));
  m = /^Merge pull request #\d+ from ([^\s]+)/.exec(subject);
  if (m) {
    const ref = m[1];
    const slash = ref.indexOf('/');
    return slash >= 0 ? ref.slice(slash + 1) : ref; // "org/feat/x" -> "feat/x"; a fork's "user:branch" stays
  }
  m = /^Merged? (?:in )?['"]?([\w./-]+)['"]? into /.exec(subject);
  return m ? m[1] : null;
}

function stripRemote(name: string, remote: boolean): string {
  if (!remote) return name;
  const slash = name.indexOf('/');
  return slash >= 0 ? name.slice(slash + 1) : name;
}
