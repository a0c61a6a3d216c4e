// The Goals tree's context values, in one place: package.json menus match them with `viewItem =~ /.../`, so a
// value must start with its kind's prefix and no other kind's (test/unit/contextValues.test.ts checks every
// value against every menu). Pure: no vscode.
import type { GoalStatus } from '../../../core/types';
import type { CommitmentState } from '../../../core/figures/figures';

export const CONTEXT = {
  repository: 'repository',
  message: 'message',
  /** A goal shown before the history is indexed: goal commands wait for the index. */
  pendingGoal: 'pendingGoal',
  group: 'group',
  untagged: 'untagged',
  branch: 'branch',
  /** A commit linked to the goal it is listed under. */
  linkedCommit: 'commit.linked',
  /** A commit that serves no goal (listed under "Untagged work"). */
  untaggedCommit: 'commit.untagged',
  /** An untagged commit with a suggested goal: Accept Suggested Goal shows on it. */
  suggestedCommit: 'commit.untagged.suggested',
} as const;

/** `goal.<status>`: menus match `^goal\.`. */
export function goalContext(status: GoalStatus): string {
  return `goal.${status}`;
}

/** `commitment.<state>`: must never match the commit menus (`^commit\.`). */
export function commitmentContext(state: CommitmentState): string {
  return `commitment.${state}`;
}
