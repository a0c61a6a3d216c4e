// "Who is on board" on real repositories: the linked share per team and month, with teams from goals.yaml
// `teams:`, from CODEOWNERS owners of the changed files, or one per author; `report --by team` and the JSON
// report's `onBoard`.
import * as assert from 'assert';
import { computeOnBoard, memoTeamSource, type OnBoard } from '../../src/core/figures/onBoard';
import { onBoardFor } from '../../src/core/reports/dashboardOnBoard';
import { loadIndex } from '../../src/git/indexLoader';
import { teamSource } from '../../src/git/teams';
import { cli, repoWithGoals, type TempRepo } from '../helpers';

const ANN = 'Ann <ann@pay.example.com>';
const BOB = 'Bob <bob@web.example.com>';
const GOALS = `version: 1
goals:
  - id: checkout
    title: Checkout
    keys: [SHOP-*]
  - id: upkeep
    title: Upkeep
    kind: upkeep
    subjects: ["Bump *"]
`;

function row(o: OnBoard, team: string): unknown {
  const t = o.teams.find((x) => x.team === team);
  return t && { commits: t.commits, linked: t.linked, share: t.share, months: t.months.map((m) => `${m.month} ${m.linked}/${m.commits}`) };
}

async function onBoardOf(repo: TempRepo): Promise<OnBoard> {
  const { index, repo: git } = await loadIndex(repo.dir);
  return computeOnBoard(index, await teamSource(git, index));
}

/** Ann tags her work (one upkeep bump by subject), Bob does not: October and November. */
function history(repo: TempRepo): void {
  repo.commit('SHOP-1 checkout', { author: ANN, date: '2026-10-05T10:00:00Z', files: { 'pay/a.ts': '1\n' } });
  repo.commit('Bump lib', { author: ANN, date: '2026-10-06T10:00:00Z', files: { 'pay/package.json': '1\n' } });
  repo.commit('tweak', { author: ANN, date: '2026-11-02T10:00:00Z', files: { 'pay/a.ts': '2\n' } });
  repo.commit('web page', { author: BOB, date: '2026-10-07T10:00:00Z', files: { 'web/x.ts': '1\n' } });
  repo.commit('both', { author: BOB, date: '2026-11-03T10:00:00Z', files: { 'web/x.ts': '2\n', 'pay/a.ts': '3\n' } });
}

