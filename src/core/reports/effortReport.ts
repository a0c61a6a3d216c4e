// `goal-lens effort`: people-time per goal, person, month or week, and the audit trail of one goal (--explain).
// Formats only: every figure comes from src/core/figures/effort.ts.
import { dailyOf, dayIso, localDay, UNTAGGED, windowDays } from '../figures/daily';
import { authorKey } from '../figures/figures';
import { computeEffort, goalKind, People, round, type EffortCell, type EffortFigures, type PeoplePolicy, type Period } from '../figures/effort';
import { descendantsOf, isMerge, type GoalIndex } from '../index/goalIndex';
import type { CommitRecord, GoalKind } from '../types';
import { csvText, mdCell } from './formats';

export type EffortBy = 'goal' | 'person' | Period;

export interface EffortReportOptions {
  since?: number;
  until?: number;
  now: Date;
  by?: EffortBy;
  /** Only this goal (with its sub-goals' total beside it). */
  goal?: string;
  /** With `goal`: every person-day that gave it a part, and the commits of that day. */
  explain?: boolean;
  people?: PeoplePolicy;
}


export interface EffortRow {
  personDays: number;
  fte: number;
  commits: number;
}

export interface GoalEffortRow extends EffortRow {
  id: string;
  title: string;
  kind: GoalKind;
  parent: string | null;
  people: number;
  /** With sub-goals (each part once: the parts of a person-day never overlap). */
  totalPersonDays: number;
  totalFte: number;
}

export interface ExplainedDay {
  date: string;
  person: string;
  name: string;
  /** The part of this person-day the goal got. */
  share: number;
  /** Everything the day's commits served (goal ids; '' is untagged work). */
  served: string[];
  commits: { sha: string; subject: string; goals: string[] }[];
}

export interface EffortReport {
  repo: string;
  head: string | null;
  generatedAt: string;
  window: { from: string | null; until: string; workingDays: number };
  by: EffortBy;
  totals: EffortRow & { people: number; botCommits: number };
  balance: Record<'outcome' | 'upkeep' | 'untagged', EffortRow>;
  goals: GoalEffortRow[];
  untagged: EffortRow & { people: number };
  persons?: (EffortRow & { person: string; name: string; weight: number; goals: Record<string, EffortRow> })[];
  periods?: { key: string; from: string; until: string; workingDays: number; total: EffortRow; goals: Record<string, EffortRow> }[];
  explain?: ExplainedDay[];
}

const row = (c: EffortCell | undefined): EffortRow => ({ personDays: round(c?.personDays ?? 0), fte: round(c?.fte ?? 0), commits: c?.commits ?? 0 });

/** The effort figures of an index for a window (the one call every view and report makes). */
export function effortOf(index: GoalIndex, options: Pick<EffortReportOptions, 'since' | 'until' | 'now' | 'people'> & { by?: Period; author?: string }): EffortFigures {
  const { from, to } = windowDays(options.since, options.until);
  return computeEffort(dailyOf(index), index.goals, { from, to, now: options.now, people: options.people, by: options.by, person: options.author?.toLowerCase() });
}

export function buildEffortReport(index: GoalIndex, options: EffortReportOptions): EffortReport {
  const by = options.by ?? 'goal';
  const period = by === 'month' || by === 'week' ? by : undefined;
  const e = effortOf(index, { ...options, by: period });
  const wanted = options.goal === undefined ? null : new Set(descendantsOf(index, options.goal));
  const goals: GoalEffortRow[] = [];
  for (const g of index.goalsFile.goals) {
    if (index.goals.get(g.id) !== g) continue;
    if (wanted && !wanted.has(g.id)) continue;
    const own = e.goals.get(g.id);
    let totalPersonDays = 0;
    let totalFte = 0;
    for (const id of descendantsOf(index, g.id)) {
      totalPersonDays += e.goals.get(id)?.personDays ?? 0;
      totalFte += e.goals.get(id)?.fte ?? 0;
    }
    goals.push({ id: g.id, title: g.title, kind: goalKind(g), parent: g.parent ?? null, ...row(own), people: own?.people ?? 0, totalPersonDays: round(totalPersonDays), totalFte: round(totalFte) });
  }
  const u = e.goals.get(UNTAGGED);
  const report: EffortReport = {
    repo: index.root,
    head: index.head,
    generatedAt: options.now.toISOString(),
    window: { from: e.from === null ? null : dayIso(e.from), until: dayIso(e.to), workingDays: e.workingDays },
    by,
    totals: { ...row(e.total), people: e.total.people, botCommits: e.total.bots },
    balance: { outcome: row(e.balance.outcome), upkeep: row(e.balance.upkeep), untagged: row(e.balance.untagged) },
    goals,
    untagged: { ...row(u), people: u?.people ?? 0 },
  };
  if (by === 'person') {
    report.persons = e.persons.map((p) => ({ person: p.person, name: p.name, weight: p.weight, ...row(p), goals: Object.fromEntries([...p.goals].map(([k, c]) => [k, row(c)])) }));
  }
  if (period) {
    report.periods = e.periods.map((p) => ({ key: p.key, from: dayIso(p.from), until: dayIso(p.to), workingDays: p.workingDays, total: row(p.total), goals: Object.fromEntries([...p.goals].map(([k, c]) => [k, row(c)])) }));
  }
  if (options.explain && options.goal !== undefined) report.explain = explainGoal(index, options.goal, options);
  return report;
}

