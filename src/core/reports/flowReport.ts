// Flow in the JSON report (docs/report-json.md, docs/flow.md): per goal, the figures of src/core/figures/flow.ts
// with times as ISO strings and durations in seconds, and every delivery with how its lead time was measured.
import type { DeliveryKind, LeadTimeBasis } from '../figures/deliveries';
import { formatDuration, type Distribution, type GoalFlow } from '../figures/flow';

export interface FlowDeliveryReport {
  sha: string;
  kind: DeliveryKind;
  pr: number | null;
  /** When it reached the default branch. */
  landedAt: string;
  /** Earliest author time of the commits it brought. */
  firstAuthoredAt: string;
  /** null when it cannot be told (the landing is dated before the work): never negative, never guessed. */
  leadTimeSeconds: number | null;
  basis: LeadTimeBasis;
  commits: number;
  files: number | null;
}

export interface GoalFlowReport {
  deliveries: number;
  perWeek: number;
  lastDeliveryAt: string | null;
  leadTimeSeconds: Distribution & { unmeasured: number };
  batch: { commits: Distribution; files: Distribution };
  measured: Record<LeadTimeBasis, number>;
  kinds: Record<DeliveryKind, number>;
  wip: { branch: string; commits: number; firstCommitAt: string; lastCommitAt: string; lastCommit: string; ageDays: number; idleDays: number; aging: boolean }[];
  list: FlowDeliveryReport[];
}

const iso = (t: number): string => new Date(t * 1000).toISOString();

export function goalFlowReport(f: GoalFlow): GoalFlowReport {
  // Every delivery of the goal, written out only when read (JSON, the HTML report): the views read the figures.
  let list: FlowDeliveryReport[] | undefined;
  return {
    deliveries: f.deliveries.length,
    perWeek: Math.round(f.perWeek * 1000) / 1000,
    lastDeliveryAt: f.lastDeliveryAt === null ? null : iso(f.lastDeliveryAt),
    leadTimeSeconds: { ...f.leadTime },
    batch: { commits: { ...f.batchCommits }, files: { ...f.batchFiles } },
    measured: { ...f.byBasis },
    kinds: { ...f.byKind },
    wip: f.wip.map((w) => ({
      branch: w.branch,
      commits: w.commits,
      firstCommitAt: iso(w.firstCommitAt),
      lastCommitAt: iso(w.lastCommitAt),
      lastCommit: w.lastCommitSha,
      ageDays: w.ageDays,
      idleDays: w.idleDays,
      aging: w.aging,
    })),
    get list(): FlowDeliveryReport[] {
      return (list ??= f.deliveries.map((d) => ({
        sha: d.sha,
        kind: d.kind,
        pr: d.pr,
        landedAt: iso(d.landedAt),
        firstAuthoredAt: iso(d.firstAuthoredAt),
        leadTimeSeconds: d.leadTime,
        basis: d.basis,
        commits: d.commits.length,
        files: d.files,
      })));
    },
  };
}

/** "1.5 days" from seconds, or '-' when there is none. */
function duration(seconds: number | null): string {
  return seconds === null ? '-' : formatDuration(seconds);
}

/**
 * The Flow section of the Markdown report: per goal with deliveries or work in progress, how often and how fast
 * work reaches the default branch. `cell` escapes repository text for a table cell.
 */
export function flowMarkdown(goals: readonly { id: string; flow?: GoalFlowReport }[], cell: (text: string) => string): string[] {
  const rows = goals.filter((g) => g.flow && (g.flow.deliveries > 0 || g.flow.wip.length > 0));
  if (rows.length === 0) return [];
  const lines = [
    '',
    '## Flow',
    '',
    '| Goal | Deliveries | Per week | Median lead time | 85th percentile | Median batch | Open branches |',
    '| --- | ---: | ---: | --- | --- | --- | --- |',
  ];
  for (const g of rows) {
    const f = g.flow as GoalFlowReport;
    const batch = f.batch.commits.median === null ? '-' : `${f.batch.commits.median} commits, ${f.batch.files.median ?? '-'} files`;
    const open = f.wip.length === 0 ? '-' : f.wip.map((w) => `${cell(w.branch)} (${w.ageDays} d${w.aging ? `, aging: no commit for ${w.idleDays} d` : ''})`).join('; ');
    lines.push(`| \`${g.id}\` | ${f.deliveries} | ${f.perWeek.toFixed(1)} | ${duration(f.leadTimeSeconds.median)} | ${duration(f.leadTimeSeconds.p85)} | ${batch} | ${open} |`);
  }
  return lines;
}
