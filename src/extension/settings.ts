// Typed reads of the goalLens.* settings. One place knows their names and defaults.
import * as vscode from 'vscode';

export type Scope = 'head' | 'allRefs';
export type TimeWindow = '7' | '30' | '90' | 'all';

export interface Settings {
  goalsFile: string;
  currentLineEnabled: boolean;
  defaultBranch: string | undefined;
  staleAfterDays: number;
  scope: Scope;
  timeWindow: TimeWindow;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration('goalLens', scope);
  const window = c.get<string>('timeWindow', 'all');
  const defaultBranch = c.get<string>('defaultBranch', '').trim();
  return {
    goalsFile: c.get<string>('goalsFile', 'goals.yaml').trim() || 'goals.yaml',
    currentLineEnabled: c.get<boolean>('currentLine.enabled', true),
    defaultBranch: defaultBranch || undefined,
    staleAfterDays: Math.max(1, c.get<number>('staleAfterDays', 30)),
    scope: c.get<string>('scope', 'head') === 'allRefs' ? 'allRefs' : 'head',
    timeWindow: window === '7' || window === '30' || window === '90' ? window : 'all',
  };
}

/** Start of the time window in unix seconds, or undefined for "all". */
export function windowStart(window: TimeWindow, now: Date): number | undefined {
  if (window === 'all') return undefined;
  return Math.floor(now.getTime() / 1000) - Number(window) * 86_400;
}
