// `report --cache DIR`: the report kept beside the index cache, keyed by everything it was computed from
// (src/core/index/reportCache.ts). A start where nothing changed reads HEAD, the refs, the config and goals.yaml
// (three small git processes), finds the same key, and renders the kept report: no log, no index, no figures.
// Anything else is the usual load through the index cache, and the new report is kept for the next start.
import { promises as fsp } from 'fs';
import * as path from 'path';
import { isRelativeTimeArg } from '../core/dates';
import { figuresValidUntil } from '../core/figures/figures';
import { reportCacheEntry, reportCacheKeyText, reportFromCache } from '../core/index/reportCache';
import { reportAndFigures, type Report, type ReportOptions } from '../core/reports/report';
import { loadIndexCached, readMailmap, type CacheSource } from './indexCache';
import { hash, writeAtomically } from './indexCacheFile';
import { DEFAULT_GOALS_FILE, GoalsFileMissingError, readGoals } from './indexLoader';
import { loadDeliveriesCached } from './mainline';
import { defaultBranchOf } from './refs';
import { GitRepo } from './repo';
import { readCodeownersText, teamSource } from './teams';

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

export interface CachedReportOptions {
  cacheDir: string;
  allRefs?: boolean;
  goalsPath?: string;
  defaultBranch?: string;
  /** The report's options ("now", window, staleness, commit index). */
  report: ReportOptions;
  /** The text format, and how a report is rendered in it. */
  format: string;
  render: (r: Report) => string;
  /** --since and --until as the user gave them: a relative one ("30d") moves with now. */
  sinceArg?: string;
  untilArg?: string;
  /** Add `onBoard` (who is on board): its teams may come from CODEOWNERS, which then is an input of the report. */
  teams?: boolean;
}

export interface CachedReport {
  /** The rendered report. */
  text: string;
  /** 'report': the kept report; otherwise how the index was loaded to compute it. */
  from: 'report' | CacheSource;
}

/** The report `buildReport` gives for the repository at `dir` now, rendered, from the report cache when it holds. */
export async function reportCached(dir: string, options: CachedReportOptions): Promise<CachedReport> {
  const repo = await GitRepo.open(dir);
  const allRefs = options.allRefs ?? false;
  const [goals, state, program] = await Promise.all([readGoals(repo.root, options.goalsPath), repo.state(), programId()]);
  if (!goals) throw new GoalsFileMissingError(path.resolve(repo.root, options.goalsPath ?? DEFAULT_GOALS_FILE));
  const defaultBranch = defaultBranchOf(state, options.defaultBranch);
  const window = { since: options.sinceArg?.trim(), until: options.untilArg?.trim(), author: options.report.author };
  const commitIndex = options.report.commitIndex === true;
  const mailmap = await readMailmap(repo.root, state);
  const codeowners = options.teams ? await readCodeownersText(repo.root) : undefined;
  const key = hash(
    reportCacheKeyText({
      program,
      root: repo.root,
      allRefs,
      goals: { relPath: goals.relPath, text: goals.text, file: goals.goalsFile },
      head: state.head,
      headRef: state.headRef,
      refs: state.refs,
      defaultBranch,
      notesTip: state.notesTip,
      branchConfig: state.branchConfig,
      mailmap,
      window,
      staleAfterDays: options.report.staleAfterDays,
      agingAfterDays: options.report.agingAfterDays,
      commitIndex,
      format: options.format,
      teams: options.teams ? (codeowners ? `${codeowners.path}\0${codeowners.text}` : '') : null,
    }),
  );
  // One file per repository, scope and report options; its entry says which state it holds.
  const slot = hash(JSON.stringify([repo.root, allRefs, goals.relPath, window.since ?? null, window.until ?? null, window.author ?? null, options.report.staleAfterDays, options.report.agingAfterDays ?? null, commitIndex, options.format]));
  const file = path.join(options.cacheDir, `goal-lens-report-${slot.slice(0, 16)}.json`);
  // A shallow repository can change its history (fetch --deepen) without any ref moving: never kept.
  if (!state.shallow) {
    const text = await fsp.readFile(file, 'utf8').catch(() => null);
    const kept = text === null ? null : reportFromCache(text, key, options.report, options.render);
    if (kept !== null) return { text: kept, from: 'report' };
  }
  const loaded = await loadIndexCached(repo.root, {
    cacheDir: options.cacheDir,
    goalsPath: options.goalsPath,
    defaultBranch: options.defaultBranch,
    allRefs,
    repo,
    goals,
    state,
    mailmap,
  });
  const deliveries = (await loadDeliveriesCached(repo, loaded.loaded.index, options.cacheDir)).log;
  const teams = options.teams ? await teamSource(repo, loaded.loaded.index, { allRefs, codeowners: codeowners ?? null }) : undefined;
  const { report, figures } = reportAndFigures(loaded.loaded.index, { ...options.report, deliveries, ...(teams ? { teams } : {}) });
  const validUntil = figuresValidUntil(
    loaded.loaded.index,
    figures,
    {
      since: window.since !== undefined && isRelativeTimeArg(window.since),
      until: window.until !== undefined && isRelativeTimeArg(window.until),
    },
    deliveries,
  );
  const text = options.render(report);
  const entry = state.shallow ? null : reportCacheEntry(key, report, options.render, options.report.now, validUntil, text);
  await Promise.all([loaded.saved, entry === null ? undefined : writeAtomically(file, entry).catch(() => undefined)]);
  return { text, from: loaded.from };
}

/** This program: its version and its build (a rebuilt bundle may compute other figures under the same version). */
async function programId(): Promise<string> {
  const stat = await fsp.stat(__filename).catch(() => null);
  return `${VERSION} ${stat ? `${stat.size} ${stat.mtimeMs}` : ''}`;
}
