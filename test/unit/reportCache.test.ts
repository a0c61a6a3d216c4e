// The report cache (`report --cache DIR`): a kept report is rendered only while every input and "now" allow it, and
// then it is byte for byte the report a cold run gives at the same "now".
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { computeFigures, figuresValidUntil } from '../../src/core/figures/figures';
import { buildReport, type ReportOptions } from '../../src/core/reports/report';
import { loadDeliveries } from '../../src/git/mainline';
import { reportToCsv, reportToJson, reportToMarkdown } from '../../src/core/reports/formats';
import { parseTimeArg } from '../../src/core/dates';
import { loadIndex } from '../../src/git/indexLoader';
import { reportCached } from '../../src/git/reportCache';
import { cli, goalsYaml, TempRepo } from '../helpers';

const DAY_MS = 86_400_000;
const T0 = Date.parse('2026-11-02T10:00:00Z');

const GOALS = goalsYaml(
  { id: 'checkout', title: 'Lift checkout conversion', keys: ['SHOP-*'], branches: ['feat/pay-*'], commitments: [{ what: 'Cart v2', due: '2026-11-20' }] },
  { id: 'search', title: 'Better search' },
  { id: 'platform', title: 'Platform upkeep' },
);

interface Run {
  now: Date;
  since?: string;
  until?: string;
  staleAfterDays?: number;
  commitIndex?: boolean;
  allRefs?: boolean;
}

