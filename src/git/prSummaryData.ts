// What a pull-request summary needs from git, gathered once for the command line (goal-lens pr-summary) and the
// editor (Summarize Branch for Pull Request), so both give the same Markdown for the same range.
import { buildPrSummary, type PrSummary } from '../core/reports/prSummary';
import { branchGoalsByRule } from '../core/links/linkRules';
import { Suggester, type GoalSuggestion } from '../core/suggest/suggest';
import { commitsInRange } from './commitRange';
import { readCommitFiles } from './commitFiles';
import type { LoadedIndex } from './indexLoader';
import { changedFiles, goalsProblemsAt, sharedFiles } from './prData';

export interface PrSummaryRequest {
  /** The range as the user named it (`main..HEAD`), and its ends resolved to commits. */
  range: { text: string; from: string | null; to: string };
  /** The branch the change is on, when HEAD is detached (CI) or to count its commits as the editor does. */
  branchName?: string;
  now: Date;
}

/** The summary of `range` from an index read with every ref (`allRefs`). */
export async function summarizeRange(loaded: LoadedIndex, req: PrSummaryRequest): Promise<PrSummary> {
  const { repo, index } = loaded;
  const { from, to } = req.range;
  const commits = await commitsInRange(loaded, { from, to });
  const files = await changedFiles(repo, from, to);
  const branch = req.branchName === undefined ? undefined : {
    name: req.branchName,
    goalIds: branchGoalsByRule(req.branchName, index.goalsFile.goals, index.branchConfig.get(req.branchName)).map((g) => g.goalId).filter((id) => index.goals.has(id)),
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
  return buildPrSummary({
    index,
    range: req.range,
    commits,
    branch,
    changedFiles: files,
    suggestions,
    shared,
    sharedNotExamined: notExamined,
    problemsBefore: before,
    problemsAfter: after ?? [],
    now: req.now,
  });
}
