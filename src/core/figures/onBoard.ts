// "Who is on board": per team and month, the share of its commits that serve a goal (any goal, upkeep included), so
// a lead sees which teams tag their work and which do not yet. Teams come from one of three places, the first
// that says something:
//   team-map    goals.yaml `teams:` (team -> globs on the author's name or email); other authors: "(no team)"
//   codeowners  the CODEOWNERS owners of the files a commit changed (each owner's team counts the commit once;
//               files nobody owns: "(no owner)")
//   authors     one team per author (a person after .mailmap, by email), when nothing else says
// Non-merge commits only, months in the author's own time zone (as person-days are). Pure: the caller reads
// CODEOWNERS and the changed files.
import type { GoalIndex } from '../index/goalIndex';
import { isMerge } from '../index/indexTypes';
import { matchTextGlob } from '../links/textGlob';
import type { CommitRecord, TeamRule } from '../types';
import { dayIso, localDay } from './daily';
import { authorKey } from './people';

export type TeamBasis = 'team-map' | 'codeowners' | 'authors';

export const NO_TEAM = '(no team)';
export const NO_OWNER = '(no owner)';

/** How commits are given teams: the basis, and the teams of one commit (one or more, never none). */
export interface TeamSource {
  basis: TeamBasis;
  teamsOf: (c: CommitRecord) => readonly string[];
  /** Where the teams came from, for people: "goals.yaml teams", ".github/CODEOWNERS", "authors". */
  from: string;
}

export interface OnBoardCell {
  /** YYYY-MM. */
  month: string;
  commits: number;
  /** Commits that serve at least one goal. */
  linked: number;
  /** linked / commits, 4 decimals. */
  share: number;
}

export interface OnBoardTeam {
  team: string;
  commits: number;
  linked: number;
  share: number | null;
  /** Only the months the team has commits in, oldest first. */
  months: OnBoardCell[];
}

export interface OnBoard {
  basis: TeamBasis;
  from: string;
  /** Every month of the window that has a commit, oldest first. */
  months: string[];
  /** Most commits first, then by name. */
  teams: OnBoardTeam[];
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** The linked share per team and month of the non-merge commits in [since, until) (unix seconds; open ends). */
export function computeOnBoard(index: GoalIndex, source: TeamSource, window: { since?: number; until?: number } = {}): OnBoard {
  const cells = new Map<string, Map<string, { commits: number; linked: number }>>();
  const months = new Set<string>();
  for (const c of index.commits) {
    if (isMerge(c)) continue;
    if (window.since !== undefined && c.time < window.since) continue;
    if (window.until !== undefined && c.time >= window.until) continue;
    const month = dayIso(localDay(c)).slice(0, 7);
    months.add(month);
    const linked = index.links.has(c.sha) ? 1 : 0;
    for (const team of new Set(source.teamsOf(c))) {
      let byMonth = cells.get(team);
      if (!byMonth) cells.set(team, (byMonth = new Map<string, { commits: number; linked: number }>()));
      const cell = byMonth.get(month);
      if (cell) {
        cell.commits++;
        cell.linked += linked;
      } else byMonth.set(month, { commits: 1, linked });
    }
  }
  const teams: OnBoardTeam[] = [];
  for (const [team, byMonth] of cells) {
    const list = [...byMonth].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([month, v]) => ({ month, ...v, share: round4(v.linked / v.commits) }));
    const commits = list.reduce((s, x) => s + x.commits, 0);
    const linked = list.reduce((s, x) => s + x.linked, 0);
    teams.push({ team, commits, linked, share: commits ? round4(linked / commits) : null, months: list });
  }
  teams.sort((a, b) => b.commits - a.commits || (a.team < b.team ? -1 : a.team > b.team ? 1 : 0));
  return { basis: source.basis, from: source.from, months: [...months].sort(), teams };
}

/** Teams by goals.yaml `teams:` (the first team whose glob takes the name or email); others are "(no team)". */
export function teamMapSource(rules: readonly TeamRule[]): TeamSource {
  const lower = rules.map((r) => ({ team: r.name, globs: r.authors.map((g) => g.toLowerCase()) }));
  const byPerson = new Map<string, readonly string[]>();
  return {
    basis: 'team-map',
    from: 'goals.yaml teams',
    teamsOf: (c) => {
      const key = `${c.author}\0${c.email}`;
      let hit = byPerson.get(key);
      if (!hit) {
        const name = c.author.toLowerCase();
        const email = c.email.toLowerCase();
        const r = lower.find((x) => x.globs.some((g) => matchTextGlob(g, name) || matchTextGlob(g, email)));
        byPerson.set(key, (hit = [r ? r.team : NO_TEAM]));
      }
      return hit;
    },
  };
}

/** Teams by the CODEOWNERS owners of the files each commit changed; `ownersOf` is a (memoising) lookup. */
export function codeownersSource(from: string, ownersOf: (path: string) => readonly string[], filesOf: (sha: string) => readonly string[] | undefined): TeamSource {
  return {
    basis: 'codeowners',
    from,
    teamsOf: (c) => {
      const out = new Set<string>();
      for (const f of filesOf(c.sha) ?? []) for (const o of ownersOf(f)) out.add(o);
      if (out.size === 0) out.add(NO_OWNER);
      return [...out];
    },
  };
}

/** One team per author: the person (by email, after .mailmap), named as on their latest commit. */
export function authorSource(index: GoalIndex): TeamSource {
  const latest = new Map<string, { time: number; name: string }>();
  for (const c of index.commits) {
    const k = authorKey(c);
    const had = latest.get(k);
    if (!had || c.time > had.time) latest.set(k, { time: c.time, name: c.author || c.email });
  }
  const names = new Map([...latest].map(([k, v]) => [k, v.name]));
  return { basis: 'authors', from: 'authors', teamsOf: (c) => [names.get(authorKey(c)) ?? c.author] };
}

/** The same source, each commit's teams worked out once: a page that asks again (every refresh) costs a lookup. */
export function memoTeamSource(source: TeamSource): TeamSource {
  const bySha = new Map<string, readonly string[]>();
  return {
    ...source,
    teamsOf: (c) => {
      let hit = bySha.get(c.sha);
      if (!hit) bySha.set(c.sha, (hit = source.teamsOf(c)));
      return hit;
    },
  };
}
