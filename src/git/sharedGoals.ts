// Reading and fetching the shared goals file of `extends:` (issue 18). The merge itself is pure
// (src/core/goals/sharedGoals.ts); this file only reads bytes, from disk or from git.
//
// A git source is fetched only by an explicit action (`goal-lens goals pull`, the command Goal Lens: Update Shared
// Goals) into SHARED_GOALS_REF of the local repository, with a small blob under SHARED_SOURCE_REF saying what was
// fetched and when. Every load reads that copy with `git cat-file --batch`: no checkout, no network, offline.
//
// The source is repository content, so untrusted: it is checked before git sees it (only https, ssh, git and file;
// never a value that git could read as an option), git's own protocol.allow refuses every other transport as a
// second guard, a fetch never prompts for credentials and is killed after a time limit, nothing is fetched in an
// untrusted workspace, and the shared file has a size limit.
import { spawn } from 'child_process';
import { promises as fsp } from 'fs';
import * as path from 'path';
import { parseGoalsFile } from '../core/goals/goalsFile';
import { describeSource, MAX_EXTENDS_DEPTH, mergeSharedGoals, pathSourceError, SHARED_FILE_MAX_BYTES, SHARED_GOALS_REF, sharedFileName, sourceError, type SharedRead } from '../core/goals/sharedGoals';
import type { GoalsFile, GoalsSource, SharedFileInfo } from '../core/types';
import { fsErrorReason } from './errors';
import { gitEnv, isSpawnMissing } from './exec';

/** What was fetched into SHARED_GOALS_REF, and when (a JSON blob, so reading it needs no file outside git). */
export const SHARED_SOURCE_REF = 'refs/goal-lens/shared-source';
export const DEFAULT_FETCH_TIMEOUT_MS = 60_000;

const ALLOWED_PROTOCOLS = ['https', 'ssh', 'git', 'file'];
/**
 * git's own guard: every transport refused except the four a shared goals file may come from (GIT_ALLOW_PROTOCOL in
 * fetchEnv says the same, and wins over any protocol.<name>.allow of the user's configuration).
 */
export const PROTOCOL_GUARD = [
  '-c', 'protocol.allow=never',
  '-c', 'protocol.https.allow=always',
  '-c', 'protocol.ssh.allow=always',
  '-c', 'protocol.git.allow=always',
  '-c', 'protocol.file.allow=always',
];

interface FetchRecord {
  repo: string;
  ref: string;
  commit: string;
  fetchedAt: string;
}

const PULL_HINT = "run 'goal-lens goals pull' or the command Goal Lens: Update Shared Goals";

/** `file` (parsed goals.yaml at `absPath`) merged with its shared goals; `file` itself when it has no `extends`. */
export async function withSharedGoals(root: string, absPath: string, file: GoalsFile, env?: NodeJS.ProcessEnv): Promise<GoalsFile> {
  if (file.extends === undefined) return file;
  return mergeSharedGoals(file, await readSharedGoals(root, absPath, file.extends, env));
}

/**
 * Reads and parses the shared file of `source`, following its own `extends` (company -> division -> team): a path
 * is relative to the file that names it (inside the fetched copy for a git source, never leaving it); only the
 * first file may name a git source, since one fetched copy is kept. A cycle, a chain longer than MAX_EXTENDS_DEPTH
 * or a second git source is a problem at the offending `extends`, and the files before it still load.
 * Never throws: a file that cannot be read is `{ file: null, error }`.
 */
export async function readSharedGoals(root: string, absPath: string, source: GoalsSource, env?: NodeJS.ProcessEnv): Promise<SharedRead> {
  return readChain({ root, base: path.dirname(absPath), env }, { kind: 'path', path: absPath }, source, [`path:${absPath}`], [path.basename(absPath)]);
}

interface ChainContext {
  root: string;
  /** Folder of the local goals.yaml: names of shared files on disk are relative to it. */
  base: string;
  env?: NodeJS.ProcessEnv;
}

/** Where the file holding an `extends` is: on disk (absolute), or in the fetched copy of `git` (a path inside it). */
type Holder = { kind: 'path'; path: string } | { kind: 'git'; path: string; git: { repo: string; ref: string } };

