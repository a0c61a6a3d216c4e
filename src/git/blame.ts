// Who last changed each line of a file: `git blame --incremental`, parsed.
import { GitCommandError, UnsafeArgumentError } from './errors';
import type { GitRunner } from './exec';

export interface BlameLine {
  /** 1-based line number in the working tree file (or in `contents` when given). */
  line: number;
  sha: string;
  /** The line is not committed yet (git reports the all-zero sha). */
  uncommitted: boolean;
}

/**
 * Who last changed each line (`git blame --incremental`). Blames the working tree file, or `contents`
 * (e.g. an unsaved editor buffer) when given. A file git does not track yields [].
 */
export async function blame(git: GitRunner, file: string, contents?: string): Promise<BlameLine[]> {
  if (file.length === 0 || file.includes('\0')) throw new UnsafeArgumentError('path', file);
  const args = ['blame', '--incremental', ...(contents !== undefined ? ['--contents', '-'] : []), '--', file];
  let stdout: Buffer;
  try {
    stdout = (await git.spawnBuffered(args, contents)).stdout;
  } catch (err) {
    if (err instanceof GitCommandError && /no such path|no such ref: HEAD/i.test(err.stderr)) return [];
    throw err;
  }
  const lines: (BlameLine | undefined)[] = []; // sparse: git may leave lines out
  for (const text of stdout.toString('utf8').split('\n')) {
    const m = /^([0-9a-f]{40,64}) \d+ (\d+) (\d+)$/.exec(text);
    if (!m) continue;
    const sha = m[1];
    const uncommitted = /^0+$/.test(sha);
    const first = Number(m[2]);
    const count = Number(m[3]);
    for (let i = 0; i < count; i++) lines[first - 1 + i] = { line: first + i, sha, uncommitted };
  }
  return lines.filter((l): l is BlameLine => l !== undefined);
}
