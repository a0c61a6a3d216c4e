import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { COMMITMENT_STATES } from '../../src/core/figures/figures';
import { GOAL_STATUSES } from '../../src/core/types';
import { CONTEXT, commitmentContext, goalContext } from '../../src/extension/views/goals/contextValues';

interface MenuEntry {
  command: string;
  when?: string;
}

const GOAL_COMMANDS = ['goalLens.copyGoalId', 'goalLens.revealGoal'];
const COMMIT_COMMANDS = ['goalLens.explainCommit', 'goalLens.openCommit', 'goalLens.tagCommit'];

/** The commands package.json's item menus offer on a Goals-view row with this context value. */
function menuCommands(menus: MenuEntry[], contextValue: string): string[] {
  const out = new Set<string>();
  for (const m of menus) {
    if (!m.when?.includes('view == goalLens.goals')) continue;
    const re = /viewItem =~ \/(.+?)\/([a-z]*)/.exec(m.when);
    const eq = /viewItem == ([\w.-]+)/.exec(m.when);
    if (re ? new RegExp(re[1], re[2]).test(contextValue) : eq ? eq[1] === contextValue : true) out.add(m.command);
  }
  return [...out].sort();
}

describe('Goals view context values and the menus of package.json', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { menus: Record<string, MenuEntry[]> } };
  const menus = pkg.contributes.menus['view/item/context'];

  it('offers the goal commands on every goal row and nothing else', () => {
    for (const status of GOAL_STATUSES) assert.deepStrictEqual(menuCommands(menus, goalContext(status)), GOAL_COMMANDS, status);
  });

  it('offers the commit commands on linked and untagged commit rows', () => {
    assert.deepStrictEqual(menuCommands(menus, CONTEXT.linkedCommit), COMMIT_COMMANDS);
    assert.deepStrictEqual(menuCommands(menus, CONTEXT.untaggedCommit), COMMIT_COMMANDS);
    assert.deepStrictEqual(menuCommands(menus, CONTEXT.suggestedCommit), ['goalLens.acceptSuggestion', ...COMMIT_COMMANDS]);
  });

  it('never offers Open, Explain or Tag Commit on a commitment row (issue 16)', () => {
    for (const state of COMMITMENT_STATES) assert.deepStrictEqual(menuCommands(menus, commitmentContext(state)), [], state);
  });

  it('offers no item command on the other rows, and every value is distinct', () => {
    const others = [CONTEXT.repository, CONTEXT.message, CONTEXT.pendingGoal, CONTEXT.group, CONTEXT.branch];
    for (const v of others) assert.deepStrictEqual(menuCommands(menus, v), [], v);
    assert.deepStrictEqual(menuCommands(menus, CONTEXT.untagged), ['goalLens.triageUntagged']);
    const all = [...Object.values(CONTEXT), ...GOAL_STATUSES.map(goalContext), ...COMMITMENT_STATES.map(commitmentContext)];
    assert.strictEqual(new Set(all).size, all.length);
  });
});
