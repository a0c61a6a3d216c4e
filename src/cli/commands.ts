// The goal-lens commands. Each returns its exit code: 0 ok, 1 problems found, 2 usage error.
import { promises as fsp } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ago, isoWeekOf, isoWeekRange, parseTimeArg } from '../core/dates';
import { buildDigest } from '../core/reports/digest';
import { reportToCsv, reportToJson, reportToMarkdown } from '../core/reports/formats';
import { isMerge } from '../core/index/goalIndex';
import { DEFAULT_STALE_AFTER_DAYS } from '../core/figures/figures';
import { DEFAULT_AGING_AFTER_DAYS } from '../core/figures/flow';
import type { DeliveryLog } from '../core/figures/deliveries';
import { loadDeliveries, loadIndexAndDeliveries } from '../git/mainline';
import { splitGoalIds } from '../core/links/linkRules';
import { STARTER_GOALS_YAML } from '../core/goals/goalsFile';
import { buildOwnerReport, ownerReportToCsv, ownerReportToJson, ownerReportToMarkdown } from '../core/impact/ownerReport';
import { impactToMarkdown, impactToText } from '../core/impact/render';
import { buildReport, type Report, type ReportOptions } from '../core/reports/report';
import { computeOnBoard } from '../core/figures/onBoard';
import { onBoardToCsv, onBoardToJson, onBoardToMarkdown } from '../core/reports/onBoardFormats';
import { teamSource } from '../git/teams';
import type { Problem } from '../core/types';
import { installHook, uninstallHook } from '../git/hook';
import { impactDataFor } from '../git/impactData';
import { createDemoRepo, DEMO_SECOND_REPO } from '../git/demoRepo';
import { readOneStep } from '../git/commitFiles';
import { loadIndexCached } from '../git/indexCache';
import { reportCached } from '../git/reportCache';
import { DEFAULT_GOALS_FILE, loadIndex as loadIndexUncached, readGoals, type LoadedIndex, type LoadOptions } from '../git/indexLoader';
import { GitRepo } from '../git/repo';
import { parseArgs, UsageError, type ParsedArgs } from './args';
import { annotation, checkSummaryMarkdown } from './github';
import { commitsInRange, parseRange } from './range';
import { htmlReport } from './htmlReport';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  now: Date;
  env: NodeJS.ProcessEnv;
}

export const COMMON = ['repo', 'goals', 'default-branch', 'cache'];

// Where relative paths are read from: a path in the repository (`impact <path>`) from the folder --repo names,
// as `git -C` does; `--goals` from the repository's root, as the goalLens.goalsFile setting; files the user
// keeps (--output, --cache, demo --dir) from the current folder, so nothing lands in the repository unasked.

export function loadOptions(args: ParsedArgs, io: Io): LoadOptions & { cacheDir?: string } {
  const cache = args.values.get('cache') ?? (io.env.GOAL_LENS_CACHE || undefined);
  return {
    goalsPath: args.values.get('goals'),
    defaultBranch: args.values.get('default-branch'),
    allRefs: args.flags.has('all-refs'),
    cacheDir: cache === undefined ? undefined : path.resolve(io.cwd, cache),
  };
}

/** loadIndex, through the on-disk index cache (src/git/indexCache.ts) when --cache DIR or GOAL_LENS_CACHE names one. */
export async function loadIndex(dir: string, options: LoadOptions & { cacheDir?: string }): Promise<LoadedIndex> {
  if (!options.cacheDir) return loadIndexUncached(dir, options);
  const r = await loadIndexCached(dir, { ...options, cacheDir: options.cacheDir });
  await r.saved;
  return r.loaded;
}

/** The index and its default branch's deliveries; without a cache, the chain is read beside the history. */
async function loadWithDeliveries(dir: string, options: LoadOptions & { cacheDir?: string }): Promise<LoadedIndex & { deliveries: DeliveryLog }> {
  if (options.cacheDir) {
    const loaded = await loadIndex(dir, options);
    return { ...loaded, deliveries: (await loadDeliveries(loaded.repo, loaded.index)).log };
  }
  const r = await loadIndexAndDeliveries(dir, options);
  return { ...r, deliveries: r.flow.log };
}

/** The folder --repo names (default: the current folder), absolute. */
export function repoDir(args: ParsedArgs, io: Io): string {
  return path.resolve(io.cwd, args.values.get('repo') ?? '.');
}

