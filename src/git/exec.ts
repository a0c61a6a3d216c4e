// Running git. Arguments are always arrays handed to git without a shell.
// Ordinary commands go through simple-git; commands that need stdin or streaming use child_process.spawn
// (simple-git can neither stream stdout nor write to stdin).
import { spawn } from 'child_process';
import { simpleGit, type SimpleGit } from 'simple-git';
import { GitAbortedError, GitCommandError, GitMissingError, UnsafeArgumentError } from './errors';

export interface GitResult {
  stdout: string;
  exitCode: number;
  /** Only for an accepted non-zero exit (simple-git keeps stderr only on failure). */
  stderr: string;
}

/**
 * simple-git turns whatever the `errors` hook returns into its own GitError carrying only a message, so the
 * exit code travels in that message behind this marker; {@link parseExit} reads it back.
 */
const EXIT_MARKER = 'goal-lens-exit:';

function parseExit(err: unknown): { exitCode: number; stderr: string } | undefined {
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  const at = message.indexOf(EXIT_MARKER);
  if (at === -1) return undefined;
  const rest = message.slice(at + EXIT_MARKER.length);
  const nl = rest.indexOf('\n');
  return { exitCode: Number(nl === -1 ? rest : rest.slice(0, nl)), stderr: nl === -1 ? '' : rest.slice(nl + 1) };
}

/**
 * Variables that make git launch other programs (editor, pager, askpass, ssh, proxy, external diff) or pick a
 * template dir. Goal Lens never needs any of them (no prompts, no network), and simple-git refuses to run
 * with them set, so they are dropped. Variables that choose config files are kept, so git reads the same
 * configuration as in the user's terminal.
 */
const DROPPED_ENV = new Set([
  'editor', 'git_editor', 'git_sequence_editor', 'pager', 'git_pager', 'git_askpass', 'ssh_askpass',
  'git_ssh', 'git_ssh_command', 'git_proxy_command', 'git_external_diff', 'git_template_dir',
]);

/** Environment for every git process: no prompts, no optional locks (we only read), English messages. */
export function gitEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries({ ...process.env, ...extra })) {
    if (v !== undefined && !DROPPED_ENV.has(k.toLowerCase().trim())) env[k] = v;
  }
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_OPTIONAL_LOCKS = '0';
  env.LC_ALL = 'C';
  env.LANGUAGE = 'C';
  return env;
}

export function isSpawnMissing(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown };
  return e.code === 'ENOENT' || (typeof e.message === 'string' && /spawn \S*git\S* ENOENT/.test(e.message));
}

export class GitRunner {
  private readonly sg: SimpleGit;
  readonly env: NodeJS.ProcessEnv;

  constructor(readonly cwd: string, env?: NodeJS.ProcessEnv) {
    this.env = gitEnv(env);
    this.sg = simpleGit({
      baseDir: cwd,
      trimmed: false,
      maxConcurrentProcesses: 4,
      // Only the config-file variables kept by gitEnv (GIT_CONFIG_GLOBAL, GIT_CONFIG_COUNT...); our own arguments never set config paths.
      unsafe: { allowUnsafeConfigPaths: true, allowUnsafeConfigEnvCount: true },
      errors: (error, result) => {
        // simple-git's own detection has already turned "exit != 0 with stderr" into an Error; replace it so
        // the exit code is kept. Spawn failures (git missing) pass through.
        if (error instanceof Error && isSpawnMissing(error)) return error;
        if (result.exitCode !== 0) return Buffer.concat([Buffer.from(`${EXIT_MARKER}${result.exitCode}\n`), ...result.stdErr]);
        return error;
      },
    }).env(this.env);
  }

  /**
   * Runs `git <args>` through simple-git. Resolves for exit 0 and for the exit codes in `okCodes`
   * (e.g. 1 for `config --get` of an unset key); anything else becomes a {@link GitCommandError}.
   */
  async run(args: string[], okCodes: number[] = []): Promise<GitResult> {
    try {
      const stdout = await this.sg.raw(args);
      return { stdout, exitCode: 0, stderr: '' };
    } catch (err) {
      const exit = parseExit(err);
      if (exit && okCodes.includes(exit.exitCode)) return { stdout: '', exitCode: exit.exitCode, stderr: exit.stderr };
      if (exit) throw new GitCommandError(args[0] ?? '', exit.exitCode, exit.stderr);
      if (isSpawnMissing(err)) throw new GitMissingError();
      throw new GitCommandError(args[0] ?? '', null, err instanceof Error ? err.message : String(err));
    }
  }

