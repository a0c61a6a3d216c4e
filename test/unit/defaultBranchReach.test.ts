// Commits the default branch reaches are never ahead of it, whatever HEAD is: behind the default branch (an old,
// merged feature branch checked out), beside it (a feature branch forked earlier) or ahead of it. And
// `goal-lens explain` gives every commit the goals that `goal-lens report` counts it under, in both scopes.
import * as assert from 'assert';
import { run } from '../../src/cli/main';
import type { Io } from '../../src/cli/commands';
import { goalsYaml, TempRepo } from '../helpers';

const GOALS = goalsYaml(
  { id: 'search', title: 'Better search' },
  { id: 'checkout', title: 'Lift checkout conversion', keys: ['SHOP-*'] },
);

async function cli(dir: string, ...argv: string[]): Promise<string> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), cwd: dir, now: new Date('2026-12-01T00:00:00Z'), env: {} };
  const code = await run(argv, io);
  assert.strictEqual(code, 0, `goal-lens ${argv.join(' ')}: ${err}`);
  return out;
}

interface GoalRow {
  id: string;
  commits: number;
  branches: { name: string; commitsAhead: number | null }[];
}

/**
 * main: init, A, merge of feat/search-relevance (2 commits), B, C.
 * feat/search-relevance stays (merged long ago); feat/checkout-old forked at the merge (beside main);
 * feat/search-new forked at C (ahead of main).
 */
function buildRepo(): TempRepo {
  const r = TempRepo.create();
  r.commit('Initial commit', { files: { 'goals.yaml': GOALS } });
  r.commit('A');
  r.git('checkout', '-q', '-b', 'feat/search-relevance');
  r.commit('Relevance 1');
  r.commit('Relevance 2');
  r.git('checkout', '-q', 'main');
  r.commit('Unrelated on main');
  r.merge('feat/search-relevance', "Merge branch 'feat/search-relevance'");
  r.git('checkout', '-q', '-b', 'feat/checkout-old', 'main');
  r.commit('Old checkout work');
  r.git('checkout', '-q', 'main');
  r.commit('B');
  r.commit('C SHOP-7');
  r.git('checkout', '-q', '-b', 'feat/search-new');
  r.commit('New search work');
  r.git('checkout', '-q', 'main');
  return r;
}

describe('default branch reach: HEAD behind, beside and ahead of it', function () {
  this.timeout(120000);
  let r: TempRepo;
  before(() => (r = buildRepo()));
  after(() => r.cleanup());

  async function report(...extra: string[]): Promise<{ goals: GoalRow[]; totals: { commits: number; linked: number; untagged: number } }> {
    return JSON.parse(await cli(r.dir, 'report', '--format', 'json', ...extra));
  }
  const branch = (rep: { goals: GoalRow[] }, goal: string, name: string): number | null | undefined =>
    rep.goals.find((g) => g.id === goal)?.branches.find((b) => b.name === name)?.commitsAhead;

  it('HEAD behind: a merged branch checked out claims none of the history', async () => {
    r.git('checkout', '-q', 'feat/search-relevance');
    const rep = await report();
    assert.strictEqual(branch(rep, 'search', 'feat/search-relevance'), 0);
    assert.strictEqual(rep.goals.find((g) => g.id === 'search')?.commits, 0);
    assert.deepStrictEqual(rep.totals, { commits: 4, linked: 0, untagged: 4 });
    const all = await report('--all-refs');
    assert.strictEqual(branch(all, 'search', 'feat/search-relevance'), 0);
  });

  it('HEAD beside: only the commits the default branch lacks are ahead', async () => {
    r.git('checkout', '-q', 'feat/checkout-old');
    const rep = await report();
    assert.strictEqual(branch(rep, 'checkout', 'feat/checkout-old'), 1);
    assert.strictEqual(branch(rep, 'search', 'feat/search-relevance'), 0);
    assert.strictEqual(rep.goals.find((g) => g.id === 'checkout')?.commits, 1);
    assert.strictEqual(rep.goals.find((g) => g.id === 'search')?.commits, 2, 'the two the merge brought in, not via branch');
  });

  it('HEAD ahead: the new commit is ahead, the merged branch is not', async () => {
    r.git('checkout', '-q', 'feat/search-new');
    const rep = await report();
    assert.strictEqual(branch(rep, 'search', 'feat/search-new'), 1);
    assert.strictEqual(branch(rep, 'search', 'feat/search-relevance'), 0);
    assert.strictEqual(rep.goals.find((g) => g.id === 'search')?.commits, 1 + 2, 'its own commit, and the two the merge brought in');
  });

  for (const head of ['feat/search-relevance', 'feat/checkout-old', 'feat/search-new', 'main']) {
    for (const scope of [[], ['--all-refs']]) {
      it(`explain and report agree on every commit (HEAD at ${head}${scope.length ? ', all refs' : ''})`, async () => {
        r.git('checkout', '-q', head);
        const rep = await report(...scope);
        const shas = r.git('rev-list', '--no-merges', ...(scope.length ? ['--branches'] : ['HEAD'])).split('\n');
        const perGoal = new Map<string, number>();
        let untagged = 0;
        for (const sha of shas) {
          const e = JSON.parse(await cli(r.dir, 'explain', '--json', ...scope, sha)) as { links: { goalId: string }[] };
          if (e.links.length === 0) untagged++;
          for (const id of new Set(e.links.map((l) => l.goalId))) perGoal.set(id, (perGoal.get(id) ?? 0) + 1);
        }
        assert.strictEqual(rep.totals.commits, shas.length);
        assert.strictEqual(rep.totals.untagged, untagged);
        for (const g of rep.goals) assert.strictEqual(g.commits, perGoal.get(g.id) ?? 0, `goal ${g.id}`);
      });
    }
  }
});
