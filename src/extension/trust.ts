// Workspace trust: whether commands that write may run, and how they say no. One home, so that every command
// module (and the tests) reach it without depending on one another.
import * as vscode from 'vscode';

/**
 * How commands learn whether the workspace is trusted and how they say no. Replaceable so that tests can check
 * the refusals: the VS Code test harness runs with workspace trust disabled, so isTrusted is always true there.
 */
export const workspaceTrust = {
  isTrusted: (): boolean => vscode.workspace.isTrusted,
  refuse: (message: string): void => void vscode.window.showWarningMessage(message),
};

/** False (after a clear warning) when the workspace is untrusted: every command that writes calls this first. */
export function requireTrust(what: string): boolean {
  if (workspaceTrust.isTrusted()) return true;
  workspaceTrust.refuse(`Goal Lens: ${what} is disabled in an untrusted workspace.`);
  return false;
}
