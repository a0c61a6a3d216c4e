// goals.yaml's routing rules (authors, subjects, changes) on real repositories: which commits each links and
// with which reason, what the report counts, what a bad glob says, that a hostile glob cannot stall, and that
// the slower log with changed files is read only when a goal links by them (and cached as such).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseGoalsFile } from '../../src/core/goals/goalsFile';
import { matchGlob } from '../../src/core/links/glob';
import { matchTextGlob } from '../../src/core/links/textGlob';
import { buildReport } from '../../src/core/reports/report';
import type { GoalIndex } from '../../src/core/index/goalIndex';
import { loadIndexCached } from '../../src/git/indexCache';
import { loadIndex } from '../../src/git/indexLoader';
import { repoWithGoals, type TempRepo } from '../helpers';

const BOT = 'dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>';
const RELEASE = 'Release Bot <ci@release-bot.example.com>';
const ANN = 'Ann <ann@example.com>';

const UPKEEP = `version: 1
goals:
  - id: checkout
    title: Checkout
    keys: [SHOP-*]
  - id: upkeep
    title: Keep the lights on
    kind: upkeep
    authors: ["dependabot*", "*@release-bot.example.com"]
    subjects: ["Bump *", "[maven-release-plugin]*"]
    changes: [.github/**, "**/pom.xml"]
`;

function linksOf(index: GoalIndex, subject: string): string[] {
  const c = index.commits.find((x) => x.subject === subject);
  assert.ok(c, `commit '${subject}'`);
  return (index.links.get(c.sha) ?? []).map((l) => `${l.goalId} ${l.source}: ${l.detail}`);
}

