// The refs of a repository as Goal Lens reads them (one `for-each-ref`: branches, remote branches, tags peeled to
// their commit, origin/HEAD and the notes tip), and the pick of the default branch among them.
import type { RefInfo, RefKind } from '../core/types';
import type { GitRunner } from './exec';
import { NOTES_REF } from './notes';

const ORIGIN_HEAD = 'refs/remotes/origin/HEAD';

/** The refs part of a load ({@link GitRepo.state}). */
export interface RefState {
  /** Local branches, remote branches and tags (tags peeled to their commit), symbolic refs left out. */
  refs: RefInfo[];
  /** What refs/remotes/origin/HEAD points at, or null. */
  originHead: string | null;
  /** The commit of refs/notes/goals, or null. */
  notesTip: string | null;
}

function refKind(name: string): RefKind | null {
  if (name.startsWith('refs/heads/')) return 'branch';
  if (name.startsWith('refs/remotes/')) return 'remote';
  if (name.startsWith('refs/tags/')) return 'tag';
  return null;
}

function shortName(name: string): string {
  for (const p of ['refs/heads/', 'refs/remotes/', 'refs/tags/']) if (name.startsWith(p)) return name.slice(p.length);
  return name;
}

/** The refs, the target of refs/remotes/origin/HEAD and the notes tip: one `for-each-ref`. */
export async function readRefState(git: GitRunner): Promise<RefState> {
  const { stdout: out } = await git.read([
    'for-each-ref',
    '--format=%(refname)%00%(symref)%00%(objectname)%00%(objecttype)%00%(*objectname)%00%(*objecttype)',
    'refs/heads', 'refs/remotes', 'refs/tags', NOTES_REF,
  ]);
  const refs: RefInfo[] = [];
  let originHead: string | null = null;
  let notesTip: string | null = null;
  for (const line of out.split('\n')) {
    if (line.length === 0) continue;
    const [name, symref, oid, type, peeledOid, peeledType] = line.split('\0');
    // Tags of trees or blobs (or nested tags) name no commit.
    const sha = type === 'commit' ? oid : type === 'tag' && peeledType === 'commit' ? peeledOid : null;
    if (name === NOTES_REF) {
      notesTip = sha;
      continue;
    }
    if (symref) {
      if (name === ORIGIN_HEAD) originHead = symref;
      continue;
    }
    const kind = refKind(name);
    if (kind && sha) refs.push({ name, short: shortName(name), sha, kind });
  }
  return { refs, originHead, notesTip };
}

/** The merge bases of HEAD and the default branch's tip, with the two commits they were computed for. */
export interface DefaultBases {
  readonly head: string;
  readonly tip: string;
  readonly bases: string[];
}

/** The default branch among the refs a {@link GitRepo.state} read (see {@link pickDefaultBranch}). */
export function defaultBranchOf(state: Pick<RefState, 'refs' | 'originHead'>, setting: string | undefined): string | null {
  return pickDefaultBranch(setting, new Set(state.refs.map((r) => r.name)), state.originHead);
}

export function pickDefaultBranch(setting: string | undefined, names: Set<string>, originHead: string | null): string | null {
  if (setting && setting.trim().length > 0) {
    const s = setting.trim();
    const candidates = s.startsWith('refs/') ? [s] : [`refs/heads/${s}`, `refs/remotes/${s}`];
    for (const c of candidates) if (names.has(c)) return c;
  }
  if (originHead && names.has(originHead)) return originHead;
  for (const c of ['refs/heads/main', 'refs/heads/master', 'refs/remotes/origin/main', 'refs/remotes/origin/master']) {
    if (names.has(c)) return c;
  }
  return null;
}
