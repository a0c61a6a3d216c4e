// `goal-lens effort`: people-time per goal (src/core/figures/effort.ts), auditable down to the person-day.
import type { PeoplePolicy } from '../core/figures/effort';
import { buildEffortReport, effortToCsv, effortToJson, effortToMarkdown, type EffortBy } from '../core/reports/effortReport';
import { parseArgs, UsageError } from './args';
import { COMMON, loadIndex, loadOptions, repoDir, time, writeOutput, type Io } from './commands';

const BYS: readonly EffortBy[] = ['goal', 'person', 'month', 'week'];

export async function effort(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: [...COMMON, 'since', 'until', 'by', 'goal', 'format', 'output', 'bots', 'weights'], flags: ['explain', 'all-refs'] });
  if (args.positionals.length) throw new UsageError(`effort takes no arguments (got '${args.positionals[0]}')`);
  const format = args.values.get('format') ?? 'md';
  if (!['md', 'json', 'csv'].includes(format)) throw new UsageError(`--format '${format}' is not one of md, json, csv`);
  const by = (args.values.get('by') ?? 'goal') as EffortBy;
  if (!BYS.includes(by)) throw new UsageError(`--by '${by}' is not one of ${BYS.join(', ')}`);
  const goal = args.values.get('goal');
  if (args.flags.has('explain') && goal === undefined) throw new UsageError('--explain needs --goal G (the goal whose person-days to list)');
  const people = peoplePolicy(args.values.get('bots'), args.values.get('weights'));
  const { index } = await loadIndex(repoDir(args, io), loadOptions(args, io));
  if (goal !== undefined && !index.goals.has(goal)) throw new UsageError(`goal '${goal}' is not in ${index.goalsFile.file}`);
  const report = buildEffortReport(index, { since: time(args, 'since', io), until: time(args, 'until', io), now: io.now, by, goal, explain: args.flags.has('explain'), people });
  await writeOutput(format === 'json' ? effortToJson(report) : format === 'csv' ? effortToCsv(report) : effortToMarkdown(report), args.values.get('output'), io);
  return 0;
}

/** `--bots a,b` and `--weights glob=w,...` as a policy. */
export function peoplePolicy(bots: string | undefined, weights: string | undefined): PeoplePolicy {
  const policy: PeoplePolicy = {};
  if (bots) policy.bots = bots.split(',').map((s) => s.trim()).filter(Boolean);
  if (weights) {
    const w: Record<string, number> = {};
    for (const part of weights.split(',')) {
      const eq = part.lastIndexOf('=');
      const n = Number(part.slice(eq + 1));
      if (eq <= 0 || part.slice(eq + 1).trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--weights '${part}' is not GLOB=W with W from 0 to 1`);
      w[part.slice(0, eq).trim()] = n;
    }
    policy.weights = w;
  }
  return policy;
}
