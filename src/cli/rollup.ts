// `goal-lens rollup [--since T] [--until T] [--format md|json|csv|html] [--output F] <repo dir | report.json>...`:
// adds several repositories up, or the JSON reports their CI jobs made, each commit counted once.
// Inputs are read one at a time and dropped once added, so a thousand reports need no more memory than one.
import { promises as fsp } from 'fs';
import * as path from 'path';
import { parseTimeArg } from '../core/dates';
import { DEFAULT_STALE_AFTER_DAYS } from '../core/figures/figures';
import { buildReport, type Report } from '../core/reports/report';
import { RollupBuilder, type RollUp } from '../core/reports/rollup';
import { rollupToCsv, rollupToHtml, rollupToJson, rollupToMarkdown } from '../core/reports/rollupFormats';
import { GitError } from '../git/errors';
import { GoalsFileMissingError, GoalsFileUnreadableError, loadIndex } from '../git/indexLoader';
import { loadDeliveries } from '../git/mainline';
import { parseArgs, UsageError } from './args';
import { writeOutput as write, type Io } from './commands';

const FORMATS = ['md', 'json', 'csv', 'html'];

export async function rollup(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: ['since', 'until', 'format', 'output', 'goals'], flags: ['all-refs'] });
  if (args.positionals.length === 0) throw new UsageError('usage: goal-lens rollup [--since T] [--until T] [--format md|json|csv|html] [--output F] <repo dir | report.json>...');
  const format = args.values.get('format') ?? 'md';
  if (!FORMATS.includes(format)) throw new UsageError(`--format '${format}' is not one of ${FORMATS.join(', ')}`);
  const time = (name: string): number | undefined => {
    const v = args.values.get(name);
    if (v === undefined) return undefined;
    const t = parseTimeArg(v, io.now);
    if (t === null) throw new UsageError(`--${name} '${v}' is not a date (use YYYY-MM-DD, an ISO time, or 30d / 6w / 3m)`);
    return t;
  };
  const since = time('since');
  const until = time('until');
  const builder = new RollupBuilder({ since, until, now: io.now });
  let failed = 0;
  for (const input of args.positionals) {
    const abs = path.resolve(io.cwd, input);
    try {
      builder.add({ report: await readInput(abs, { since, until, now: io.now, allRefs: args.flags.has('all-refs'), goalsPath: args.values.get('goals') }), source: abs });
    } catch (err) {
      failed++;
      const message = err instanceof Error ? err.message : String(err);
      io.err(`goal-lens rollup: ${input}: ${message}\n`);
      builder.addProblem(path.basename(abs), abs, message);
    }
  }
  const result = builder.finish();
  await write(render(result, format), args.values.get('output'), io);
  return failed ? 1 : 0;
}

function render(r: RollUp, format: string): string {
  if (format === 'json') return rollupToJson(r);
  if (format === 'csv') return rollupToCsv(r);
  if (format === 'html') return rollupToHtml(r);
  return rollupToMarkdown(r);
}


interface ReadOptions {
  since?: number;
  until?: number;
  now: Date;
  allRefs: boolean;
  goalsPath?: string;
}

/** A repository folder becomes its report (with the commit index); a file must be a `report --format json`. */
async function readInput(abs: string, options: ReadOptions): Promise<Report> {
  let isDir: boolean;
  try {
    isDir = (await fsp.stat(abs)).isDirectory();
  } catch {
    throw new Error('no such folder or file');
  }
  if (isDir) {
    try {
      const { index, repo } = await loadIndex(abs, { allRefs: options.allRefs, goalsPath: options.goalsPath });
      // Flow per goal needs the default branch's deliveries, as `report --format json` reads them.
      const deliveries = (await loadDeliveries(repo, index)).log;
      return buildReport(index, { since: options.since, until: options.until, now: options.now, staleAfterDays: DEFAULT_STALE_AFTER_DAYS, commitIndex: true, deliveries });
    } catch (err) {
      if (err instanceof GitError || err instanceof GoalsFileMissingError || err instanceof GoalsFileUnreadableError) throw new Error(err.message);
      throw err;
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fsp.readFile(abs, 'utf8'));
  } catch (err) {
    throw new Error(`not a JSON report (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); make one with 'goal-lens report --format json'`);
  }
  const r = (typeof parsed === 'object' ? parsed : null) as Partial<Report> | null;
  if (!r || !Array.isArray(r.goals) || !r.totals || typeof r.repo !== 'string') {
    throw new Error("not a Goal Lens JSON report (no repo, totals and goals); make one with 'goal-lens report --format json'");
  }
  return { ...r, problems: Array.isArray(r.problems) ? r.problems : [] } as Report;
}
