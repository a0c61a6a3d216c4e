// `goal-lens goals pull|status`: fetch the shared goals of `extends:` (the only command that does), or say where
// they come from and how old the copy is.
import * as path from 'path';
import { ago } from '../core/dates';
import { describeSource, SHARED_GOALS_REF } from '../core/goals/sharedGoals';
import { parseGoalsFile } from '../core/goals/goalsFile';
import { DEFAULT_GOALS_FILE, readGoals } from '../git/indexLoader';
import { GitRepo } from '../git/repo';
import { pullSharedGoals } from '../git/sharedGoals';
import { promises as fsp } from 'fs';
import { parseArgs, UsageError } from './args';
import type { Io } from './commands';

export async function goals(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: ['repo', 'goals', 'timeout'], flags: [] });
  const action = args.positionals[0];
  if (args.positionals.length !== 1 || (action !== 'pull' && action !== 'status')) throw new UsageError('usage: goal-lens goals pull|status');
  const repo = await GitRepo.open(path.resolve(io.cwd, args.values.get('repo') ?? '.'));
  const goalsPath = args.values.get('goals') ?? DEFAULT_GOALS_FILE;
  const absPath = path.resolve(repo.root, goalsPath);
  if (action === 'pull') {
    const timeout = args.values.get('timeout');
    const seconds = timeout === undefined ? undefined : Number(timeout);
    if (seconds !== undefined && !(Number.isFinite(seconds) && seconds > 0)) throw new UsageError(`--timeout '${timeout}' must be a number of seconds`);
    let text: string;
    try {
      text = await fsp.readFile(absPath, 'utf8');
    } catch {
      io.err(`${goalsPath}: error: no goals file in ${repo.root}; create one with 'goal-lens init'\n`);
      return 1;
    }
    // Only `extends` is needed: the local file is not merged (its shared goals are what is being fetched).
    const source = parseGoalsFile(text, goalsPath).extends;
    const r = await pullSharedGoals(repo.root, source, { trusted: true, timeoutMs: seconds !== undefined ? seconds * 1000 : undefined, now: io.now, env: io.env });
    if (r.ok) io.out(`${r.message}\n`);
    else io.err(`goal-lens: ${r.message}\n`);
    return r.ok ? 0 : 1;
  }
  const loaded = await readGoals(repo.root, goalsPath);
  if (!loaded) {
    io.err(`${goalsPath}: error: no goals file in ${repo.root}; create one with 'goal-lens init'\n`);
    return 1;
  }
  const file = loaded.goalsFile;
  const shared = file.shared;
  const count = (n: number): string => `${n} goal${n === 1 ? '' : 's'}`;
  if (!shared) {
    io.out(`${loaded.relPath} (${absPath}): ${count(file.goals.length)}, all its own (no extends)\n`);
    return 0;
  }
  // A shared goal carries the name of the file it comes from; the rest are this file's own.
  const own = file.goals.filter((g) => g.file === undefined || g.file === loaded.relPath).length;
  io.out(`${loaded.relPath} (${absPath}): ${count(file.goals.length)}, ${own} of its own and ${shared.goals} shared\n`);
  const chain = shared.files?.length ? shared.files : [{ name: shared.file, location: shared.source.kind === 'path' ? { kind: 'path' as const, path: shared.source.path } : { kind: 'git' as const, path: shared.source.path } }];
  for (const f of chain) {
    const n = file.goals.filter((g) => g.file === f.name).length;
    const how = f.location.kind === 'path'
      ? `read from disk: ${f.location.path}`
      : `read from the copy fetched into ${SHARED_GOALS_REF} (${f.location.path}), ${shared.fetchedAt ? `fetched ${ago(Date.parse(shared.fetchedAt) / 1000, io.now)} (${shared.fetchedAt})` : 'never fetched'}`;
    io.out(`  ${f.name}: ${shared.error ? 'not read' : `gives ${count(n)}`}, ${how}\n`);
  }
  if (shared.source.kind === 'git') io.out(`  from ${describeSource(shared.source)}; 'goal-lens goals pull' fetches it again\n`);
  if (shared.error) io.out(`  ${shared.error}\n`);
  // A chain (company -> division -> team): every file read, nearest first, and any problem with its extends.
  if ((shared.files?.length ?? 0) > 1) io.out(`  chain: ${[loaded.relPath, ...(shared.files ?? []).map((f) => f.name)].join(' -> ')}\n`);
  const chainProblems = file.problems.filter((p) => p.code.startsWith('extends-'));
  for (const p of chainProblems) io.out(`  ${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}\n`);
  return shared.error || chainProblems.length ? 1 : 0;
}
