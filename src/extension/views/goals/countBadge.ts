// A goal row's commit count as a badge at the row's right edge, where VS Code never cuts it: at the default
// side bar width a long title hides the description that follows it. The count travels in the row's resourceUri,
// so the badge needs no state of its own and changes with the row.
import * as vscode from 'vscode';
import { plural } from '../../../core/reports/formats';

export const COUNT_SCHEME = 'goal-lens-count';

/** The resourceUri of a row that shows `count` commits; `key` keeps rows apart (a goal id, with its repository). */
export function countUri(key: string, count: number): vscode.Uri {
  return vscode.Uri.from({ scheme: COUNT_SCHEME, path: `/${encodeURIComponent(key)}`, query: String(count) });
}

/**
 * The badge for a count. VS Code allows two characters: up to 99 the count itself, beyond that "9+", as its
 * Explorer does for problems; the description (where there is room) and the tooltip give the exact figure.
 */
export function countBadge(count: number): string | undefined {
  if (!Number.isInteger(count) || count < 0) return undefined;
  return count < 100 ? String(count) : '9+';
}

export class CountDecorations implements vscode.FileDecorationProvider {
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== COUNT_SCHEME || !/^\d+$/.test(uri.query)) return undefined;
    const count = Number(uri.query);
    const badge = countBadge(count);
    return badge ? new vscode.FileDecoration(badge, plural(count, 'commit')) : undefined;
  }
}
