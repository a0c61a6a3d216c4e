// On-disk cache of the log pass and of the index derived from it, so that a second start (CLI or editor) neither
// reads the whole history again nor derives every link again.
//
// What is cached: the CommitRecords of the walked history and the notes, plus the state they were read at
// (the tip of every walked ref and HEAD, the notes tip, the trailer key, .mailmap), and the derived index
// (links, what each merge brought in, each goal branch's commits ahead) with the inputs it was derived from
// (refs, branch config, default branch, goals.yaml's link key). The index is restored from it and brought up
// to date with updateIndex: what changed since (new or dropped commits, notes, refs, config, goals.yaml) is
// derived again, nothing else. A long-running caller passes its last load back (`previous`) instead.
//
//   nothing changed in history       -> 'warm': no git log at all
//   goals.yaml edited                -> 'warm' (only the trailer key matters for the log; a new key -> 'cold')
//   notes changed                    -> 'warm' with the notes re-read (2 small processes)
//   history moved (new commits, a merge, an amend, a rebase, a reset, a deleted branch, a force push)
//                                    -> 'incremental': the commits now walked are the cached ones, minus those
//                                       no tip reaches any more (`git rev-list <old tips> --not <new tips>`),
//                                       plus the new ones (`git log <new tips> --not <old tips>`; with the last
//                                       load in memory, `git log --no-walk` of the new shas: newCommits.ts)
//   an old tip is gone from the object database (garbage-collected), a shallow repository
//                                    -> 'cold': the full log, as loadIndex reads it
//
// The file is written atomically (temp file + rename), so concurrent readers see the old or the new cache.
import { promises as fsp } from 'fs';
import * as path from 'path';
import { buildIndexSteps, importIndexSteps, isLatestIndex, updateIndex, updateInfo, type GoalIndex } from '../core/index/goalIndex';
import { runSteps, type Steps } from '../core/steps';
import { paced } from './paced';
import { DailyAggregates, keepDaily } from '../core/figures/daily';
import { usesChangedFiles } from '../core/links/routeRules';
import type { SerializedLog } from '../core/index/indexSerde';
import type { CommitRecord, RefInfo, RepoSnapshot } from '../core/types';
import { GitCommandError } from './errors';
import { cacheTextSteps, dailyOfColumns, derivedOf, hash, keptBody, readCache, writeAtomically, type CacheHeader } from './indexCacheFile';
import { goneTipsKept, readNewCommits } from './newCommits';
import { DEFAULT_GOALS_FILE, GoalsFileMissingError, readGoals, type LoadedGoals, type LoadedIndex, type LoadOptions } from './indexLoader';
import { type DefaultBases, defaultBranchOf } from './refs';
import { GitRepo, type RepoState } from './repo';

const CACHE_FORMAT = 5;

export type CacheSource = 'cold' | 'warm' | 'incremental';

export interface CachedLoadOptions extends LoadOptions {
  /** Folder for cache files (created when missing). One file per repository, scope and trailer key. */
  cacheDir: string;
  /** The repository, when the caller has it open already (its git environment is used). */
  repo?: GitRepo;
  /** The goals file, when the caller has just read it (it is not read again). */
  goals?: LoadedGoals;
  /**
   * The state of the caller's previous load of this repository ({@link CachedLoad.state}): used instead of reading
   * the cache file, so a long-running caller (the editor) does not re-read and re-parse it on every refresh.
   */
  previous?: CacheState | null;
  /**
   * true: write the cache file when it changed; false: never; default: when it changed by more than 1% of the
   * history (an older file only means a little more to read at the next start). Serializing a large history takes
   * a while on the caller's thread; a caller that keeps `state` may write less often.
   */
  save?: boolean;
  /** What {@link GitRepo.state} gave, when the caller has just read it (it is not read again). */
  state?: RepoState;
  /** What {@link readMailmap} gave for that state, likewise. */
  mailmap?: string;
  /**
   * Build, read back and write the index in pieces with a turn of the event loop between them (src/git/paced.ts):
   * for the editor's host thread, which every extension shares. The result is the same.
   */
  paced?: boolean;
}