async function readChain(ctx: ChainContext, holder: Holder, source: GoalsSource, seen: string[], names: string[]): Promise<SharedRead> {
  const refused = sourceError(source);
  if (refused !== null) return { file: null, error: refused };
  const depth = seen.length; // the local file is the first
  let target: Holder;
  let name: string;
  if (source.kind === 'git') {
    if (depth > 1) return { file: null, code: 'extends-chain', error: `a shared file may extend only a path (relative to it), not a second git source (${describeSource(source)})` };
    target = { kind: 'git', path: source.path, git: { repo: source.repo, ref: source.ref } };
    name = sharedFileName(source);
  } else if (holder.kind === 'git') {
    const inRepo = path.posix.normalize(path.posix.join(path.posix.dirname(holder.path), source.path.split('\\').join('/')));
    if (inRepo === '..' || inRepo.startsWith('../')) return { file: null, code: 'extends-chain', error: `extends ${source.path} leaves the repository ${holder.git.repo}` };
    target = { kind: 'git', path: inRepo, git: holder.git };
    name = sharedFileName({ ...source, kind: 'git', repo: holder.git.repo, ref: holder.git.ref, path: inRepo });
  } else {
    target = { kind: 'path', path: path.resolve(path.dirname(holder.path), source.path) };
    name = depth === 1 ? sharedFileName(source) : path.relative(ctx.base, target.path).split(path.sep).join('/');
  }
  const key = `${target.kind}:${target.path}`;
  if (seen.includes(key)) {
    if (depth === 1) return { file: null, code: 'extends-cycle', error: 'extends names this goals file itself' };
    return { file: null, code: 'extends-cycle', error: `extends ${source.path} makes a cycle (${[...names, name].join(' -> ')})` };
  }
  if (depth > MAX_EXTENDS_DEPTH) {
    return { file: null, code: 'extends-depth', error: `extends ${source.path} is more than ${MAX_EXTENDS_DEPTH} shared files deep (${[...names, name].join(' -> ')})` };
  }
  const read = target.kind === 'path' ? await readFromDisk(target.path, name) : await readFromCopy(ctx, target.git, target.path, name);
  if (read.file === null) return read;
  const files: SharedFileInfo[] = [{ name, location: { kind: target.kind, path: target.path } }];
  const next = read.file.extends;
  if (next === undefined) return { ...read, name, files };
  const inner = await readChain(ctx, target, next, [...seen, key], [...names, name]);
  return { file: mergeSharedGoals(read.file, inner), fetchedAt: read.fetchedAt, name, files: [...files, ...(inner.files ?? [])] };
}

async function readFromDisk(file: string, name: string): Promise<SharedRead> {
  try {
    const stat = await fsp.stat(file);
    if (!stat.isFile()) return { file: null, error: `${file} is not a file` };
    if (stat.size > SHARED_FILE_MAX_BYTES) return { file: null, error: tooLarge(stat.size) };
    return { file: parseGoalsFile(await fsp.readFile(file, 'utf8'), name), fetchedAt: null };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { file: null, error: code === 'ENOENT' || code === 'ENOTDIR' ? `no file at ${file}` : `cannot read ${file}: ${fsErrorReason(code)}` };
  }
}

/** A file of the copy fetched from `git` into SHARED_GOALS_REF: read only when that copy is of this source. */
async function readFromCopy(ctx: ChainContext, git: { repo: string; ref: string }, file: string, name: string): Promise<SharedRead> {
  try {
    const [recordBlob, goalsBlob] = await catFiles(ctx.root, [SHARED_SOURCE_REF, `${SHARED_GOALS_REF}:${file}`], SHARED_FILE_MAX_BYTES, ctx.env);
    const record = recordBlob.kind === 'ok' ? parseRecord(recordBlob.text) : null;
    if (record === null) return { file: null, error: `not fetched yet; ${PULL_HINT}` };
    if (record.repo !== git.repo || record.ref !== git.ref) {
      return { file: null, error: `the copy in ${SHARED_GOALS_REF} was fetched from ${record.repo} ${record.ref}; ${PULL_HINT}` };
    }
    if (goalsBlob.kind === 'missing') return { file: null, error: `no ${file} in ${git.repo} ${git.ref} (fetched ${record.fetchedAt})`, fetchedAt: record.fetchedAt };
    if (goalsBlob.kind === 'large') return { file: null, error: tooLarge(goalsBlob.size), fetchedAt: record.fetchedAt };
    return { file: parseGoalsFile(goalsBlob.text, name), fetchedAt: record.fetchedAt };
  } catch (err) {
    return { file: null, error: `cannot read the fetched copy: ${firstLine(err instanceof Error ? err.message : String(err))}` };
  }
}

