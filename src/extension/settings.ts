// The goalLens.* settings: the one place that knows their names, defaults and scopes, and reads them.
// VS Code logs a warning for each read of a resource-scoped setting without a resource, and of a window-scoped
// one with a resource; so each setting is read with the scope package.json declares for it.
import * as vscode from 'vscode';
import { DEFAULT_STALE_AFTER_DAYS, isTimeWindowKey, timeWindowSince, type TimeWindowKey } from '../core/figures/figures';
import { DEFAULT_AGING_AFTER_DAYS } from '../core/figures/flow';
import type { PeoplePolicy } from '../core/figures/effort';
import { validateTextGlob } from '../core/links/textGlob';

export type Scope = 'head' | 'allRefs';
export type TimeWindow = TimeWindowKey;

/** Settings that can differ per repository (`"scope": "resource"` in package.json): read with its URI. */
export interface RepositorySettings {
  goalsFile: string;
  defaultBranch: string | undefined;
  scope: Scope;
}

/** Settings of the whole window (no `scope` in package.json): read without a resource. */
export interface WindowSettings {
  currentLineEnabled: boolean;
  staleAfterDays: number;
  /** A goal branch with no commit for this many days is aging (flow). */
  agingAfterDays: number;
  /** The default of the Goals view's time window; the window in use is {@link ViewFilters}' state. */
  timeWindow: TimeWindow;
  untaggedThreshold: number;
  explorerDecorationsEnabled: boolean;
  /** Who counts as a bot and who is part-time in effort (`goalLens.effort.bots`, `goalLens.effort.weights`). */
  effortPeople: PeoplePolicy;
}

export type Settings = RepositorySettings & WindowSettings;

/** Every setting's key under `goalLens.` and the scope package.json declares (tests compare the two). */
export const SETTING_SCOPES = {
  goalsFile: 'resource',
  defaultBranch: 'resource',
  scope: 'resource',
  'currentLine.enabled': 'window',
  staleAfterDays: 'window',
  agingAfterDays: 'window',
  timeWindow: 'window',
  untaggedThreshold: 'window',
  'explorerDecorations.enabled': 'window',
  'effort.bots': 'window',
  'effort.weights': 'window',
} as const satisfies Record<string, 'resource' | 'window'>;

export type SettingKey = keyof typeof SETTING_SCOPES;

/**
 * The settings of the repository (or file) at `resource`, and the window's. Without a resource the
 * repository settings are the workspace's (`null` tells VS Code that any resource will do).
 */
export function readSettings(resource?: vscode.Uri): Settings {
  return { ...repositorySettings(resource), ...windowSettings() };
}

export function repositorySettings(resource?: vscode.Uri): RepositorySettings {
  const c = vscode.workspace.getConfiguration('goalLens', resource ?? null);
  const defaultBranch = c.get<string>('defaultBranch', '').trim();
  return {
    goalsFile: c.get<string>('goalsFile', 'goals.yaml').trim() || 'goals.yaml',
    defaultBranch: defaultBranch || undefined,
    scope: c.get<string>('scope', 'head') === 'allRefs' ? 'allRefs' : 'head',
  };
}

export function windowSettings(): WindowSettings {
  const c = vscode.workspace.getConfiguration('goalLens');
  const threshold = c.get<number>('untaggedThreshold', 0.2);
  return {
    currentLineEnabled: c.get<boolean>('currentLine.enabled', true),
    staleAfterDays: Math.max(1, c.get<number>('staleAfterDays', DEFAULT_STALE_AFTER_DAYS)),
    agingAfterDays: Math.max(1, c.get<number>('agingAfterDays', DEFAULT_AGING_AFTER_DAYS)),
    timeWindow: timeWindowOf(c.get<string>('timeWindow', 'all')),
    untaggedThreshold: Number.isFinite(threshold) ? Math.min(1, Math.max(0, threshold)) : 0.2,
    explorerDecorationsEnabled: c.get<boolean>('explorerDecorations.enabled', true),
    effortPeople: effortPeopleOf(c.get<unknown>('effort.bots', []), c.get<unknown>('effort.weights', {})),
  };
}

/**
 * The effort settings as the core's people policy, as the command line's `--bots` and `--weights` give it. Entries
 * that cannot be used (not text, a bad glob, a weight outside 0..1) are left out rather than failing the figures.
 */
