// Renderings of a RollUp: Markdown, CSV, JSON and the leads' HTML dashboard across repositories (one self-contained
// page, no script: bars and the goal-by-repository table are plain HTML and CSS under a strict CSP).
import { formatDuration } from '../figures/flow';
import { balanceLine, csvText, inHierarchy, mdCell, percent, plural } from './formats';
import { escapeHtml as esc } from './htmlReport';
import type { RollUp, RollupGoal } from './rollup';

export function rollupToJson(r: RollUp): string {
  return JSON.stringify(r, null, 2) + '\n';
}

function sayDoText(g: RollupGoal): string {
  return g.sayDo.ratio === null ? 'n/a' : `${g.sayDo.keptOnTime}/${g.sayDo.due} (${percent(g.sayDo.ratio)})`;
}

/** A goal's commits in one repository: "12", or "0 (133 with sub-goals)" when its sub-goals add work there. */
function repoCount(g: RollupGoal, name: string): string {
  const own = g.byRepo[name] ?? 0;
  const total = g.byRepoTotal[name] ?? own;
  return total !== own ? `${own} (${total} with sub-goals)` : String(own);
}

const REPO_NOTE = 'Per repository: the goal\'s own commits, and in brackets with its sub-goals\' where they add some.';

function lead(seconds: number | null): string {
  return seconds === null ? '-' : formatDuration(seconds);
}

/** The Flow table of the roll-up: per goal across repositories (a delivery two repositories share once), then each repository's. */
function flowMarkdownRows(r: RollUp): string[] {
  const goals = r.goals.filter((g) => g.flow);
  if (!goals.length) return [];
  const lines = ['', '## Flow', '', 'Deliveries to each repository\'s default branch; lead time from the first commit to the default branch (docs/flow.md).', '', '| Goal | Deliveries | Median lead time | 85th percentile | Open branches | By repository |', '| --- | ---: | --- | --- | --- | --- |'];
  for (const g of goals) {
    const f = g.flow as NonNullable<RollupGoal['flow']>;
    const per = Object.entries(f.byRepo).map(([n, c]) => `${mdCell(n)}: ${c.deliveries}, median ${lead(c.leadTimeSeconds.median)}${c.aging ? `, ${c.aging} aging` : ''}`).join('; ');
    lines.push(`| ${mdCell(g.title)} (\`${mdCell(g.id)}\`) | ${f.deliveries} | ${lead(f.leadTimeSeconds.median)} | ${lead(f.leadTimeSeconds.p85)} | ${f.openBranches}${f.aging ? ` (${f.aging} aging)` : ''} | ${per} |`);
  }
  return lines;
}

function windowText(r: RollUp): string {
  const { since, until } = r.window;
  if (!since && !until) return 'all history';
  return `${since ? `from ${since.slice(0, 10)}` : ''}${since && until ? ' ' : ''}${until ? `until ${until.slice(0, 10)}` : ''}`;
}