/** What a load walked: kept in memory by a long-running caller and passed back as `previous`. Opaque. */
export interface CacheState {
  readonly header: Readonly<CacheHeader>;
  readonly commits: readonly CommitRecord[];
  readonly notes: ReadonlyMap<string, string>;
  /** The index derived from them (updated, not rebuilt, by the next load). */
  readonly index?: GoalIndex;
  /** HEAD's merge bases with the default tip, reused while neither moves (a HEAD-only walk). */
  readonly bases?: DefaultBases;
}

export interface CachedLoad {
  loaded: LoadedIndex;
  from: CacheSource;
  /** Commits read from git by this call (all of them when cold, the new ones when incremental, 0 when warm). */
  commitsRead: number;
  /** Cached commits left out because no walked ref reaches them any more (amended, rebased, reset, deleted). */
  commitsDropped: number;
  /** Resolves when the updated cache file is written (the model is ready before that). Never rejects. */
  saved: Promise<void>;
  /** What this load walked, for the next call's `previous` (null for a shallow repository: never cached). */
  state: CacheState | null;
}

/** Path of the cache file of a repository and scope (exported for tests and tools). */
export function cacheFile(cacheDir: string, root: string, allRefs: boolean, trailerKey: string): string {
  const id = hash(`${root}\0${allRefs ? 'all' : 'head'}\0${trailerKey}`).slice(0, 16);
  return path.join(cacheDir, `goal-lens-index-${id}.json`);
}

/**
 * Like {@link loadIndex}, but keeps the log pass in `options.cacheDir` and reads git only for what changed.
 * The index it returns is the one a cold `loadIndex` would build (tests compare the reports).
 */
