// "Who is on board" (src/core/figures/onBoard.ts) as `goal-lens report --by team` prints it: Markdown, JSON, CSV.
// Team names come from CODEOWNERS, goals.yaml or commit authors: repository text, escaped as every report's.
import type { OnBoard } from '../figures/onBoard';
import { csvText, mdCell, percent } from './formats';

const BASIS_WORDS: Record<OnBoard['basis'], string> = {
  'team-map': 'teams from goals.yaml `teams:`',
  codeowners: 'teams are the CODEOWNERS owners of the files each commit changed',
  authors: 'one team per author (no `teams:` in goals.yaml and no CODEOWNERS)',
};

/** The JSON of `report --by team`: the same object the JSON report carries as `onBoard`. */
export function onBoardToJson(o: OnBoard): string {
  return JSON.stringify(o, null, 2) + '\n';
}

/** One row per team and month: team, month, commits, linked, share. */
export function onBoardToCsv(o: OnBoard): string {
  const rows: (string | number | null)[][] = [['team', 'month', 'commits', 'linked', 'share']];
  for (const t of o.teams) for (const m of t.months) rows.push([t.team, m.month, m.commits, m.linked, m.share]);
  return csvText(rows);
}

/** A table per team: its linked share over the window, then the last six months with work, newest last. */
export function onBoardToMarkdown(o: OnBoard, shown = 6): string {
  const months = o.months.slice(-shown);
  const out = ['# Who is on board', '', `Share of each team's commits that serve a goal (upkeep included); ${BASIS_WORDS[o.basis]}.`, ''];
  if (o.teams.length === 0) return out.concat('No commits in the window.', '').join('\n');
  out.push(`| team | commits | linked | ${months.join(' | ')} |`, `| --- | ---: | ---: |${months.map(() => ' ---: |').join('')}`);
  for (const t of o.teams) {
    const cells = months.map((m) => {
      const c = t.months.find((x) => x.month === m);
      return c ? `${percent(c.share)} of ${c.commits}` : '';
    });
    out.push(`| ${mdCell(t.team)} | ${t.commits} | ${t.share === null ? '' : percent(t.share)} | ${cells.join(' | ')} |`);
  }
  return out.join('\n') + '\n';
}
