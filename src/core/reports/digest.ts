// The weekly digest: what shipped per goal, promises met or missed, new untagged work. Markdown, ready to paste.
import { isoDate } from '../dates';
import { mdCell, plural } from './formats';
import { measureOf } from './measure';
import type { GoalIndex } from '../index/goalIndex';
import { computeFigures, DEFAULT_STALE_AFTER_DAYS, type CommitmentState } from '../figures/figures';
import { HIGH_CONFIDENCE, oneStepLine, type OneStep } from '../suggest/suggest';
import type { DeliveryLog } from '../figures/deliveries';
import { formatDuration, type GoalFlow } from '../figures/flow';
import type { PeoplePolicy } from '../figures/effort';
import { effortOf } from './effortReport';

export interface DigestOptions {
  week: string; // YYYY-Www
  start: number; // unix seconds, inclusive
  end: number; // exclusive
  /** How many commit subjects to list per goal before "and N more". */
  maxPerGoal?: number;
  /** Whether an untagged commit's first suggestion is sure enough to accept as is (src/core/suggest). */
  oneStep?: OneStep;
  /** The default branch's deliveries: with them, each goal says how often its work was delivered that week. */
  deliveries?: DeliveryLog;
  agingAfterDays?: number;
  /** The repository's name, for the heading (a digest is pasted where several repositories' digests meet). */
  repo?: string;
  /** Who is a person (bots, weights), as `goal-lens effort` takes it. */
  people?: PeoplePolicy;
}

const PROMISE_WORDS: Record<CommitmentState, string> = {
  kept: 'Promise kept',
  late: 'Promise kept late',
  missed: 'Promise missed',
  open: 'Promise due',
  undated: 'Done (no due date)',
};

export function buildDigest(index: GoalIndex, options: DigestOptions): string {
  const max = options.maxPerGoal ?? 10;
  const startDay = isoDate(new Date(options.start * 1000));
  const endDay = isoDate(new Date((options.end - 86_400) * 1000));
  // Commitment states as of the end of the week: a promise due that week and not done by then was missed.
  const figures = computeFigures(index, { since: options.start, until: options.end, now: new Date(options.end * 1000), staleAfterDays: DEFAULT_STALE_AFTER_DAYS, deliveries: options.deliveries, agingAfterDays: options.agingAfterDays });
  const untagged = figures.untagged;
  // Person-days of the week (docs/effort.md), the same figures as `goal-lens effort --since <Monday> --until <Monday after>`.
  const effort = effortOf(index, { since: options.start, until: options.end, now: new Date(options.end * 1000), people: options.people });
  const out: string[] = [`# ${options.repo ? `${mdCell(options.repo)}: week` : 'Week'} ${options.week} (${startDay} to ${endDay})`, ''];
  const { commits: total, linked } = figures.totals;
  const people = figures.people;
  out.push(`${plural(total, 'commit')} by ${plural(people, 'person', 'people')}; ${linked} served a goal, ${untagged.length} untagged.`, '');
  if (options.oneStep && untagged.length) {
    const n = untagged.filter((c) => options.oneStep?.(c.sha)).length;
    out.push(`${oneStepLine(n, untagged.length)}: \`goal-lens suggest --accept --min-confidence ${HIGH_CONFIDENCE}\`.`, '');
  }
  if (effort.total.personDays > 0) {
    const b = effort.balance;
    out.push(`${days(effort.total.personDays)}: ${days(b.outcome.personDays)} on outcome goals, ${days(b.upkeep.personDays)} on upkeep, ${days(b.untagged.personDays)} untagged.`, '');
  }

  for (const f of figures.goals) {
    const goal = f.goal;
    const commits = f.own;
    const promises = f.commitments.filter((c) => (c.done && c.done >= startDay && c.done <= endDay) || (!c.done && c.due && c.due >= startDay && c.due <= endDay));
    const flow = figures.flow?.byGoal.get(goal.id);
    const flowText = flow ? deliveryLine(flow) : '';
    if (commits.length === 0 && promises.length === 0 && !flowText) continue;
    out.push(`## ${mdCell(goal.title)} (\`${goal.id}\`)`, '');
    if (goal.outcome) {
      const o = goal.outcome;
      const latest = o.measurements.at(-1);
      out.push(`Outcome: ${mdCell(o.metric)}${latest ? ` now ${mdCell(measureOf(o, latest.value))}` : ''}${o.target !== undefined ? `, target ${mdCell(measureOf(o, o.target))}` : ''}.`, '');
    }
    if (commits.length) {
      const authors = [...new Set(commits.map((c) => c.author))];
      const pd = effort.goals.get(goal.id)?.personDays ?? 0;
      out.push(`Shipped: ${commits.length} commit${commits.length === 1 ? '' : 's'} by ${authors.map(mdCell).join(', ')}${pd > 0 ? `; ${days(pd)}` : ''}.`, '');
      for (const c of commits.slice(0, max)) out.push(`- ${mdCell(c.subject)} (${mdCell(c.author)}, \`${c.sha.slice(0, 7)}\`)`);
      if (commits.length > max) out.push(`- and ${commits.length - max} more`);
      out.push('');
    }
    if (flowText) out.push(flowText, '');
    for (const p of promises) out.push(`- ${PROMISE_WORDS[p.state]}: ${mdCell(p.what)} (due ${p.due ?? '-'}${p.done ? `, done ${p.done}` : ''})`);
    if (promises.length) out.push('');
  }

  if (untagged.length) {
    out.push('## Untagged work', '');
    for (const c of untagged.slice(0, max)) out.push(`- ${mdCell(c.subject)} (${mdCell(c.author)}, \`${c.sha.slice(0, 7)}\`)`);
    if (untagged.length > max) out.push(`- and ${untagged.length - max} more`);
    out.push('');
  }
  if (total === 0) out.push('No commits this week.', '');
  return out.join('\n');
}


/** "2.5 person-days": to one decimal, as the Goals view shows them. */
function days(n: number): string {
  const r = Math.round(n * 10) / 10;
  return `${r} person-day${r === 1 ? '' : 's'}`;
}

/** "Delivered 4 times this week, median lead time 2 days; 1 branch aging for 18 days (feat/x)." or '' when neither. */
function deliveryLine(f: GoalFlow): string {
  const n = f.deliveries.length;
  const aging = f.wip.filter((w) => w.aging);
  const parts: string[] = [];
  if (n) parts.push(`Delivered ${n === 1 ? 'once' : `${n} times`} this week${f.leadTime.median !== null ? `, median lead time ${formatDuration(f.leadTime.median)}` : ''}`);
  if (aging.length) {
    const oldest = Math.max(...aging.map((w) => w.idleDays));
    parts.push(`${aging.length} branch${aging.length === 1 ? '' : 'es'} aging for ${aging.length === 1 ? '' : 'up to '}${oldest} days (${aging.map((w) => mdCell(w.branch)).join(', ')})`);
  }
  return parts.length ? `${parts.join('; ')}.` : '';
}
