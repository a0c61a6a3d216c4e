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

/** Keeps the walkthrough's context keys up to date: on every model change, and when the window gets focus back. */
export class WalkthroughContext implements vscode.Disposable {
  private last = '';
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
        if (key === this.last) return;
        this.last = key;
        for (const [name, contextKey] of Object.entries(WALKTHROUGH_KEYS)) {
          await vscode.commands.executeCommand('setContext', contextKey, state[name as keyof WalkthroughState]);
        }
      })
      .catch(() => undefined);
    this.queued = next;
    this.running = next;
    return next;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
