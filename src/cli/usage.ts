// Each command's own help: `goal-lens <command> --help` (or -h) prints its usage, options and an example. The one
// home of that text; main.ts answers --help from here before the command parses anything.

const COMMON = `common options:
  --repo DIR             the repository (default: the current folder)
  --goals FILE           the goals file, from the repository root (default: goals.yaml)
  --default-branch NAME  the branch work is delivered to (default: what origin/HEAD names, else main or master)
  --cache DIR            keep the index on disk between runs (or GOAL_LENS_CACHE)`;

const TIME = `  --since T, --until T   the window: YYYY-MM-DD, an ISO time, or 30d / 6w / 3m (default: all history to today)`;

const help = (usage: string, about: string, options: string, example: string, common = true): string =>
  `usage: ${usage}\n\n${about}\n\noptions:\n${options}\n${common ? `\n${COMMON}\n` : ''}\nexample: ${example}\n`;

export const USAGE: Readonly<Record<string, string>> = {
  check: help(
    'goal-lens check [--range A..B] [--require] [--strict] [--format text|github]',
    'Validates goals.yaml and, with --range, the commits of a range. Exit 1 when a problem is found.',
    `  --range A..B           also check these commits: each should serve an active goal
  --require              a commit of the range that serves no goal is an error (default: a warning)
  --strict               warnings count as errors
  --format text|github   github: workflow annotations and a job summary
  --all-refs             read every branch, not only the checked-out one`,
    'goal-lens check --range origin/main..HEAD --require',
  ),
  report: help(
    'goal-lens report [--since T] [--until T] [--all-refs] [--by owner|team] [--format md|json|csv|html] [--output FILE]',
    'The figures per goal: commits, share, authors, people-time, say/do, flow and flags.',
    `${TIME}
  --by owner             per CODEOWNERS owner: the share of its work per goal, and the goals served
                         through the files of others that depend on its files (md, json, csv)
  --by team              who is on board: per team and month, the share of its commits that serve a goal
                         (teams from goals.yaml teams:, else CODEOWNERS, else one per author; md, json, csv)
  --format               md (default), json, csv or html
  --output FILE          write to FILE instead of standard output
  --stale-after DAYS     a goal with no commit for this long is stale
  --aging-after DAYS     an open branch idle for this long is aging
  --all-refs             read every branch, not only the checked-out one`,
    'goal-lens report --since 3m --format html --output report.html',
  ),
  explain: help(
    'goal-lens explain <commit>',
    "The goals a commit serves and the reason for each (trailer, note, issue key, branch, merge); if none, how to tag it.",
    `  <commit>               a commit (sha, branch, tag, HEAD~2...)
  --json                 as JSON
  --all-refs             read every branch, not only the checked-out one`,
    'goal-lens explain HEAD',
  ),
  tag: help(
    'goal-lens tag <commit> <goal>',
    "Adds the goal to the commit's note (refs/notes/goals): the commit serves it without rewriting history.",
    `  <commit> <goal>        the commit and the goal id from goals.yaml
  --force                tag even when the goal is not in goals.yaml`,
    'goal-lens tag 1a2b3c4 checkout-conversion',
  ),
  impact: help(
    'goal-lens impact <path> [--format text|md|json]',
    'The goals a file or folder has served and how, and the files that depend on it through every hop\n(Java, Kotlin, C#, Go, Python, TS/JS), with their goals and CODEOWNERS owners.',
    `  <path>                 a file or folder, read from the --repo folder (as with git -C)
  --format               text (default), md or json
  --all-refs             read every branch, not only the checked-out one`,
    'goal-lens impact src/shared/payments-lib/charge.ts --format md',
  ),
  suggest: help(
    'goal-lens suggest [--since T] [--range A..B] [--json] | --accept --min-confidence P [--dry-run] | --evaluate',
    'Suggested goals for untagged commits, each with its evidence; --accept tags the sure ones; --evaluate says\nhow often suggestions are right on this history (leave-one-out).',
    `  --since T              only commits since T
  --range A..B           only the commits of a range
  --json                 as JSON
  --accept               tag each untagged commit whose first suggestion is at least --min-confidence sure
  --min-confidence P     0 to 1 (with --accept)
  --dry-run              with --accept: say what would be tagged, write nothing
  --evaluate             measure the suggestions on this history
  --max-commits N        with --evaluate: at most N commits
  --all-refs             read every branch, not only the checked-out one`,
    'goal-lens suggest --accept --min-confidence 0.8 --dry-run',
  ),
  effort: help(
    'goal-lens effort [--since T] [--until T] [--by goal|person|month|week] [--goal G] [--explain] [--format md|json|csv]',
    `People-time per goal from git alone. A person-day is a day (in the author's own time zone) on which a person,
not a bot, authored a non-merge commit; it is split equally across the goals (and untagged work) its commits
served. FTE per person and period: weight x min(1, person-days / working days so far). See docs/effort.md.`,
    `${TIME}
  --by                   goal (default), person, month or week
  --goal G               only goal G and its sub-goals; with --explain, every person-day that gave G a part
  --explain              list the person-days behind a goal's figure (with --goal)
  --format               md (default), json or csv
  --bots GLOB,...        more bots (name or email globs, * and ?), besides dependabot[bot], renovate[bot]...
  --weights GLOB=W,...   part-time people: 'ann@example.com=0.5,Contractor*=0' (first match wins)
  --output FILE          write to FILE instead of standard output
  --all-refs             read every branch, not only the checked-out one`,
    'goal-lens effort --since 3m --by month --format csv\n         goal-lens effort --goal checkout --explain --since 2026-10-01',
  ),
  digest: help(
    'goal-lens digest [--week YYYY-Www] [--output FILE]',
    "The weekly Markdown digest: what each goal got this week, what is due, what needs a look.",
    `  --week YYYY-Www        the ISO week (default: the current one)
  --output FILE          write to FILE instead of standard output
  --all-refs             read every branch, not only the checked-out one`,
    'goal-lens digest --week 2026-W48 --output digest.md',
  ),
  'pr-summary': help(
    'goal-lens pr-summary --range BASE..HEAD [--branch NAME] [--format md|json] [--output FILE] [--post comment|job-summary]',
    'The goals at stake in a change, for its pull request: goals served, untagged commits with a suggestion,\nshared code touched and who depends on it, goals.yaml problems introduced. At most 65,536 characters.',
    `  --range BASE..HEAD     the change (required)
  --branch NAME          the pull request's branch, when HEAD is detached (CI): its name links commits too
  --format               md (default) or json
  --output FILE          write to FILE instead of standard output
  --post comment|job-summary   in GitHub Actions: edit the pull request's comment, or write the job summary`,
    'goal-lens pr-summary --range origin/main..HEAD',
  ),
  hook: help(
    'goal-lens hook install|uninstall',
    "A prepare-commit-msg hook that adds the branch's goal trailer to each commit message (your own hook is kept).",
    '  install | uninstall    add the hook, or remove it and put back the one it replaced',
    'goal-lens hook install',
  ),
  init: help('goal-lens init', 'Writes a commented starter goals.yaml at the repository root (never over an existing one).', '  (none besides the common options)', 'goal-lens init'),
  goals: help(
    'goal-lens goals pull|status [--timeout S]',
    "The shared goals of 'extends:': pull fetches them (the only command that does); status says which file,\nhow it was read (a path, or the fetched copy and its age) and how many goals each file gives.",
    `  pull | status          fetch the shared goals, or say where they come from
  --timeout S            with pull: give up after S seconds
  --repo DIR             the repository (default: the current folder)
  --goals FILE           the goals file, from the repository root (default: goals.yaml)`,
    'goal-lens goals status',
    false,
  ),
  rollup: help(
    'goal-lens rollup [--since T] [--until T] [--format md|json|csv|html] [--output F] <repo dir | report.json>...',
    'Adds up repositories (or their JSON reports) per goal, each commit and each person-day once.',
    `  <repo dir | report.json>...   the repositories, or reports made with 'goal-lens report --format json'
${TIME}
  --format               md (default), json, csv or html
  --output FILE          write to FILE instead of standard output
  --goals FILE           the goals file in each repository (default: goals.yaml)
  --all-refs             read every branch, not only the checked-out one`,
    'goal-lens rollup ../shop ../warehouse --format html --output rollup.html',
    false,
  ),
  demo: help(
    'goal-lens demo [--dir DIR] [--format F] [--no-report]',
    "Builds the demo: a small shop in TypeScript with goals, teams, a shared library and upkeep, and inside it\na second repository (a warehouse) sharing its goals; then reports on the shop.",
    `  --dir DIR              where to build it (must be new or empty; default: a new temporary folder)
  --format F             the report's format (md, json, csv, html)
  --no-report            build only`,
    'goal-lens demo --dir /tmp/acme --no-report',
    false,
  ),
};

/** Whether argv asks for help: --help or -h before any `--`. */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}