export async function loadIndexCached(dir: string, options: CachedLoadOptions): Promise<CachedLoad> {
  const repo = options.repo ?? (await GitRepo.open(dir));
  // Either way a failure is a rejection (a cache write's is swallowed below, never thrown at the load).
  const run = <T>(steps: Steps<T>): Promise<T> => (options.paced ? paced(steps) : new Promise((resolve) => resolve(runSteps(steps))));
  const goalsPromise = options.goals ? Promise.resolve(options.goals) : readGoals(repo.root, options.goalsPath);
  const allRefs = options.allRefs ?? false;
  // Three small git processes (HEAD, refs with the notes tip, config), side by side with the goals file.
  const [goals, current] = await Promise.all([goalsPromise, options.state ?? repo.state()]);
  const { head, headRef, refs, notesTip, branchConfig, shallow } = current;
  const defaultBranch = defaultBranchOf(current, options.defaultBranch);
  // Reused while neither HEAD nor the default tip moves, so a refresh usually spawns no merge-base.
  const [defaultBases, mailmap] = await Promise.all([
    allRefs ? undefined : repo.defaultBases(head, refs, defaultBranch, options.previous?.bases),
    options.mailmap ?? readMailmap(repo.root, current),
  ]);
  if (!goals) throw new GoalsFileMissingError(path.resolve(repo.root, options.goalsPath ?? DEFAULT_GOALS_FILE));
  const trailerKey = goals.goalsFile.trailer;
  // Changed files make a slower log: read only while some goal links by them, and cached commits must agree.
  const files = usesChangedFiles(goals.goalsFile.goals);
  const tips = tipsOf(head, refs, allRefs);
  const file = cacheFile(options.cacheDir, repo.root, allRefs, trailerKey);
  const header: CacheHeader = {
    format: CACHE_FORMAT,
    root: repo.root,
    allRefs,
    trailerKey,
    files,
    tips,
    notesTip,
    mailmap: hash(mailmap),
    goalsHash: hash(goals.text),
    commits: 0,
  };

  let commits: CommitRecord[] | null = null;
  let notes: Map<string, string> | null = null;
  let from: CacheSource = 'cold';
  let commitsRead = 0;
  let commitsDropped = 0;
  let dirty = true;

  // Cached commits are of this walk when these match; the tips then say what moved.
  const fits = (h: CacheHeader): boolean => h.format === CACHE_FORMAT && h.root === repo.root && h.allRefs === allRefs && h.trailerKey === trailerKey && h.files === files && h.mailmap === header.mailmap;
  const previous = options.previous && fits(options.previous.header) ? options.previous : null;
  const cached = shallow
    ? null
    : previous
      ? { header: previous.header, body: keptBody({ log: { commits: previous.commits as CommitRecord[], notes: previous.notes as Map<string, string> }, derived: null }) }
      : await readCache(file);
  let base: GoalIndex | null = null; // the index of the cached commits, to update
  const fresh: CommitRecord[] = [];
  let dropped: ReadonlySet<string> = new Set();
  if (cached && fits(cached.header)) {
    const old = cached.header;
    const sameTips = old.tips.length === tips.length && old.tips.every((t, i) => t === tips[i]);
    let log: SerializedLog | null = null;
    let derived: unknown = null;
    try {
      ({ log, derived } = await run(cached.body));
    } catch {
      log = null; // a damaged cache is only a cold start
    }
    if (log && sameTips) {
      commits = log.commits;
      from = 'warm';
      dirty = false;
    } else if (log) {
      const oldSet = new Set(old.tips);
      const added = tips.filter((t) => !oldSet.has(t));
      // With the last load in memory, the new commits are read by their shas (newCommits.ts); a moved tip that is
      // a parent of one of them (a commit, a merge, a fast-forward) then drops nothing, with no rev-list.
      const known = previous?.index && isLatestIndex(previous.index) ? previous.index.bySha : null;
      const quick = known ? await readNewCommits(repo, { added, oldTips: old.tips, known: (sha) => known.has(sha), trailerKey, files }) : null;
      const gone = quick && goneTipsKept(old.tips, tips, quick) ? new Set<string>() : await droppedCommits(repo, old.tips, tips);
      if (gone) {
        dropped = gone;
        // Only tips that are new or moved can reach unread commits, and everything below an old tip is cached:
        // `git log <new tips> --not <old tips>` reads exactly the new commits. (Listing every tip as a positive
        // walks the whole history again, which made this path slower than a cold read.)
        if (quick) fresh.push(...quick);
        else if (added.length) {
          await repo.streamLog({
            revs: [...added, ...old.tips.map((t) => `^${t}`)],
            trailerKey,
            files,
            // Everything an old tip reaches is cached and excluded: each commit read is new.
            onCommit: (c) => fresh.push(c),
          });
        }
        const kept = gone.size ? log.commits.filter((c) => !gone.has(c.sha)) : log.commits;
        commitsRead = fresh.length;
        commitsDropped = log.commits.length - kept.length;
        commits = fresh.length ? fresh.concat(kept) : kept;
        from = 'incremental';
      }
    }
    if (log && commits) {
      if (old.notesTip === notesTip) notes = log.notes;
      else {
        notes = notesTip ? await repo.readNotes() : new Map();
        dirty = true;
      }
      try {
        base = previous?.index ?? (derived ? await run(importIndexSteps(goals.goalsFile, log.commits, log.notes, derived)) : null);
        // The per-person daily aggregates saved with it: effort is then a sum over days from the first start.
        const daily = base && derived ? await run(DailyAggregates.importSteps(dailyOfColumns(derived))) : null;
        if (base && daily) keepDaily(base, daily);
      } catch {
        base = null; // a damaged or foreign derived part: derive it again from the commits
      }
    }
  }

  if (!commits) {
    const all: CommitRecord[] = [];
    const [, readNotes] = await Promise.all([
      tips.length ? repo.streamLog({ revs: tips, trailerKey, files, onCommit: (c) => all.push(c) }) : Promise.resolve(0),
      notesTip ? repo.readNotes() : Promise.resolve(new Map<string, string>()),
    ]);
    commits = all;
    notes = readNotes;
    commitsRead = all.length;
    from = 'cold';
  }

  const snapshot: RepoSnapshot = {
    root: repo.root,
    head,
    headRef,
    defaultBranch,
    ...(defaultBases ? { defaultBases: defaultBases.bases } : {}),
    refs,
    commits,
    notes: notes ?? new Map<string, string>(),
    branchConfig,
    shallow,
  };
  let index: GoalIndex | null = null;
  if (base) {
    try {
      index = updateIndex(base, goals.goalsFile, snapshot, { added: fresh, dropped });
      if (updateInfo(index)?.kind === 'cold' || updateInfo(index)?.recomposed) dirty = true;
    } catch {
      index = null;
    }
  }
  if (!index) {
    index = await run(buildIndexSteps(goals.goalsFile, snapshot));
    dirty = true;
  }
  // The index's order of commits is the one its derived state refers to.
  const walked = index.commits;
  header.commits = walked.length;
  const built = index;
  // Rewriting the whole file after a small change (a commit, a note) costs more than reading that change again at
  // the next start (git log of the few new commits, then an update): a file that lags by under 1% of the history
  // is left as it is, unless the caller asks for the write.
  const info = updateInfo(index);
  const small = (n: number): boolean => n * 100 <= walked.length;
  const lagsLittle = from !== 'cold' && info?.kind === 'incremental' && small(commitsRead + commitsDropped) && small(info.recomposed);
  const write = dirty && !shallow && (options.save === true || (options.save === undefined && !lagsLittle));
  // The derived state and the daily aggregates are taken now: the next update changes them in place.
  let saved: Promise<void> = Promise.resolve();
  if (write) {
    const derived = await run(derivedOf(built));
    saved = run(cacheTextSteps(header, walked, snapshot.notes, derived))
      .then((text) => writeAtomically(file, text))
      .catch(() => undefined);
  }
  const state: CacheState | null = shallow ? null : { header, commits: walked, notes: snapshot.notes, index, ...(defaultBases ? { bases: defaultBases } : {}) };
  return { loaded: { repo, goals, snapshot, index }, from, commitsRead, commitsDropped, saved, state };
}

