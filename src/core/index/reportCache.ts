// The report cache: a report kept with what it was computed from, so that a start where nothing changed renders it
// without reading the history or the index cache. Pure: the key text, the entry, its checks; files are
// src/git/reportCache.ts's.
//
// An entry holds for one key (every input of the report: history state, goals, options, program) and for the
// time from `computedAt` to `validUntil` (figuresValidUntil: the next UTC midnight, a goal turning stale, a
// moving window passing a commit). Outside either it is a miss. A damaged, old or foreign entry is a miss too.
import type { GoalsFile, RefInfo } from '../types';
import { reportAt, type Report, type ReportOptions } from '../reports/report';

/** Bump when the entry or what a report holds changes. */
export const REPORT_CACHE_FORMAT = 1;

/** Everything a report is computed from, besides "now". */
export interface ReportCacheInputs {
  /** The program computing the report (version and build): another program may compute other figures. */
  program: string;
  root: string;
  allRefs: boolean;
  /** goals.yaml's path in the repository (problems name it), its text and the file parsed and merged with its shared goals. */
  goals: { relPath: string; text: string; file: GoalsFile };
  head: string | null;
  headRef: string | null;
  refs: readonly RefInfo[];
  defaultBranch: string | null;
  notesTip: string | null;
  branchConfig: ReadonlyMap<string, string>;
  /** .mailmap and the mailmap settings. */
  mailmap: string;
  /** --since and --until as given (a relative one moves with now; figuresValidUntil bounds that), and the author. */
  window: { since?: string; until?: string; author?: string };
  staleAfterDays: number;
  commitIndex: boolean;
}

/** The inputs as one text: the same text, at the same "now", gives the same report. Its hash is the key. */
export function reportCacheKeyText(i: ReportCacheInputs): string {
  return JSON.stringify([
    REPORT_CACHE_FORMAT,
    i.program,
    i.root,
    i.allRefs,
    i.goals.relPath,
    i.goals.text,
    i.goals.file, // plain data; with `extends`, it carries what the shared file says
    i.head,
    i.headRef,
    i.refs.map((r) => [r.name, r.kind, r.sha]),
    i.defaultBranch,
    i.notesTip,
    [...i.branchConfig],
    i.mailmap,
    i.window.since ?? null,
    i.window.until ?? null,
    i.window.author ?? null,
    i.staleAfterDays,
    i.commitIndex,
  ]);
}

interface EntryHeader {
  format: number;
  key: string;
  /** ms: the "now" the report was computed for. */
  computedAt: number;
  /** ms: from this instant on, a figure may differ. */
  validUntil: number;
}

/** The text of an entry: a small header line (read first), then the report. */
export function reportCacheEntry(key: string, report: Report, computedAt: Date, validUntil: number): string {
  const header: EntryHeader = { format: REPORT_CACHE_FORMAT, key, computedAt: computedAt.getTime(), validUntil };
  return JSON.stringify(header) + '\n' + JSON.stringify(report);
}

/**
 * The cached report as `buildReport` would give it now (`options.now`, window ends moved with it), or null when
 * the entry is not for `key`, not for this time, or not an entry at all.
 */
export function reportFromCache(text: string, key: string, options: ReportOptions): Report | null {
  const nl = text.indexOf('\n');
  if (nl < 0) return null;
  const header = parse(text.slice(0, nl));
  if (!isHeader(header) || header.format !== REPORT_CACHE_FORMAT || header.key !== key) return null;
  const now = options.now.getTime();
  if (!(now >= header.computedAt && now < header.validUntil)) return null;
  const report = parse(text.slice(nl + 1));
  if (!isReport(report) || (options.commitIndex === true) !== (report.commitIndex !== undefined)) return null;
  return reportAt(report, options);
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isHeader(v: unknown): v is EntryHeader {
  if (typeof v !== 'object' || v === null) return false;
  const h = v as Record<string, unknown>;
  return typeof h.format === 'number' && typeof h.key === 'string' && typeof h.computedAt === 'number' && typeof h.validUntil === 'number';
}

function isReport(v: unknown): v is Report {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.repo === 'string' && Array.isArray(r.goals) && Array.isArray(r.problems) && typeof r.totals === 'object' && r.totals !== null;
}
