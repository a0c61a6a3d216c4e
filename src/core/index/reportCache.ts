// The report cache: a report kept with what it was computed from, so that a start where nothing changed renders it
// without reading the history or the index cache. Pure: the key text, the entry, its checks; files are
// src/git/reportCache.ts's.
//
// An entry holds for one key (every input of the report: history state, goals, options, format, program) and for
// the time from `computedAt` to `validUntil` (figuresValidUntil: the next UTC midnight, a goal turning stale, a
// moving window passing a commit). Outside either it is a miss. A damaged, old or foreign entry is a miss too.
//
// It keeps the rendered text with a mark where the generation time and the window's ends go (the only parts that
// change with now), so a start only fills them in: a JSON report with its commit index is 12 MiB for 200,000
// commits, and parsing and printing it again took a third of such a start. A format whose text cannot be filled
// in that way (Markdown prints dates its own way) keeps the report itself and renders it.
import type { GoalsFile, RefInfo } from '../types';
import { reportAt, reportWindow, type Report, type ReportOptions } from '../reports/report';

/** Bump when the entry or what a report holds changes. */
export const REPORT_CACHE_FORMAT = 2;

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
  /** Days without a commit after which a goal branch is aging (flow); undefined: the default. */
  agingAfterDays?: number;
  commitIndex: boolean;
  /** With `onBoard`: the CODEOWNERS read for its teams ('' when none); null without. */
  teams?: string | null;
  /** The text format ('json', 'md', 'csv'). */
  format: string;
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
    i.agingAfterDays ?? null,
    i.commitIndex,
    i.format,
    i.teams ?? null,
  ]);
}

interface EntryHeader {
  format: number;
  key: string;
  /** ms: the "now" the report was computed for. */
  computedAt: number;
  /** ms: from this instant on, a figure may differ. */
  validUntil: number;
  /** What follows the header: the rendered text with marks, or the report. */
  body: 'text' | 'report';
  /** Its length (a cut file is a miss). */
  length: number;
}

/** Where the time-dependent values go in a kept text: marks no report can contain by chance (its key is in them). */
function marks(key: string): { generatedAt: string; since: string; until: string } {
  return { generatedAt: `\u0000goal-lens ${key} generatedAt`, since: `\u0000goal-lens ${key} since`, until: `\u0000goal-lens ${key} until` };
}

/** The kept text with the values filled in (each mark once, as a JSON string), or null when it is not such a text. */
function fill(text: string, key: string, generatedAt: string, window: Report['window']): string | null {
  const m = marks(key);
  let out = text;
  for (const [mark, value] of [
    [m.generatedAt, generatedAt],
    [m.since, window.since],
    [m.until, window.until],
  ] as const) {
    const quoted = JSON.stringify(mark);
    const at = out.indexOf(quoted);
    if (at < 0) return null;
    out = out.slice(0, at) + JSON.stringify(value) + out.slice(at + quoted.length);
  }
  return out;
}

/**
 * The text of an entry: a small header line (read first), then the text with marks, or the report. `rendered` is
 * `render(report)`, which the caller has already.
 */
export function reportCacheEntry(key: string, report: Report, render: (r: Report) => string, computedAt: Date, validUntil: number, rendered: string): string {
  const m = marks(key);
  const text = render({ ...report, generatedAt: m.generatedAt, window: { since: m.since, until: m.until } });
  // Kept as text only when filling it in gives exactly what rendering the report gives.
  const asText = fill(text, key, report.generatedAt, report.window) === rendered;
  const body = asText ? text : JSON.stringify(report);
  const header: EntryHeader = { format: REPORT_CACHE_FORMAT, key, computedAt: computedAt.getTime(), validUntil, body: asText ? 'text' : 'report', length: body.length };
  return JSON.stringify(header) + '\n' + body;
}

/**
 * The text of the kept report as rendering `buildReport` now would give it (`options.now`, window ends moved with
 * it), or null when the entry is not for `key`, not for this time, or not an entry at all.
 */
export function reportFromCache(text: string, key: string, options: ReportOptions, render: (r: Report) => string): string | null {
  const nl = text.indexOf('\n');
  if (nl < 0) return null;
  const header = parse(text.slice(0, nl));
  if (!isHeader(header) || header.format !== REPORT_CACHE_FORMAT || header.key !== key) return null;
  const now = options.now.getTime();
  if (!(now >= header.computedAt && now < header.validUntil)) return null;
  const body = text.slice(nl + 1);
  if (body.length !== header.length) return null;
  if (header.body === 'text') return fill(body, key, options.now.toISOString(), reportWindow(options));
  const report = parse(body);
  if (!isReport(report)) return null; // the key holds commitIndex: a kept report has one exactly when asked
  return render(reportAt(report, options));
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
  return (
    typeof h.format === 'number' &&
    typeof h.key === 'string' &&
    typeof h.computedAt === 'number' &&
    typeof h.validUntil === 'number' &&
    (h.body === 'text' || h.body === 'report') &&
    typeof h.length === 'number'
  );
}

function isReport(v: unknown): v is Report {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.repo === 'string' && Array.isArray(r.goals) && Array.isArray(r.problems) && typeof r.totals === 'object' && r.totals !== null;
}
