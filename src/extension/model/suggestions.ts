// The suggestions of each repository: derived state of its index, like the index itself, so it lives beside the
// repository model. The Goals view, the pickers, the exports and the triage commands all read this one instance.
import * as vscode from 'vscode';
import type { GoalIndex } from '../../core/index/goalIndex';
import type { GoalSuggestion, OneStep } from '../../core/suggest/suggest';
import type { Goal } from '../../core/types';
import { commitFilesCached } from '../../git/commitFiles';
import type { RepoState } from './model';
import { SuggestWorker, type SuggestionsBuild } from './suggestWorkerClient';

/** Untagged commits whose changed files are read even when older than the files pass's cap, and answered up front. */
const INCLUDE_UNTAGGED = 2000;

interface Entry {
  index: GoalIndex;
  /** Set once the files are read and the index is on its way to the worker. */
  build: SuggestionsBuild | undefined;
  building: Promise<SuggestionsBuild>;
  /** The newest untagged commits' suggestions have arrived. */
  ready: boolean;
  oneStep: ReadonlySet<string> | undefined;
  /** Answers for commits asked one by one (older untagged commits), and those being asked. */
  memo: Map<string, readonly GoalSuggestion[]>;
  asking: Set<string>;
}

/**
 * The suggestions of each repository, built in the background from its index and the files its commits changed,
 * once per index. The model is built and every untagged commit scored in a worker thread (suggestWorkerClient.ts):
 * the extension host's thread only copies the index over, in short slices. Reads are synchronous where the answer
 * is here (the tree asks on every render); `onDidChange` fires with the repository root as answers arrive.
 */
export class UntaggedSuggestions implements vscode.Disposable {
  private readonly _onDidChange = new vscode.EventEmitter<string>();
  readonly onDidChange = this._onDidChange.event;
  private readonly entries = new Map<string, Entry>();
  private readonly worker = new SuggestWorker();
  /** Roots whose change is fired on the next turn: answers arriving together redraw once. */
  private readonly changed = new Set<string>();

  /** The suggestions of a commit if they are here; otherwise asks for them (onDidChange follows) and returns undefined. */
  peek(state: RepoState, sha: string): readonly GoalSuggestion[] | undefined {
    const e = this.entry(state);
    if (!e?.ready || !e.build) return undefined;
    const hit = e.build.known.get(sha) ?? e.memo.get(sha);
    if (hit || e.asking.has(sha) || !e.index.bySha.has(sha)) return hit;
    e.asking.add(sha);
    e.build.ask(sha).then(
      (list) => {
        e.asking.delete(sha);
        e.memo.set(sha, list);
        if (this.entries.get(state.root) === e) this.fire(state.root);
      },
      () => e.asking.delete(sha),
    );
    return undefined;
  }

  /** The first suggestion of a commit, if ready. */
  first(state: RepoState, sha: string): GoalSuggestion | undefined {
    return this.peek(state, sha)?.[0];
  }

  /** "Can be tagged in one step" for the reports, once every untagged commit is scored (else starts building). */
  oneStep(state: RepoState): OneStep | undefined {
    const set = this.entry(state)?.oneStep;
    return set ? (sha) => set.has(sha) : undefined;
  }

  /** The same, waiting for the suggestions to be built. */
  async oneStepReady(state: RepoState): Promise<OneStep | undefined> {
    const set = await this.withBuild(state, (_e, b) => b.oneStep);
    return set && ((sha) => set.has(sha));
  }

  async forCommit(state: RepoState, sha: string): Promise<readonly GoalSuggestion[]> {
    const list = await this.withBuild(state, async (e, b) => {
      const hit = b.known.get(sha) ?? e.memo.get(sha);
      if (hit) return hit;
      const asked = await b.ask(sha);
      e.memo.set(sha, asked);
      return asked;
    });
    return list ?? [];
  }

  /** Suggestions for work not yet committed (its files, on top of HEAD), or a branch (its name's words as the subject). */
  async forDraft(state: RepoState, files: readonly string[], subject?: string): Promise<readonly GoalSuggestion[]> {
    const draft = { files, subject, time: Math.floor(Date.now() / 1000), email: state.userEmail ?? undefined, head: state.index?.head ?? null };
    return (await this.withBuild(state, (_e, b) => b.draft(draft))) ?? [];
  }

  /** Runs `fn` on the repository's build once it is on its way; once more on a new build if the worker failed. */
  private async withBuild<T>(state: RepoState, fn: (e: Entry, b: SuggestionsBuild) => Promise<T> | T): Promise<T | undefined> {
    for (let attempt = 0; ; attempt++) {
      const e = this.entry(state);
      if (!e) return undefined;
      try {
        return await fn(e, await e.building);
      } catch (err) {
        if (attempt > 0) throw err;
        if (this.entries.get(state.root) === e) this.entries.delete(state.root);
      }
    }
  }

  private fire(root: string): void {
    if (this.changed.size === 0) {
      setTimeout(() => {
        const roots = [...this.changed];
        this.changed.clear();
        for (const r of roots) this._onDidChange.fire(r);
      }, 0);
    }
    this.changed.add(root);
  }

  private entry(state: RepoState): Entry | undefined {
    const index = state.index;
    if (!index) return undefined;
    const old = this.entries.get(state.root);
    if (old && old.index === index) return old;
    old?.build?.dispose();
    const include = index.untagged.slice(0, INCLUDE_UNTAGGED).map((c) => c.sha);
    const e: Entry = { index, build: undefined, building: undefined as unknown as Promise<SuggestionsBuild>, ready: false, oneStep: undefined, memo: new Map(), asking: new Set() };
    const current = () => this.entries.get(state.root) === e;
    e.building = commitFilesCached(state.repo, { include }).then((files) => {
      const b = this.worker.start(index, files, INCLUDE_UNTAGGED);
      if (current()) e.build = b;
      else b.dispose();
      return b;
    });
    this.entries.set(state.root, e);
    const forget = () => {
      if (current()) this.entries.delete(state.root);
    };
    e.building.then((b) => {
      b.firstReady.then(() => {
        e.ready = true;
        if (current()) this.fire(state.root);
      }, forget);
      b.oneStep.then((set) => {
        e.oneStep = set;
        if (current()) this.fire(state.root);
      }, forget);
    }, forget);
    return e;
  }

  dispose(): void {
    this._onDidChange.dispose();
    for (const e of this.entries.values()) e.build?.dispose();
    this.entries.clear();
    this.worker.dispose();
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
