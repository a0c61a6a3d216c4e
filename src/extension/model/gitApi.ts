// The few parts of the built-in git extension's API (vscode.git, API version 1) that Goal Lens uses.
// Declared here rather than copied whole from git.d.ts: the surface stays small and a test can fake it.
import * as vscode from 'vscode';

export interface GitApiChange {
  readonly uri: vscode.Uri;
}

export interface GitApiRepositoryState {
  readonly HEAD: { readonly name?: string; readonly commit?: string } | undefined;
  readonly workingTreeChanges: readonly GitApiChange[];
  readonly indexChanges: readonly GitApiChange[];
  readonly onDidChange: vscode.Event<void>;
}

export interface GitApiRepository {
  readonly rootUri: vscode.Uri;
  readonly inputBox: { value: string };
  readonly state: GitApiRepositoryState;
}

export interface GitApi {
  readonly repositories: readonly GitApiRepository[];
  readonly onDidOpenRepository: vscode.Event<GitApiRepository>;
  readonly onDidCloseRepository: vscode.Event<GitApiRepository>;
  getRepository(uri: vscode.Uri): GitApiRepository | null;
}

interface GitExtensionExports {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

let cached: Promise<GitApi | undefined> | undefined;

/** The built-in git extension's API, or undefined when it is missing or disabled (`git.enabled: false`). */
export function getGitApi(): Promise<GitApi | undefined> {
  cached ??= (async () => {
    const ext = vscode.extensions.getExtension<GitExtensionExports>('vscode.git');
    if (!ext) return undefined;
    try {
      const exports = ext.isActive ? ext.exports : await ext.activate();
      return exports.enabled ? exports.getAPI(1) : undefined;
    } catch {
      return undefined;
    }
  })();
  return cached;
}

/** The git extension's repository whose root is `root` (compared as file system paths). */
export function gitApiRepository(api: GitApi | undefined, root: string): GitApiRepository | undefined {
  return api?.repositories.find((r) => samePath(r.rootUri.fsPath, root));
}

export function samePath(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/[\\/]+$/, '');
  return process.platform === 'win32' || process.platform === 'darwin' ? norm(a).toLowerCase() === norm(b).toLowerCase() : norm(a) === norm(b);
}
