// Real git repositories in temp folders, for tests. Synchronous on purpose: tests read top to bottom.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface CommitOptions {
  /** Files to write (path -> content) before committing. Default: one file changed per commit. */
  files?: Record<string, string>;
  /** ISO date for author and committer, e.g. 2026-10-01T12:00:00Z. Default: a clock that ticks one minute per commit. */
  date?: string;
  author?: string; // "Name <email>"
  allowEmpty?: boolean;
}

let clock = Date.parse('2026-09-01T09:00:00Z');

export class TempRepo {
  private counter = 0;

  private constructor(readonly dir: string) {}

  static create(options: { branch?: string; bare?: boolean } = {}): TempRepo {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'goal-lens-test-')));
    const repo = new TempRepo(dir);
    repo.git('init', '-q', `--initial-branch=${options.branch ?? 'main'}`, ...(options.bare ? ['--bare'] : []));
    // No `git gc --auto` in the background: it would still be writing into the folder when the test removes it.
    repo.git('config', 'gc.auto', '0');
    if (!options.bare) {
      repo.git('config', 'user.name', 'Test User');
      repo.git('config', 'user.email', 'test@example.com');
      repo.git('config', 'commit.gpgsign', 'false');
    }
    return repo;
  }

  /** Runs git with an argument list (never a shell). Returns trimmed stdout. */
  git(...args: string[]): string {
    return this.gitWithEnv({}, ...args);
  }

  gitWithEnv(env: Record<string, string>, ...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: this.dir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
    }).trim();
  }

  write(file: string, content: string): void {
    const full = path.join(this.dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }

  read(file: string): string {
    return fs.readFileSync(path.join(this.dir, file), 'utf8');
  }

  /** Writes the files, stages everything and commits. Returns the new commit's sha. */
  commit(message: string, options: CommitOptions = {}): string {
    this.counter++;
    const files = options.files ?? { [`file${this.counter}.txt`]: `change ${this.counter}\n` };
    for (const [file, content] of Object.entries(files)) this.write(file, content);
    this.git('add', '-A');
    const date = options.date ?? new Date((clock += 60_000)).toISOString();
    const env: Record<string, string> = { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    const args = ['commit', '-q', '-m', message];
    if (options.allowEmpty) args.push('--allow-empty');
    if (options.author) args.push(`--author=${options.author}`);
    this.gitWithEnv(env, ...args);
    return this.git('rev-parse', 'HEAD');
  }

  /** `git merge --no-ff` of a branch into the current one, with an optional message. Returns the merge sha. */
  merge(branch: string, message?: string, date?: string): string {
    const d = date ?? new Date((clock += 60_000)).toISOString();
    const args = ['merge', '-q', '--no-ff', '--no-edit'];
    if (message) args.push('-m', message);
    args.push('--', branch);
    this.gitWithEnv({ GIT_AUTHOR_DATE: d, GIT_COMMITTER_DATE: d }, ...args);
    return this.git('rev-parse', 'HEAD');
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Whether a file that must never be written exists, removing it if so: a failing run (or the mutation check,
 * which makes these tests fail on purpose) leaves nothing behind for the next one.
 */
export function existedAndRemoved(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  fs.rmSync(file, { recursive: true, force: true });
  return true;
}

/**
 * A long history in `dir`, made by one `git fast-import` (seconds for 10,000 commits where `git commit` takes
 * minutes): `count` commits on main, commit i (from 1) as `commit(i)` gives it, goals.yaml added by the first.
 */
export function fastImportHistory(dir: string, goals: string, count: number, commit: (i: number) => { message: string; author: string; time: number }): void {
  const out: string[] = [];
  for (let i = 1; i <= count; i++) {
    const { message, author, time } = commit(i);
    out.push('commit refs/heads/main', `author ${author} ${time} +0000`, `committer Dev <dev@example.com> ${time} +0000`, `data ${Buffer.byteLength(message)}`, message);
    if (i === 1) out.push('M 100644 inline goals.yaml', `data ${Buffer.byteLength(goals)}`, goals);
    out.push('');
  }
  execFileSync('git', ['init', '-q', '--initial-branch=main', dir]);
  const r = spawnSync('git', ['-c', 'gc.auto=0', 'fast-import', '--quiet'], { cwd: dir, input: out.join('\n') });
  if (r.status !== 0) throw new Error(`git fast-import failed: ${String(r.stderr)}`);
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });
}
