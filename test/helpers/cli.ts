// The built command line, run as a user runs it: `node dist/cli.js ...` in a given folder, never a shell.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The repository's root (tests run from out/test/...). */
export const ROOT = path.resolve(__dirname, '../../..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
/** "Now" for every run, so ages and weeks in the output are repeatable. */
export const CLI_NOW = '2026-11-05T00:00:00Z';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `goal-lens <args>` in `cwd` with HOME there (no user git config) and a fixed clock; `env` adds or overrides. */
export function cli(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): CliRun {
  assert.ok(fs.existsSync(CLI), `build first (npm run build): ${CLI} is missing`);
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, HOME: cwd, GIT_CONFIG_NOSYSTEM: '1', GOAL_LENS_NOW: CLI_NOW, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Asserts a failed run said what went wrong in one line on stderr: no stack trace, not an internal error. */
export function assertOneLineError(r: CliRun, pattern: RegExp, code = 1): void {
  assert.strictEqual(r.code, code, `exit code; stderr: ${r.stderr}`);
  assert.match(r.stderr, pattern);
  assert.strictEqual(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\bat .*\.js:\d+/, 'no stack trace');
  assert.doesNotMatch(r.stderr, /internal error/, 'a user-caused error is not an internal one');
}
