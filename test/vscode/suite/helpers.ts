// Shared by the extension-host suites (*.test.ts next to this file): the fixture workspace folder, git in it,
// waiting for a condition, activating Goal Lens and reading its Goals tree. Not a suite itself: index.ts loads
// only *.test.js.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GoalLensApi } from '../../../src/extension/extension';
import { ViewFilters } from '../../../src/extension/settings';
import type { GoalTreeNode } from '../../../src/extension/views/goalsTree';
import { titleOfLabel } from '../../../src/extension/views/goals/countLabel';

export const EXTENSION_ID = 'goal-lens.goal-lens';

/** The fixture workspace's folder (test/vscode/fixture.js). */
export function folder(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder');
  return f.uri.fsPath;
}

/**
 * git in `cwd` without the system config and without `git gc --auto` (a detached gc would still be writing into the
 * repository when the test removes it, and loads the machine for the tests after); `env` adds to the environment.
 * Returns the trimmed output.
 */
export function gitIn(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const noGc = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'gc.auto', GIT_CONFIG_VALUE_0: '0' };
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', ...noGc, ...env } }).trim();
}

/** git in the fixture workspace. */
export function git(...args: string[]): string {
  return gitIn(folder(), args);
}

/** Calls `fn` every `intervalMs` until it returns something other than undefined or false; throws after `timeoutMs`. */
export async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Waits until a model's file watchers report changes to each of `files`. VS Code starts a watcher some time after
 * createFileSystemWatcher returns (seconds on a loaded machine) and a change made before that is never reported: a
 * test that changes a repository outside the workspace (where the git extension does not look) waits for this
 * first. Each file is replaced by a copy of itself (same bytes) until every repository of the model has loaded again.
 */
export async function watchersLive(model: { readonly repositories: readonly { readonly lastLoad?: object }[] }, files: readonly string[], timeoutMs = 30_000): Promise<void> {
  for (const file of files) {
    const before = model.repositories.map((r) => r.lastLoad);
    const reloaded = () => model.repositories.length === before.length && model.repositories.every((r, i) => r.lastLoad !== before[i]);
    const deadline = Date.now() + timeoutMs;
    while (!reloaded()) {
      // Written beside, then renamed over: a reader never sees the file half written (it may be a git ref).
      const copy = path.join(os.tmpdir(), `goal-lens-probe-${process.pid}-${Math.random().toString(36).slice(2)}`);
      fs.copyFileSync(file, copy);
      fs.renameSync(copy, file);
      const seen = await until(`a load after ${file} changed`, reloaded, 2_000).then(
        () => true,
        () => false,
      );
      if (!seen && Date.now() > deadline) throw new Error(`no file watcher reported a change to ${file} within ${timeoutMs / 1000} s`);
    }
  }
}

/**
 * Goal Lens's exported API (what activate() returns): the one way suites reach the running extension's parts.
 * Activates it when needed; does not wait for the index.
 */
export async function extensionApi(): Promise<GoalLensApi> {
  const ext = vscode.extensions.getExtension<GoalLensApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} not loaded`);
  return ext.activate();
}

/** Activates Goal Lens and waits until the fixture repository is indexed; returns its exported API. */
export async function activateApi(): Promise<GoalLensApi> {
  const api = await extensionApi();
  await until('the index', () => api.model.repositories[0]?.index);
  return api;
}

/**
 * View filters of their own, kept in memory, for a Goals tree a suite builds on a model of its own.
 * (They still set the goalLens.onlyMine/showClosed context keys, as the window's filters do.)
 */
export function memoryFilters(): ViewFilters {
  const values = new Map<string, unknown>();
  const memento: vscode.Memento = {
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback) as T,
    update: async (key: string, value: unknown) => void values.set(key, value),
    keys: () => [...values.keys()],
  };
  return new ViewFilters(memento);
}

/**
 * A Goals tree row as a person reads it: its title, and its figures in words. A goal or "Untagged work" row leads
 * its label with the commit count ("4 · Grow online revenue"); `figures` puts it back in words before the
 * description ("4 commits · 2 pd · 3d"), so assertions read the count and the rest together.
 */
export function rowOf(item: vscode.TreeItem): { title: string; figures: string } {
  const l = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  const title = titleOfLabel(l);
  const description = String(item.description ?? '');
  if (title === l || description === 'no commits') return { title, figures: description };
  const n = Number(l.slice(0, l.length - title.length).replace(/\D/g, ''));
  return { title, figures: [`${n} commit${n === 1 ? '' : 's'}`, description].filter(Boolean).join(' · ') };
}

/** A Goals tree node's title (without the count that leads a goal row's label). */
export function label(api: GoalLensApi, node: GoalTreeNode): string {
  return rowOf(api.goalsTree.getTreeItem(node)).title;
}

/** A Goals tree node's figures in words: the label's count, then the description (see rowOf). */
export function description(api: GoalLensApi, node: GoalTreeNode): string {
  return rowOf(api.goalsTree.getTreeItem(node)).figures;
}

/**
 * Records the notifications of one kind instead of showing them (a test cannot click one away): `shown` collects
 * their texts until `restore()` puts VS Code's own function back.
 */
export function captureMessages(kind: 'showErrorMessage' | 'showWarningMessage' | 'showInformationMessage'): { shown: string[]; restore(): void } {
  const window = vscode.window as unknown as Record<typeof kind, (...args: unknown[]) => Thenable<unknown>>;
  const original = window[kind];
  const shown: string[] = [];
  window[kind] = (message: unknown) => {
    shown.push(String(message));
    return Promise.resolve(undefined);
  };
  return { shown, restore: () => void (window[kind] = original) };
}

/** Ends a model a test made of its own: waits for its cache write, disposes it and removes the given folders. */
export async function closeModel(model: { cacheWritten(): Promise<unknown>; dispose(): void }, ...dirs: string[]): Promise<void> {
  await model.cacheWritten();
  model.dispose();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
}

type Window = Record<string, (...args: unknown[]) => unknown>;

/** Replaces one vscode.window function for the duration of `fn`, recording its calls. */
export async function replacing<T>(name: string, answer: (...args: unknown[]) => unknown, fn: (calls: unknown[][]) => Promise<T>): Promise<T> {
  const window = vscode.window as unknown as Window;
  const original = window[name];
  const calls: unknown[][] = [];
  window[name] = (...args: unknown[]) => {
    calls.push(args);
    return Promise.resolve(answer(...args));
  };
  try {
    return await fn(calls);
  } finally {
    window[name] = original;
  }
}
