// Which files each commit changed, for suggestions (co-change, declared paths). ONE streamed
// `git log --name-only -z` pass over the most recent commits (capped: a 200,000-commit history needs only its
// recent years to suggest well), plus one `--no-walk` pass for asked commits older than the cap. Cached per
// repository and HEAD. Git runs without a shell; shas are checked before they become arguments.
import type { GoalIndex } from '../core/index/goalIndex';
import { oneStepOf, Suggester, type OneStep } from '../core/suggest/suggest';
import { spawnGitStream } from './exec';
import type { GitRepo } from './repo';

const SHA = /^[0-9a-f]{40,64}$/;

/** Commits read by default: enough history for co-change, cheap on any repository. */
export const DEFAULT_MAX_COMMITS = 20_000;

export interface CommitFilesOptions {
  /** Read at most this many of the newest non-merge commits (default DEFAULT_MAX_COMMITS). */
  maxCommits?: number;
  /** From every branch, remote branch and tag instead of HEAD. */
  allRefs?: boolean;
  /** Commits whose files are needed even when older than the cap (e.g. the untagged commits asked about). */
  include?: readonly string[];
  signal?: AbortSignal;
}

/**
 * Push parser for `git log --name-only -z --format=%x01%H`: tokens are NUL-terminated; a token starting with
 * 0x01 opens a commit (a newline may precede the first file name). File names are interned.
 */
export class NameOnlyParser {
  readonly files = new Map<string, string[]>();
  private readonly intern = new Map<string, string>();
  private current: string[] | null = null;
  private rest: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    const buf = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    for (let z = buf.indexOf(0, start); z !== -1; z = buf.indexOf(0, start)) {
      this.token(buf.toString('utf8', start, z));
      start = z + 1;
    }
    this.rest = Buffer.from(buf.subarray(start));
  }

  end(): Map<string, string[]> {
    if (this.rest.length) this.token(this.rest.toString('utf8'));
    this.rest = Buffer.alloc(0);
    return this.files;
  }

  private token(tok: string): void {
    let t = tok;
    while (t.charCodeAt(0) === 10) t = t.slice(1);
    if (t.charCodeAt(0) === 1) {
      const sha = t.slice(1).trim();
      this.current = [];
      if (SHA.test(sha)) this.files.set(sha, this.current);
      return;
    }
    if (!this.current || t.length === 0) return;
    let s = this.intern.get(t);
    if (s === undefined) {
      s = t;
      this.intern.set(s, s);
    }
    this.current.push(s);
  }
}

const BASE = ['-c', 'log.showSignature=false', '-c', 'core.quotePath=false', 'log', '--no-color', '--no-merges', '--no-renames', '--name-only', '-z', '--format=%x01%H'];

/** The main pass: the newest `max` non-merge commits (all of them when `max` is Infinity), and whether that was all. */
async function readMainPass(repo: GitRepo, head: string | null, max: number, allRefs: boolean, signal?: AbortSignal): Promise<{ files: Map<string, string[]>; complete: boolean }> {
  const parser = new NameOnlyParser();
  if (head || allRefs) {
    const args = [...BASE, ...(Number.isFinite(max) ? [`--max-count=${max}`] : []), ...(allRefs ? ['--branches', '--remotes', '--tags'] : []), '--end-of-options', ...(head ? ['HEAD'] : []), '--'];
    await spawnGitStream(repo.root, repo.env, args, (b) => parser.push(b), { signal });
  }
  const files = parser.end();
  return { files, complete: files.size < max };
}

/** Adds the files of asked commits the map lacks: one --no-walk pass per thousand (far below any OS argument limit). */
async function addAsked(repo: GitRepo, files: Map<string, string[]>, include: readonly string[] | undefined, signal?: AbortSignal): Promise<Map<string, string[]>> {
  const missing = [...new Set(include ?? [])].filter((s) => SHA.test(s) && !files.has(s));
  for (let k = 0; k < missing.length; k += 1000) {
    const more = new NameOnlyParser();
    const args = [...BASE, '--no-walk=unsorted', '--end-of-options', ...missing.slice(k, k + 1000), '--'];
    await spawnGitStream(repo.root, repo.env, args, (b) => more.push(b), { signal });
    for (const [sha, list] of more.end()) files.set(sha, list);
  }
  return files;
}

/** Commit sha -> files it changed (against its first parent), newest commits first, capped. */
export async function readCommitFiles(repo: GitRepo, options: CommitFilesOptions = {}): Promise<Map<string, string[]>> {
  const max = Math.max(1, Math.floor(options.maxCommits ?? DEFAULT_MAX_COMMITS));
  const { files } = await readMainPass(repo, await repo.head(), max, !!options.allRefs, options.signal);
  return addAsked(repo, files, options.include, options.signal);
}

