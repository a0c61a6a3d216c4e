// `goal-lens suggest`: suggested goals for untagged commits, with their evidence; accepting them (a note, as
// `tag` writes); and the leave-one-out evaluation of the suggestions.
import { evaluateSuggestions, evaluationToText } from '../core/suggest/evaluate';
import { Suggester, type CommitSuggestions } from '../core/suggest/suggest';
import type { CommitRecord } from '../core/types';
import { readCommitFiles } from '../git/commitFiles';
import type { LoadedIndex } from '../git/indexLoader';
import { parseArgs, UsageError } from './args';
import { COMMON, loadIndex, loadOptions, repoDir, time, type Io } from './commands';
import { commitsInRange, parseRange } from './range';

export async function suggest(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, {
    values: [...COMMON, 'since', 'range', 'min-confidence', 'max-commits'],
    flags: ['json', 'accept', 'dry-run', 'evaluate', 'all-refs'],
  });
  if (args.positionals.length) throw new UsageError(`suggest takes no arguments (got '${args.positionals[0]}')`);
  const minText = args.values.get('min-confidence');
  const min = minText === undefined ? undefined : Number(minText);
  if (min !== undefined && (!Number.isFinite(min) || min < 0 || min > 1)) throw new UsageError(`--min-confidence '${minText}' must be a number from 0 to 1`);
  if (args.flags.has('accept') && min === undefined) throw new UsageError('--accept needs --min-confidence P (e.g. 0.8): only first suggestions that sure are accepted');
  if (args.flags.has('dry-run') && !args.flags.has('accept')) throw new UsageError('--dry-run goes with --accept');
  const maxText = args.values.get('max-commits');
  const maxCommits = maxText === undefined ? undefined : Number(maxText);
  if (maxCommits !== undefined && (!Number.isInteger(maxCommits) || maxCommits < 1)) throw new UsageError(`--max-commits '${maxText}' must be a whole number above 0`);
  const since = time(args, 'since', io);
  const rangeText = args.values.get('range');
  const range = rangeText === undefined ? undefined : parseRange(rangeText);
  const loaded = await loadIndex(repoDir(args, io), { ...loadOptions(args, io), allRefs: args.flags.has('all-refs') || !!range });
  const { index, repo } = loaded;

  if (args.flags.has('evaluate')) {
    const files = await readCommitFiles(repo, { allRefs: args.flags.has('all-refs') });
    const e = evaluateSuggestions(index, files, { maxCommits });
    io.out(args.flags.has('json') ? JSON.stringify(e, null, 2) + '\n' : evaluationToText(e));
    return 0;
  }

  let untagged: readonly CommitRecord[] = index.untagged;
  if (range) {
    const inRange = new Set(await commitsInRange(loaded, range));
    untagged = untagged.filter((c) => inRange.has(c.sha));
  }
  if (since !== undefined) untagged = untagged.filter((c) => c.time >= since);
  const files = await readCommitFiles(repo, { allRefs: args.flags.has('all-refs'), include: untagged.map((c) => c.sha) });
  const suggester = new Suggester(index, files);
  const all = untagged.map((c) => suggester.suggest(c.sha));

  if (args.flags.has('accept')) return accept(loaded, untagged, all, min as number, args.flags.has('dry-run'), args.flags.has('json'), io);

  if (args.flags.has('json')) {
    const out = untagged.map((c, k) => ({ sha: c.sha, subject: c.subject, author: c.author, time: new Date(c.time * 1000).toISOString(), suggestions: all[k].suggestions }));
    io.out(JSON.stringify({ untagged: out.length, commits: out }, null, 2) + '\n');
    return 0;
  }
  if (untagged.length === 0) {
    io.out('no untagged commits\n');
    return 0;
  }
  for (let k = 0; k < untagged.length; k++) {
    const c = untagged[k];
    io.out(`${c.sha.slice(0, 12)} ${c.subject}\n`);
    const s = all[k].suggestions;
    if (!s.length) io.out('  no suggestion\n');
    for (const g of s) io.out(`  ${g.goalId} ${g.confidence.toFixed(2)}: ${g.evidence.map((e) => e.text).join('; ')}\n`);
  }
  const sure = all.filter((s) => s.suggestions.length > 0).length;
  io.out(`${untagged.length} untagged commit${untagged.length === 1 ? '' : 's'}, ${sure} with a suggestion; accept with: goal-lens suggest --accept --min-confidence 0.8 [--dry-run]\n`);
  return 0;
}

async function accept(loaded: LoadedIndex, untagged: readonly CommitRecord[], all: readonly CommitSuggestions[], min: number, dryRun: boolean, json: boolean, io: Io): Promise<number> {
  const trailer = loaded.index.goalsFile.trailer;
  const done: { sha: string; subject: string; goalId: string; confidence: number; added: boolean }[] = [];
  for (let k = 0; k < untagged.length; k++) {
    const first = all[k].suggestions.at(0);
    if (!first || first.confidence < min) continue;
    const c = untagged[k];
    // The same code path as `goal-lens tag`: a note under refs/notes/goals, history never rewritten.
    const added = dryRun ? true : (await loaded.repo.addNoteGoal(c.sha, first.goalId, trailer)).added;
    done.push({ sha: c.sha, subject: c.subject, goalId: first.goalId, confidence: first.confidence, added });
  }
  if (json) {
    io.out(JSON.stringify({ dryRun, minConfidence: min, untagged: untagged.length, tagged: done }, null, 2) + '\n');
    return 0;
  }
  const verb = dryRun ? 'would tag' : 'tagged';
  for (const d of done) io.out(`${verb} ${d.sha.slice(0, 12)} with ${d.goalId} (${d.confidence.toFixed(2)}) ${d.subject}\n`);
  io.out(`${dryRun ? 'dry run: ' : ''}${done.length} of ${untagged.length} untagged commit${untagged.length === 1 ? '' : 's'} ${dryRun ? 'would be tagged' : 'tagged'} at confidence ${min} or more${dryRun || done.length === 0 ? '' : " (notes in refs/notes/goals; share them with 'git push origin refs/notes/goals')"}\n`);
  return 0;
}
