// "What's not working", for flow (docs/flow.md): an active goal with work but no delivery for N weeks, a goal branch
// aging past N days, lead time rising over the last three 4-week windows. Each flag names what is behind it.
import type { GoalIndex } from '../index/goalIndex';
import type { Figures } from '../figures/figures';
import { computeFlow, distribution, formatDuration } from '../figures/flow';

const DAY = 86_400;
/** Weeks with work and no delivery after which an active goal is flagged. */
export const NO_DELIVERY_WEEKS = 4;

export interface FlowFlag {
  kind: 'no-delivery' | 'aging-branch' | 'lead-time-rising';
  goalId: string;
  title: string;
  reason: string;
}

/** Flow flags judged at `figures.now` (not the figures' window: they say what is wrong now). */
export function flowFlags(index: GoalIndex, figures: Figures): FlowFlag[] {
  const flow = figures.flow;
  if (!flow?.known) return [];
  const out: FlowFlag[] = [];
  const nowSec = Math.floor(figures.now.getTime() / 1000);
  const window = (weeksBack: number) => nowSec - weeksBack * 7 * DAY;
  const recent = computeFlow(index, logOf(figures), { since: window(NO_DELIVERY_WEEKS), now: figures.now, agingAfterDays: flow.options.agingAfterDays });
  const periods = [12, 8, 4].map((w) => computeFlow(index, logOf(figures), { since: window(w), until: window(w - 4), now: figures.now, agingAfterDays: flow.options.agingAfterDays }));
  for (const f of figures.goals) {
    const g = f.goal;
    if (g.status !== 'active') continue;
    const now = recent.byGoal.get(g.id);
    if (!now) continue;
    const worked = f.lastEverAt !== null && f.lastEverAt >= window(NO_DELIVERY_WEEKS);
    if (worked && now.deliveries.length === 0) {
      const open = now.wip.map((w) => w.branch);
      out.push({ kind: 'no-delivery', goalId: g.id, title: g.title, reason: `work in the last ${NO_DELIVERY_WEEKS} weeks, but nothing reached the default branch${open.length ? ` (open: ${open.join(', ')})` : ''}` });
    }
    for (const w of now.wip) {
      if (w.aging) out.push({ kind: 'aging-branch', goalId: g.id, title: g.title, reason: `branch ${w.branch}: no commit for ${w.idleDays} days (started ${w.ageDays} days ago, ${w.commits} commit${w.commits === 1 ? '' : 's'} not on the default branch)` });
    }
    const medians = periods.map((p) => distribution((p.byGoal.get(g.id)?.deliveries ?? []).flatMap((d) => (d.leadTime === null ? [] : [d.leadTime]))));
    if (medians.every((m) => m.count >= 2) && (medians[0].median as number) < (medians[1].median as number) && (medians[1].median as number) < (medians[2].median as number)) {
      const last = periods[2].byGoal.get(g.id)?.deliveries ?? [];
      out.push({
        kind: 'lead-time-rising',
        goalId: g.id,
        title: g.title,
        reason: `median lead time ${medians.map((m) => formatDuration(m.median as number)).join(' → ')} over the last three 4-week windows (latest: ${last.map((d) => d.sha.slice(0, 8)).join(', ')})`,
      });
    }
  }
  return out;
}

function logOf(figures: Figures) {
  return figures.deliveries as NonNullable<Figures['deliveries']>;
}
