// A read-only document with a commit's changes (`git show --stat --patch`), scheme goal-lens-commit.
// Simpler than diffing git: URIs file by file, and it works for any commit the index knows.
import { execFile } from 'child_process';
import * as vscode from 'vscode';
import { gitEnv } from '../git/repo';

export const COMMIT_SCHEME = 'goal-lens-commit';
const SHA = /^[0-9a-f]{7,64}$/;

export function commitUri(root: string, sha: string, subject: string): vscode.Uri {
  const title = `${sha.slice(0, 8)} ${subject.replace(/[/\\?#%]/g, ' ').slice(0, 60)}.diff`;
  return vscode.Uri.from({ scheme: COMMIT_SCHEME, path: `/${title}`, query: new URLSearchParams({ root, sha }).toString() });
}

export class CommitDocumentProvider implements vscode.TextDocumentContentProvider {
  provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const q = new URLSearchParams(uri.query);
    const root = q.get('root') ?? '';
    const sha = q.get('sha') ?? '';
    if (!root || !SHA.test(sha)) return Promise.resolve('Goal Lens: not a commit');
    return new Promise((resolve) => {
      execFile(
        'git',
        ['-c', 'core.quotePath=false', 'show', '--no-color', '--stat', '--patch', '--format=fuller', '--end-of-options', sha, '--'],
        { cwd: root, env: gitEnv(), maxBuffer: 32 * 1024 * 1024, windowsHide: true },
        (err, stdout, stderr) => resolve(err ? `Goal Lens: git show ${sha} failed\n\n${stderr || err.message}` : stdout),
      );
    });
  }
}
