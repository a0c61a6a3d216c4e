// Renderings of the pull-request summary: Markdown for a comment (one screen, inert repository text, never over
// GitHub's comment limit) and JSON. Figures come from prSummary.ts; nothing here computes one.
import { mdCell, percent, plural } from './formats';
import type { PrGoal, PrSharedFile, PrSummary, PrUntagged } from './prSummary';

/** Hidden in the rendered comment; how the poster finds its own earlier comment to edit. */
export const PR_SUMMARY_MARKER = '<!-- goal-lens:pr-summary -->';

/** GitHub refuses a comment body longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface PrMarkdownOptions {
  /** Rows per list before "and N more" (goals, untagged commits, shared files, problems). Default 10. */
  maxRows?: number;
  /** Characters the text may not exceed (default GITHUB_COMMENT_LIMIT). */
  limit?: number;
}

/** Text from the repository, clipped (before escaping, so no escape is cut in half) and made inert. */
function text(s: string, max = 100): string {
  if (s.length <= max) return mdCell(s);
  let out = '';
  let n = 0;
  for (const ch of s) {
    if (++n >= max) break;
    out += ch; // by code point: an emoji is never cut in half
  }
  return mdCell(n >= max ? `${out}…` : s);
}

const short = (sha: string | null): string => (sha ?? '').slice(0, 7);

export function prSummaryToJson(s: PrSummary): string {
  return JSON.stringify(s, null, 2) + '\n';
}

/**
 * The comment. Lists are capped at `maxRows` and say what they left out; if the text would still pass the limit
 * (thousands of huge titles), the caps shrink until it fits, and as a last resort it is cut at a line.
 */
export function prSummaryToMarkdown(s: PrSummary, options: PrMarkdownOptions = {}): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  let rows = Math.max(1, Math.min(options.maxRows ?? 10, Math.max(s.goals.length, s.untagged.length, s.shared.length, s.problems.length)));
  for (;;) {
    const md = render(s, rows);
    if (md.length <= limit) return md;
    if (rows === 1) return cut(md, limit);
    rows = Math.max(1, Math.floor(rows / 2));
  }
}

function cut(md: string, limit: number): string {
  const note = '\n_Cut here: the summary passed the comment limit; run `goal-lens pr-summary` for all of it._\n';
  let end = md.lastIndexOf('\n', limit - note.length);
  if (end < 0) end = 0;
  return md.slice(0, end) + note;
}

function render(s: PrSummary, rows: number): string {
  const out: string[] = [PR_SUMMARY_MARKER, '### Goal Lens: the goals at stake', ''];
  const t = s.totals;
  const range = s.from ? `${short(s.from)}..${short(s.to)}` : `up to ${short(s.to)}`;
  out.push(`\`${range}\`: ${plural(t.commits, 'commit')}, ${t.linked} serving a goal, ${t.untagged} untagged; ${plural(t.files, 'file')} changed.`, '');
  const leftOut: string[] = [];

  if (s.goals.length) {
    out.push('**Goals served**', '', '| Goal | Owner / IT advisor | Outcome | Effort to date | Due within 30 days |', '| --- | --- | --- | --- | --- |');
    for (const g of s.goals.slice(0, rows)) out.push(goalRow(g));
    more(out, leftOut, s.goals.length - rows, 'goal');
    out.push('');
  } else if (t.commits) {
    out.push('**Goals served**: none.', '');
  }

  if (s.untagged.length) {
    out.push(`**Serving no goal** (accept a suggestion with the command, or add a \`${s.trailer}: <goal-id>\` trailer)`, '');
    for (const u of s.untagged.slice(0, rows)) out.push(untaggedLine(u, s.trailer));
    more(out, leftOut, s.untagged.length - rows, 'untagged commit');
    out.push('');
  }

  if (s.shared.length) {
    out.push('**Shared code touched**: changed files that others depend on or that served other goals, most affected first', '', '| File | Dependents | Goals this code served | Owners |', '| --- | ---: | --- | --- |');
    for (const f of s.shared.slice(0, rows)) out.push(sharedRow(f));
    more(out, leftOut, s.shared.length - rows, 'shared file');
    out.push('');
  }
  if (s.sharedNotExamined) leftOut.push(`${plural(s.sharedNotExamined, 'changed file')} not examined for dependents`);

  if (s.problems.length) {
    out.push('**goals.yaml problems this change introduces**', '');
    for (const p of s.problems.slice(0, rows)) out.push(`- ${p.severity}: ${text(`${p.file}:${p.line}:${p.column}: ${p.message}`, 200)}`);
    more(out, leftOut, s.problems.length - rows, 'problem');
    out.push('');
  }

  const footer = leftOut.length ? `Left out: ${leftOut.join('; ')}. ` : '';
  out.push(`<sub>${footer}Figures from git and goals.yaml by Goal Lens (\`goal-lens pr-summary --range ${range.startsWith('up') ? `..${short(s.to)}` : range}\`).</sub>`);
  return out.join('\n') + '\n';
}