/** Every person-day (not a bot's) in the window that gave `goalId` a part, with the commits of that day. */
export function explainGoal(index: GoalIndex, goalId: string, options: Pick<EffortReportOptions, 'since' | 'until' | 'now' | 'people'>): ExplainedDay[] {
  const { from, to } = windowDays(options.since, options.until);
  const people = People.forPolicy(options.people);
  const agg = dailyOf(index);
  const today = Math.floor(options.now.getTime() / 86_400_000);
  const end = Math.min(to ?? today + 1, today + 1);
  const days = new Map<string, ExplainedDay>();
  for (const pd of agg.personDays(from, end)) {
    if (!pd.targets.has(goalId) || people.isBot(pd)) continue;
    days.set(`${pd.day}\0${pd.person}`, { date: dayIso(pd.day), person: pd.person, name: pd.name, share: round(1 / pd.targets.size), served: [...pd.targets.keys()].sort(), commits: [] });
  }
  // The commits behind each day: one pass over the history, only for an audit.
  for (const c of index.commits) {
    if (isMerge(c)) continue;
    const d = days.get(`${localDay(c)}\0${authorKey(c)}`);
    if (d) d.commits.push({ sha: c.sha, subject: c.subject, goals: goalsOf(index, c) });
  }
  return [...days.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.person < b.person ? -1 : 1));
}

function goalsOf(index: GoalIndex, c: CommitRecord): string[] {
  const ids: string[] = [];
  for (const l of index.links.get(c.sha) ?? []) if (!ids.includes(l.goalId)) ids.push(l.goalId);
  return ids;
}

export function effortToJson(r: EffortReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}

const fmt = (x: number): string => (Math.round(x * 100) / 100).toFixed(2);

export function effortToMarkdown(r: EffortReport): string {
  const out = [
    '# Goal Lens effort',
    '',
    `Repository \`${r.repo}\`, ${r.window.from ?? 'first work'} to ${r.window.until} (exclusive), ${r.window.workingDays} working days.`,
    `${fmt(r.totals.personDays)} person-days by ${r.totals.people} people (${fmt(r.totals.fte)} FTE); ${r.totals.commits} commits, ${r.totals.botCommits} of them by bots.`,
    '',
    `Balance: outcome ${fmt(r.balance.outcome.fte)} FTE, upkeep ${fmt(r.balance.upkeep.fte)} FTE, untagged ${fmt(r.balance.untagged.fte)} FTE.`,
    '',
    '| Goal | Kind | Person-days | FTE | Incl. sub-goals (FTE) | People | Commits |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const g of r.goals) out.push(`| ${mdCell(g.title)} (\`${g.id}\`) | ${g.kind} | ${fmt(g.personDays)} | ${fmt(g.fte)} | ${fmt(g.totalFte)} | ${g.people} | ${g.commits} |`);
  out.push(`| untagged | - | ${fmt(r.untagged.personDays)} | ${fmt(r.untagged.fte)} | - | ${r.untagged.people} | ${r.untagged.commits} |`);
  if (r.persons) {
    out.push('', '| Person | Weight | Person-days | FTE | Commits |', '| --- | ---: | ---: | ---: | ---: |');
    for (const p of r.persons) out.push(`| ${mdCell(p.name)} | ${p.weight} | ${fmt(p.personDays)} | ${fmt(p.fte)} | ${p.commits} |`);
  }
  if (r.periods) {
    out.push('', `| ${r.by === 'week' ? 'Week' : 'Month'} | Working days | Person-days | FTE | Commits |`, '| --- | ---: | ---: | ---: | ---: |');
    for (const p of r.periods) out.push(`| ${p.key} | ${p.workingDays} | ${fmt(p.total.personDays)} | ${fmt(p.total.fte)} | ${p.total.commits} |`);
  }
  if (r.explain) {
    out.push('', '## Person-days', '', '| Day | Person | Share | Served | Commits |', '| --- | --- | ---: | --- | --- |');
    for (const d of r.explain) {
      const served = d.served.map((s) => (s === UNTAGGED ? 'untagged' : s)).join(', ');
      const commits = d.commits.map((c) => `\`${c.sha.slice(0, 7)}\` ${mdCell(c.subject)}`).join('<br>');
      out.push(`| ${d.date} | ${mdCell(d.name)} | ${fmt(d.share)} | ${mdCell(served)} | ${commits} |`);
    }
  }
  return out.join('\n') + '\n';
}

export function effortToCsv(r: EffortReport): string {
  if (r.explain) return csvText([['date', 'person', 'name', 'share', 'served', 'commits'], ...r.explain.map((d) => [d.date, d.person, d.name, d.share, d.served.join(' '), d.commits.map((c) => c.sha).join(' ')])]);
  if (r.periods) {
    const rows: (string | number)[][] = [['period', 'goal', 'personDays', 'fte', 'commits']];
    for (const p of r.periods) for (const [g, c] of Object.entries(p.goals)) rows.push([p.key, g === UNTAGGED ? '(untagged)' : g, c.personDays, c.fte, c.commits]);
    return csvText(rows);
  }
  if (r.persons) return csvText([['person', 'name', 'weight', 'personDays', 'fte', 'commits'], ...r.persons.map((p) => [p.person, p.name, p.weight, p.personDays, p.fte, p.commits])]);
  return csvText([
    ['goal', 'title', 'kind', 'personDays', 'fte', 'totalFte', 'people', 'commits'],
    ...r.goals.map((g) => [g.id, g.title, g.kind, g.personDays, g.fte, g.totalFte, g.people, g.commits]),
    ['(untagged)', '', '', r.untagged.personDays, r.untagged.fte, '', r.untagged.people, r.untagged.commits],
  ]);
}
