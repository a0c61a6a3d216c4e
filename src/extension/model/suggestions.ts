// The suggestions of each repository: derived state of its index, like the index itself, so it lives beside the
// repository model. The Goals view, the pickers, the exports and the triage commands all read this one instance.
import * as vscode from 'vscode';
import type { GoalIndex } from '../../core/index/goalIndex';
import { oneStepOf, Suggester, type GoalSuggestion, type OneStep } from '../../core/suggest/suggest';
import type { Goal } from '../../core/types';
import { commitFilesCached } from '../../git/commitFiles';
import type { RepoState } from './model';

/** Untagged commits whose changed files are read even when older than the files pass's cap. */
const INCLUDE_UNTAGGED = 2000;

interface Entry {
  index: GoalIndex;
  suggester: Suggester | undefined;
  building: Promise<Suggester>;
  memo: Map<string, GoalSuggestion[]>;
}

/**
 * The suggestions of each repository, built in the background from its index and the files its commits changed,
 * once per index. Reads are synchronous once built (the tree asks on every render); `onDidChange` fires with the
 * repository root when a build finishes.
 */
export class UntaggedSuggestions implements vscode.Disposable {
  private readonly _onDidChange = new vscode.EventEmitter<string>();
  readonly onDidChange = this._onDidChange.event;
  private readonly entries = new Map<string, Entry>();

  /** The suggestions of a commit if they are ready; otherwise starts building them and returns undefined. */
  peek(state: RepoState, sha: string): GoalSuggestion[] | undefined {
    const e = this.entry(state);
    if (!e?.suggester) return undefined;
    return this.memo(e, e.suggester, sha);
  }

  /** The first suggestion of a commit, if ready. */
  first(state: RepoState, sha: string): GoalSuggestion | undefined {
    return this.peek(state, sha)?.[0];
  }

  /** "Can be tagged in one step" for the reports, if the suggestions are built (else starts building them). */
  oneStep(state: RepoState): OneStep | undefined {
    const e = this.entry(state);
    const s = e?.suggester;
    return e && s ? oneStepOf((sha) => this.memo(e, s, sha)) : undefined;
  }

  /** The same, waiting for the suggestions to be built. */
  async oneStepReady(state: RepoState): Promise<OneStep | undefined> {
    const e = this.entry(state);
    if (!e) return undefined;
    const s = await e.building;
    return oneStepOf((sha) => this.memo(e, s, sha));
  }

  async forCommit(state: RepoState, sha: string): Promise<GoalSuggestion[]> {
    const e = this.entry(state);
    if (!e) return [];
    return this.memo(e, await e.building, sha);
  }

  /** Suggestions for work not yet committed (its files, on top of HEAD), or a branch (its name's words as the subject). */
  async forDraft(state: RepoState, files: readonly string[], subject?: string): Promise<GoalSuggestion[]> {
    const e = this.entry(state);
    if (!e) return [];
    const s = await e.building;
    return s.suggestDraft({ files, subject, time: Math.floor(Date.now() / 1000), email: state.userEmail ?? undefined, head: e.index.head });
  }

  private memo(e: Entry, s: Suggester, sha: string): GoalSuggestion[] {
    let hit = e.memo.get(sha);
    if (!hit) {
      hit = s.suggest(sha).suggestions;
      e.memo.set(sha, hit);
    }
    return hit;
  }

  private entry(state: RepoState): Entry | undefined {
    const index = state.index;
    if (!index) return undefined;
    const old = this.entries.get(state.root);
    if (old && old.index === index) return old;
    const include = index.untagged.slice(0, INCLUDE_UNTAGGED).map((c) => c.sha);
    const building = commitFilesCached(state.repo, { include }).then((files) => new Suggester(index, files));
    const e: Entry = { index, suggester: undefined, building, memo: new Map() };
    this.entries.set(state.root, e);
    building.then(
      (s) => {
        if (this.entries.get(state.root) !== e) return;
        e.suggester = s;
        this._onDidChange.fire(state.root);
      },
      () => {
        if (this.entries.get(state.root) === e) this.entries.delete(state.root);
      },
    );
    return e;
  }

  dispose(): void {
    this._onDidChange.dispose();
    this.entries.clear();
  }
}

/** The one instance the Goals view, the pickers and the commands share. */
export const untaggedSuggestions = new UntaggedSuggestions();

/** Goals for a picker, best first, with the reason in words: the same suggestions as the triage of untagged work. */
export async function pickerSuggestions(state: RepoState, target: { sha: string } | { files: readonly string[]; subject?: string }): Promise<{ goal: Goal; why: string; confidence: number }[]> {
  const index = state.index;
  if (!index) return [];
  // A short sha (typed by a user, or a test) names the commit it starts.
  const sha = 'sha' in target ? (index.bySha.has(target.sha) ? target.sha : index.commits.find((c) => c.sha.startsWith(target.sha))?.sha) : undefined;
  if ('sha' in target && !sha) return [];
  const list = sha ? await untaggedSuggestions.forCommit(state, sha) : await untaggedSuggestions.forDraft(state, 'files' in target ? target.files : [], 'files' in target ? target.subject : undefined);
  return list.flatMap((s) => {
    const goal = index.goals.get(s.goalId);
    return goal ? [{ goal, why: `${Math.round(s.confidence * 100)}%: ${s.evidence.map((e) => e.text).join('; ')}`, confidence: s.confidence }] : [];
  });
}
