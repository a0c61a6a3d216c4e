import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('goalLens.refresh', () => undefined));
}

export function deactivate(): void {
  // nothing to release yet
}