/** What decides the authors' names and emails the log gives: .mailmap and the mailmap settings. */
export async function readMailmap(root: string, state: Pick<RepoState, 'mailmapConfig'>): Promise<string> {
  const file = await fsp.readFile(path.join(root, '.mailmap'), 'utf8').catch(() => '');
  return state.mailmapConfig ? `${file}\0${state.mailmapConfig}` : file;
}

/** HEAD (when it has commits) and, with allRefs, every branch, remote branch and tag: sorted and unique. */
function tipsOf(head: string | null, refs: readonly RefInfo[], allRefs: boolean): string[] {
  const set = new Set<string>();
  if (head) set.add(head);
  if (allRefs) for (const r of refs) set.add(r.sha);
  return [...set].sort();
}

/**
 * The cached commits that no new tip reaches (one rev-list process, shas only), or null when that cannot be told:
 * an old tip is no longer in the object database, or nothing is walked any more.
 */
async function droppedCommits(repo: GitRepo, oldTips: readonly string[], newTips: readonly string[]): Promise<Set<string> | null> {
  const newSet = new Set(newTips);
  const gone = oldTips.filter((t) => !newSet.has(t));
  if (gone.length === 0) return new Set();
  if (newTips.length === 0) return null;
  try {
    return new Set(await repo.revList(gone, newTips));
  } catch (err) {
    if (err instanceof GitCommandError) return null; // an old tip was garbage-collected
    throw err;
  }
}