export function effortPeopleOf(bots: unknown, weights: unknown): PeoplePolicy {
  const policy: PeoplePolicy = {};
  if (Array.isArray(bots)) {
    const list = bots.filter((b): b is string => typeof b === 'string' && validateTextGlob(b) === null);
    if (list.length) policy.bots = list;
  }
  if (weights && typeof weights === 'object' && !Array.isArray(weights)) {
    const w: Record<string, number> = {};
    for (const [glob, n] of Object.entries(weights as Record<string, unknown>)) {
      if (typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 1 && validateTextGlob(glob) === null) w[glob] = n;
    }
    if (Object.keys(w).length) policy.weights = w;
  }
  return policy;
}

/** Whether a configuration change touches any of `keys` (for any resource). */
export function affects(e: vscode.ConfigurationChangeEvent, ...keys: SettingKey[]): boolean {
  return keys.some((k) => e.affectsConfiguration(`goalLens.${k}`));
}

/** Whether a configuration change touches any of `keys` for the repository (or file) at `resource`. */
export function affectsResource(e: vscode.ConfigurationChangeEvent, resource: vscode.Uri, ...keys: SettingKey[]): boolean {
  return keys.some((k) => e.affectsConfiguration(`goalLens.${k}`, resource));
}

function timeWindowOf(value: unknown): TimeWindow {
  return isTimeWindowKey(value) ? value : 'all';
}

/** Start of the time window in unix seconds, or undefined for "all" (core's timeWindowSince). */
export const windowStart = timeWindowSince;

/** What the Goals view shows: state of the view, kept per workspace. */
export interface TreeFilters {
  onlyMine: boolean;
  showClosed: boolean;
  timeWindow: TimeWindow;
  /** With several repositories: each goal once with every repository's work, instead of one node per repository. */
  groupByGoal: boolean;
}

const MEMENTO_KEYS = {
  onlyMine: 'goalLens.onlyMine',
  showClosed: 'goalLens.showClosed',
  timeWindow: 'goalLens.timeWindow',
  groupByGoal: 'goalLens.groupByGoal',
} as const;

/**
 * The Goals view's filters. Changing one changes this state (kept in workspaceState), never a setting:
 * `goalLens.timeWindow` only gives the window until one is chosen, and a new value of it is taken as the choice.
 */
export class ViewFilters implements vscode.Disposable {
  private readonly _onDidChange = new vscode.EventEmitter<TreeFilters>();
  readonly onDidChange = this._onDidChange.event;
  private _value: TreeFilters;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly memento: vscode.Memento) {
    const chosen = memento.get<string>(MEMENTO_KEYS.timeWindow);
    this._value = {
      onlyMine: memento.get<boolean>(MEMENTO_KEYS.onlyMine, false),
      showClosed: memento.get<boolean>(MEMENTO_KEYS.showClosed, false),
      timeWindow: chosen === undefined ? windowSettings().timeWindow : timeWindowOf(chosen),
      groupByGoal: memento.get<boolean>(MEMENTO_KEYS.groupByGoal, false),
    };
    this.syncContext();
    this.disposables.push(
      this._onDidChange,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'timeWindow')) void this.set({ timeWindow: windowSettings().timeWindow });
      }),
    );
  }

  get value(): TreeFilters {
    return this._value;
  }

  async set(change: Partial<TreeFilters>): Promise<void> {
    // Only values of the right kind are kept: the state is stored, and a stored wrong value would outlive a reload.
    const valid = Object.fromEntries(
      Object.entries(change).filter(([k, v]) => (k === 'timeWindow' ? isTimeWindowKey(v) : k in MEMENTO_KEYS && typeof v === 'boolean')),
    ) as Partial<TreeFilters>;
    const next = { ...this._value, ...valid };
    if ((Object.keys(next) as (keyof TreeFilters)[]).every((k) => next[k] === this._value[k])) return;
    this._value = next;
    this.syncContext();
    this._onDidChange.fire(next);
    for (const k of Object.keys(valid) as (keyof TreeFilters)[]) await this.memento.update(MEMENTO_KEYS[k], next[k]);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private syncContext(): void {
    void vscode.commands.executeCommand('setContext', 'goalLens.onlyMine', this._value.onlyMine);
    void vscode.commands.executeCommand('setContext', 'goalLens.showClosed', this._value.showClosed);
    void vscode.commands.executeCommand('setContext', 'goalLens.groupByGoal', this._value.groupByGoal);
  }
}
