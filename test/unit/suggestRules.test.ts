// The rules that keep suggestions quiet where the history says nothing, each on a real temporary repository:
// a hot file, a common word, a dominant author, a long-idle goal, an achieved goal, a bump by a bot, the floor;
// and the open-set evaluation on a history whose answer is known.
import * as assert from 'assert';
import { calibrate, fitCalibration } from '../../src/core/suggest/calibration';
import { evaluateSuggestions } from '../../src/core/suggest/evaluate';
import { FLOOR, Suggester, type GoalSuggestion } from '../../src/core/suggest/suggest';
import { upkeepReason } from '../../src/core/suggest/upkeep';
import { readCommitFiles } from '../../src/git/commitFiles';
import { loadIndex } from '../../src/git/indexLoader';
import { goalOf, goalsYaml, TempRepo } from '../helpers';

const ANA = 'Ana Lima <ana@example.com>';
const BEN = 'Ben Okafor <ben@example.com>';
const CAT = 'Cat Diaz <cat@example.com>';
const ZED = 'Zed Quill <zed@example.com>';
/** Day `d` after 2026-01-01, at hour `h`. */
const at = (d: number, h = 12): string => new Date(Date.UTC(2026, 0, 1 + d, h)).toISOString();

async function suggester(repo: TempRepo): Promise<Suggester> {
  const loaded = await loadIndex(repo.dir);
  return new Suggester(loaded.index, await readCommitFiles(loaded.repo));
}

const signals = (s: readonly GoalSuggestion[]): string[] => s.flatMap((x) => x.evidence.map((e) => `${x.goalId}:${e.signal}:${e.text}`));

