// The dashboard's "Who is on board" chart (issue 25 item 3): each team's linked share by month, shaped from
// computeOnBoard (the figure `report --by team` and the JSON report's `onBoard` give); the page computes nothing.
import { computeOnBoard, type OnBoard, type TeamBasis, type TeamSource } from '../figures/onBoard';
import type { GoalIndex } from '../index/goalIndex';

export interface OnBoardRow {
  team: string;
  commits: number;
  linked: number;
  /** linked / commits (0..1), as in the report; null without commits. */
  share: number | null;
  /** Linked share in percent (1 decimal) per month of `months`; null where the team has no commit that month. */
  percent: (number | null)[];
}

export interface DashboardOnBoard {
  basis: TeamBasis;
  /** Where teams came from: "goals.yaml teams", ".github/CODEOWNERS", "authors". */
  from: string;
  /** YYYY-MM, oldest first: the latest `maxMonths` months of the report's. */
  months: string[];
  /** True when older months were left out. */
  truncated: boolean;
  /** The teams with most commits, in the report's order (most commits first). */
  teams: OnBoardRow[];
  /** How many teams were left out of `teams` (fewer commits). */
  moreTeams: number;
}

const pct1 = (share: number): number => Math.round(share * 1000) / 10;

/** The chart's data from the report's figure: the latest months and the biggest teams, figures unchanged. */
export function dashboardOnBoard(o: OnBoard, options: { maxMonths?: number; maxTeams?: number } = {}): DashboardOnBoard {
  const maxMonths = Math.max(1, options.maxMonths ?? 36);
  const maxTeams = Math.max(1, options.maxTeams ?? 10);
  const months = o.months.slice(-maxMonths);
  const teams = o.teams.slice(0, maxTeams).map((t) => {
    const byMonth = new Map(t.months.map((m) => [m.month, m.share]));
    return { team: t.team, commits: t.commits, linked: t.linked, share: t.share, percent: months.map((m) => (byMonth.has(m) ? pct1(byMonth.get(m) as number) : null)) };
  });
  return { basis: o.basis, from: o.from, months, truncated: months.length < o.months.length, teams, moreTeams: o.teams.length - teams.length };
}

// A page update that brings no new index (suggestions arriving, the teams read) asks again: one pass over every
// commit (0.3 s and more on git/git) is kept per index, team source and window. Indexes are immutable; an update is a new one.
const charts = new WeakMap<GoalIndex, WeakMap<TeamSource, Map<string, DashboardOnBoard>>>();

/** The chart for the window, or null when no team source was given. */
export function onBoardFor(index: GoalIndex, teams: TeamSource | undefined, window: { since?: number; until?: number }): DashboardOnBoard | null {
  if (!teams) return null;
  let bySource = charts.get(index);
  if (!bySource) charts.set(index, (bySource = new WeakMap<TeamSource, Map<string, DashboardOnBoard>>()));
  let byWindow = bySource.get(teams);
  if (!byWindow) bySource.set(teams, (byWindow = new Map<string, DashboardOnBoard>()));
  const key = `${window.since ?? ''}/${window.until ?? ''}`;
  let chart = byWindow.get(key);
  if (!chart) {
    if (byWindow.size >= 8) byWindow.clear();
    byWindow.set(key, (chart = dashboardOnBoard(computeOnBoard(index, teams, window))));
  }
  return chart;
}
