// `goal-lens goals pull|status`: fetch the shared goals of `extends:` (the only command that does), or say where
// they come from and how old the copy is.
import * as path from 'path';
import { ago } from '../core/dates';
import { describeSource } from '../core/goals/sharedGoals';
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
  const shared = loaded.goalsFile.shared;
  if (!shared) {
    io.out(`${loaded.relPath} has no extends: all ${loaded.goalsFile.goals.length} goals are its own\n`);
    return 0;
  }
  const own = loaded.goalsFile.goals.length - shared.goals;
  io.out(`shared goals: ${describeSource(shared.source)}\n`);
  if (shared.error) io.out(`  ${shared.error}\n`);
  else io.out(`  ${shared.goals} shared goal${shared.goals === 1 ? '' : 's'}, ${own} of ${loaded.relPath}\n`);
  // A chain (company -> division -> team): every file read, nearest first, and any problem with its extends.
  if ((shared.files?.length ?? 0) > 1) io.out(`  chain: ${[loaded.relPath, ...(shared.files ?? []).map((f) => f.name)].join(' -> ')}\n`);
  const chainProblems = loaded.goalsFile.problems.filter((p) => p.code.startsWith('extends-'));
  for (const p of chainProblems) io.out(`  ${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}\n`);
  if (shared.source.kind === 'git') io.out(`  fetched: ${shared.fetchedAt ? `${shared.fetchedAt} (${ago(Date.parse(shared.fetchedAt) / 1000, io.now)})` : 'never'}\n`);
  return shared.error || chainProblems.length ? 1 : 0;
}
