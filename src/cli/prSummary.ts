// `goal-lens pr-summary`: the goals at stake in a change (a range BASE..HEAD), as Markdown for a pull request or
// JSON; with --post, posted where the GitHub Actions run can (githubComment.ts).
import { prSummaryToJson, prSummaryToMarkdown } from '../core/reports/prSummaryFormats';
import { summarizeRange } from '../git/prSummaryData';
import { GitRepo } from '../git/repo';
import { parseArgs, UsageError } from './args';
import { COMMON, loadIndex, loadOptions, repoDir, writeOutput, type Io } from './commands';
import { postSummary, type PostMode } from './githubComment';
import { parseRange } from './range';

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
  const summary = await summarizeRange(loaded, { range: { text: rangeText, from, to }, branchName: args.values.get('branch') || undefined, now: io.now });
  const text = format === 'json' ? prSummaryToJson(summary) : prSummaryToMarkdown(summary);
  if (post) return postSummary(format === 'json' ? prSummaryToMarkdown(summary) : text, post as PostMode, io);
  await writeOutput(text, args.values.get('output'), io);
  return 0;
}