/** The real path of `p`, or of its nearest existing parent joined with the rest (a deleted file still has history). */
async function realPath(p: string): Promise<string> {
  try {
    return await fsp.realpath(p);
  } catch {
    const parent = path.dirname(p);
    return parent === p ? p : path.join(await realPath(parent), path.basename(p));
  }
}

/** A path the user gave, read from the --repo folder, as a `/`-separated path relative to the repository root. */
async function pathInRepo(root: string, dir: string, given: string): Promise<{ abs: string; rel: string }> {
  const abs = await realPath(path.resolve(dir, given));
  const rel = path.relative(root, abs);
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) throw new UsageError(`'${given}' is outside the repository ${root}`);
  return { abs, rel: rel.split(path.sep).join('/') };
}

export function formatProblem(p: Pick<Problem, 'file' | 'line' | 'column' | 'message' | 'severity'>): string {
  return `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`;
}

export function time(args: ParsedArgs, name: string, io: Io): number | undefined {
  const v = args.values.get(name);
  if (v === undefined) return undefined;
  const t = parseTimeArg(v, io.now);
  if (t === null) throw new UsageError(`--${name} '${v}' is not a date (use YYYY-MM-DD, an ISO time, or 30d / 6w / 3m)`);
  return t;
}

function staleDays(args: ParsedArgs): number {
  return wholeDays(args, 'stale-after', DEFAULT_STALE_AFTER_DAYS);
}

function wholeDays(args: ParsedArgs, name: string, fallback: number): number {
  const v = args.values.get(name) ?? String(fallback);
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} '${v}' must be a whole number of days`);
  return n;
}

async function write(args: ParsedArgs, io: Io, text: string): Promise<void> {
  await writeOutput(text, args.values.get('output'), io);
}

/** Prints the text, or writes it to `output` (relative to the current folder) and says where. */
export async function writeOutput(text: string, output: string | undefined, io: Io): Promise<void> {
  if (!output) {
    io.out(text);
    return;
  }
  const abs = path.resolve(io.cwd, output);
  await fsp.writeFile(abs, text);
  io.err(`wrote ${abs}\n`);
}

export async function check(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: [...COMMON, 'range', 'format'], flags: ['require', 'strict', 'all-refs'] });
  if (args.positionals.length) throw new UsageError(`check takes no arguments (got '${args.positionals[0]}')`);
  const format = args.values.get('format') ?? 'text';
  if (format !== 'text' && format !== 'github') throw new UsageError(`--format '${format}' is not one of text, github`);
  const dir = repoDir(args, io);
  const range = args.values.get('range');
  if (!range) {
    const repo = await GitRepo.open(dir);
    const goals = await readGoals(repo.root, args.values.get('goals'));
    if (!goals) {
      const file = args.values.get('goals') ?? DEFAULT_GOALS_FILE;
      const message = `no goals file in ${repo.root}; create one with 'goal-lens init'`;
      if (format === 'github') io.out(annotation({ file: 'Goal Lens', line: 1, column: 1, severity: 'error', code: 'no-goals-file', message: `${file}: ${message}` }, null) + '\n');
      io.err(`${file}: error: ${message}\n`);
      return 1;
    }
    return reportProblems(goals.goalsFile.problems, goals.goalsFile.goals.length, args, io, { root: repo.root });
  }
  const revRange = parseRange(range);
  const loaded = await loadIndex(dir, { ...loadOptions(args, io), allRefs: true });
  const inRange = await commitsInRange(loaded, revRange);
  const problems: Problem[] = [...loaded.goals.goalsFile.problems];
  const { index } = loaded;
  let failing = 0;
  for (const sha of inRange) {
    const c = index.bySha.get(sha);
    const links = index.links.get(sha) ?? [];
    const trailerIds = c ? splitGoalIds(c.trailers) : [];
    for (const id of trailerIds) {
      if (!index.goals.has(id)) problems.push(commitProblem(sha, c?.subject ?? '', `names unknown goal '${id}'`, 'error'));
    }
    if (args.flags.has('require') && !links.some((l) => index.goals.get(l.goalId)?.status === 'active')) {
      failing++;
      problems.push(commitProblem(sha, c?.subject ?? '', 'serves no active goal', 'error'));
    }
  }
  const code = await reportProblems(problems, index.goals.size, args, io, { root: loaded.repo.root, commits: inRange.length, range });
  if (args.flags.has('require') && failing) {
    io.err(`${failing} of ${inRange.length} commits serve no active goal; add a '${index.goalsFile.trailer}: <goal-id>' trailer or a note ('goal-lens tag <commit> <goal>')\n`);
  }
  return code;
}

function commitProblem(sha: string, subject: string, message: string, severity: Problem['severity']): Problem {
  return { file: `commit ${sha.slice(0, 7)}`, line: 1, column: 1, severity, code: 'commit', message: `${JSON.stringify(subject.slice(0, 72))} ${message}` };
}

/**
 * Prints the problems and a one-line result; exit 1 on an error (or a warning with --strict). With
 * `--format github`, problems become workflow annotations on stdout (files relative to GITHUB_WORKSPACE)
 * and the result is also appended to $GITHUB_STEP_SUMMARY when that is set.
 */
async function reportProblems(
  problems: readonly Problem[],
  goals: number,
  args: ParsedArgs,
  io: Io,
  where: { root: string; commits?: number; range?: string },
): Promise<number> {
  const github = args.values.get('format') === 'github';
  const workspace = io.env.GITHUB_WORKSPACE ? path.resolve(io.cwd, io.env.GITHUB_WORKSPACE) : where.root;
  for (const p of problems) {
    if (!github) io.err(formatProblem(p) + '\n');
    else io.out(annotation(p, p.code === 'commit' ? null : path.relative(workspace, path.resolve(where.root, p.file)).split(path.sep).join('/')) + '\n');
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  const failed = errors > 0 || (args.flags.has('strict') && warnings > 0);
  const { commits } = where;
  const scope = commits === undefined ? '' : `, ${commits} commit${commits === 1 ? '' : 's'} checked`;
  io.out(`${failed ? 'problems found' : 'ok'}: ${goals} goal${goals === 1 ? '' : 's'}${scope}, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (github && summaryFile) {
    await fsp.appendFile(path.resolve(io.cwd, summaryFile), checkSummaryMarkdown({ ok: !failed, goals, commits, range: where.range, problems }));
  }
  return failed ? 1 : 0;
}

