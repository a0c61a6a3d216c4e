// Per-goal counts on a 10,000-commit history must equal a count made independently, with git's own
// --grep regular expressions and trailer parsing instead of Goal Lens's code.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildReport } from '../../src/core/reports/report';
import { loadIndex } from '../../src/git/indexLoader';
import { fastImportHistory, goalsYaml } from '../helpers';

const GOALS = goalsYaml(
  { id: 'checkout', title: 'Checkout', keys: ['SHOP-*'] },
  { id: 'payments', title: 'Payments', keys: ['PAY-12', 'PAY-300'] },
  { id: 'search', title: 'Search' },
);

function makeHistory(dir: string, count: number): void {
  let seed = 7;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const noise = ['XSHOP-1 lookalike', 'SHOP-12x not a key', 'pay-12 lower case', 'PAY-123 near miss', 'PAY-12 exact', 'PAY-300!', '(SHOP-9)', 'SHOP-', 'plain work'];
  fastImportHistory(dir, GOALS, count, (i) => {
    const parts = [noise[Math.floor(rand() * noise.length)], rand() < 0.2 ? `SHOP-${i}` : ''];
    let message = `Commit ${i} ${parts.join(' ')}`.trim();
    const r = rand();
    if (r < 0.15) message += '\n\nGoal: search';
    else if (r < 0.2) message += '\n\nGoal: checkout, search';
    else if (r < 0.22) message += '\n\nGoal: nonexistent';
    return { message: message + '\n', author: 'Dev <dev@example.com>', time: 1_700_000_000 + i * 60 };
  });
}

function gitLines(dir: string, ...args: string[]): string[] {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).split('\n').filter(Boolean);
}

describe('per-goal counts on a 10,000-commit history', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-10k-'));
    makeHistory(dir, 10000);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('equal an independent count with git --grep and git trailer parsing', async () => {
    const token = (re: string): string => `(^|[^A-Za-z0-9_])${re}([^A-Za-z0-9_]|$)`;
    const grep = (re: string): Set<string> => new Set(gitLines(dir, 'rev-list', '-E', `--grep=${token(re)}`, 'HEAD'));
    const trailer = new Map<string, Set<string>>();
    for (const line of gitLines(dir, 'log', '--format=%H%x09%(trailers:key=Goal,valueonly,separator=%x2C)', 'HEAD')) {
      const [sha, values = ''] = line.split('\t');
      for (const id of values.split(',').map((s) => s.trim()).filter(Boolean)) {
        if (!trailer.has(id)) trailer.set(id, new Set());
        trailer.get(id)?.add(sha);
      }
    }
    const union = (...sets: (Set<string> | undefined)[]): Set<string> => new Set(sets.flatMap((s) => [...(s ?? [])]));
    // git's regex is case-sensitive like Jira keys; our matcher upper-cases, so "pay-12" counts too.
    const expected = {
      checkout: union(trailer.get('checkout'), grep('SHOP-[0-9]+')).size,
      payments: union(grep('[Pp][Aa][Yy]-12'), grep('PAY-300')).size,
      search: (trailer.get('search') ?? new Set()).size,
    };
    const all = gitLines(dir, 'rev-list', 'HEAD').length;

    const { index } = await loadIndex(dir, {});
    const report = buildReport(index, { now: new Date('2026-11-05T00:00:00Z'), staleAfterDays: 30 });
    const actual = Object.fromEntries(report.goals.map((g) => [g.id, g.commits]));
    assert.deepStrictEqual(actual, expected);
    assert.strictEqual(report.totals.commits, all);
    const linked = union(trailer.get('checkout'), trailer.get('search'), grep('SHOP-[0-9]+'), grep('[Pp][Aa][Yy]-12'), grep('PAY-300')).size;
    assert.strictEqual(report.totals.linked, linked);
    assert.ok(expected.checkout > 1000 && expected.payments > 1000 && expected.search > 1000, 'the history exercises every goal');
    assert.match(report.problems.map((p) => p.message).join('\n'), /unknown goal 'nonexistent' named by trailer in \d+ commits/);
  });
});