/**
 * The text of `file` in the fetched copy (SHARED_GOALS_REF), for an editor to show a shared goal where it is
 * written; null when there is no such file. Throws when git cannot be run.
 */
export async function readFetchedSharedFile(root: string, file: string, env?: NodeJS.ProcessEnv): Promise<string | null> {
  const refused = pathSourceError(file, 'git');
  if (refused !== null) throw new Error(refused);
  const [blob] = await catFiles(root, [`${SHARED_GOALS_REF}:${file}`], SHARED_FILE_MAX_BYTES, env);
  return blob.kind === 'ok' ? blob.text : null;
}

function tooLarge(size: number): string {
  return `the shared file is ${size} bytes, more than the ${SHARED_FILE_MAX_BYTES} a goals file may have`;
}

function parseRecord(text: string): FetchRecord | null {
  try {
    const r = JSON.parse(text) as Partial<FetchRecord>;
    if (typeof r.repo === 'string' && typeof r.ref === 'string' && typeof r.commit === 'string' && typeof r.fetchedAt === 'string') return r as FetchRecord;
  } catch {
    /* not ours */
  }
  return null;
}

type Blob = { kind: 'ok'; text: string } | { kind: 'missing' } | { kind: 'large'; size: number };

/**
 * The blobs named by `names` (`<ref>` or `<ref>:<path>`), in one `git cat-file --batch`. A blob larger than
 * `maxBytes` is not kept (and git is stopped when it is the last one).
 */
function catFiles(cwd: string, names: string[], maxBytes: number, env?: NodeJS.ProcessEnv): Promise<Blob[]> {
  for (const n of names) if (/[\n\r\0]/.test(n)) return Promise.reject(new Error(`bad object name ${JSON.stringify(n)}`));
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, env: gitEnv(env), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const blobs: Blob[] = [];
    let buf: Buffer = Buffer.alloc(0);
    let done = false;
    let stderr = '';
    const finish = (err?: Error): void => {
      if (done) return;
      done = true;
      child.kill();
      if (err) reject(err);
      else resolve(blobs);
    };
    const parse = (): void => {
      while (blobs.length < names.length) {
        const nl = buf.indexOf(10);
        if (nl < 0) return;
        const header = buf.subarray(0, nl).toString('utf8');
        if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
          blobs.push({ kind: 'missing' });
          buf = buf.subarray(nl + 1);
          continue;
        }
        const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
        if (!m) {
          finish(new Error(`unexpected output of git cat-file: ${header.slice(0, 80)}`));
          return;
        }
        const size = Number(m[2]);
        if (size > maxBytes) {
          blobs.push({ kind: 'large', size });
          // The rest of the output is this object: the others (asked first) are already read.
          if (blobs.length < names.length) for (let i = blobs.length; i < names.length; i++) blobs.push({ kind: 'missing' });
          finish();
          return;
        }
        if (buf.length < nl + 1 + size + 1) return;
        const body = buf.subarray(nl + 1, nl + 1 + size);
        blobs.push(m[1] === 'blob' ? { kind: 'ok', text: body.toString('utf8') } : { kind: 'missing' });
        buf = buf.subarray(nl + 1 + size + 1);
      }
      finish();
    };
    child.on('error', (e) => finish(isSpawnMissing(e) ? new Error('git is not installed or not on PATH') : e));
    child.stdout.on('data', (chunk: Buffer) => {
      if (done) return;
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      parse();
    });
    child.stderr.on('data', (b: Buffer) => {
      if (stderr.length < 4096) stderr += b.toString('utf8');
    });
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => {
      if (done) return;
      if (blobs.length === names.length) finish();
      else finish(new Error(firstLine(stderr) || `git cat-file exited with ${code}`));
    });
    child.stdin.end(names.map((n) => n + '\n').join(''));
  });
}