export async function report(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: [...COMMON, 'since', 'until', 'format', 'output', 'stale-after', 'aging-after', 'by'], flags: ['all-refs'] });
  if (args.positionals.length) throw new UsageError(`report takes no arguments (got '${args.positionals[0]}')`);
  const format = args.values.get('format') ?? 'md';
  if (args.values.get('by') === 'team') return reportByTeam(args, io, format);
  if (args.values.has('by')) return reportByOwner(args, io, format);
  if (!['md', 'json', 'csv', 'html'].includes(format)) throw new UsageError(`--format '${format}' is not one of md, json, csv, html`);
  const options: ReportOptions = {
    since: time(args, 'since', io),
    until: time(args, 'until', io),
    now: io.now,
    staleAfterDays: staleDays(args),
    agingAfterDays: wholeDays(args, 'aging-after', DEFAULT_AGING_AFTER_DAYS),
    commitIndex: format === 'json',
  };
  const load = loadOptions(args, io);
  if (load.cacheDir && format !== 'html') {
    // The report itself is kept too: a start where nothing changed renders it without reading the history.
    const cached = await reportCached(repoDir(args, io), {
      ...load,
      cacheDir: load.cacheDir,
      report: options,
      sinceArg: args.values.get('since'),
      untilArg: args.values.get('until'),
      format,
      render: (r) => renderReport(r, format),
      teams: format === 'json',
    });
    await write(args, io, cached.text);
    return 0;
  }
  const { index, repo, deliveries } = await loadWithDeliveries(repoDir(args, io), load);
  options.deliveries = deliveries;
  if (format === 'json' || format === 'html') options.teams = await teamSource(repo, index, { allRefs: args.flags.has('all-refs') });
  if (format === 'html') return write(args, io, await htmlReport(index, options)).then(() => 0);
  await write(args, io, renderReport(buildReport(index, options), format));
  return 0;
}

function renderReport(r: Report, format: string): string {
  return format === 'json' ? reportToJson(r) : format === 'csv' ? reportToCsv(r) : reportToMarkdown(r);
}

