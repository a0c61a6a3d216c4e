// Composition root: builds the model, then registers each part of the editor surface once.
import * as vscode from 'vscode';
import { registerDashboard } from './dashboard/dashboard';
import { GoalLensModel } from './model';

export interface GoalLensApi {
  readonly model: GoalLensModel;
}

export function activate(context: vscode.ExtensionContext): GoalLensApi {
  const log = vscode.window.createOutputChannel('Goal Lens');
  const model = new GoalLensModel(log);
  context.subscriptions.push(log, model);
  context.subscriptions.push(vscode.commands.registerCommand('goalLens.refresh', () => model.refresh()));
  registerDashboard(context, model);
  return { model };
}

export function deactivate(): void {
  // everything is released through context.subscriptions
}
