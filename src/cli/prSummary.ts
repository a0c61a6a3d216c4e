// `goal-lens pr-summary`: the goals at stake in a change (a range BASE..HEAD), as Markdown for a pull request or
// JSON; with --post, posted where the GitHub Actions run can (githubComment.ts).
import { buildPrSummary } from '../core/reports/prSummary';
import { prSummaryToJson, prSummaryToMarkdown } from '../core/reports/prSummaryFormats';
import { Suggester, type GoalSuggestion } from '../core/suggest/suggest';
import { readCommitFiles } from '../git/commitFiles';
import { changedFiles, goalsProblemsAt, sharedFiles } from '../git/prData';
import { parseArgs, UsageError } from './args';
import { COMMON, loadIndex, loadOptions, repoDir, writeOutput, type Io } from './commands';
import { postSummary, type PostMode } from './githubComment';
import { commitsInRange, parseRange } from './range';

const FORMATS = ['md', 'json'];
const POSTS = ['comment', 'job-summary'];

export async function prSummary(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: [...COMMON, 'range', 'format', 'output', 'post'], flags: [] });
  if (args.positionals.length) throw new UsageError(`pr-summary takes no arguments (got '${args.positionals[0]}')`);
  const format = args.values.get('format') ?? 'md';
  if (!FORMATS.includes(format)) throw new UsageError(`--format '${format}' is not one of ${FORMATS.join(', ')}`);
  const post = args.values.get('post');
  if (post !== undefined && !POSTS.includes(post)) throw new UsageError(`--post '${post}' is not one of ${POSTS.join(', ')}`);
  const rangeText = args.values.get('range');
  if (rangeText === undefined) throw new UsageError('pr-summary needs --range BASE..HEAD (e.g. --range origin/main..HEAD)');
  const range = parseRange(rangeText);

  const loaded = await loadIndex(repoDir(args, io), { ...loadOptions(args, io), allRefs: true });
  const { repo, index } = loaded;
  const from = range.from === null ? null : await repo.resolveCommit(range.from);
  const to = await repo.resolveCommit(range.to);
  const commits = await commitsInRange(loaded, range);
  const files = await changedFiles(repo, from, to);

  const untagged = commits.filter((sha) => !(index.links.get(sha) ?? []).length);
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
