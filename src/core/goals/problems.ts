// The words of goals.yaml's problems: how a value is shown, and "did you mean" for a likely typo. Shared by the
// reader of goals.yaml and by the merge of shared goals, which reports the same unknown parents.
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

export function clip(text: string, max = 60): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
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
export function closest(name: string, known: readonly string[]): string | null {
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
