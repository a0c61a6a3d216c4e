import * as vscode from 'vscode';

/**
 * Registers a command whose failure says what went wrong in Goal Lens's words (git's own message included),
 * instead of VS Code's generic "running the contributed command failed".
 */
export function registerCommand(id: string, fn: (...args: never[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: never[]) => {
    try {
      return await fn(...args);
    } catch (err) {
      void vscode.window.showErrorMessage(`Goal Lens: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  });
}