describe('routing rules: authors, subjects, changed files', function () {
  this.timeout(30000);
  let repo: TempRepo;
  afterEach(() => repo?.cleanup());

  it('authors: a glob on the name or the email, ignoring case, with its reason', async () => {
    repo = repoWithGoals(UPKEEP);
    repo.commit('Update lockfile', { author: BOT });
    repo.commit('Prepare release', { author: RELEASE });
    repo.commit('Release notes', { author: 'Someone <Someone@RELEASE-BOT.example.com>' });
    repo.commit('Human work', { author: ANN });
    const { index } = await loadIndex(repo.dir);
    assert.deepStrictEqual(linksOf(index, 'Update lockfile'), ['upkeep author: via author glob dependabot*']);
    assert.deepStrictEqual(linksOf(index, 'Prepare release'), ['upkeep author: via author glob *@release-bot.example.com']);
    assert.deepStrictEqual(linksOf(index, 'Release notes'), ['upkeep author: via author glob *@release-bot.example.com']);
    assert.deepStrictEqual(linksOf(index, 'Human work'), []);
    assert.ok(index.untagged.some((c) => c.subject === 'Human work'));
  });

  it('subjects: a glob on the whole subject line; brackets are literal, not a class', async () => {
    repo = repoWithGoals(UPKEEP);
    repo.commit('Bump lodash from 4.17.20 to 4.17.21', { author: ANN });
    repo.commit('bump the version', { author: ANN });
    repo.commit('[maven-release-plugin] prepare release 3.14', { author: ANN });
    repo.commit('m prepare release', { author: ANN });
    repo.commit('Fix: Bump was wrong', { author: ANN });
    const { index } = await loadIndex(repo.dir);
    assert.deepStrictEqual(linksOf(index, 'Bump lodash from 4.17.20 to 4.17.21'), ['upkeep subject: via subject glob Bump *']);
    assert.deepStrictEqual(linksOf(index, 'bump the version'), ['upkeep subject: via subject glob Bump *']);
    assert.deepStrictEqual(linksOf(index, '[maven-release-plugin] prepare release 3.14'), ['upkeep subject: via subject glob [maven-release-plugin]*']);
    assert.deepStrictEqual(linksOf(index, 'm prepare release'), [], 'a [class] would have matched m');
    assert.deepStrictEqual(linksOf(index, 'Fix: Bump was wrong'), [], 'the whole subject must match');
  });

  it("changes: a commit whose changed files ALL fall under the goal's globs serves it; one file outside does not", async () => {
    repo = repoWithGoals(UPKEEP, { 'src/app.ts': 'app\n', 'lib/old.yml': 'x\n' });
    repo.commit('CI tweak', { author: ANN, files: { '.github/workflows/ci.yml': 'on: push\n', 'core/pom.xml': '<project/>\n' } });
    repo.commit('CI and code', { author: ANN, files: { '.github/workflows/ci.yml': 'on: pull_request\n', 'src/app.ts': 'app 2\n' } });
    repo.commit('Empty', { author: ANN, allowEmpty: true, files: {} });
    repo.git('mv', 'lib/old.yml', '.github/old.yml');
    repo.commit('Move into .github', { author: ANN, files: {} });
    repo.commit('SHOP-7 pom for checkout', { author: ANN, files: { 'pom.xml': '<project>1</project>\n' } });
    const { index } = await loadIndex(repo.dir);
    assert.deepStrictEqual(linksOf(index, 'CI tweak'), ['upkeep changes: via changed files (all under .github/**, **/pom.xml)']);
    assert.deepStrictEqual(linksOf(index, 'CI and code'), [], 'src/app.ts is outside');
    assert.deepStrictEqual(linksOf(index, 'Empty'), [], 'no files: nothing to fall under the globs');
    assert.deepStrictEqual(linksOf(index, 'Move into .github'), [], 'a move changed lib/old.yml too');
    // The routing rules come after a person's own word: the issue key first, then the rule.
    assert.deepStrictEqual(linksOf(index, 'SHOP-7 pom for checkout'), ['checkout key: via issue key SHOP-7', 'upkeep changes: via changed files (all under **/pom.xml)']);
  });

  it("a merge's brought commits are not routed by the merge's own subject, and merges carry no files", async () => {
    repo = repoWithGoals(UPKEEP);
    repo.git('checkout', '-q', '-b', 'topic');
    repo.commit('Topic work', { author: ANN, files: { 'src/t.ts': 't\n' } });
    repo.git('checkout', '-q', 'main');
    repo.commit('Main work', { author: ANN, files: { 'src/m.ts': 'm\n' } });
    repo.merge('topic', 'Bump topic into main');
    const { index } = await loadIndex(repo.dir);
    assert.deepStrictEqual(linksOf(index, 'Topic work'), []);
    const merge = index.commits.find((c) => c.parents.length > 1);
    assert.deepStrictEqual(merge?.files, []);
  });

  it("the report's sources count each routing rule, and the link keeps its reason", async () => {
    repo = repoWithGoals(UPKEEP);
    repo.commit('Bump a', { author: BOT, files: { '.github/dependabot.yml': '1\n' } });
    repo.commit('Bump b', { author: ANN });
    repo.commit('CI', { author: ANN, files: { '.github/ci.yml': '1\n' } });
    const { index } = await loadIndex(repo.dir);
    const report = buildReport(index, { now: new Date('2026-12-01T00:00:00Z'), staleAfterDays: 30 });
    const upkeep = report.goals.find((g) => g.id === 'upkeep');
    assert.strictEqual(upkeep?.commits, 3, 'each commit once');
    assert.deepStrictEqual(upkeep?.sources, { trailer: 0, note: 0, key: 0, branch: 0, merge: 0, author: 1, subject: 2, changes: 2 });
    assert.deepStrictEqual(linksOf(index, 'Bump a').map((l) => l.split(':')[0]), ['upkeep author', 'upkeep subject', 'upkeep changes']);
  });

  it('a bad glob says where and what; the goal keeps its good globs', () => {
    const text = `version: 1
goals:
  - id: upkeep
    title: Upkeep
    authors: ["bot\\\\"]
    subjects: ["Bump *", ""]
    changes: [".github/[x", "ci/**"]
`;
    const file = parseGoalsFile(text);
    const bad = file.problems.filter((p) => p.code === 'bad-glob').map((p) => `${p.line}:${p.column} ${p.message}`);
    assert.deepStrictEqual(bad, [
      "5:15 bad glob in authors: glob 'bot\\' ends with '\\'",
      '6:26 bad glob in subjects: empty glob',
      "7:15 bad glob in changes: unclosed '[' in glob '.github/[x'",
    ]);
    const g = file.goals[0];
    assert.deepStrictEqual([g.authors, g.subjects, g.changes], [undefined, ['Bump *'], ['ci/**']]);
  });

  it('a hostile glob cannot stall: matching stays linear on long input', async () => {
    // A backtracking matcher takes seconds for these on 40 characters, and ages on thousands: this test would time out.
    const long = 'a'.repeat(20_000);
    assert.strictEqual(matchTextGlob('*a*a*a*a*a*a*a*a*a*a*a*a*b', long), false);
    assert.strictEqual(matchGlob('*a*a*a*a*a*a*a*a*a*a*a*a*b', long), false);
    assert.strictEqual(matchGlob('**/**/**/**/**/**/**/**/**/**/x', 'a/'.repeat(5_000) + 'y'), false);
    assert.strictEqual(matchGlob('{a,a}{a,a}{a,a}{a,a}{a,a}{a,a}{a,a}{a,a}{a,a}{a,a}{a,a}{a,a}b', long), false);
    // Through the whole index: a long subject and a long path against hostile rules.
    repo = repoWithGoals(`version: 1
goals:
  - id: trap
    title: Trap
    subjects: ["*a*a*a*a*a*a*a*a*a*a*a*a*b"]
    changes: ["*a*a*a*a*a*a*a*a*a*a*a*a*b", "**/**/**/**/**/**/**/**/**/**/x"]
`);
    const deep = Array.from({ length: 30 }, () => 'a'.repeat(60)).join('/');
    repo.commit('a'.repeat(5_000), { author: ANN, files: { [deep]: '1\n' } });
    const { index } = await loadIndex(repo.dir);
    assert.strictEqual(index.links.size, 0);
    assert.strictEqual(index.untagged.length, 2);
  });

  it('changed files are read only when a goal links by them; the cache keeps them, and adding the rule reads them', async () => {
    const noFiles = UPKEEP.replace('    changes: [.github/**, "**/pom.xml"]\n', '');
    repo = repoWithGoals(noFiles);
    repo.commit('CI', { author: ANN, files: { '.github/ci.yml': '1\n' } });
    const without = await loadIndex(repo.dir);
    assert.ok(without.index.commits.every((c) => c.files === undefined), 'no files read');
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-route-'));
    try {
      const first = await loadIndexCached(repo.dir, { cacheDir, save: true });
      await first.saved;
      assert.deepStrictEqual(linksOf(first.loaded.index, 'CI'), []);
      // goals.yaml gains `changes:`: the cached log has no files, so the log is read again, with them.
      repo.commit('Route CI work', { author: ANN, files: { 'goals.yaml': UPKEEP } });
      const second = await loadIndexCached(repo.dir, { cacheDir, save: true });
      await second.saved;
      assert.strictEqual(second.from, 'cold');
      assert.deepStrictEqual(linksOf(second.loaded.index, 'CI'), ['upkeep changes: via changed files (all under .github/**)']);
      // From the cache file: the files come back with the commits, and a new commit is read with its files.
      repo.commit('CI 2', { author: ANN, files: { '.github/ci.yml': '2\n' } });
      const third = await loadIndexCached(repo.dir, { cacheDir, save: true });
      assert.strictEqual(third.from, 'incremental');
      assert.deepStrictEqual(linksOf(third.loaded.index, 'CI 2'), ['upkeep changes: via changed files (all under .github/**)']);
      assert.deepStrictEqual(linksOf(third.loaded.index, 'CI'), ['upkeep changes: via changed files (all under .github/**)']);
      const cold = await loadIndex(repo.dir);
      const report = (i: GoalIndex) => JSON.stringify(buildReport(i, { now: new Date('2026-12-01T00:00:00Z'), staleAfterDays: 30 }));
      assert.strictEqual(report(third.loaded.index), report(cold.index));
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
