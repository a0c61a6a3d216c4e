// goal-lens: the command line. User errors are one clear line on stderr, never a stack trace.
import { GoalsFileMissingError, GoalsFileUnreadableError } from '../git/indexLoader';
import { fsErrorReason, GitError } from '../git/errors';
import { UsageError } from './args';
import * as commands from './commands';
import { suggest } from './suggest';
import { goals } from './sharedGoals';
import { rollup } from './rollup';
import { effort } from './effort';
import { prSummary } from './prSummary';
import { USAGE, wantsHelp } from './usage';

const HELP = `goal-lens: link code work to business goals, from git.

usage: goal-lens <command> [options]

  check [--range A..B] [--require] [--strict]   validate goals.yaml (and the commits of a range)
        [--format text|github]                  github: workflow annotations and a job summary
  report [--since T] [--until T] [--all-refs] [--format md|json|csv|html] [--output FILE]
  report --by owner [--format md|json|csv]      per CODEOWNERS owner: the share of its work per goal, and
                                                the goals served through the files that depend on its files
  report --by team [--format md|json|csv]       who is on board: per team and month, the linked share
  explain <commit>                              the commit's goals and the reason for each
  tag <commit> <goal>                           add the goal to the commit's note (refs/notes/goals)
  impact <path> [--format text|md|json]         goals a file or folder has served, and how; the files that
                                                depend on it (Java, Kotlin, C#, Go, Python, TS/JS), every hop
  suggest [--since T] [--range A..B] [--json]   suggested goals for untagged commits, with evidence
  suggest --accept --min-confidence P [--dry-run]   tag each untagged commit whose first suggestion is that sure
  suggest --evaluate [--max-commits N]          how often suggestions are right (leave-one-out)
  effort [--since T] [--until T] [--by goal|person|month|week] [--goal G] [--explain] [--format md|json|csv]
                                                people-time per goal (person-days, FTE)
  digest [--week YYYY-Www] [--output FILE]      the weekly Markdown digest
  pr-summary --range BASE..HEAD [--branch NAME] [--format md|json] [--output FILE] [--post comment|job-summary]
                                                the goals at stake in a change, for its pull request
  hook install|uninstall                        prepare-commit-msg hook adding the branch's goal trailer
  init                                          write a commented starter goals.yaml
  goals pull|status [--timeout S]               fetch the shared goals of 'extends:' / say how old they are
  rollup [--since T] [--until T] [--format md|json|csv|html] [--output F] <repo dir | report.json>...
                                                add up repositories or their JSON reports, each commit once
  demo [--dir DIR] [--format F] [--no-report]   build the demo repository and report on it

common options: --repo DIR (default: current folder), --goals FILE (default: goals.yaml),
                --default-branch NAME, --cache DIR (keep the index on disk; or GOAL_LENS_CACHE)
paths: impact <path> is read from the --repo folder (as with git -C); --goals from the repository root;
       --output, --cache and --dir from the current folder
exit codes: 0 ok, 1 problems found, 2 usage error
each command's own options and an example: goal-lens <command> --help
`;

const TABLE: Readonly<Record<string, (argv: string[], io: commands.Io) => Promise<number>>> = {
  check: commands.check,
  report: commands.report,
  explain: commands.explain,
  tag: commands.tag,
  impact: commands.impact,
  digest: commands.digest,
  hook: commands.hook,
  init: commands.init,
  demo: commands.demo,
  suggest,
  goals,
  rollup,
  effort,
  'pr-summary': prSummary,
};

/** The commands, for their tests. */
export const COMMANDS: readonly string[] = Object.keys(TABLE);

export async function run(argv: string[], io: commands.Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' && rest.length === 1 && Object.hasOwn(USAGE, rest[0])) {
    io.out(USAGE[rest[0]]);
    return 0;
  }
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(HELP);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V') {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const command = Object.hasOwn(TABLE, name) ? TABLE[name] : undefined; // not `constructor`, `toString`...
  if (!command) {
    io.err(`goal-lens: unknown command '${name}'; run 'goal-lens --help'\n`);
    return 2;
  }
  if (wantsHelp(rest)) {
    io.out(USAGE[name]);
    return 0;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`goal-lens ${name}: ${err.message}\n`);
      return 2;
    }
    if (err instanceof GitError || err instanceof GoalsFileMissingError || err instanceof GoalsFileUnreadableError) {
      io.err(`goal-lens: ${err.message}\n`);
      return 1;
    }
    const e = err instanceof Error ? (err as NodeJS.ErrnoException) : undefined;
    if (typeof e?.code === 'string' && e.path) {
      io.err(`goal-lens: ${e.path}: ${fsErrorReason(e.code)}\n`);
      return 1;
    }
    io.err(`goal-lens: internal error: ${e?.message ?? String(err)}${io.env.GOAL_LENS_DEBUG ? `\n${e?.stack ?? ''}` : ' (set GOAL_LENS_DEBUG=1 for details)'}\n`);
    return 1;
  }
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

if (require.main === module) {
  const io: commands.Io = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    now: process.env.GOAL_LENS_NOW ? new Date(process.env.GOAL_LENS_NOW) : new Date(),
    env: process.env,
  };
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0); // `goal-lens report | head` is fine
  });
  void run(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