export interface PullOptions {
  /** False in an untrusted workspace: nothing is fetched. */
  trusted: boolean;
  timeoutMs?: number;
  /** Extra environment (tests set PATH, HOME). */
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

export interface PullResult {
  ok: boolean;
  /** One line for the user: what was fetched, or why nothing was. */
  message: string;
  commit?: string;
  /** Shared goals in the fetched file (when it could be read). */
  goals?: number;
}

/** Environment of a fetch: never a prompt for a password or passphrase, in a terminal or a window. */
export function fetchEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = gitEnv(extra);
  // Overrides every protocol.*.allow of the user's config too (protocol.ext.allow=always included).
  env.GIT_ALLOW_PROTOCOL = ALLOWED_PROTOCOLS.join(':');
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_ASKPASS = ''; // empty: git asks no helper program (and skips core.askPass)
  env.GCM_INTERACTIVE = 'never';
  env.GIT_SSH_COMMAND = 'ssh -o BatchMode=yes -o ConnectTimeout=20';
  return env;
}

/** The arguments of the fetch of a (checked) git source into SHARED_GOALS_REF. */
export function fetchArgs(source: { repo: string; ref: string }): string[] {
  return [...PROTOCOL_GUARD, 'fetch', '--quiet', '--no-tags', '--no-recurse-submodules', '--no-write-fetch-head', '--no-auto-gc', '--', source.repo, `+${source.ref}:${SHARED_GOALS_REF}`];
}

/**
 * Fetches the shared goals of `source` into SHARED_GOALS_REF (explicit action only). Never throws for a failed
 * fetch: `ok: false` with one line saying why.
 */
export async function pullSharedGoals(root: string, source: GoalsSource | undefined, options: PullOptions): Promise<PullResult> {
  if (source === undefined) return { ok: false, message: 'goals.yaml has no extends: there are no shared goals to fetch' };
  if (source.kind === 'path') return { ok: true, message: `the shared goals are read from ${source.path} on disk: nothing to fetch` };
  if (!options.trusted) return { ok: false, message: 'shared goals are not fetched in an untrusted workspace' };
  const refused = sourceError(source);
  if (refused !== null) return { ok: false, message: `not fetched: ${refused}` };
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const what = `${source.repo} ${source.ref}`;
  const fetched = await runGit(root, fetchArgs(source), fetchEnv(options.env), timeoutMs);
  if (fetched.timedOut) return { ok: false, message: `could not fetch shared goals from ${what}: no answer within ${Math.round(timeoutMs / 1000)} s` };
  if (fetched.code !== 0) return { ok: false, message: `could not fetch shared goals from ${what}: ${gitReason(fetched.stderr)}` };
  const env = gitEnv(options.env);
  const commit = (await runGit(root, ['rev-parse', '--verify', '-q', `${SHARED_GOALS_REF}^{commit}`], env, timeoutMs)).stdout.trim();
  const record: FetchRecord = { repo: source.repo, ref: source.ref, commit, fetchedAt: (options.now ?? new Date()).toISOString() };
  const blob = await runGit(root, ['hash-object', '-w', '--stdin'], env, timeoutMs, JSON.stringify(record) + '\n');
  const update = blob.code === 0 ? await runGit(root, ['update-ref', SHARED_SOURCE_REF, blob.stdout.trim()], env, timeoutMs) : blob;
  if (update.code !== 0) return { ok: false, message: `fetched ${what}, but could not record it: ${gitReason(update.stderr)}` };
  const read = await readSharedGoals(root, path.join(root, 'goals.yaml'), source, options.env);
  if (read.file === null) return { ok: false, message: `fetched ${what} (${commit.slice(0, 12)}), but ${read.error}`, commit };
  const errors = read.file.problems.filter((p) => p.severity === 'error').length;
  const goals = read.file.goals.length;
  return {
    ok: true,
    commit,
    goals,
    message: `fetched ${goals} shared goal${goals === 1 ? '' : 's'} from ${describeSource(source)} (${commit.slice(0, 12)})${errors ? `; the shared file has ${errors} error${errors === 1 ? '' : 's'}` : ''}`,
  };
}

function gitReason(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const fatal = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines.at(0) ?? 'git failed';
  return firstLine(fatal.replace(/^(fatal|error):\s*/, ''));
}

function firstLine(text: string): string {
  const line = text.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
  return line.length > 200 ? line.slice(0, 199) + '…' : line;
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs git (no shell) with a time limit; the whole process group is killed when it is over. */
function runGit(cwd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number, input?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const posix = process.platform !== 'win32';
    const child = spawn('git', args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, detached: posix });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (posix && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => {
      if (stderr.length < 16_384) stderr += b.toString('utf8');
    });
    child.stdin.on('error', () => undefined);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: isSpawnMissing(e) ? 'git is not installed or not on PATH' : e.message, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
    child.stdin.end(input ?? '');
  });
}
