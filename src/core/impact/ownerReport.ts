// `report --by owner`: per CODEOWNERS owner, the goals its files' own commits served, and the goals served through
// the files of others that depend on its files (every hop, the walk and count Impact uses). Pure.
import { csvText, mdCell, percent } from '../reports/formats';
import type { GoalIndex } from '../index/goalIndex';
import type { DependencyGraph } from './deps/graph';
import { indirectImpact, UNOWNED, type IndirectImpact, type OwnerGoalShare, type OwnerImpact } from './impact';

/** How many of a goal's dependent files the report names (the nearest); `files` counts them all. */
export const NEAREST_LISTED = 5;

export interface OwnerDependents {
  /** Files outside the owner's that depend on its files, through every hop. */
  files: number;
  /** Of those, the ones that depend on an owner's file directly. */
  direct: number;
  /** Distance of the farthest (0 when none). */
  hops: number;
  /** Goals of the tagged commits that changed those files (not the owner's own), nearest first: as Impact counts them. */
  goals: IndirectImpact[];
  /** Owners of those files (whose code a change here can touch), nearest first, then the most files. */
  owners: { owner: string; files: number; distance: number }[];
}

/**
 * The owner's "through dependents": the files of other owners (or none) that depend on the owner's files, and the
 * goals their commits served. A commit that also changed one of the owner's files is already in the owner's own
 * share, so it is left out here, as Impact leaves out a path's own commits.
 */
export function ownerDependents(
  index: GoalIndex,
  graph: DependencyGraph,
  owner: string,
  ownersOf: (file: string) => readonly string[],
  commitFiles: ReadonlyMap<string, readonly string[]>,
  commitsByFile: ReadonlyMap<string, readonly string[]>,
  include: (file: string) => boolean = () => true,
): OwnerDependents {
  const ownersOrNone = (f: string): readonly string[] => {
    const os = ownersOf(f);
    return os.length ? os : [UNOWNED];
  };
  const owned = (f: string) => include(f) && ownersOrNone(f).includes(owner);
  const dependents = graph.dependentsOfSet(owned);
  const candidates = new Set<string>();
  for (const d of dependents) for (const sha of commitsByFile.get(d.path) ?? []) candidates.add(sha);
  const own = [...candidates].filter((sha) => (commitFiles.get(sha) ?? []).some(owned));
  const goals = indirectImpact(index, dependents.map((d) => ({ path: d.path, distance: d.distance, shas: commitsByFile.get(d.path) ?? [] })), own);
  const per = new Map<string, { files: number; distance: number }>();
  for (const d of dependents) {
    for (const o of ownersOrNone(d.path)) {
      const e = per.get(o);
      if (e) e.files++;
      else per.set(o, { files: 1, distance: d.distance });
    }
  }
  return {
    files: dependents.length,
    direct: dependents.filter((d) => d.distance === 1).length,
    hops: dependents.length ? dependents[dependents.length - 1].distance : 0,
    goals,
    owners: [...per.entries()].map(([o, e]) => ({ owner: o, ...e })).sort((a, b) => a.distance - b.distance || b.files - a.files || a.owner.localeCompare(b.owner)),
  };
}

export interface OwnerDependentGoal {
  goalId: string;
  title: string;
  /** Tagged commits that changed the dependent files (and none of the owner's) and serve the goal. */
  commits: number;
  authors: number;
  lastCommitAt: number;
  /** Distance of the nearest dependent file whose commits carry the goal. */
  distance: number;
  /** Dependent files whose commits carry the goal. */
  files: number;
  /** The nearest of them (up to {@link NEAREST_LISTED}). */
  nearest: string[];
}

export interface OwnerReport {
  repo: string;
  head: string | null;
  generatedAt: string;
  /** Repository path of the CODEOWNERS file read, or null (then every file is "(no owner)"). */
  codeowners: string | null;
  owners: (Omit<OwnerImpact, 'goals'> & {
    goals: (OwnerGoalShare & { title: string })[];
    /** Through the files of others that depend on the owner's files (absent without a CODEOWNERS file). */
    throughDependents?: Omit<OwnerDependents, 'goals'> & { goals: OwnerDependentGoal[] };
  })[];
}

