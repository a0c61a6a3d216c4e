// A read-only document with a commit's changes (`git show --stat --patch`), scheme goal-lens-commit: what
// Open Commit shows when the built-in git extension (and so VS Code's diff view of git: files) is not there.
import * as vscode from 'vscode';
import type { GoalLensModel } from './model/model';

export const COMMIT_SCHEME = 'goal-lens-commit';
const SHA = /^[0-9a-f]{7,64}$/;

export function commitUri(root: string, sha: string, subject: string): vscode.Uri {
  const title = `${sha.slice(0, 8)} ${subject.replace(/[/\\?#%]/g, ' ').slice(0, 60)}.diff`;
  return vscode.Uri.from({ scheme: COMMIT_SCHEME, path: `/${title}`, query: new URLSearchParams({ root, sha }).toString() });
}

export class CommitDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly model: GoalLensModel) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const q = new URLSearchParams(uri.query);
    const root = q.get('root') ?? '';
    const sha = q.get('sha') ?? '';
    const state = this.model.repositories.find((r) => r.root === root);
    if (!state || !SHA.test(sha)) return 'Goal Lens: not a commit of an open repository';
    try {
      return await state.repo.showCommit(sha);
    } catch (err) {
      return `Goal Lens: git show ${sha} failed\n\n${err instanceof Error ? err.message : String(err)}`;
    }
  }
}
