// Shared goals (`extends:` in goals.yaml): checking a source before anything reads it, and merging the shared goals
// with the local ones. Pure: src/git/sharedGoals.ts reads the file; this decides what may be read and what results.
//
// Problem codes added here:
//   bad-extends      error    `extends` is not a path nor { repo, ref, path }, or names a source that is refused
//   shared-missing   error    the shared file could not be read (missing, not fetched yet, too large...): one line
//                            at `extends`; the local goals still load, their parents in the shared file are dropped
//   duplicate-id     error    a local goal has the id of a shared goal: the local one is skipped
//   unknown-parent   error    a local parent names no goal, local or shared
//   extends-cycle    error    a shared file's `extends` leads back to a file already in the chain: not followed
//   extends-depth    error    a chain longer than MAX_EXTENDS_DEPTH shared files: the last `extends` not followed
//   extends-chain    error    a shared file's `extends` names a git source (only the first file's may), or a path
//                            that leaves the fetched repository: not followed
//   nested-extends   warning  a shared file that itself has `extends` merged by a caller that did not follow it
import type { Goal, GoalsFile, GoalsSource, Problem, SharedFileInfo, SharedGoalsInfo } from '../types';
import { unknownParentMessage } from './problems';

/** The default file of a git source, and the default ref (the remote's HEAD). */
export const DEFAULT_SOURCE_PATH = 'goals.yaml';
export const DEFAULT_SOURCE_REF = 'HEAD';
/** The local ref a git source is fetched into, and read from (`git cat-file blob <ref>:<path>`). */
export const SHARED_GOALS_REF = 'refs/goal-lens/shared';
/** A shared goals file larger than this is refused: a goals file of 1,000 goals with every field is ~600 KiB. */
export const SHARED_FILE_MAX_BYTES = 4 * 1024 * 1024;
/** Shared files followed from one goals.yaml (company -> division -> team is 2): enough for any org chart, and a bound. */
export const MAX_EXTENDS_DEPTH = 5;

const URL_SCHEMES = ['https:', 'ssh:', 'git:', 'file:'];
/** `user@host:path`, git's scp-like ssh syntax (a host of one letter would be a Windows drive: not taken). */
const SCP_LIKE = /^(?:[A-Za-z0-9._~+-]+@)?([A-Za-z0-9][A-Za-z0-9.-]*):(?!\/\/)(.+)$/;
const HOST = /^[A-Za-z0-9[][A-Za-z0-9.:\]-]*$/;

/**
 * Why a repository address may not be fetched, or null when it may: only https, ssh (URL or scp-like), git and
 * file sources. `ext::` and other remote helpers, plain http, a value starting with '-' (it would become an option
 * such as --upload-pack=...), spaces and control characters are refused. git's protocol.allow is the second guard.
 */
export function repoSourceError(repo: string): string | null {
  if (typeof repo !== 'string' || repo.trim() === '') return 'the repository address is empty';
  if (repo.startsWith('-')) return `the repository '${clip(repo)}' starts with '-' (it would be read as an option)`;
  if (/\s/.test(repo) || Array.from(repo).some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)) return `the repository '${clip(repo)}' has spaces or control characters`;
  if (repo.includes('::')) return `the repository '${clip(repo)}' names a remote helper ('::'); only https, ssh, git and file sources are fetched`;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(repo);
  if (scheme) {
    const proto = scheme[1].toLowerCase() + ':';
    if (!URL_SCHEMES.includes(proto)) return `the repository '${clip(repo)}' uses ${scheme[1]}://; only https, ssh, git and file sources are fetched`;
    let url: URL;
    try {
      url = new URL(repo);
    } catch {
      return `the repository '${clip(repo)}' is not a valid URL`;
    }
    if (proto === 'file:') return url.host === '' || url.host === 'localhost' ? null : `the file URL '${clip(repo)}' names a host; write file:///path`;
    if (url.hostname === '' || !HOST.test(url.hostname)) return `the repository '${clip(repo)}' has no valid host`;
    return null;
  }
  const scp = SCP_LIKE.exec(repo);
  if (scp && scp[1].length > 1 && !scp[2].startsWith('-')) return null;
  return `the repository '${clip(repo)}' is not an https://, ssh://, git://, file:/// or user@host:path address`;
}

/** Why a ref may not be fetched, or null: a branch, tag or full ref name, or HEAD. Never an option, a range or a refspec. */
export function refSourceError(ref: string): string | null {
  if (typeof ref !== 'string' || ref === '') return 'the ref is empty';
  if (ref.startsWith('-')) return `the ref '${clip(ref)}' starts with '-' (it would be read as an option)`;
  if (
    !/^[A-Za-z0-9._/+-]+$/.test(ref) ||
    ref.includes('..') ||
    ref.includes('//') ||
    ref.startsWith('/') ||
    ref.endsWith('/') ||
    ref.endsWith('.lock') ||
    ref.endsWith('.')
  ) {
    return `the ref '${clip(ref)}' is not a branch, tag or ref name`;
  }
  return null;
}