describe('who is on board: the linked share per team and month', function () {
  this.timeout(30000);
  let repo: TempRepo;
  afterEach(() => repo?.cleanup());

  it('one team per author when nothing says; upkeep counts as linked; months in the author time zone', async () => {
    repo = repoWithGoals(GOALS);
    history(repo);
    const o = await onBoardOf(repo);
    assert.strictEqual(o.basis, 'authors');
    assert.deepStrictEqual(row(o, 'Ann'), { commits: 3, linked: 2, share: 0.6667, months: ['2026-10 2/2', '2026-11 0/1'] });
    assert.deepStrictEqual(row(o, 'Bob'), { commits: 2, linked: 0, share: 0, months: ['2026-10 0/1', '2026-11 0/1'] });
    assert.ok(o.months.includes('2026-10') && o.months.includes('2026-11'));
  });

  it('teams from CODEOWNERS owners of the changed files: a commit counts once for each owning team', async () => {
    repo = repoWithGoals(GOALS, { '.github/CODEOWNERS': '/pay/ @acme/payments\n/web/ @acme/web\n' });
    history(repo);
    const o = await onBoardOf(repo);
    assert.strictEqual(o.basis, 'codeowners');
    assert.strictEqual(o.from, '.github/CODEOWNERS');
    assert.deepStrictEqual(row(o, '@acme/payments'), { commits: 4, linked: 2, share: 0.5, months: ['2026-10 2/2', '2026-11 0/2'] });
    assert.deepStrictEqual(row(o, '@acme/web'), { commits: 2, linked: 0, share: 0, months: ['2026-10 0/1', '2026-11 0/1'] });
    // goals.yaml and CODEOWNERS themselves belong to nobody.
    assert.strictEqual((row(o, '(no owner)') as { commits: number }).commits, 1);
  });

  it("the editor's memoised source gives the same figures and asks each commit's teams once", async () => {
    repo = repoWithGoals(GOALS, { '.github/CODEOWNERS': '/pay/ @acme/payments\n/web/ @acme/web\n' });
    history(repo);
    const { index, repo: git } = await loadIndex(repo.dir);
    const source = await teamSource(git, index);
    let asked = 0;
    const memo = memoTeamSource({ ...source, teamsOf: (c) => (asked++, source.teamsOf(c)) });
    const first = computeOnBoard(index, memo);
    assert.strictEqual(asked, 6, 'each non-merge commit once (five, and the goals commit)');
    assert.deepStrictEqual(computeOnBoard(index, memo, { since: Date.parse('2026-11-01T00:00:00Z') / 1000 }), computeOnBoard(index, source, { since: Date.parse('2026-11-01T00:00:00Z') / 1000 }));
    assert.deepStrictEqual(first, computeOnBoard(index, source));
    assert.strictEqual(asked, 6, 'no commit asked again');
  });

  it("the dashboard's chart is worked out once per index and window, and a new commit's index shows it", async () => {
    repo = repoWithGoals(GOALS);
    history(repo);
    const first = await loadIndex(repo.dir);
    const source = memoTeamSource(await teamSource(first.repo, first.index));
    const chart = onBoardFor(first.index, source, {});
    assert.strictEqual(onBoardFor(first.index, source, {}), chart, 'asked again with nothing new: the same chart');
    const november = { since: Date.parse('2026-11-01T00:00:00Z') / 1000 };
    assert.deepStrictEqual(onBoardFor(first.index, source, november)?.months, ['2026-11']);
    repo.commit('SHOP-2 pay page', { author: ANN, date: '2026-11-20T10:00:00Z', files: { 'pay/b.ts': '1\n' } });
    const next = await loadIndex(repo.dir);
    const ann = (c: ReturnType<typeof onBoardFor>) => c?.teams.find((t) => t.team === 'Ann');
    assert.deepStrictEqual([ann(chart)?.commits, ann(chart)?.linked], [3, 2]);
    assert.deepStrictEqual([ann(onBoardFor(next.index, source, {}))?.commits, ann(onBoardFor(next.index, source, {}))?.linked], [4, 3]);
  });

  it("teams from goals.yaml teams: win over CODEOWNERS; other authors are '(no team)'; a bad glob says where", async () => {
    const teams = GOALS.replace('goals:\n', 'teams:\n  payments: ["*@pay.example.com"]\n  web: ["bob*", "bad\\\\"]\ngoals:\n');
    repo = repoWithGoals(teams, { '.github/CODEOWNERS': '* @everyone\n' });
    history(repo);
    const { index } = await loadIndex(repo.dir);
    assert.deepStrictEqual(index.goalsFile.teams?.map((t) => [t.name, t.authors]), [['payments', ['*@pay.example.com']], ['web', ['bob*']]]);
    assert.deepStrictEqual(index.problems.filter((p) => p.code === 'bad-glob').map((p) => `${p.line} ${p.message}`), ["4 bad glob in team web: glob 'bad\\' ends with '\\'"]);
    const o = await onBoardOf(repo);
    assert.strictEqual(o.basis, 'team-map');
    assert.deepStrictEqual(row(o, 'payments'), { commits: 3, linked: 2, share: 0.6667, months: ['2026-10 2/2', '2026-11 0/1'] });
    assert.deepStrictEqual(row(o, 'web'), { commits: 2, linked: 0, share: 0, months: ['2026-10 0/1', '2026-11 0/1'] });
    assert.deepStrictEqual(row(o, '(no team)'), { commits: 1, linked: 0, share: 0, months: [o.teams.find((t) => t.team === '(no team)')?.months[0].month + ' 0/1'] });
  });

  it('report --by team in md, json and csv; the JSON report carries the same onBoard, cached or not', () => {
    repo = repoWithGoals(GOALS, { '.github/CODEOWNERS': '/pay/ @acme/payments\n/web/ @acme/web\n' });
    history(repo);
    const json = cli(repo.dir, ['report', '--by', 'team', '--format', 'json', '--since', '2026-10-01']);
    assert.strictEqual(json.code, 0, json.stderr);
    const o = JSON.parse(json.stdout) as OnBoard;
    assert.deepStrictEqual(row(o, '@acme/payments'), { commits: 4, linked: 2, share: 0.5, months: ['2026-10 2/2', '2026-11 0/2'] });
    assert.strictEqual(o.teams.some((t) => t.team === '(no owner)'), false, 'the goals commit is before --since');
    const md = cli(repo.dir, ['report', '--by', 'team', '--since', '2026-10-01']).stdout;
    assert.match(md, /\| @\u200bacme\/payments \| 4 \| 50\.0% \| 100\.0% of 2 \| 0\.0% of 2 \|/);
    const csv = cli(repo.dir, ['report', '--by', 'team', '--format', 'csv', '--since', '2026-10-01']).stdout;
    assert.ok(csv.includes('@acme/payments,2026-10,2,2,1\r\n'), csv);
    const first = cli(repo.dir, ['report', '--format', 'json', '--since', '2026-10-01']);
    const again = cli(repo.dir, ['report', '--format', 'json', '--since', '2026-10-01']);
    const a = JSON.parse(first.stdout) as { onBoard: OnBoard };
    const b = JSON.parse(again.stdout) as { onBoard: OnBoard };
    assert.deepStrictEqual(a.onBoard, o);
    assert.deepStrictEqual(b.onBoard, o, 'from the report cache');
    // CODEOWNERS is an input of the kept report: a change of owners is seen at once.
    repo.write('.github/CODEOWNERS', '/pay/ @acme/pay2\n/web/ @acme/web\n');
    const changed = JSON.parse(cli(repo.dir, ['report', '--format', 'json', '--since', '2026-10-01']).stdout) as { onBoard: OnBoard };
    assert.ok(changed.onBoard.teams.some((t) => t.team === '@acme/pay2'));
    assert.match(cli(repo.dir, ['report', '--by', 'crew']).stderr, /not one of owner, team/);
  });
});
