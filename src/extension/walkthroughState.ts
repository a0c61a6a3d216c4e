// What the walkthrough's steps wait for, as context keys: a step ticks when the thing is done, however it was
// done (a command, the terminal, the CLI), and never when a picker was cancelled.
import * as vscode from 'vscode';
import { isHookInstalled } from '../git/hook';
import type { GoalLensModel } from './model/model';

export const WALKTHROUGH_KEYS = {
  goalsFile: 'goalLens.walkthrough.goalsFile',
  branchLinked: 'goalLens.walkthrough.branchLinked',
  commitTagged: 'goalLens.walkthrough.commitTagged',
  hookInstalled: 'goalLens.walkthrough.hookInstalled',
} as const;

/** The walkthrough's step for each part of the state (package.json: contributes.walkthroughs[0].steps[].id). */
export const WALKTHROUGH_STEPS = {
  goalsFile: 'createGoalsFile',
  branchLinked: 'linkBranch',
  commitTagged: 'tagCommit',
  hookInstalled: 'installHook',
} as const;

/** VS Code's id of a step of Goal Lens's walkthrough: extension id # walkthrough id # step id. */
export const walkthroughStepId = (step: string): string => `goal-lens.goal-lens#goalLens.gettingStarted#${step}`;

export interface WalkthroughState {
  goalsFile: boolean;
  branchLinked: boolean;
  commitTagged: boolean;
  hookInstalled: boolean;
}

/** Reads the state from the repositories (git config, refs/notes/goals, the hooks folder). */
export async function walkthroughState(model: GoalLensModel): Promise<WalkthroughState> {
  const repos = model.repositories;
  const any = async (f: (r: (typeof repos)[number]) => Promise<boolean> | boolean) => (await Promise.all(repos.map((r) => Promise.resolve(f(r)).catch(() => false)))).some(Boolean);
  return {
    goalsFile: repos.some((r) => r.goalsFile !== undefined || r.index !== undefined),
    branchLinked: repos.some((r) => (r.index?.branchConfig.size ?? 0) > 0),
    commitTagged: await any(async (r) => (await r.repo.notesTip()) !== null),
    hookInstalled: await any((r) => isHookInstalled(r.repo)),
  };
}

/**
 * Keeps the walkthrough's context keys up to date: on every model change, and when the window gets focus back.
 * A key alone is not enough: VS Code registers an extension's walkthrough up to seconds after activation, and a
 * key already true by then never ticks its step in that window. So each step that is done is also marked
 * complete (`welcome.markStepComplete`), retried until the walkthrough is registered.
 */
export class WalkthroughContext implements vscode.Disposable {
  private last = '';
  /** Steps marked complete in this window. */
  private readonly marked = new Set<string>();
  private retry: ReturnType<typeof setTimeout> | undefined;
  private retries = 0;
  private running: Promise<void> = Promise.resolve();
  /** The read queued behind the running one, not started yet. */
  private queued: Promise<void> | null = null;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly model: GoalLensModel) {
    this.disposables = [model.onDidChange(() => void this.update()), vscode.window.onDidChangeWindowState((w) => w.focused && void this.update())];
    void this.update();
  }

  /**
   * Re-reads the state and sets the keys that changed; resolves when they are set. A burst of events while a read
   * runs is one more read after it (each read starts two git processes per repository), not one per event.
   */
  update(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.running
      .then(async () => {
        this.queued = null; // from here on, a new event may change what this read sees: it queues another
        const state = await walkthroughState(this.model);
        const key = JSON.stringify(state);
        if (key !== this.last) {
          this.last = key;
          for (const [name, contextKey] of Object.entries(WALKTHROUGH_KEYS)) {
            await vscode.commands.executeCommand('setContext', contextKey, state[name as keyof WalkthroughState]);
          }
        }
        await this.markDone(state);
      })
      .catch(() => undefined);
    this.queued = next;
    this.running = next;
    return next;
  }

  dispose(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    for (const d of this.disposables) d.dispose();
  }

  /** Marks the steps that are done complete; a step VS Code does not know yet (not registered) is tried again. */
  private async markDone(state: WalkthroughState): Promise<void> {
    let pending = false;
    for (const [name, step] of Object.entries(WALKTHROUGH_STEPS)) {
      if (!state[name as keyof WalkthroughState] || this.marked.has(step)) continue;
      try {
        await vscode.commands.executeCommand('welcome.markStepComplete', walkthroughStepId(step));
        this.marked.add(step);
      } catch {
        pending = true; // "Attempting to access step which does not exist": the walkthrough is not registered yet
      }
    }
    // VS Code registers walkthroughs within about 5 s (it waits that long for an experiment service); a minute is ample.
    if (pending && !this.retry && this.retries < 30) {
      this.retries++;
      this.retry = setTimeout(() => {
        this.retry = undefined;
        void this.update();
      }, 2000);
    }
  }
}