export function buildOwnerReport(
  index: GoalIndex,
  owners: readonly OwnerImpact[],
  codeowners: string | null,
  now: Date,
  dependents?: ReadonlyMap<string, OwnerDependents>,
): OwnerReport {
  const title = (id: string) => index.goals.get(id)?.title ?? id;
  return {
    repo: index.root,
    head: index.head,
    generatedAt: now.toISOString(),
    codeowners,
    owners: owners.map((o) => {
      const d = dependents?.get(o.owner);
      return {
        ...o,
        goals: o.goals.map((g) => ({ ...g, title: title(g.goalId) })),
        ...(d
          ? {
              throughDependents: {
                ...d,
                goals: d.goals.map((g) => ({ goalId: g.goalId, title: title(g.goalId), commits: g.commits, authors: g.authors, lastCommitAt: g.lastCommitAt, distance: g.distance, files: g.via.length, nearest: g.via.slice(0, NEAREST_LISTED) })),
              },
            }
          : {}),
      };
    }),
  };
}

export function ownerReportToJson(r: OwnerReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}

const s = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;
const code = (t: string): string => `\`${t.replace(/`/g, "'")}\``;

export function ownerReportToMarkdown(r: OwnerReport): string {
  const lines = [
    '# Goal Lens report by owner',
    '',
    `Repository \`${r.repo}\` at \`${(r.head ?? 'no commits').slice(0, 12)}\`, generated ${r.generatedAt}. ` +
      (r.codeowners ? `Owners from \`${r.codeowners}\`.` : 'No CODEOWNERS file: every file is unowned.'),
    '',
    'Each owner\'s share is over the commits that changed the owner\'s files; a commit serving several goals is split evenly between them, so each owner sums to 100%. ' +
      '"Through dependents" lists the goals of the commits that changed files of others depending on the owner\'s files, at any distance, nearest first.',
  ];
  for (const o of r.owners) {
    lines.push('', `## ${mdCell(o.owner)}`, '', `${s(o.commits, 'commit')} on ${s(o.files, 'file')}.`, '', '| Goal | Commits | Share |', '| --- | ---: | ---: |');
    for (const g of o.goals) lines.push(`| ${mdCell(g.title)} (\`${g.goalId}\`) | ${g.commits} | ${percent(g.share)} |`);
    lines.push(`| Untagged | ${o.untagged} | ${percent(o.untaggedShare)} |`);
    const d = o.throughDependents;
    if (!d) continue;
    lines.push('', '### Through dependents', '');
    if (!d.files) {
      lines.push('No file of another owner depends on its files.');
      continue;
    }
    lines.push(`${s(d.files, 'file')} of others depend on its files (${d.direct} directly, up to ${s(d.hops, 'hop')}).`);
    if (d.goals.length) {
      lines.push('', '| Goal | Distance | Dependent files | Commits | Nearest |', '| --- | ---: | ---: | ---: | --- |');
      for (const g of d.goals) {
        // Three names, as `goal-lens impact --format md` lists its via files; the JSON has up to NEAREST_LISTED.
        const named = g.nearest.slice(0, 3);
        const more = g.files > named.length ? ` and ${g.files - named.length} more` : '';
        lines.push(`| ${mdCell(g.title)} (\`${g.goalId}\`) | ${g.distance} | ${g.files} | ${g.commits} | ${named.map(code).join(', ')}${more} |`);
      }
    } else lines.push('', 'None of them was changed by tagged work.');
    lines.push('', `Their owners: ${d.owners.map((x) => `${mdCell(x.owner)} (${s(x.files, 'file')}, nearest ${x.distance})`).join(', ')}.`);
  }
  if (r.owners.length === 0) lines.push('', 'No commits.');
  return lines.join('\n') + '\n';
}

/** One row per owner and goal: its own share (`through` = own), then its goals through dependents (`through` = dependents). */
export function ownerReportToCsv(r: OwnerReport): string {
  const rows: (string | number | null)[][] = [['owner', 'goal', 'title', 'commits', 'share', 'ownerCommits', 'through', 'distance', 'dependentFiles']];
  for (const o of r.owners) {
    for (const g of o.goals) rows.push([o.owner, g.goalId, g.title, g.commits, Number(g.share.toFixed(6)), o.commits, 'own', 0, null]);
    rows.push([o.owner, '(untagged)', 'Untagged work', o.untagged, Number(o.untaggedShare.toFixed(6)), o.commits, 'own', 0, null]);
    for (const g of o.throughDependents?.goals ?? []) rows.push([o.owner, g.goalId, g.title, g.commits, null, o.commits, 'dependents', g.distance, g.files]);
  }
  return csvText(rows);
}