describe('suggestions say nothing where the history says nothing', function () {
  this.timeout(120000);
  let repo: TempRepo;
  beforeEach(() => {
    repo = TempRepo.create();
  });
  afterEach(() => repo.cleanup());

  it('a file that most commits touch is no evidence; a specific file is', async () => {
    repo.commit('Initial commit', { files: { 'goals.yaml': goalsYaml({ id: 'ops', title: 'Cut support cost' }, { id: 'search', title: 'Findability' }) }, date: at(0) });
    // CHANGES.md is touched by every commit; lib/mail.ts only by commits serving ops.
    for (let k = 0; k < 12; k++) {
      const goal = k % 3 === 0 ? '\n\nGoal: ops' : '';
      const file: Record<string, string> = k % 3 === 0 ? { 'lib/mail.ts': `${k}\n` } : { [`misc/f${k}.txt`]: `${k}\n` };
      repo.commit(`Change number ${k}${goal}`, { files: { 'CHANGES.md': `${k}\n`, ...file }, author: k % 2 ? ANA : BEN, date: at(1 + k) });
    }
    const hot = repo.commit('Quokka', { files: { 'CHANGES.md': 'x\n', 'misc/new.txt': '1\n' }, author: CAT, date: at(20) });
    const specific = repo.commit('Wombat', { files: { 'CHANGES.md': 'y\n', 'lib/mail.ts': 'y\n' }, author: CAT, date: at(21) });
    const s = await suggester(repo);
    assert.ok(!signals(s.raw(hot).map((r) => ({ goalId: r.goalId, confidence: r.raw, evidence: r.evidence }))).some((e) => e.includes('CHANGES.md')), 'CHANGES.md is never evidence');
    assert.deepStrictEqual(s.suggest(hot).suggestions, []);
    const first = s.suggest(specific).suggestions[0];
    assert.strictEqual(first?.goalId, 'ops');
    assert.match(first.evidence[0].text, /^lib\/mail\.ts was changed by 4 commits that serve it/);
  });

  it("a word in most subjects (the project's name) is no evidence; a rare one is", async () => {
    repo.commit('Initial commit', { files: { 'goals.yaml': goalsYaml({ id: 'ops', title: 'Cut support cost' }, { id: 'search', title: 'Findability' }) }, date: at(0) });
    for (let k = 0; k < 30; k++) {
      const goal = k % 5 === 0 ? '\n\nGoal: ops' : '';
      const subject = k % 5 === 0 ? `Acme invoice tweak ${k}` : `Acme something ${['alpha', 'beta', 'gamma', 'delta'][k % 4]}`;
      repo.commit(`${subject}${goal}`, { files: { [`f${k}.txt`]: `${k}\n` }, author: [ANA, BEN, CAT][k % 3], date: at(1 + k) });
    }
    const common = repo.commit('Acme quokka', { files: { 'q.txt': '1\n' }, author: ZED, date: at(40) });
    const rare = repo.commit('Acme invoice layout', { files: { 'r.txt': '1\n' }, author: ZED, date: at(41) });
    const s = await suggester(repo);
    assert.deepStrictEqual(s.raw(common), [], "'acme' is in every subject: nothing points anywhere");
    const first = s.raw(rare)[0];
    assert.strictEqual(first?.goalId, 'ops');
    assert.deepStrictEqual(first.evidence.map((e) => e.text), ["shares 'invoice' with subjects of its commits"]);
  });

  it('the author signal stays out when one person makes most of the commits', async () => {
    repo.commit('Initial commit', { files: { 'goals.yaml': goalsYaml({ id: 'ops', title: 'Cut support cost' }, { id: 'search', title: 'Findability' }) }, date: at(0) });
    // Ana makes 36 of 40 commits; on each day one of hers serves ops, the rest serve nothing.
    for (let k = 0; k < 36; k++) repo.commit(`Quux ${k}${k % 4 === 0 ? '\n\nGoal: ops' : ''}`, { files: { [`a${k}.txt`]: `${k}\n` }, author: ANA, date: at(1 + Math.floor(k / 4), 8 + (k % 4)) });
    for (let k = 0; k < 3; k++) repo.commit(`Yak ${k}\n\nGoal: search`, { files: { [`b${k}.txt`]: `${k}\n` }, author: BEN, date: at(2 + k) });
    const hers = repo.commit('Zebra', { files: { 'z.txt': '1\n' }, author: ANA, date: at(9, 15) });
    const s = await suggester(repo);
    assert.ok(!s.raw(hers).some((r) => r.evidence.some((e) => e.signal === 'author')), JSON.stringify(s.raw(hers)));
    assert.deepStrictEqual(s.suggest(hers).suggestions, []);
  });

  it('a goal with no work for years weighs less than an active one with the same evidence', async () => {
    repo.commit('Initial commit', {
      files: { 'goals.yaml': goalsYaml({ id: 'legacy', title: 'Old cleanup', paths: ['lib/**'] }, { id: 'current', title: 'New work', paths: ['lib/**'] }) },
      date: '2022-01-01T12:00:00Z',
    });
    repo.commit('Old one\n\nGoal: legacy', { files: { 'x/old1.txt': '1\n' }, author: ANA, date: '2022-02-01T12:00:00Z' });
    repo.commit('Old two\n\nGoal: legacy', { files: { 'x/old2.txt': '1\n' }, author: ANA, date: '2022-03-01T12:00:00Z' });
    repo.commit('New one\n\nGoal: current', { files: { 'y/new1.txt': '1\n' }, author: BEN, date: at(300) });
    repo.commit('New two\n\nGoal: current', { files: { 'y/new2.txt': '1\n' }, author: BEN, date: at(310) });
    const sha = repo.commit('Quokka', { files: { 'lib/util.ts': '1\n' }, author: CAT, date: at(320) });
    const raw = (await suggester(repo)).raw(sha);
    assert.deepStrictEqual(raw.map((r) => r.goalId), ['current', 'legacy'], 'file order alone would put legacy first');
    assert.ok(raw[1].raw < raw[0].raw / 3, JSON.stringify(raw));
  });

  it('an achieved or dropped goal is never suggested', async () => {
    repo.commit('Initial commit', {
      files: { 'goals.yaml': goalsYaml({ id: 'done', title: 'Done work', status: 'achieved', paths: ['lib/**'] }, { id: 'gone', title: 'Gone', status: 'dropped', paths: ['lib/**'] }, { id: 'live', title: 'Live', paths: ['src/**'] }) },
      date: at(0),
    });
    repo.commit('Lib one\n\nGoal: done', { files: { 'lib/a.ts': '1\n' }, author: ANA, date: at(1) });
    const sha = repo.commit('Lib two', { files: { 'lib/a.ts': '2\n' }, author: ANA, date: at(2) });
    const s = await suggester(repo);
    assert.deepStrictEqual(s.raw(sha), []);
    assert.deepStrictEqual(s.suggest(sha).suggestions, []);
  });

  it('a dependency bump by a bot gets no suggestion, even in a goal\'s paths', async () => {
    repo.commit('Initial commit', { files: { 'goals.yaml': goalsYaml({ id: 'web', title: 'Web shop', paths: ['**'] }) }, date: at(0) });
    repo.commit('Cart\n\nGoal: web', { files: { 'package.json': '{}\n', 'src/cart.ts': '1\n' }, author: ANA, date: at(1) });
    const bot = repo.commit('Bump lodash from 4.17.20 to 4.17.21', { files: { 'package.json': '{"a":1}\n' }, author: 'dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>', date: at(2) });
    const ci = repo.commit('Cache the npm folder', { files: { '.github/workflows/ci.yml': 'x\n' }, author: ANA, date: at(3) });
    const work = repo.commit('Cart rounding', { files: { 'src/cart.ts': '2\n' }, author: ANA, date: at(4) });
    const s = await suggester(repo);
    assert.deepStrictEqual(s.suggest(bot).suggestions, []);
    assert.deepStrictEqual(s.suggest(ci).suggestions, []);
    assert.strictEqual(s.suggest(work).suggestions[0]?.goalId, 'web');
    // With an upkeep goal (`kind: upkeep`), upkeep goes there, and only upkeep.
    const loaded = await loadIndex(repo.dir);
    const goals = new Map(loaded.index.goals);
    goals.set('keep-lights-on', { ...goalOf('keep-lights-on'), kind: 'upkeep' });
    const withUpkeep = new Suggester({ ...loaded.index, goals }, await readCommitFiles(loaded.repo));
    assert.deepStrictEqual(withUpkeep.suggest(bot).suggestions.map((x) => [x.goalId, x.evidence[0].signal]), [['keep-lights-on', 'upkeep']]);
    assert.match(withUpkeep.suggest(bot).suggestions[0].evidence[0].text, /^upkeep: made by dependabot\[bot\], a bot$/);
    assert.strictEqual(withUpkeep.suggest(ci).suggestions[0]?.goalId, 'keep-lights-on');
    assert.strictEqual(withUpkeep.suggest(work).suggestions[0]?.goalId, 'web');
    assert.match(upkeepReason({ subject: 'Update POM SCM tag', author: 'A', email: 'a@x' }, ['pom.xml']) ?? '', /build/);
    assert.strictEqual(upkeepReason({ subject: 'Upgrade card vault client', author: 'A', email: 'a@x' }, ['src/vault.ts']), null);
  });

  it('work that looks like upkeep goes to the outcome goal that explains it better, and the evidence says so', async () => {
    repo.commit('Initial commit', {
      files: { 'goals.yaml': goalsYaml({ id: 'search', title: 'Better search', paths: ['src/search/**'] }, { id: 'web', title: 'Web shop', paths: ['src/web/**'] }) },
      date: at(0),
    });
    for (let d = 1; d <= 6; d++) {
      repo.commit(`Rank search results by clicks ${d}\n\nGoal: search`, { files: { 'src/search/rank.ts': `${d}\n` }, author: ANA, date: at(d) });
      repo.commit(`Cart page ${d}\n\nGoal: web`, { files: { 'src/web/cart.ts': `${d}\n` }, author: BEN, date: at(d, 14) });
    }
    const tuned = repo.commit('chore: tune the search ranking weights', { files: { 'src/search/rank.ts': 'tuned\n' }, author: ANA, date: at(7) });
    const bump = repo.commit('Bump typescript from 5.8 to 5.9', { files: { 'package.json': '{"ts":"5.9"}\n' }, author: BEN, date: at(8) });
    const loaded = await loadIndex(repo.dir);
    const goals = new Map(loaded.index.goals);
    goals.set('keep-lights-on', { ...goalOf('keep-lights-on'), kind: 'upkeep' });
    const s = new Suggester({ ...loaded.index, goals }, await readCommitFiles(loaded.repo));
    const first = s.suggest(tuned).suggestions[0];
    assert.strictEqual(first?.goalId, 'search', signals(s.suggest(tuned).suggestions).join('\n'));
    assert.ok(first.evidence.some((e) => e.signal === 'upkeep' && /looks like upkeep \(.*\), but this goal explains it better/.test(e.text)), signals([first]).join('\n'));
    // A bump no outcome goal explains goes to upkeep, and only there.
    assert.deepStrictEqual(s.suggest(bump).suggestions.map((x) => x.goalId), ['keep-lights-on']);
    assert.match(s.suggest(bump).suggestions[0].evidence[0].text, /^upkeep: a dependency or build update/);
  });

  it('under the floor nothing is shown, never a suggestion at 0%', async () => {
    repo.commit('Initial commit', { files: { 'goals.yaml': goalsYaml({ id: 'ops', title: 'Cut support cost' }, { id: 'search', title: 'Findability' }) }, date: at(0) });
    repo.commit('Invoice layout\n\nGoal: ops', { files: { 'a.txt': '1\n' }, author: ANA, date: at(1) });
    for (let k = 0; k < 6; k++) repo.commit(`Invoice misc ${k}`, { files: { [`m${k}.txt`]: '1\n' }, author: BEN, date: at(2 + k) });
    const weak = repo.commit('Invoice quokka', { files: { 'q.txt': '1\n' }, author: CAT, date: at(10) });
    const s = await suggester(repo);
    const raw = s.raw(weak);
    assert.strictEqual(raw[0]?.goalId, 'ops', 'there is a weak lead');
    assert.ok(raw[0].raw < FLOOR, JSON.stringify(raw));
    assert.deepStrictEqual(s.suggest(weak).suggestions, []);
    // A fitted calibration never maps anything under the floor into view either.
    const cal = fitCalibration(Array.from({ length: 60 }, (_, k) => ({ raw: k / 60, right: k % 3 === 0 && k > 30, weight: 1 })));
    assert.ok(cal && calibrate(cal, 0.05) < FLOOR);
  });

  it('the open-set evaluation finds what the closed one cannot: suggestions for work of a goal not in the file', async () => {
    repo.commit('Initial commit', { files: { 'goals.yaml': goalsYaml({ id: 'alpha', title: 'Alpha' }, { id: 'beta', title: 'Beta' }, { id: 'gamma', title: 'Gamma' }) }, date: at(0) });
    // alpha and beta each in their own folder; half of beta's subjects and all of gamma's say 'ledger'.
    for (let k = 0; k < 8; k++) {
      repo.commit(`Alpha step ${k}\n\nGoal: alpha`, { files: { [`a/f${k % 3}.ts`]: `${k}\n` }, author: ANA, date: at(1 + k) });
      repo.commit(`Beta ${k % 2 ? 'ledger' : 'step'} ${k}\n\nGoal: beta`, { files: { [`b/f${k % 3}.ts`]: `${k}\n` }, author: BEN, date: at(1 + k, 14) });
    }
    for (let k = 0; k < 4; k++) repo.commit(`Gamma ledger ${k}\n\nGoal: gamma`, { files: { [`c/f${k}.ts`]: `${k}\n` }, author: CAT, date: at(20 + k) });
    const loaded = await loadIndex(repo.dir);
    const e = evaluateSuggestions(loaded.index, await readCommitFiles(loaded.repo));
    assert.strictEqual(e.evaluated, 20);
    assert.strictEqual(e.open.asked, 20);
    // Held out, alpha's commits have nothing pointing elsewhere; gamma's point to beta through 'ledger'.
    const gamma = loaded.index.commits.filter((c) => c.subject.startsWith('Gamma')).map((c) => c.sha);
    const s = new Suggester(loaded.index, await readCommitFiles(loaded.repo), { calibration: null });
    for (const sha of gamma) assert.strictEqual(s.raw(sha, new Set(['gamma']))[0]?.goalId, 'beta');
    for (const c of loaded.index.commits.filter((x) => x.subject.startsWith('Alpha'))) assert.deepStrictEqual(s.raw(c.sha, new Set(['alpha'])), []);
    // Exactly the eight 'ledger' commits (gamma's, and beta's pointing back to gamma) still get a suggestion.
    assert.strictEqual(e.open.shown, 8, JSON.stringify(e.open));
    assert.ok(e.top1 >= 16, `alpha and beta commits are found from their folders: ${e.top1}`);
  });
});
