// Flow across repositories for the roll-up (issue 25 item 4): per goal, its deliveries in every repository (a
// delivery two repositories share, same sha, counts once), the lead-time distribution of them all, open branches and
// aging ones; and the same per repository. Read from each report's `flow` (src/core/reports/flowReport.ts), checked
// field by field: a report read from a file is outside data.
import { distribution, type Distribution } from '../figures/flow';

export interface RollupFlowCell {
  deliveries: number;
  /** Seconds. */
  leadTimeSeconds: Distribution;
  openBranches: number;
  aging: number;
}

export interface RollupGoalFlow extends RollupFlowCell {
  /** Repository name -> that repository's flow for the goal (only repositories with deliveries or open branches). */
  byRepo: Record<string, RollupFlowCell>;
}

/** Gathers the goals' flow report by report; `finish` gives each goal's across-repository figures. */
export class FlowRollup {
  private readonly goals = new Map<string, { deliveries: Map<string, number | null>; open: number; aging: number; byRepo: Record<string, RollupFlowCell> }>();

  add(repo: string, goals: readonly { id: string; flow?: unknown }[]): void {
    for (const g of goals) {
      const f = g.flow as { list?: unknown; wip?: unknown } | undefined;
      // A report read from a file is outside data: a flow without its lists is skipped, never half read.
      if (!f || !Array.isArray(f.list) || !Array.isArray(f.wip)) continue;
      const list = f.list as ({ sha?: unknown; leadTimeSeconds?: unknown } | null)[];
      const wip = f.wip as ({ aging?: unknown } | null)[];
      if (list.length === 0 && wip.length === 0) continue;
      let acc = this.goals.get(g.id);
      if (!acc) this.goals.set(g.id, (acc = { deliveries: new Map(), open: 0, aging: 0, byRepo: {} }));
      const leads: number[] = [];
      for (const d of list) {
        if (!d || typeof d.sha !== 'string') continue;
        const lead = typeof d.leadTimeSeconds === 'number' && d.leadTimeSeconds >= 0 ? d.leadTimeSeconds : null;
        acc.deliveries.set(d.sha, lead);
        if (lead !== null) leads.push(lead);
      }
      const aging = wip.filter((w) => w?.aging === true).length;
      acc.open += wip.length;
      acc.aging += aging;
      acc.byRepo[repo] = { deliveries: list.length, leadTimeSeconds: distribution(leads), openBranches: wip.length, aging };
    }
  }

  /** The goal's flow across repositories, or undefined when no report carried flow for it. */
  of(goalId: string): RollupGoalFlow | undefined {
    const acc = this.goals.get(goalId);
    if (!acc) return undefined;
    const leads = [...acc.deliveries.values()].filter((x): x is number => x !== null);
    return { deliveries: acc.deliveries.size, leadTimeSeconds: distribution(leads), openBranches: acc.open, aging: acc.aging, byRepo: acc.byRepo };
  }
}