export function rollupToMarkdown(r: RollUp): string {
  const { totals } = r;
  const names = r.repos.map((x) => x.name);
  const lines = [
    '# Goal Lens roll-up',
    '',
    `${plural(r.repos.length, 'repository', 'repositories')}, ${windowText(r)}, generated ${r.generatedAt}.`,
    '',
    `${plural(totals.commits, 'commit')} (each counted once): ${totals.linked} linked to a goal, ${totals.untagged} untagged (${percent(totals.commits ? totals.untagged / totals.commits : 0)}).`,
    balanceLine(r) + ' Each person-day once across repositories.',
    '',
    REPO_NOTE,
    '',
    '| Goal | Commits | Incl. sub-goals | Share | Authors | FTE | Last activity | Say/do | ' + names.map(mdCell).join(' | ') + ' |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | ' + names.map(() => '---:').join(' | ') + ' |',
  ];
  for (const { goal: g, depth } of inHierarchy(r.goals)) {
    const indent = depth ? `${'\u00a0\u00a0'.repeat(depth - 1)}↳ ` : '';
    lines.push(
      `| ${indent}${mdCell(g.title)} (\`${mdCell(g.id)}\`) | ${g.commits} | ${g.totalCommits} | ${percent(g.share)} | ${g.authors} | ${g.effort.fte.toFixed(2)} | ${g.lastCommitAt?.slice(0, 10) ?? '-'} | ${sayDoText(g)} | ` +
        names.map((n) => repoCount(g, n)).join(' | ') +
        ' |',
    );
  }
  lines.push(...flowMarkdownRows(r));
  lines.push('', '## Repositories', '', '| Repository | Commits | Linked | Untagged | Untagged share | Person-days | FTE | Head |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const x of r.repos) {
    lines.push(`| ${mdCell(x.name)} | ${x.commits} | ${x.linked} | ${x.untagged} | ${percent(x.untaggedShare)} | ${x.effort.personDays} | ${x.effort.fte.toFixed(2)} | \`${(x.head ?? '-').slice(0, 12)}\` |`);
  }
  lines.push('', 'A repository\'s person-days and FTE are its own; the totals above count a person-day spent in two repositories once.');
  if (r.problems.length) {
    lines.push('', '## Problems', '');
    for (const p of r.problems) lines.push(`- ${mdCell(`${p.repo}: ${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`)}`);
  }
  return lines.join('\n') + '\n';
}

export function rollupToCsv(r: RollUp): string {
  const names = r.repos.map((x) => x.name);
  const rows: (string | number | null)[][] = [['goal', 'title', 'parent', 'commits', 'total_commits', 'authors', 'share', 'last_commit_at', 'say_do', ...names.map((n) => `repo:${n}`), 'person_days', 'fte', ...names.map((n) => `repo_with_subgoals:${n}`), 'deliveries', 'lead_time_median_seconds', 'lead_time_p85_seconds', 'open_branches', 'aging_branches']];
  for (const g of r.goals) {
    rows.push([g.id, g.title, g.parent, g.commits, g.totalCommits, g.authors, g.share.toFixed(4), g.lastCommitAt, g.sayDo.ratio === null ? null : g.sayDo.ratio.toFixed(4), ...names.map((n) => g.byRepo[n] ?? 0), g.effort.personDays, g.effort.fte, ...names.map((n) => g.byRepoTotal[n] ?? 0), g.flow?.deliveries ?? null, g.flow?.leadTimeSeconds.median ?? null, g.flow?.leadTimeSeconds.p85 ?? null, g.flow?.openBranches ?? null, g.flow?.aging ?? null]);
  }
  rows.push(['(untagged)', 'Untagged work', null, r.totals.untagged, r.totals.untagged, null, (r.totals.commits ? r.totals.untagged / r.totals.commits : 0).toFixed(4), null, null, ...r.repos.map((x) => x.untagged), r.effort.balance.untagged.personDays, r.effort.balance.untagged.fte, ...r.repos.map((x) => x.untagged), null, null, null, null, null]);
  return csvText(rows);
}

/** The leads' dashboard across repositories: totals, effort per goal, the goal-by-repository table, repositories. */
export function rollupToHtml(r: RollUp): string {
  const names = r.repos.map((x) => x.name);
  const max = Math.max(1, ...r.goals.map((g) => g.totalCommits));
  const cellMax = Math.max(1, ...r.goals.flatMap((g) => Object.values(g.byRepoTotal)));
  const rows = inHierarchy(r.goals);
  const bar = (n: number, of: number): string => (n > 0 ? `<span class="bar" style="width:${((n / of) * 100).toFixed(1)}%"></span>` : '');
  const goalRows = rows
    .map(({ goal: g, depth }) => {
      const cells = names
        .map((n) => {
          const v = g.byRepo[n] ?? 0;
          const t = g.byRepoTotal[n] ?? v;
          const heat = t ? Math.max(0.08, t / cellMax).toFixed(2) : '0';
          return `<td class="num heat" style="--heat:${heat}">${v || (t ? '0' : '')}${t !== v ? ` <span class="muted">(${t})</span>` : ''}</td>`;
        })
        .join('');
      return `<tr><th scope="row" style="padding-left:${0.5 + depth * 1.25}em">${esc(g.title)} <code>${esc(g.id)}</code></th><td class="num">${g.commits}</td><td class="num">${g.totalCommits}</td><td class="chart">${bar(g.totalCommits, max)}</td><td class="num">${percent(g.share)}</td><td class="num">${g.authors}</td><td class="num">${g.effort.fte.toFixed(2)}</td><td class="nowrap">${esc(g.lastCommitAt?.slice(0, 10) ?? '-')}</td><td>${esc(sayDoText(g))}</td>${cells}</tr>`;
    })
    .join('\n');
  const repoRows = r.repos
    .map((x) => `<tr><th scope="row">${esc(x.name)}</th><td class="num">${x.commits}</td><td class="num">${x.linked}</td><td class="num">${x.untagged}</td><td class="chart share"><span class="pct">${percent(x.untaggedShare)}</span>${bar(x.untagged, Math.max(1, x.commits))}</td><td class="num">${x.effort.personDays}</td><td class="num">${x.effort.fte.toFixed(2)}</td><td><code>${esc((x.head ?? '-').slice(0, 12))}</code></td></tr>`)
    .join('\n');
  const problems = r.problems.length
    ? `<h2>Problems</h2><ul>${r.problems.map((p) => `<li class="${esc(p.severity)}"><b>${esc(p.repo)}</b> ${esc(`${p.file}:${p.line}:${p.column}`)}: ${esc(p.message)}</li>`).join('')}</ul>`
    : '';
  const untaggedShare = r.totals.commits ? r.totals.untagged / r.totals.commits : 0;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Goal Lens roll-up</title>
<style>
:root { color-scheme: light dark; --fg: #1f2328; --bg: #fff; --muted: #59636e; --line: #d1d9e0; --accent: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --accent: #4493f8; } }
body { font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 2em; }
h1 { margin: 0 0 .2em; } .muted { color: var(--muted); }
.tiles { display: flex; gap: 1em; flex-wrap: wrap; margin: 1em 0; }
.tile { border: 1px solid var(--line); border-radius: 8px; padding: .6em 1em; min-width: 9em; }
.tile b { display: block; font-size: 1.6em; }
table { border-collapse: collapse; margin: .5em 0 1.5em; }
th, td { border-bottom: 1px solid var(--line); padding: .3em .6em; text-align: left; vertical-align: middle; }
thead th { font-weight: 600; color: var(--muted); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.chart { width: 12em; } .share { white-space: nowrap; } .share .pct { display: inline-block; min-width: 3.5em; } .aging { color: #d1242f; } body[class*="vscode-"] .aging { color: var(--vscode-errorForeground); } .bar { display: inline-block; height: .8em; background: var(--accent); border-radius: 2px; min-width: 1px; }
.heat { background: color-mix(in srgb, var(--accent) calc(var(--heat) * 70%), transparent); }
code { font-size: .9em; color: var(--muted); background: none; padding: 0; } ul.per { margin: 0; padding-left: 1.1em; } li.error b { color: #d1242f; } .nowrap { white-space: nowrap; }
/* In a VS Code webview (body.vscode-light/-dark/-high-contrast): the editor's theme, not the system's. */
body[class*="vscode-"] { --fg: var(--vscode-editor-foreground); --bg: var(--vscode-editor-background); --muted: var(--vscode-descriptionForeground); --line: var(--vscode-editorWidget-border, var(--vscode-panel-border)); --accent: var(--vscode-textLink-foreground); }
body[class*="vscode-"] li.error b { color: var(--vscode-errorForeground); }
/* Narrow: a table scrolls sideways instead of wrapping a word per line. */
table { display: block; max-width: 100%; overflow-x: auto; } td.num, thead th { white-space: nowrap; } th[scope="row"] { min-width: 14em; }
</style></head><body>
<h1>Goal Lens roll-up</h1>
<p class="muted">${esc(`${plural(r.repos.length, 'repository', 'repositories')}, ${windowText(r)}, generated ${r.generatedAt}`)}</p>
<div class="tiles">
<div class="tile"><b>${r.totals.commits}</b>commits, each once</div>
<div class="tile"><b>${r.totals.linked}</b>linked to a goal</div>
<div class="tile"><b>${percent(untaggedShare)}</b>untagged</div>
<div class="tile"><b>${r.effort.fte.toFixed(2)}</b>FTE: outcome ${r.effort.balance.outcome.fte.toFixed(2)}, upkeep ${r.effort.balance.upkeep.fte.toFixed(2)}, untagged ${r.effort.balance.untagged.fte.toFixed(2)}</div>
<div class="tile"><b>${r.goals.filter((g) => g.commits > 0).length}/${r.goals.length}</b>goals with work</div>
</div>
<h2>Effort per goal, and by repository</h2>
<p class="muted">${esc(REPO_NOTE)} FTE counts each person-day once across repositories.</p>
<table><thead><tr><th>Goal</th><th class="num">Commits</th><th class="num">Incl. sub-goals</th><th></th><th class="num">Share</th><th class="num">Authors</th><th class="num">FTE</th><th>Last activity</th><th>Say/do</th>${names.map((n) => `<th class="num">${esc(n)}</th>`).join('')}</tr></thead>
<tbody>
${goalRows}
</tbody></table>
${flowHtml(r)}
<h2>Repositories</h2>
<table><thead><tr><th>Repository</th><th class="num">Commits</th><th class="num">Linked</th><th class="num">Untagged</th><th>Untagged share</th><th class="num">Person-days</th><th class="num">FTE</th><th>Head</th></tr></thead>
<tbody>
${repoRows}
</tbody></table>
${problems}
</body></html>
`;
}

/** The roll-up page's Flow table: per goal across repositories, each repository's figures beside. */
function flowHtml(r: RollUp): string {
  const goals = r.goals.filter((g) => g.flow);
  if (!goals.length) return '';
  const rows = goals
    .map((g) => {
      const f = g.flow as NonNullable<RollupGoal['flow']>;
      const per = Object.entries(f.byRepo)
        .map(([n, c]) => `<li>${esc(n)}: ${c.deliveries} deliveries, median ${esc(lead(c.leadTimeSeconds.median))}${c.openBranches ? `, ${c.openBranches} open` : ''}${c.aging ? ` <span class="aging">(${c.aging} aging)</span>` : ''}</li>`)
        .join('');
      return `<tr><th scope="row">${esc(g.title)} <code>${esc(g.id)}</code></th><td class="num">${f.deliveries}</td><td class="nowrap">${esc(lead(f.leadTimeSeconds.median))}</td><td class="nowrap">${esc(lead(f.leadTimeSeconds.p85))}</td><td class="num">${f.openBranches}${f.aging ? ` <span class="aging">(${f.aging} aging)</span>` : ''}</td><td><ul class="per">${per}</ul></td></tr>`;
    })
    .join('\n');
  return `<h2>Flow</h2>
<p class="muted">Deliveries to each repository's default branch (one two repositories share counts once); lead time from the first commit to the default branch (docs/flow.md).</p>
<table><thead><tr><th>Goal</th><th class="num">Deliveries</th><th>Median lead time</th><th>85th percentile</th><th class="num">Open branches</th><th>By repository</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}
