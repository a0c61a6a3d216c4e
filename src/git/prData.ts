// What the pull-request summary reads from git for a range BASE..HEAD: the files the change touches, goals.yaml
// at both ends, and for each changed file that others depend on, the commits that changed it and its dependents.
// Git runs without a shell; revisions are resolved shas and paths go after `--` as literal pathspecs.
import { parseGoalsFile } from '../core/goals/goalsFile';
import { ownerLookup } from '../core/impact/codeowners';
import { declaredGoals } from '../core/impact/impact';
import { langOf } from '../core/impact/deps/facts';
import type { GoalIndex } from '../core/index/goalIndex';
import type { SharedFileInput } from '../core/reports/prSummary';
import type { Problem } from '../core/types';
import { NameOnlyParser } from './commitFiles';
import { spawnGitStream } from './exec';
import { impactDataFor } from './impactData';
import type { GitRepo } from './repo';

/** Changed files examined for dependents: enough for any reviewable change, bounded for a vendored tree. */
export const MAX_FILES_EXAMINED = 100;

/** A file of a language Impact reads the dependencies of. */
const isSource = (f: string): boolean => langOf(f) !== undefined;

/** Paths per `git log -- <paths>` call: far below any OS argument limit. */
const PATHS_PER_CALL = 500;

const SHA = /^[0-9a-f]{40,64}$/;

function gitOut(repo: GitRepo, args: string[], okCodes: number[] = []): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return spawnGitStream(repo.root, repo.env, args, (b) => chunks.push(b), { okCodes }).then(() => Buffer.concat(chunks));
}

function assertSha(sha: string): void {
  if (!SHA.test(sha)) throw new Error(`not a commit id: ${sha}`);
}

/** Files the change touches: `git diff base...head` (from the merge base, as a pull request shows it); all files of `to` without a base. */
export async function changedFiles(repo: GitRepo, from: string | null, to: string): Promise<string[]> {
  assertSha(to);
  const args = from
    ? (assertSha(from), ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff', '--no-renames', '--name-only', '-z', `${from}...${to}`, '--'])
    : ['-c', 'core.quotePath=false', 'ls-tree', '-r', '-z', '--name-only', '--full-tree', to];
  return (await gitOut(repo, args)).toString('utf8').split('\0').filter((s) => s.length > 0);
}

/** Problems of goals.yaml as committed at `rev` (its own file, without shared goals); null when it has none there. */
export async function goalsProblemsAt(repo: GitRepo, rev: string, goalsRel: string): Promise<Problem[] | null> {
  assertSha(rev);
  const rel = goalsRel.replace(/\\/g, '/').replace(/^\.\//, '');
  const r = await gitOut(repo, ['cat-file', 'blob', `${rev}:${rel}`], [128]).catch(() => null);
  if (r === null || r.length === 0) {
    // An empty goals.yaml and a missing one differ: ask git which it is.
    const exists = await gitOut(repo, ['cat-file', '-e', `${rev}:${rel}`], [1, 128]).then(() => true, () => false);
    if (!exists) return null;
  }
  return parseGoalsFile((r ?? Buffer.alloc(0)).toString('utf8'), rel).problems;
}

/** For each path, the non-merge commits reachable from `tip` that changed it (one `git log` per 500 paths). */
export async function commitsByPath(repo: GitRepo, tip: string, paths: readonly string[]): Promise<Map<string, string[]>> {
  assertSha(tip);
  const out = new Map<string, string[]>(paths.map((p) => [p, []]));
  for (let k = 0; k < paths.length; k += PATHS_PER_CALL) {
    const chunk = paths.slice(k, k + PATHS_PER_CALL);
    const parser = new NameOnlyParser();
    const args = [
      '-c', 'log.showSignature=false', '-c', 'core.quotePath=false', 'log', '--no-color', '--no-merges', '--no-renames',
      '--name-only', '-z', '--format=%x01%H', '--end-of-options', tip, '--', ...chunk.map((p) => `:(literal)${p}`),
    ];
    await spawnGitStream(repo.root, repo.env, args, (b) => parser.push(b));
    for (const [sha, files] of parser.end()) for (const f of files) out.get(f)?.push(sha);
  }
  return out;
}

/**
 * The changed files that others depend on (or that a goal's `paths` declare), each with the commits that changed
 * it and its dependents before the change (history from `base`), and its CODEOWNERS owners. Dependents are
 * read from the working tree, which in CI is the change's end.
 */
export async function sharedFiles(
  repo: GitRepo,
  index: GoalIndex,
  base: string,
  files: readonly string[],
): Promise<{ shared: SharedFileInput[]; notExamined: number }> {
  const data = impactDataFor(repo);
  const tracked = new Set(await data.trackedFiles());
  const candidates = files.filter((f) => tracked.has(f)); // a deleted file has no dependents left to break
  const sources = candidates.filter(isSource).slice(0, MAX_FILES_EXAMINED);
  const examined = new Set(sources);
  // Every hop, from the repository's dependency graph (built once, shared with the Impact view and the CLI).
  const dependents = new Map<string, { path: string; distance: number }[]>();
  const { graph } = await data.dependencyGraph();
  for (const f of sources) {
    const found = graph.dependentsOf(f, false);
    if (found.length) dependents.set(f, found);
  }
  for (const f of candidates) if (!dependents.has(f) && declaredGoals(index, f, false).length) dependents.set(f, []);
  const paths = [...new Set([...dependents.keys(), ...[...dependents.values()].flat().map((d) => d.path)])];
  const [byPath, co] = await Promise.all([commitsByPath(repo, base, paths), data.codeowners()]);
  const owners = ownerLookup(co?.codeowners ?? null);
  const shared: SharedFileInput[] = [...dependents].map(([path, deps]) => ({
    path,
    shas: byPath.get(path) ?? [],
    dependents: deps.map((d) => ({ path: d.path, distance: d.distance, shas: byPath.get(d.path) ?? [] })),
    owners: owners(path),
  }));
  return { shared, notExamined: candidates.filter(isSource).length - examined.size };
}