/** `report --by team`: who is on board, the share of each team's commits that serve a goal, by month. */
async function reportByTeam(args: ParsedArgs, io: Io, format: string): Promise<number> {
  if (!['md', 'json', 'csv'].includes(format)) throw new UsageError(`--format '${format}' is not one of md, json, csv (with --by team)`);
  const { index, repo } = await loadIndex(repoDir(args, io), loadOptions(args, io));
  const teams = await teamSource(repo, index, { allRefs: args.flags.has('all-refs') });
  const since = time(args, 'since', io);
  const until = time(args, 'until', io);
  const o = computeOnBoard(index, teams, { since, until });
  await write(args, io, format === 'json' ? onBoardToJson(o) : format === 'csv' ? onBoardToCsv(o) : onBoardToMarkdown(o));
  return 0;
}

/**
 * `report --by owner`: per CODEOWNERS owner, the share per goal (untagged included) of the commits that changed its
 * files, and the goals served through the files of others that depend on them.
 */
async function reportByOwner(args: ParsedArgs, io: Io, format: string): Promise<number> {
  if (args.values.get('by') !== 'owner') throw new UsageError(`--by '${args.values.get('by')}' is not one of owner, team`);
  if (!['md', 'json', 'csv'].includes(format)) throw new UsageError(`--format '${format}' is not one of md, json, csv (with --by owner)`);
  const options = loadOptions(args, io);
  const loaded = await loadIndex(repoDir(args, io), options);
  // With --cache the dependency facts are read from (and kept in) the same folder as the index: no re-parse.
  const data = impactDataFor(loaded.repo, { cacheDir: options.cacheDir });
  const { owners, codeownersPath, dependents } = await data.ownerReport(loaded.index, { allRefs: args.flags.has('all-refs') });
  const r = buildOwnerReport(loaded.index, owners, codeownersPath, io.now, dependents);
  await write(args, io, format === 'json' ? ownerReportToJson(r) : format === 'csv' ? ownerReportToCsv(r) : ownerReportToMarkdown(r));
  return 0;
}

export async function explain(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: COMMON, flags: ['all-refs', 'json'] });
  if (args.positionals.length !== 1) throw new UsageError('usage: goal-lens explain <commit>');
  // The scope of `report` (HEAD, or --all-refs), so both give a commit the same goals; all refs for a commit
  // that HEAD does not reach.
  let loaded = await loadIndex(repoDir(args, io), loadOptions(args, io));
  const sha = await loaded.repo.resolveCommit(args.positionals[0]);
  if (!loaded.index.bySha.has(sha) && !args.flags.has('all-refs')) loaded = await loadIndex(repoDir(args, io), { ...loadOptions(args, io), allRefs: true });
  const { index } = loaded;
  const c = index.bySha.get(sha);
  const links = index.links.get(sha) ?? [];
  if (args.flags.has('json')) {
    io.out(JSON.stringify({ sha, subject: c?.subject ?? null, links }, null, 2) + '\n');
    return 0;
  }
  io.out(`${sha.slice(0, 12)} ${c?.subject ?? ''}\n`);
  if (c) io.out(`  ${c.author}, ${ago(c.time, io.now)}${isMerge(c) ? ', merge commit' : ''}\n`);
  if (!links.length) {
    io.out(`  serves no goal (untagged). Tag it: goal-lens tag ${sha.slice(0, 12)} <goal-id>\n`);
    return 0;
  }
  for (const l of links) io.out(`  ${l.goalId}: ${index.goals.get(l.goalId)?.title ?? ''} (${l.detail})\n`);
  return 0;
}

export async function tag(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: COMMON, flags: ['force'] });
  if (args.positionals.length !== 2) throw new UsageError('usage: goal-lens tag <commit> <goal-id>');
  const [rev, goalId] = args.positionals;
  const repo = await GitRepo.open(repoDir(args, io));
  const goals = await readGoals(repo.root, args.values.get('goals'));
  const trailer = goals?.goalsFile.trailer ?? 'Goal';
  if (goals && !goals.goalsFile.goals.some((g) => g.id === goalId) && !args.flags.has('force')) {
    const known = goals.goalsFile.goals.map((g) => g.id).slice(0, 12).join(', ');
    io.err(`goal-lens: unknown goal '${goalId}' (known: ${known || 'none'}); use --force to tag anyway\n`);
    return 1;
  }
  const sha = await repo.resolveCommit(rev);
  await repo.addNoteGoal(sha, goalId, trailer);
  io.out(`tagged ${sha.slice(0, 12)} with ${goalId} (note in refs/notes/goals; share it with 'git push origin refs/notes/goals')\n`);
  return 0;
}

