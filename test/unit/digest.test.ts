import * as assert from 'assert';
import { isoWeekOf, isoWeekRange } from '../../src/core/dates';
import { buildDigest } from '../../src/core/reports/digest';
import { buildEffortReport } from '../../src/core/reports/effortReport';
import { loadIndex } from '../../src/git/indexLoader';
import { goalsYaml, TempRepo } from '../helpers';

const GOALS = goalsYaml(
  { id: 'checkout', title: 'Lift checkout conversion', commitments: [{ what: 'Retry button', due: '2026-11-25', done: '2026-11-24' }, { what: 'Saved cards', due: '2026-11-26' }, { what: 'Wallets', due: '2026-12-20' }] },
  { id: 'search', title: 'Better search' },
);

describe('weekly digest', () => {
  let repo: TempRepo;
  before(() => {
    repo = TempRepo.create();
    repo.commit('Initial commit', { files: { 'goals.yaml': GOALS }, date: '2026-11-10T10:00:00Z' }); // W46
    repo.commit('Last week checkout\n\nGoal: checkout', { date: '2026-11-22T23:59:00Z' }); // Sunday of W47
    repo.commit('Monday checkout\n\nGoal: checkout', { date: '2026-11-23T00:00:00Z', author: 'Ann <ann@example.com>' }); // Monday of W48
    repo.commit('Search <b>ranking</b>\n\nGoal: search', { date: '2026-11-25T12:00:00Z' });
    repo.commit('Tidy build', { date: '2026-11-27T18:00:00Z' });
    repo.commit('Next week\n\nGoal: search', { date: '2026-11-30T00:00:00Z' }); // W49
  });
  after(() => repo.cleanup());

  it('finds ISO weeks and their Monday-to-Monday range', () => {
    assert.strictEqual(isoWeekOf(new Date('2026-11-23T00:00:00Z')), '2026-W48');
    assert.strictEqual(isoWeekOf(new Date('2026-11-22T23:59:59Z')), '2026-W47');
    assert.strictEqual(isoWeekOf(new Date('2027-01-01T12:00:00Z')), '2026-W53');
    assert.deepStrictEqual(isoWeekRange('2026-W48'), { start: Date.parse('2026-11-23T00:00:00Z') / 1000, end: Date.parse('2026-11-30T00:00:00Z') / 1000 });
    assert.strictEqual(isoWeekRange('2025-W53'), null, '2025 has 52 weeks');
  });

  it('lists exactly the week’s commits per goal, its promises, and the untagged work', async () => {
    const { index } = await loadIndex(repo.dir, {});
    const range = isoWeekRange('2026-W48');
    assert.ok(range);
    const text = buildDigest(index, { week: '2026-W48', ...range });
    const sections = text.split(/^## /m);
    assert.match(sections[0], /^# Week 2026-W48 \(2026-11-23 to 2026-11-29\)/);
    assert.match(sections[0], /3 commits by 2 people; 2 served a goal, 1 untagged\./);
    const checkout = sections.find((s) => s.startsWith('Lift checkout conversion'));
    assert.ok(checkout);
    assert.match(checkout, /- Monday checkout \(Ann, `[0-9a-f]{7}`\)/);
    assert.doesNotMatch(checkout, /Last week checkout/);
    assert.match(checkout, /- Promise kept: Retry button \(due 2026-11-25, done 2026-11-24\)/);
    assert.match(checkout, /- Promise missed: Saved cards \(due 2026-11-26\)/);
    assert.doesNotMatch(checkout, /Wallets/);
    const search = sections.find((s) => s.startsWith('Better search'));
    assert.ok(search);
    assert.match(search, /- Search \\<b\\>ranking\\<\/b\\>/, 'repository text is escaped for Markdown');
    assert.doesNotMatch(search, /Next week/);
    const untagged = sections.find((s) => s.startsWith('Untagged work'));
    assert.ok(untagged);
    assert.match(untagged, /- Tidy build/);
    assert.doesNotMatch(untagged, /Initial commit/);
  });

  it('gives person-days per goal and the week\'s balance, as `goal-lens effort` does for the same week (issue 24)', async () => {
    const { index } = await loadIndex(repo.dir, {});
    const range = isoWeekRange('2026-W48');
    assert.ok(range);
    const text = buildDigest(index, { week: '2026-W48', ...range, repo: 'shop' });
    const effort = buildEffortReport(index, { since: range.start, until: range.end, now: new Date(range.end * 1000) });
    const pd = (id: string) => effort.goals.find((g) => g.id === id)?.personDays ?? 0;
    // Three people-days, one each: Ann on checkout (Monday), search (Wednesday), untagged (Friday).
    assert.deepStrictEqual([pd('checkout'), pd('search'), effort.untagged.personDays, effort.totals.personDays], [1, 1, 1, 3]);
    const sections = text.split(/^## /m);
    assert.match(sections[0], /^# shop: week 2026-W48 /);
    assert.match(sections[0], /\n3 person-days: 2 person-days on outcome goals, 0 person-days on upkeep, 1 person-day untagged\./);
    assert.match(sections.find((s) => s.startsWith('Lift checkout conversion')) ?? '', /Shipped: 1 commit by Ann; 1 person-day\./);
    assert.match(sections.find((s) => s.startsWith('Better search')) ?? '', /Shipped: 1 commit by .+; 1 person-day\./);
  });
});