  /** stdout of a successful command (exit 0). */
  async out(args: string[]): Promise<string> {
    return (await this.run(args)).stdout;
  }

  /**
   * Like {@link run}, but spawned here: for the small reads every load and refresh makes. simple-git waits 50 ms
   * more for a process that printed nothing (`config --get-regexp` with no match, `symbolic-ref -q` on a detached
   * HEAD, an empty `rev-list`): that wait was half of an editor refresh.
   */
  read(args: string[], okCodes: number[] = []): Promise<GitResult> {
    return this.collect(args, '', okCodes).then(({ stdout, stderr, exitCode }) => ({ stdout: stdout.toString('utf8'), exitCode, stderr: exitCode === 0 ? '' : stderr }));
  }

  /** Runs git with `input` on stdin and collects stdout as a Buffer (spawn: simple-git has no stdin). */
  spawnBuffered(args: string[], input?: string | Buffer, okCodes: number[] = []): Promise<{ stdout: Buffer; exitCode: number }> {
    return this.collect(args, input ?? '', okCodes).then(({ stdout, exitCode }) => ({ stdout, exitCode }));
  }

  /** Spawns git, feeds `input` to stdin and collects its output; an exit code not 0 or in `okCodes` rejects. */
  private collect(args: string[], input: string | Buffer, okCodes: number[]): Promise<{ stdout: Buffer; stderr: string; exitCode: number }> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', args, { cwd: this.cwd, env: this.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let failed = false;
      child.on('error', (e) => {
        failed = true;
        reject(isSpawnMissing(e) ? new GitMissingError() : new GitCommandError(args[0] ?? '', null, e.message));
      });
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.stdin.on('error', () => undefined); // git may exit before reading everything; the exit code tells
      child.on('close', (code) => {
        if (failed) return;
        const exitCode = code ?? -1;
        const stderr = Buffer.concat(err).toString('utf8');
        if (exitCode === 0 || okCodes.includes(exitCode)) resolve({ stdout: Buffer.concat(out), stderr, exitCode });
        else reject(new GitCommandError(args[0] ?? '', exitCode, stderr));
      });
      child.stdin.end(input);
    });
  }
}

/**
 * Runs `git <args>` (no shell) and hands stdout chunks to `onChunk` as they arrive: for output too large to hold
 * as one string (the big log, `--name-only` passes). Exit codes in `okCodes` count as success.
 */
export function spawnGitStream(
  cwd: string,
  env: NodeJS.ProcessEnv,
  args: string[],
  onChunk: (b: Buffer) => void,
  options: { signal?: AbortSignal; okCodes?: number[] } = {},
): Promise<void> {
  const { signal, okCodes = [] } = options;
  for (const a of args) if (a.includes('\0')) return Promise.reject(new UnsafeArgumentError('argument', a));
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new GitAbortedError());
      return;
    }
    // GIT_FLUSH=0: to a pipe git otherwise flushes after every commit of a log (200,000 writes of ~400 bytes, each
    // a wake-up and a callback here), which made a piped log ~1.5x slower than git log to a file.
    const child = spawn('git', args, { cwd, env: { ...env, GIT_FLUSH: '0' }, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const cmd = args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? 'git';
    let settled = false;
    const stderr: Buffer[] = [];
    let stderrLength = 0;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (err) {
        child.kill();
        reject(err);
      } else resolve();
    };
    const onAbort = (): void => finish(new GitAbortedError());
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e) => finish(isSpawnMissing(e) ? new GitMissingError() : new GitCommandError(cmd, null, e.message)));
    child.stdout.on('data', (chunk: Buffer) => {
      if (settled) return;
      try {
        onChunk(chunk);
      } catch (e) {
        finish(e instanceof Error ? e : new Error(String(e)));
      }
    });
    child.stderr.on('data', (b: Buffer) => {
      if (stderrLength < 64 * 1024) {
        stderr.push(b);
        stderrLength += b.length;
      }
    });
    child.on('close', (code) => {
      if (code === 0 || (code !== null && okCodes.includes(code))) finish();
      else finish(new GitCommandError(cmd, code, Buffer.concat(stderr).toString('utf8')));
    });
  });
}