/**
 * Every non-merge commit's files, per repository, HEAD and scope: the one `git log --name-only` read the editor
 * shares. Impact reads the whole history through it; the suggestions' capped read lands here too when it turned
 * out to be the whole history, and the suggestions take a whole-history read when one is there. Maps in here are
 * never changed (asked commits outside the history go to a copy).
 */
/** The whole-history read held per repository: one HEAD and scope at a time (an older HEAD's is not asked again). */
interface CompleteRead {
  head: string | null;
  allRefs: boolean;
  files: Promise<Map<string, string[]>>;
}
const complete = new WeakMap<GitRepo, CompleteRead>();

function completeFor(repo: GitRepo, head: string | null, allRefs: boolean): Promise<Map<string, string[]>> | undefined {
  const held = complete.get(repo);
  return held && held.head === head && held.allRefs === allRefs ? held.files : undefined;
}

/** Every non-merge commit's files from HEAD (or every ref), read once per repository, HEAD and scope. */
export function completeCommitFiles(repo: GitRepo, head: string | null, allRefs: boolean, signal?: AbortSignal): Promise<Map<string, string[]>> {
  const hit = completeFor(repo, head, allRefs);
  if (hit) return hit;
  // A HEAD that moved on from the held read of the same scope reads only its new commits.
  const last = complete.get(repo);
  const files =
    !allRefs && head && last?.head && !last.allRefs ? readOnTop(repo, { head: last.head, files: last.files }, head, signal) : readMainPass(repo, head, Infinity, allRefs, signal).then((r) => r.files);
  const read: CompleteRead = { head, allRefs, files };
  complete.set(repo, read);
  files.catch(() => complete.get(repo) === read && complete.delete(repo));
  return files;
}

/**
 * HEAD's files from an older HEAD's complete read: when the old HEAD is an ancestor of the new one, only
 * `git log <new> --not <old>` is read (one commit costs milliseconds where the whole history takes seconds);
 * otherwise (a reset, an amend, another branch) the whole history. The result has the same entries as a full read.
 */
async function readOnTop(repo: GitRepo, old: { head: string; files: Promise<Map<string, string[]>> }, head: string, signal?: AbortSignal): Promise<Map<string, string[]>> {
  const before = await old.files.catch(() => null);
  const onTop = before && SHA.test(old.head) && SHA.test(head) && (await repo.mergeBases(old.head, head)).join() === old.head;
  if (!onTop) return (await readMainPass(repo, head, Infinity, false, signal)).files;
  const parser = new NameOnlyParser();
  await spawnGitStream(repo.root, repo.env, [...BASE, '--end-of-options', head, `^${old.head}`, '--'], (b) => parser.push(b), { signal });
  // New commits first, as a full read (newest first) has them; the old map is never changed.
  const files = parser.end();
  for (const [sha, list] of before) if (!files.has(sha)) files.set(sha, list);
  return files;
}

const cache = new WeakMap<GitRepo, { key: string; files: Promise<Map<string, string[]>> }>();

/**
 * readCommitFiles, cached per repository, HEAD and options: the editor asks again on every refresh, and only a
 * moved HEAD (or new asked commits) reads again. A whole-history read already made (impact's) is used as it is.
 */
export async function commitFilesCached(repo: GitRepo, options: CommitFilesOptions = {}): Promise<Map<string, string[]>> {
  const head = await repo.head();
  const allRefs = !!options.allRefs;
  const key = `${head}\0${allRefs ? 'all' : 'head'}\0${options.maxCommits ?? DEFAULT_MAX_COMMITS}`;
  const hit = cache.get(repo);
  if (hit && hit.key === key) {
    const files = await hit.files;
    const missing = (options.include ?? []).filter((s) => !files.has(s));
    if (missing.length === 0) return files;
    await addAsked(repo, files, missing, options.signal);
    return files;
  }
  const whole = completeFor(repo, head, allRefs);
  const files = (async () => {
    if (whole) return addAsked(repo, new Map(await whole), options.include, options.signal);
    const max = Math.max(1, Math.floor(options.maxCommits ?? DEFAULT_MAX_COMMITS));
    const main = await readMainPass(repo, head, max, allRefs, options.signal);
    if (main.complete) complete.set(repo, { head, allRefs, files: Promise.resolve(main.files) });
    return addAsked(repo, main.complete ? new Map(main.files) : main.files, options.include, options.signal);
  })();
  cache.set(repo, { key, files });
  files.catch(() => cache.delete(repo));
  return files;
}

/** "Can be tagged in one step" for these commits (e.g. a week's untagged work), for the reports of the command line. */
export async function readOneStep(repo: GitRepo, index: GoalIndex, shas: readonly string[]): Promise<OneStep> {
  const suggester = new Suggester(index, await readCommitFiles(repo, { include: shas }));
  return oneStepOf((sha) => suggester.suggest(sha).suggestions);
}
