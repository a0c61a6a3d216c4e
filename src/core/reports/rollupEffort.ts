// Effort across repositories: the person-days of every report (`effortDays`) merged, so that one person's day in two
// repositories is one person-day, shared by the union of what it served there; then the one formula of
// src/core/figures/effort.ts. Reports carry no bots' days (each report left them out).
import { DailyAggregates, windowDays } from '../figures/daily';
import { computeEffort } from '../figures/effort';
import type { GoalKind } from '../types';
import { summaryOf, type EffortDays, type EffortSummary } from './reportEffort';

export class EffortRollup {
  private readonly days = new DailyAggregates();
  private readonly kinds = new Map<string, { kind?: GoalKind }>();
  private readonly window: { from?: number; to?: number };

  constructor(private readonly options: { since?: number; until?: number; now: Date }) {
    this.window = windowDays(options.since, options.until);
  }

  /** Adds a report's person-days (a report without them, from an older version, adds none). */
  add(report: { goals: readonly { id: string; kind?: GoalKind }[]; effortDays?: unknown }): void {
    for (const g of report.goals) if (!this.kinds.has(g.id) && typeof g.kind === 'string') this.kinds.set(g.id, { kind: g.kind });
    // A JSON report read from a file is outside data: check the shape before reading it.
    const d = report.effortDays as Partial<EffortDays> | null | undefined;
    if (!d || d.version !== 1 || !Array.isArray(d.rows) || !Array.isArray(d.people) || !Array.isArray(d.targets)) return;
    const { from, to } = this.window;
    const rows = d.rows;
    for (let i = 0; i + 2 < rows.length; ) {
      const person = d.people.at(rows[i]);
      const day = rows[i + 1];
      const n = rows[i + 2];
      i += 3;
      if (!Number.isInteger(n) || n < 0) return; // damaged: stop reading this report
      const targets: string[] = [];
      for (let k = 0; k < n; k++) {
        const t = d.targets.at(rows[i + k]);
        if (typeof t === 'string') targets.push(t);
      }
      i += n;
      if (typeof person !== 'string' || !Number.isInteger(day)) continue;
      if ((from !== undefined && day < from) || (to !== undefined && day >= to)) continue;
      this.days.addServed(person, day, targets);
    }
  }

  finish(): { summary: EffortSummary; goals: Map<string, { personDays: number; fte: number }> } {
    return summaryOf(computeEffort(this.days, this.kinds, { ...this.window, now: this.options.now }));
  }
}
