// Text renderings of a Report: Markdown for people, CSV for spreadsheets, JSON for machines (the contract).
import { flowMarkdown } from './flowReport';
import type { GoalReport, Report } from './report';

export function reportToJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** "1 commit", "3 commits", "2 people". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function sayDoText(g: GoalReport): string {
  return g.sayDo.ratio === null ? 'n/a' : `${g.sayDo.keptOnTime}/${g.sayDo.due} (${percent(g.sayDo.ratio)})`;
}

/** Zero-width space: breaks a mention, an issue reference or an autolink without changing what a reader sees. */
const ZWSP = '\u200b';

/**
 * Escapes text from the repository for Markdown (a table cell, a list item, a heading) so that it stays inert
 * text wherever it is pasted or posted: no table break, no HTML, image or link (`<`, `[` and `&` escaped, bare
 * URLs and `www.` broken), no mention of a person or team (`@user`, `@org/team`, and e-mail autolinks), and no
 * issue reference that links or closes (`#12`, `GH-12`, `org/repo#12`, so "fixes #12" closes nothing).
 */
export function mdCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/([<>*_`[\]&~])/g, '\\$1')
    .replace(/@/g, `@${ZWSP}`)
    .replace(/#(?=\d)/g, `#${ZWSP}`)
    .replace(/\b(gh)-(?=\d)/gi, `$1-${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\b(www)\./gi, `$1${ZWSP}.`);
}

export function reportToMarkdown(report: Report): string {
  const { totals } = report;
  const lines = [
    `# Goal Lens report`,
    ``,
    `Repository \`${report.repo}\` at \`${(report.head ?? 'no commits').slice(0, 12)}\`, generated ${report.generatedAt}.`,
    windowLine(report),
    ``,
    `${totals.commits} commits: ${totals.linked} linked to a goal, ${totals.untagged} untagged (${percent(totals.commits ? totals.untagged / totals.commits : 0)}).`,
    balanceLine(report),
    ``,
    `| Goal | Status | Commits | Incl. sub-goals | Share | Authors | Person-days | FTE | Last activity | Say/do | Flags |`,
    `| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |`,
  ];
  for (const { goal: g, depth } of inHierarchy(report.goals)) {
    const indent = depth ? `${'\u00a0\u00a0'.repeat(depth - 1)}↳ ` : '';
    const flags = [g.staleness === 'no-work-yet' ? 'no work yet' : g.stale ? 'stale' : '', g.pastDue ? 'past due' : '', g.sayDo.missed ? `${g.sayDo.missed} missed` : ''].filter(Boolean).join(', ');
    lines.push(
      `| ${indent}${mdCell(g.title)} (\`${g.id}\`)${g.kind === 'upkeep' ? ' (upkeep)' : ''} | ${g.status} | ${g.commits} | ${g.totalCommits} | ${percent(g.share)} | ${g.authors} | ${g.effort.personDays.toFixed(1)} | ${g.effort.fte.toFixed(2)} | ${g.lastCommitAt?.slice(0, 10) ?? '-'} | ${sayDoText(g)} | ${flags || '-'} |`,
    );
  }
  lines.push(...flowMarkdown(report.goals, mdCell));
  if (report.problems.length) {
    lines.push('', '## Problems', '');
    for (const p of report.problems) lines.push(`- ${mdCell(`${p.file}:${p.line}:${p.column}: ${p.message}`)}`);
  }
  return lines.filter((l, i) => l !== '' || lines[i - 1] !== '').join('\n') + '\n';
}

/** Goals depth-first under their parents (file order among siblings), each with its depth. */
export function inHierarchy<G extends { id: string; parent: string | null }>(goals: readonly G[]): { goal: G; depth: number }[] {
  const ids = new Set(goals.map((g) => g.id));
  const children = new Map<string, G[]>();
  for (const g of goals) {
    const parent = g.parent !== null && ids.has(g.parent) && g.parent !== g.id ? g.parent : '';
    children.set(parent, [...(children.get(parent) ?? []), g]);
  }
  const out: { goal: G; depth: number }[] = [];
  const seen = new Set<string>();
  const visit = (parent: string, depth: number): void => {
    for (const g of children.get(parent) ?? []) {
      if (seen.has(g.id)) continue;
      seen.add(g.id);
      out.push({ goal: g, depth });
      visit(g.id, depth + 1);
    }
  };
  visit('', 0);
  for (const g of goals) if (!seen.has(g.id)) out.push({ goal: g, depth: 0 }); // a parent cycle: shown flat
  return out;
}

/** "Effort: 12.0 person-days by 3 people, 0.60 FTE: outcome 0.40, upkeep 0.10, untagged 0.10 FTE." */
export function balanceLine(report: Pick<Report, 'effort'>): string {
  const e = report.effort;
  const b = e.balance;
  return `Effort: ${e.personDays.toFixed(1)} person-days by ${plural(e.people, 'person', 'people')}, ${e.fte.toFixed(2)} FTE: outcome ${b.outcome.fte.toFixed(2)}, upkeep ${b.upkeep.fte.toFixed(2)}, untagged ${b.untagged.fte.toFixed(2)} FTE.`;
}

function windowLine(report: Report): string {
  const { since, until } = report.window;
  if (!since && !until) return 'Window: all history.';
  return `Window: ${since?.slice(0, 10) ?? 'start'} to ${until?.slice(0, 10) ?? 'now'}.`;
}

/** RFC 4180 field; also defuses spreadsheet formulas from repository text. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 text: each row's fields by csvField, every line (the last too) ended by CRLF. Every CSV we write uses it. */
export function csvText(rows: readonly (readonly (string | number | boolean | null)[])[]): string {
  return rows.map((r) => r.map(csvField).join(',') + '\r\n').join('');
}

export function reportToCsv(report: Report): string {
  const header = ['id', 'title', 'status', 'parent', 'owner', 'advisor', 'due', 'commits', 'totalCommits', 'authors', 'lastCommitAt', 'share',
    'trailer', 'note', 'key', 'branch', 'merge', 'sayDoDue', 'sayDoKeptOnTime', 'sayDoLate', 'sayDoMissed', 'sayDoRatio', 'stale', 'pastDue', 'kind', 'personDays', 'fte', 'author', 'subject', 'changes'];
  const rows = report.goals.map((g) => [g.id, g.title, g.status, g.parent, g.owner, g.advisor, g.due, g.commits, g.totalCommits, g.authors, g.lastCommitAt,
    Number(g.share.toFixed(6)), g.sources.trailer, g.sources.note, g.sources.key, g.sources.branch, g.sources.merge, g.sayDo.due, g.sayDo.keptOnTime,
    g.sayDo.late, g.sayDo.missed, g.sayDo.ratio === null ? null : Number(g.sayDo.ratio.toFixed(6)), g.stale, g.pastDue, g.kind, g.effort.personDays, g.effort.fte,
    g.sources.author, g.sources.subject, g.sources.changes]);
  rows.push(['(untagged)', 'Untagged work', '', null, null, null, null, report.totals.untagged, report.totals.untagged, null, null,
    report.totals.commits ? Number((report.totals.untagged / report.totals.commits).toFixed(6)) : 0, 0, 0, 0, 0, 0, null, null, null, null, null, null, null,
    '', report.effort.balance.untagged.personDays, report.effort.balance.untagged.fte, 0, 0, 0]);
  return csvText([header, ...rows]);
}
