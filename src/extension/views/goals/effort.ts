// A goal's effort in the Goals view: person-days and FTE of the goal with its sub-goals, for the view's window and
// author filter. Read from core (effortOf, familyEffort): the same figures `goal-lens effort` prints.
import { familyEffort, type EffortCell, type EffortFigures } from '../../../core/figures/effort';
import { descendantsOf } from '../../../core/index/goalIndex';
import { effortOf } from '../../../core/reports/effortReport';
import { windowSettings } from '../../settings';
import type { RepoView } from './node';

// Computed once per figures object: a state-only update keeps the figures, and with them this.
const cache = new WeakMap<object, EffortFigures>();

export function viewEffort(view: RepoView): EffortFigures {
  let e = cache.get(view.figures);
  if (!e) {
    const w = view.figures.window;
    e = effortOf(view.index, { since: w.since, until: w.until, now: view.now, author: w.author, people: windowSettings().effortPeople });
    cache.set(view.figures, e);
  }
  return e;
}

/** The goal's effort with its sub-goals (what its row's commit count covers too). */
export function goalEffort(view: RepoView, goalId: string): EffortCell {
  return familyEffort(viewEffort(view), descendantsOf(view.index, goalId));
}

/** "12.5 pd": person-days to one decimal, as the row's description shows them. */
export function personDaysShort(personDays: number): string {
  return `${formatDays(personDays)} pd`;
}

export function formatDays(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

export function formatFte(n: number): string {
  return (Math.round(n * 100) / 100).toString();
}