export async function impact(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: [...COMMON, 'format'], flags: ['all-refs', 'json'] });
  if (args.positionals.length !== 1) throw new UsageError('usage: goal-lens impact <path> [--format text|md|json]');
  const format = args.flags.has('json') ? 'json' : (args.values.get('format') ?? 'text');
  if (!['text', 'md', 'json'].includes(format)) throw new UsageError(`--format '${format}' is not one of text, md, json`);
  const dir = repoDir(args, io);
  const options = loadOptions(args, io);
  const loaded = await loadIndex(dir, options);
  const { abs, rel } = await pathInRepo(loaded.repo.root, dir, args.positionals[0]);
  const isFolder = await fsp.stat(abs).then((s) => s.isDirectory(), () => false);
  const result = await impactDataFor(loaded.repo, { cacheDir: options.cacheDir }).fullImpact(loaded.index, rel, isFolder, { allRefs: args.flags.has('all-refs') });
  const title = (id: string) => loaded.index.goals.get(id)?.title ?? id;
  if (format === 'json') io.out(JSON.stringify(result, null, 2) + '\n');
  else io.out(format === 'md' ? impactToMarkdown(result, title, io.now) : impactToText(result, title, io.now));
  return 0;
}

export async function digest(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: [...COMMON, 'week', 'output'], flags: ['all-refs'] });
  if (args.positionals.length) throw new UsageError(`digest takes no arguments (got '${args.positionals[0]}')`);
  const week = args.values.get('week') ?? isoWeekOf(io.now);
  const range = isoWeekRange(week);
  if (!range) throw new UsageError(`--week '${week}' is not an ISO week like ${isoWeekOf(io.now)}`);
  const { index, repo, deliveries } = await loadWithDeliveries(repoDir(args, io), loadOptions(args, io));
  const weekUntagged = index.untagged.filter((c) => c.time >= range.start && c.time < range.end).map((c) => c.sha);
  await write(args, io, buildDigest(index, { week, ...range, oneStep: await readOneStep(repo, index, weekUntagged), deliveries }));
  return 0;
}

export async function hook(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: COMMON, flags: [] });
  const action = args.positionals[0];
  if (args.positionals.length !== 1 || (action !== 'install' && action !== 'uninstall')) throw new UsageError('usage: goal-lens hook install|uninstall');
  const repo = await GitRepo.open(repoDir(args, io));
  const goals = await readGoals(repo.root, args.values.get('goals'));
  const trailerKey = goals?.goalsFile.trailer ?? 'Goal';
  if (action === 'install') {
    const r = await installHook(repo, { trailerKey });
    io.out(`installed ${r.path}${r.keptExisting ? ' (your existing hook is kept and still runs first)' : ''}\n`);
  } else {
    const r = await uninstallHook(repo);
    io.out(`${r.removed ? 'removed' : 'no Goal Lens hook in'} ${r.path}${r.restored ? ' (your original hook is back)' : ''}\n`);
  }
  return 0;
}

export async function init(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: COMMON, flags: [] });
  const repo = await GitRepo.open(repoDir(args, io));
  const file = path.resolve(repo.root, args.values.get('goals') ?? DEFAULT_GOALS_FILE);
  try {
    await fsp.writeFile(file, STARTER_GOALS_YAML, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      io.err(`goal-lens: ${file} already exists; nothing written\n`);
      return 1;
    }
    throw err;
  }
  io.out(`wrote ${file}\n`);
  return 0;
}

export async function demo(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: ['dir', 'format'], flags: ['no-report'] });
  if (args.positionals.length) throw new UsageError(`demo takes no arguments (got '${args.positionals[0]}')`);
  const dir = path.resolve(io.cwd, args.values.get('dir') ?? path.join(os.tmpdir(), `goal-lens-demo-${Date.now().toString(36)}`));
  const commits = createDemoRepo({ dir });
  io.err(`demo repository in ${dir}: ${commits} commits on all its branches (the report counts the checked-out branch, as VS Code does)\n`);
  io.err(`a second repository sharing its goals (extends): ${path.join(dir, DEMO_SECOND_REPO)}; both at once: goal-lens rollup ${dir} ${path.join(dir, DEMO_SECOND_REPO)}\n`);
  if (args.flags.has('no-report')) return 0;
  // The checked-out branch's history, as `report` and the editor count by default: the first figures a user sees match.
  return report(['--repo', dir, ...(args.values.has('format') ? ['--format', args.values.get('format') as string] : [])], io);
}