function more(out: string[], leftOut: string[], n: number, what: string): void {
  if (n <= 0) return;
  out.push(`- and ${n} more`);
  leftOut.push(plural(n, what));
}

function goalRow(g: PrGoal): string {
  const people = [g.owner, g.advisor].map((p) => (p ? text(p, 60) : '-')).join(' / ');
  const o = g.outcome;
  let outcome = '-';
  if (o) {
    const unit = text(o.unit, 10);
    const now = o.latest ? `${o.latest.value}${unit}` : 'not measured yet';
    const target = o.target !== null ? ` of ${o.target}${unit}` : '';
    const progress = o.progress !== null ? ` (${percent(o.progress)} of the way)` : '';
    outcome = `${text(o.metric, 60)}: ${now}${target}${progress}`;
  }
  const due = g.commitmentsDue.map((c) => `${c.state === 'missed' ? 'missed: ' : ''}${text(c.what, 60)}, ${c.due}`).join('; ') || '-';
  const here = `${plural(g.commits, 'commit')} here`;
  return `| ${text(g.title, 80)} (\`${g.id}\`), ${here} | ${people} | ${outcome} | ${plural(g.toDate.personDays, 'person-day')} by ${plural(g.toDate.people, 'person', 'people')}, ${plural(g.toDate.commits, 'commit')} | ${due} |`;
}

function untaggedLine(u: PrUntagged, trailer: string): string {
  const head = `- \`${short(u.sha)}\` ${text(u.subject, 80)}`;
  if (!u.suggestion) return `${head}: no suggestion; \`goal-lens tag ${short(u.sha)} <goal-id>\``;
  const s = u.suggestion;
  const why = s.evidence ? `: ${text(s.evidence, 80)}` : '';
  return `${head}: suggests \`${s.goalId}\` (${s.confidence.toFixed(2)}${why}); \`goal-lens tag ${short(u.sha)} ${s.goalId}\` or \`${trailer}: ${s.goalId}\``;
}

function sharedRow(f: PrSharedFile): string {
  const goals = f.goals.length
    ? f.goals
        .slice(0, 5)
        .map((g) => {
          const parts = [g.commits ? plural(g.commits, 'commit') : '', g.throughDependents ? `${g.throughDependents} via dependents` : '', g.declared ? 'declared' : ''].filter(Boolean);
          return `\`${g.id}\`${g.servedHere ? ' (this change)' : ''} ${parts.join(', ')}`;
        })
        .join('; ') + (f.goals.length > 5 ? `; ${f.goals.length - 5} more` : '')
    : 'none yet';
  const dependents = f.transitive ? `${f.dependents} (${f.transitive} indirect)` : String(f.dependents);
  const owners = f.owners.length ? f.owners.slice(0, 3).map((o) => text(o, 40)).join(', ') + (f.owners.length > 3 ? `, ${f.owners.length - 3} more` : '') : '-';
  return `| ${text(f.path, 80)} | ${dependents} | ${goals} | ${owners} |`;
}
