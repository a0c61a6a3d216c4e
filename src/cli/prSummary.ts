// `goal-lens pr-summary`: the goals at stake in a change (a range BASE..HEAD), as Markdown for a pull request or
// JSON; with --post, posted where the GitHub Actions run can (githubComment.ts).
import { buildPrSummary } from '../core/reports/prSummary';
import { prSummaryToJson, prSummaryToMarkdown } from '../core/reports/prSummaryFormats';
import { branchGoalsByRule } from '../core/links/linkRules';
import { Suggester, type GoalSuggestion } from '../core/suggest/suggest';
import { readCommitFiles } from '../git/commitFiles';
import { changedFiles, goalsProblemsAt, sharedFiles } from '../git/prData';
import { GitRepo } from '../git/repo';
import { parseArgs, UsageError } from './args';
import { COMMON, loadIndex, loadOptions, repoDir, writeOutput, type Io } from './commands';
import { postSummary, type PostMode } from './githubComment';
import { commitsInRange, parseRange } from './range';

const FORMATS = ['md', 'json'];
const POSTS = ['comment', 'job-summary'];

export async function prSummary(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: [...COMMON, 'range', 'format', 'output', 'post', 'branch'], flags: [] });
  if (args.positionals.length) throw new UsageError(`pr-summary takes no arguments (got '${args.positionals[0]}')`);
  const format = args.values.get('format') ?? 'md';
  if (!FORMATS.includes(format)) throw new UsageError(`--format '${format}' is not one of ${FORMATS.join(', ')}`);
  const post = args.values.get('post');
  if (post !== undefined && !POSTS.includes(post)) throw new UsageError(`--post '${post}' is not one of ${POSTS.join(', ')}`);
  const rangeText = args.values.get('range');
  if (rangeText === undefined) throw new UsageError('pr-summary needs --range BASE..HEAD (e.g. --range origin/main..HEAD)');
  const range = parseRange(rangeText);

  // The range's ends first: a mistyped ref fails in a moment, before the history is read.
  const probe = await GitRepo.open(repoDir(args, io));
  const from = range.from === null ? null : await probe.resolveCommit(range.from);
  const to = await probe.resolveCommit(range.to);
  const loaded = await loadIndex(repoDir(args, io), { ...loadOptions(args, io), allRefs: true });
  const { repo, index } = loaded;
  const commits = await commitsInRange(loaded, range);
  const files = await changedFiles(repo, from, to);

  const branchName = args.values.get('branch') || undefined;
  const branch = branchName === undefined ? undefined : {
    name: branchName,
    goalIds: branchGoalsByRule(branchName, index.goalsFile.goals, index.branchConfig.get(branchName)).map((g) => g.goalId).filter((id) => index.goals.has(id)),
  };
  const untagged = branch?.goalIds.length ? [] : commits.filter((sha) => !(index.links.get(sha) ?? []).length);
  const suggestions = new Map<string, readonly GoalSuggestion[]>();
  if (untagged.length) {
    const suggester = new Suggester(index, await readCommitFiles(repo, { include: untagged }));
    for (const sha of untagged) suggestions.set(sha, suggester.suggest(sha).suggestions);
  }
  const { shared, notExamined } = await sharedFiles(repo, index, from ?? to, files);
  const goalsRel = loaded.goals.relPath;
  const [before, after] = await Promise.all([from ? goalsProblemsAt(repo, from, goalsRel) : Promise.resolve(null), goalsProblemsAt(repo, to, goalsRel)]);

  const summary = buildPrSummary({
    index,
    range: { text: rangeText, from, to },
    commits,
    branch,
    changedFiles: files,
    suggestions,
    shared,
    sharedNotExamined: notExamined,
    problemsBefore: before,
    problemsAfter: after ?? [],
    now: io.now,
  });
  const text = format === 'json' ? prSummaryToJson(summary) : prSummaryToMarkdown(summary);
  if (post) return postSummary(format === 'json' ? prSummaryToMarkdown(summary) : text, post as PostMode, io);
  await writeOutput(text, args.values.get('output'), io);
  return 0;
}