/** Why a file path (of a git source, or relative to goals.yaml) may not be read, or null. `..` is allowed only on disk. */
export function pathSourceError(file: string, kind: GoalsSource['kind']): string | null {
  if (typeof file !== 'string' || file.trim() === '') return 'the path is empty';
  if (/[\0\n\r]/.test(file)) return 'the path has control characters';
  if (file.startsWith('/') || file.startsWith('\\') || /^[A-Za-z]:/.test(file)) return `the path '${clip(file)}' is absolute; write it relative to goals.yaml`;
  if (kind === 'git' && file.split(/[\\/]/).includes('..')) return `the path '${clip(file)}' leaves the repository`;
  return null;
}

/** Why a whole source may not be read, or null. */
export function sourceError(source: GoalsSource): string | null {
  if (source.kind === 'path') return pathSourceError(source.path, 'path');
  return repoSourceError(source.repo) ?? refSourceError(source.ref) ?? pathSourceError(source.path, 'git');
}

/** The name shared problems and shared goals carry: the path as written, or `<path> (<repo> <ref>)`. */
export function sharedFileName(source: GoalsSource): string {
  return source.kind === 'path' ? source.path : `${source.path} (${source.repo} ${source.ref})`;
}

/** Short text of a source for messages. */
export function describeSource(source: GoalsSource): string {
  return source.kind === 'path' ? source.path : `${source.repo} ${source.ref}:${source.path}`;
}

export interface SharedRead {
  /** The shared file parsed (with parseGoalsFile, named {@link sharedFileName}), or null when it could not be read. */
  file: GoalsFile | null;
  /** One line saying why it could not be read. */
  error?: string;
  /** When the copy was fetched (git sources), null when unknown or a path source. */
  fetchedAt?: string | null;
  /** The name the shared file's goals and problems carry (default: sharedFileName of the source). */
  name?: string;
  /** The problem code when the file was not read (default shared-missing): extends-cycle, extends-depth... */
  code?: string;
  /** The shared files read, nearest first (the file, then those it extends). */
  files?: SharedFileInfo[];
}

/**
 * The goals of `local` on top of the shared ones: shared goals first, then the local goals, which may hang under
 * shared ones. A local id equal to a shared one is an error at the local goal (the shared goal is kept). Problems of
 * the shared file keep its name and lines. `local` without `extends` is returned as it is.
 */
export function mergeSharedGoals(local: GoalsFile, shared: SharedRead): GoalsFile {
  const source = local.extends;
  if (source === undefined) return local;
  const name = shared.name ?? sharedFileName(source);
  const problems: Problem[] = []; // of the local file
  const sharedProblems: Problem[] = [];
  const info: SharedGoalsInfo = { source, file: name, goals: 0, fetchedAt: shared.fetchedAt ?? null, ...(shared.files ? { files: shared.files } : {}) };
  const at = (code: string, severity: Problem['severity'], message: string, line: number, column: number): Problem => ({
    file: local.file,
    line,
    column,
    message,
    severity,
    code,
  });

  const sharedGoals: Goal[] = [];
  const byId = new Map<string, Goal>();
  if (shared.file === null) {
    const reason = shared.error ?? 'it could not be read';
    info.error = `shared goals from ${describeSource(source)} not loaded: ${reason}`;
    // A chain problem (cycle, depth...) names the extends it is about; the others say which source failed.
    const message = shared.code === undefined ? info.error : `${reason}: not followed`;
    problems.push(at(shared.code ?? 'shared-missing', 'error', `${message}; the goals of this file still work`, source.line, source.column));
  } else {
    const own = shared.file.file;
    // Goals and problems of a file further up the chain keep that file's name.
    for (const g of shared.file.goals) {
      const copy: Goal = { ...g, file: g.file ?? name };
      sharedGoals.push(copy);
      byId.set(g.id, copy);
    }
    info.goals = sharedGoals.length;
    for (const p of shared.file.problems) sharedProblems.push({ ...p, file: p.file === own ? name : p.file });
    if (shared.file.extends !== undefined && shared.file.shared === undefined) {
      const e = shared.file.extends;
      sharedProblems.push({ file: name, line: e.line, column: e.column, severity: 'warning', code: 'nested-extends', message: `'extends' in a shared goals file is not followed (${clip(describeSource(e))})` });
    }
  }

  const goals: Goal[] = [...sharedGoals];
  const localKept = new Map<string, Goal>();
  for (const g of local.goals) {
    const first = byId.get(g.id);
    if (first !== undefined) {
      problems.push(at('duplicate-id', 'error', `duplicate goal id '${clip(g.id)}': already a shared goal (line ${first.line} of ${first.file ?? name}); this one is skipped`, g.line, g.column));
      continue;
    }
    localKept.set(g.id, g);
    goals.push(g);
  }
  for (const u of local.unresolvedParents ?? []) {
    const goal = localKept.get(u.goalId);
    if (goal === undefined) continue;
    if (byId.has(u.parent)) {
      // A shared goal never has a local parent, so a local goal under a shared one closes no cycle.
      localKept.set(u.goalId, (goals[goals.indexOf(goal)] = { ...goal, parent: u.parent }));
    } else if (shared.file !== null) {
      problems.push({ ...u.problem, message: unknownParentMessage(u.parent, [...localKept.keys(), ...byId.keys()]) });
    }
  }
  const localProblems = [...local.problems, ...problems].sort((a, b) => a.line - b.line || a.column - b.column);
  const result: GoalsFile = { ...local, goals, problems: [...localProblems, ...sharedProblems], shared: info };
  delete result.unresolvedParents;
  return result;
}

function clip(text: string, max = 80): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}
