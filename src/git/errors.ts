// Typed errors of src/git. Every message is one clear line meant for the user (no stack needed).

export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** git is not installed or not on PATH. */
export class GitMissingError extends GitError {
  constructor() {
    super('git was not found on PATH; install git or set PATH');
  }
}

export class NotARepositoryError extends GitError {
  constructor(readonly dir: string, detail?: string) {
    super(detail ? `${dir} is not a git repository: ${detail}` : `${dir} is not inside a git repository`);
  }
}

/** The folder has a .git, but git cannot read it: a moved worktree or submodule, or a damaged repository. */
export class DamagedRepositoryError extends GitError {
  constructor(readonly dir: string, detail: string) {
    super(`${dir} cannot be read as a git repository: ${detail}`);
  }
}

export class BareRepositoryError extends GitError {
  constructor(readonly dir: string) {
    super(`${dir} is a bare repository; Goal Lens needs a work tree`);
  }
}

/**
 * git refuses a repository that belongs to another user ("dubious ownership", git 2.35.2+). Goal Lens never
 * writes the exception itself: trusting a repository is the user's call, so the message says how.
 */
export class UnsafeRepositoryError extends GitError {
  constructor(readonly dir: string, readonly repoPath: string) {
    const quoted = `'${repoPath.replace(/'/g, `'\\''`)}'`;
    super(`${repoPath} belongs to another user, so git refuses to read it; if you trust it, run: git config --global --add safe.directory ${quoted}`);
  }
}

/** A revision that does not name a commit (or that looks like an option). */
export class UnknownCommitError extends GitError {
  constructor(readonly rev: string) {
    super(`unknown commit '${rev}'`);
  }
}

/** A value (ref, branch, key, goal id) that Goal Lens refuses to hand to git. */
export class UnsafeArgumentError extends GitError {
  constructor(what: string, value: string) {
    super(`refusing ${what} '${value}': it is not a valid name`);
  }
}

/** A git command failed; `message` is git's own first error line. */
export class GitCommandError extends GitError {
  constructor(readonly command: string, readonly exitCode: number | null, readonly stderr: string) {
    super(`git ${command} failed: ${firstErrorLine(stderr) || `exit code ${exitCode}`}`);
  }
}

/** The first meaningful line of git's stderr ("fatal: ..." / "error: ..."), without the prefix. */
export function firstErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  const fatal = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines.at(0) ?? '';
  return fatal.replace(/^(fatal|error):\s*/, '');
}

/** A git run was cancelled through its AbortSignal. */
export class GitAbortedError extends GitError {
  constructor() {
    super('git was cancelled');
  }
}

/** A file-system error code (ENOENT, EACCES...) in words, for messages like "cannot write X: <reason>". */
export function fsErrorReason(code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ELOOP':
      return 'a symbolic link that loops';
    default:
      return code ?? 'unknown error';
  }
}