describe('report cache (report --cache DIR)', function () {
  this.timeout(60000);
  let r: TempRepo;
  let cacheDir: string;

  beforeEach(() => {
    r = TempRepo.create();
    r.commit('Initial commit', { files: { 'goals.yaml': GOALS }, date: iso(T0) });
    r.commit('SHOP-1: cart totals', { date: iso(T0 + 60_000) });
    r.git('checkout', '-q', '-b', 'feat/pay-retry');
    r.commit('Retry failed cards', { date: iso(T0 + 120_000) });
    r.git('checkout', '-q', 'main');
    r.commit('Search box\n\nGoal: search', { date: iso(T0 + 180_000) });
    r.merge('feat/pay-retry', "Merge branch 'feat/pay-retry'", iso(T0 + 240_000));
    r.commit('Upkeep', { date: iso(T0 + 300_000) });
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-report-cache-'));
  });
  afterEach(() => {
    r.cleanup();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  function options(run: Run, commitIndex: boolean): ReportOptions {
    return {
      now: run.now,
      since: run.since === undefined ? undefined : (parseTimeArg(run.since, run.now) ?? undefined),
      until: run.until === undefined ? undefined : (parseTimeArg(run.until, run.now) ?? undefined),
      staleAfterDays: run.staleAfterDays ?? 30,
      commitIndex,
    };
  }

  /**
   * In each format (JSON with its commit index, as the command line makes it), through the cache, checked byte for
   * byte against a cold report at the same "now"; says whether it was kept. Returns the JSON.
   */
  async function expect(run: Run, from: 'kept' | 'computed'): Promise<string> {
    const allRefs = run.allRefs ?? true;
    const loaded = await loadIndex(r.dir, { allRefs });
    const cold = loaded.index;
    const deliveries = (await loadDeliveries(loaded.repo, cold)).log;
    let json = '';
    for (const [format, render] of [
      ['json', reportToJson],
      ['md', reportToMarkdown],
      ['csv', reportToCsv],
    ] as const) {
      const o = options(run, format === 'json');
      const cached = await reportCached(r.dir, { cacheDir, allRefs, report: o, sinceArg: run.since, untilArg: run.until, format, render });
      assert.strictEqual(cached.text, render(buildReport(cold, { ...o, deliveries })), format);
      assert.strictEqual(cached.from === 'report' ? 'kept' : 'computed', from, format);
      if (format === 'json') json = cached.text;
    }
    return json;
  }

  function reportFiles(): string[] {
    return fs.readdirSync(cacheDir).filter((f) => f.startsWith('goal-lens-report-'));
  }

  it('a start where nothing changed renders the kept report: a cold report byte for byte, generatedAt now', async () => {
    const now = new Date(T0 + DAY_MS);
    await expect({ now }, 'computed');
    assert.strictEqual(reportFiles().length, 3, 'one report per format');
    await expect({ now }, 'kept');
    const later = new Date(T0 + DAY_MS + 3_600_000);
    const json = await expect({ now: later }, 'kept');
    assert.strictEqual(JSON.parse(json).generatedAt, later.toISOString());
    // HEAD only, and another staleness setting, are other reports, kept apart.
    await expect({ now, allRefs: false }, 'computed');
    await expect({ now, staleAfterDays: 7 }, 'computed');
    await expect({ now, allRefs: false }, 'kept');
    await expect({ now }, 'kept');
    assert.deepStrictEqual(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.tmp')), [], 'no temp file left behind');
  });

  it('misses after a commit, a note, a goals.yaml edit, a shared goals edit, a branch goal, a moved ref, a mailmap', async () => {
    const now = new Date(T0 + DAY_MS);
    const change = async (what: string, act: () => void): Promise<void> => {
      act();
      await expect({ now }, 'computed').catch((e: Error) => assert.fail(`${what}: ${e.message}`));
      await expect({ now }, 'kept');
    };
    await expect({ now }, 'computed');
    await change('a commit', () => r.commit('SHOP-2: more', { date: iso(T0 + 360_000) }));
    await change('a note', () => r.git('notes', '--ref=goals', 'add', '-m', 'Goal: platform', 'HEAD~1'));
    await change('a title edit', () => r.write('goals.yaml', GOALS.replace('Better search', 'Much better search')));
    r.write('shared.yaml', goalsYaml({ id: 'growth', title: 'Grow' }));
    await change('extends', () => r.write('goals.yaml', `extends: shared.yaml\n${GOALS}`));
    await change('a shared goals edit', () => r.write('shared.yaml', goalsYaml({ id: 'growth', title: 'Grow more' })));
    await change('a branch goal', () => r.git('config', 'branch.main.goal', 'platform'));
    await change('a branch moved', () => r.git('branch', '-f', 'feat/pay-retry', 'HEAD~1'));
    await change('a checkout', () => r.git('checkout', '-q', '--detach', 'HEAD~1'));
    await change('a mailmap', () => r.write('.mailmap', 'Someone Else <else@example.com> <test@example.com>\n'));
  });

  it('commits older than the history they join (a branch pushed late): the report is a cold one byte for byte, commit index order included', async () => {
    const now = new Date(T0 + DAY_MS);
    await expect({ now }, 'computed');
    r.git('checkout', '-q', '-b', 'late', 'HEAD~3');
    r.commit('SHOP-3: written days ago', { date: iso(T0 + 90_000) });
    r.commit('Written days ago too', { date: iso(T0 + 150_000) });
    r.git('checkout', '-q', 'main');
    const json = await expect({ now }, 'computed');
    const shas = (JSON.parse(json) as { commitIndex: { shas: string } }).commitIndex.shas;
    const late = r.git('rev-parse', 'late').slice(0, 16);
    assert.ok(shas.includes(late) && !shas.startsWith(late), 'the late commits sit among the commits of their time, not first');
    await expect({ now }, 'kept');
  });

  it('misses when a goal turns stale, at the next UTC midnight, when a moving window passes a commit, and when the clock goes back', async () => {
    const last = T0 + 300_000; // 'Upkeep', a commit of no goal
    // The first active goal to turn stale after two days without work.
    const index = (await loadIndex(r.dir, { allRefs: true })).index;
    const fresh = computeFigures(index, { now: new Date(T0 + DAY_MS), staleAfterDays: 2 }).goals.filter((f) => f.staleness === 'fresh' && f.lastEverAt !== null);
    const first = fresh.reduce((a, f) => ((f.lastEverAt ?? 0) < (a.lastEverAt ?? 0) ? f : a));
    const staleFrom = ((first.lastEverAt ?? 0) + 2 * 86_400 + 1) * 1000;
    await expect({ now: new Date(staleFrom - 5000), staleAfterDays: 2 }, 'computed');
    await expect({ now: new Date(staleFrom - 1), staleAfterDays: 2 }, 'kept');
    const flipped = await expect({ now: new Date(staleFrom), staleAfterDays: 2 }, 'computed');
    assert.strictEqual(JSON.parse(flipped).goals.find((g: { id: string }) => g.id === first.id).stale, true);
    // The commitment due 2026-11-20 is open that day and missed the next: the kept report holds until midnight.
    await expect({ now: new Date('2026-11-20T23:00:00Z') }, 'computed');
    await expect({ now: new Date('2026-11-20T23:59:59.999Z') }, 'kept');
    const missed = await expect({ now: new Date('2026-11-21T00:00:00Z') }, 'computed');
    assert.strictEqual(JSON.parse(missed).goals[0].sayDo.missed, 1);
    // A window of one day, counted back from now: the first commit leaves it one day and a second after it was made.
    const leaves = T0 + DAY_MS + 1000;
    await expect({ now: new Date(leaves - 60_000), since: '1d' }, 'computed');
    await expect({ now: new Date(leaves - 1), since: '1d' }, 'kept');
    await expect({ now: new Date(leaves), since: '1d' }, 'computed');
    // An --until that moves: 'Upkeep' comes in one day and a second after it was made.
    await expect({ now: new Date(last + DAY_MS - 30_000), until: '1d' }, 'computed');
    await expect({ now: new Date(last + DAY_MS + 1000), until: '1d' }, 'computed');
    // A clock set back is not trusted with a report made "later".
    await expect({ now: new Date(T0 + 2 * DAY_MS) }, 'computed');
    await expect({ now: new Date(T0 + 2 * DAY_MS - 1) }, 'computed');
  });

  it('figuresValidUntil gives the first instant a figure can change, and no figure changes before it', async () => {
    const loaded = await loadIndex(r.dir, { allRefs: true });
    const index = loaded.index;
    const deliveries = (await loadDeliveries(loaded.repo, index)).log;
    const at = (now: number, since?: string) => {
      const o = { ...options({ now: new Date(now), since, staleAfterDays: 2 }, false), deliveries };
      return { figures: computeFigures(index, o), report: JSON.stringify({ ...buildReport(index, o), generatedAt: null, window: null }) };
    };
    // [now, --since, whether a figure changes at the bound (the next UTC midnight may change nothing)]
    for (const [now, since, changes] of [
      [T0 + DAY_MS, '1d', true], // the first commit leaves the window
      [T0 + DAY_MS + 15 * 3_600_000, undefined, true], // a goal turns stale
      [Date.parse('2026-11-20T12:00:00Z'), undefined, true], // a commitment is missed the next day
      [T0 + 5 * DAY_MS, '3w', false], // midnight comes first
    ] as const) {
      const what = `${new Date(now).toISOString()} ${since ?? ''}`;
      const first = at(now, since);
      const until = figuresValidUntil(index, first.figures, { since: since !== undefined }, deliveries);
      assert.ok(until > now, `${what}: after now`);
      assert.strictEqual(at(until - 1, since).report, first.report, `${what}: the same just before ${new Date(until).toISOString()}`);
      if (changes) assert.notStrictEqual(at(until, since).report, first.report, `${what}: something changes at ${new Date(until).toISOString()}`);
    }
  });

  it('a damaged, truncated, foreign or old kept report is a miss, never a crash or a wrong figure', async () => {
    const now = new Date(T0 + DAY_MS);
    await expect({ now }, 'computed');
    // The JSON report is kept as text with marks, the Markdown one as the report: each file is damaged alike.
    const files = reportFiles().map((f) => path.join(cacheDir, f));
    const good = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
    const damages: [string, (text: string, header: Record<string, unknown>, body: string) => string][] = [
      ['garbage', () => 'not a cache at all'],
      ['empty', () => ''],
      ['cut in half', (t) => t.slice(0, Math.floor(t.length / 2))],
      ['cut short by one character', (t) => t.slice(0, -1)],
      ['no report', (_t, h) => JSON.stringify({ ...h, length: 2 }) + '\n{}'],
      ['another format', (_t, h, b) => JSON.stringify({ ...h, format: 0 }) + '\n' + b],
      ['another key', (_t, h, b) => JSON.stringify({ ...h, key: 'x' }) + '\n' + b],
      ['a header of another shape', (_t, _h, b) => JSON.stringify([1, 2]) + '\n' + b],
    ];
    for (const [what, damage] of damages) {
      for (const f of files) {
        const text = good.get(f) ?? '';
        const nl = text.indexOf('\n');
        fs.writeFileSync(f, damage(text, JSON.parse(text.slice(0, nl)) as Record<string, unknown>, text.slice(nl + 1)));
      }
      await expect({ now }, 'computed').catch((e: Error) => assert.fail(`${what}: ${e.message}`));
      await expect({ now }, 'kept');
    }
  });

  it('the command line renders the kept report as a cold run prints it, in every format', () => {
    for (const format of ['json', 'md', 'csv']) {
      const cold = cli(r.dir, ['report', '--all-refs', '--format', format]);
      assert.strictEqual(cold.code, 0, cold.stderr);
      const first = cli(r.dir, ['report', '--all-refs', '--format', format, '--cache', cacheDir]);
      const kept = cli(r.dir, ['report', '--all-refs', '--format', format, '--cache', cacheDir]);
      assert.strictEqual(first.stdout, cold.stdout, `${format}: first`);
      assert.strictEqual(kept.stdout, cold.stdout, `${format}: kept`);
    }
    assert.strictEqual(reportFiles().length, 3, 'one report per format');
    r.commit('SHOP-3: after', { date: iso(T0 + 3_600_000) });
    const after = cli(r.dir, ['report', '--all-refs', '--format', 'json', '--cache', cacheDir]);
    assert.strictEqual(after.stdout, cli(r.dir, ['report', '--all-refs', '--format', 'json']).stdout);
  });
});

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
