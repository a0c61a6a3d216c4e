import * as assert from 'assert';
import { csvField, inHierarchy, mdCell, reportToCsv, reportToMarkdown } from '../../src/core/reports/formats';
import type { Report } from '../../src/core/reports/report';

const report: Report = {
  repo: '/r',
  head: 'a'.repeat(40),
  generatedAt: '2026-11-05T00:00:00.000Z',
  window: { since: null, until: null },
  totals: { commits: 4, linked: 3, untagged: 1 },
  goals: [
    {
      id: 'evil', title: '=HYPERLINK("http://x") | <b>bold</b>', status: 'active', kind: 'outcome', parent: null, owner: 'Ann, "Sales"', advisor: null, due: null,
      commits: 3, totalCommits: 3, authors: 2, lastCommitAt: '2026-11-01T00:00:00.000Z', share: 0.75,
      sources: { trailer: 3, note: 0, key: 0, branch: 0, merge: 0, author: 0, subject: 0, changes: 0 }, sayDo: { due: 2, keptOnTime: 1, late: 1, missed: 0, ratio: 0.5 },
      stale: false, staleness: 'fresh', pastDue: true, branches: [], effort: { personDays: 2, fte: 0.1 },
    },
  ],
  effort: { personDays: 2, fte: 0.1, commits: 4, people: 2, workingDays: 20, balance: { outcome: { personDays: 2, fte: 0.1, commits: 3 }, upkeep: { personDays: 0, fte: 0, commits: 0 }, untagged: { personDays: 0, fte: 0, commits: 1 } } },
  problems: [{ file: 'goals.yaml', line: 3, column: 5, message: "unknown field 'titel'", severity: 'warning' }],
};

describe('report formats', () => {
  it('CSV quotes commas and quotes, and defuses spreadsheet formulas from repository text', () => {
    assert.strictEqual(csvField('=1+1'), "'=1+1");
    assert.strictEqual(csvField('@acme/web'), "'@acme/web");
    assert.strictEqual(csvField('a,"b"'), '"a,""b"""');
    assert.strictEqual(csvField(-3), '-3', 'numbers are numbers');
    assert.strictEqual(csvField(null), '');
    const rows = reportToCsv(report).split('\r\n');
    assert.strictEqual(rows[1].split(',')[0], 'evil');
    assert.ok(rows[1].includes(`"'=HYPERLINK(""http://x"") | <b>bold</b>"`), rows[1]);
    assert.ok(rows[1].includes('"Ann, ""Sales"""'), rows[1]);
    assert.match(rows[2], /^\(untagged\),Untagged work,/);
  });

  it('Markdown escapes table breakers and HTML from repository text, and shows figures', () => {
    assert.strictEqual(mdCell('a|b\nc <i>'), 'a\\|b c \\<i\\>');
    const md = reportToMarkdown(report);
    assert.match(md, /\| =HYPERLINK\("http:\u200b\/\/x"\) \\\| \\<b\\>bold\\<\/b\\> \(`evil`\) \| active \| 3 \| 3 \| 75\.0% \| 2 \| 2\.0 \| 0\.10 \| 2026-11-01 \| 1\/2 \(50\.0%\) \| past due \|/);
    assert.match(md, /4 commits: 3 linked to a goal, 1 untagged \(25\.0%\)\./);
    assert.match(md, /- goals\.yaml:3:5: unknown field 'titel'/);
  });

  it('Markdown flags an active goal that never had work as "no work yet", not stale', () => {
    const g = report.goals[0];
    const md = reportToMarkdown({
      ...report,
      goals: [
        { ...g, id: 'never', title: 'never', commits: 0, totalCommits: 0, lastCommitAt: null, stale: true, staleness: 'no-work-yet', pastDue: false },
        { ...g, id: 'idle', title: 'idle', stale: true, staleness: 'stale', pastDue: false },
      ],
    });
    assert.match(md, /\| never \(`never`\) \|[^\n]*\| no work yet \|/);
    assert.match(md, /\| idle \(`idle`\) \|[^\n]*\| stale \|/);
  });

  it('Markdown lists sub-goals under their parents, whatever their order in the file', () => {
    const g = (id: string, parent: string | null) => ({ ...report.goals[0], id, title: id, parent });
    const order = inHierarchy([g('growth', null), g('cost', null), g('loyalty', 'growth'), g('points', 'loyalty'), g('a', 'b'), g('b', 'a')]);
    assert.deepStrictEqual(order.map((o) => `${o.depth}:${o.goal.id}`), ['0:growth', '1:loyalty', '2:points', '0:cost', '0:a', '0:b']);
    const md = reportToMarkdown({ ...report, goals: [g('growth', null), g('cost', null), g('loyalty', 'growth')] });
    assert.match(md, /\| growth \(`growth`\)[^\n]*\n\| ↳ loyalty \(`loyalty`\)[^\n]*\n\| cost \(`cost`\)/);
  });
});
