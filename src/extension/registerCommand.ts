import * as vscode from 'vscode';

/** Where command failures are written besides the error toast: the Goal Lens output channel (set at activation). */
let errorLog: Pick<vscode.OutputChannel, 'appendLine'> | undefined;

/** Logs every command failure to `log` from now on (the Goal Lens output channel). */
export function logCommandErrorsTo(log: Pick<vscode.OutputChannel, 'appendLine'>): vscode.Disposable {
  errorLog = log;
  return new vscode.Disposable(() => {
    if (errorLog === log) errorLog = undefined;
  });
}

/**
 * Registers a command whose failure says what went wrong in Goal Lens's words (git's own message included),
 * instead of VS Code's generic "running the contributed command failed", and is logged in the output channel
 * with its stack, so a report can say where it failed.
 */
export function registerCommand(id: string, fn: (...args: never[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: never[]) => {
    try {
      return await fn(...args);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      errorLog?.appendLine(`[${new Date().toISOString()}] ${id} failed: ${(err instanceof Error && err.stack) || message}`);
      void vscode.window.showErrorMessage(`Goal Lens: ${message}`);
      return undefined;
    }
  });
}
