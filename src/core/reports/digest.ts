// The weekly digest: what shipped per goal, promises met or missed, new untagged work. Markdown, ready to paste.
import { mdCell, plural } from './formats';
import { isMerge, type GoalIndex } from '../index/goalIndex';
import type { CommitRecord } from '../types';

export interface DigestOptions {
  week: string; // YYYY-Www
  start: number; // unix seconds, inclusive
  end: number; // exclusive
  /** How many commit subjects to list per goal before "and N more". */
  maxPerGoal?: number;
}

export function buildDigest(index: GoalIndex, options: DigestOptions): string {
  const max = options.maxPerGoal ?? 10;
  const inWeek = index.commits.filter((c) => !isMerge(c) && c.time >= options.start && c.time < options.end);
  const startDay = new Date(options.start * 1000).toISOString().slice(0, 10);
  const endDay = new Date((options.end - 86_400) * 1000).toISOString().slice(0, 10);
  const perGoal = new Map<string, CommitRecord[]>();
  const untagged: CommitRecord[] = [];
  for (const c of inWeek) {
    const links = index.links.get(c.sha);
    if (!links?.length) {
      untagged.push(c);
      continue;
    }
    for (const goalId of new Set(links.map((l) => l.goalId))) {
      const list = perGoal.get(goalId);
      if (list) list.push(c);
      else perGoal.set(goalId, [c]);
    }
  }

  const out: string[] = [`# Week ${options.week} (${startDay} to ${endDay})`, ''];
  const linked = inWeek.length - untagged.length;
  const people = new Set(inWeek.map((c) => c.email || c.author)).size;
  out.push(`${plural(inWeek.length, 'commit')} by ${plural(people, 'person', 'people')}; ${linked} served a goal, ${untagged.length} untagged.`, '');

  for (const goal of index.goalsFile.goals) {
    if (index.goals.get(goal.id) !== goal) continue;
    const commits = perGoal.get(goal.id) ?? [];
    const promises = goal.commitments.filter((c) => (c.done && c.done >= startDay && c.done <= endDay) || (!c.done && c.due && c.due >= startDay && c.due <= endDay));
    if (commits.length === 0 && promises.length === 0) continue;
    out.push(`## ${mdCell(goal.title)} (\`${goal.id}\`)`, '');
    if (goal.outcome) {
      const o = goal.outcome;
      const latest = o.measurements[o.measurements.length - 1];
      const unit = o.unit ?? '';
      out.push(`Outcome: ${mdCell(o.metric)}${latest ? ` now ${latest.value}${unit}` : ''}${o.target !== undefined ? `, target ${o.target}${unit}` : ''}.`, '');
    }
    if (commits.length) {
      const authors = [...new Set(commits.map((c) => c.author))];
      out.push(`Shipped: ${commits.length} commit${commits.length === 1 ? '' : 's'} by ${authors.map(mdCell).join(', ')}.`, '');
      for (const c of commits.slice(0, max)) out.push(`- ${mdCell(c.subject)} (${mdCell(c.author)}, \`${c.sha.slice(0, 7)}\`)`);
      if (commits.length > max) out.push(`- and ${commits.length - max} more`);
      out.push('');
    }
    for (const p of promises) {
      if (p.done) out.push(`- Promise kept${p.due && p.done > p.due ? ' late' : ''}: ${mdCell(p.what)} (due ${p.due ?? '-'}, done ${p.done})`);
      else out.push(`- Promise missed: ${mdCell(p.what)} (due ${p.due})`);
    }
    if (promises.length) out.push('');
  }

  if (untagged.length) {
    out.push('## Untagged work', '');
    for (const c of untagged.slice(0, max)) out.push(`- ${mdCell(c.subject)} (${mdCell(c.author)}, \`${c.sha.slice(0, 7)}\`)`);
    if (untagged.length > max) out.push(`- and ${untagged.length - max} more`);
    out.push('');
  }
  if (inWeek.length === 0) out.push('No commits this week.', '');
  return out.join('\n');
}

